/**
 * The shape of a `pm4` subcommand.
 *
 * @module
 */

import type { CliIo } from "./io.ts";

/** An option of a subcommand, as `node:util` parseArgs takes it. */
export interface OptionSpec {
  /** `string` takes a value, `boolean` is a flag. */
  type: "string" | "boolean";
  /** One-letter alias (`-h`). */
  short?: string;
  /** May be given more than once (values collected in order). */
  multiple?: boolean;
  /** One line for `--help`, with the unit or the accepted values. */
  help: string;
  /** Placeholder shown in `--help` (`N`, `FILE`, …). */
  arg?: string;
}

/** An option that takes a value (`--name ARG`), as most do. */
export function valued(arg: string, help: string): OptionSpec {
  return { type: "string", arg, help };
}

/** What a command gets to run. */
export interface CommandContext {
  /** Console output. */
  io: CliIo;
  /** Wall clock in ms (injected for tests). */
  now: () => number;
  /** Environment variable reader (only the named variables are permitted). */
  env: (name: string) => string | undefined;
  /** A signal that aborts long-running commands (SIGINT/SIGTERM). */
  signal: AbortSignal;
  /** Asks the user a question on a terminal (absent when nobody can answer). */
  ask?: (question: string) => string | null;
}

/** Parsed flags and positionals of one invocation. */
export interface CommandArgs {
  /** Option values by name (flags: true; repeated options: every value). */
  values: Record<string, string | boolean | string[] | undefined>;
  /** Arguments that are not options, in order. */
  positionals: string[];
}

/** A `pm4` subcommand. */
export interface Command {
  /** Name as typed (`run`, `config`). */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Synopsis, e.g. `pm4 run CONFIG [options]`. */
  usage: string;
  /** Paragraphs shown by `--help` after the synopsis. */
  description: string;
  /** Options besides `--help`. */
  options: Record<string, OptionSpec>;
  /** Runs the command; resolves to the process exit code. */
  run(ctx: CommandContext, args: CommandArgs): Promise<number>;
}
