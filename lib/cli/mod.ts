/**
 * The `pm4` command line.
 *
 * @module
 */

export { runCli } from "./main.ts";
export type { Command, CommandArgs, CommandContext, OptionSpec } from "./command.ts";
export { CapturedIo, type CliIo } from "./io.ts";
export { UsageError } from "./errors.ts";
export * from "./exit_codes.ts";
export { VERSION } from "./version.ts";
