/**
 * Subcommands whose implementation has not landed yet. They say so plainly
 * and exit 2 rather than pretend.
 *
 * @module
 */

import type { Command } from "./command.ts";
import { EXIT_USAGE } from "./exit_codes.ts";

/** A command that is announced but not built yet; running it exits 2 with `why`. */
export function pendingCommand(
  name: string,
  summary: string,
  usage: string,
  why: string,
): Command {
  return {
    name,
    summary: `${summary} (not available yet)`,
    usage,
    description: `Not available yet: ${why}.`,
    options: {},
    acceptsAnyArgs: true,
    run(ctx) {
      ctx.io.err(`pm4 ${name}: not available yet — ${why}.`);
      return Promise.resolve(EXIT_USAGE);
    },
  };
}
