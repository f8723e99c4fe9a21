/**
 * The `pm4` command line: dispatch, help, and the mapping of errors to exit
 * codes (user errors: one line and exit 2; bugs: stack and exit 1).
 *
 * @module
 */

import { parseArgs } from "node:util";
import { ConfigError } from "../config/mod.ts";
import type { Command, CommandContext } from "./command.ts";
import { PermissionError, UsageError } from "./errors.ts";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "./exit_codes.ts";
import { commandHelp, mainHelp } from "./help.ts";
import { permissionSetName, permissionSetPhrase } from "./permissions.ts";
import { COMMANDS } from "./registry.ts";
import { VERSION, versionLine } from "./version.ts";

function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/**
 * Runs `pm4` with `args` (without the program name). Resolves to the exit
 * code; never throws.
 */
export async function runCli(args: readonly string[], ctx: CommandContext): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    const topic = first === "help" ? rest[0] : undefined;
    const cmd = topic ? findCommand(topic) : undefined;
    ctx.io.out(cmd ? commandHelp(cmd) : mainHelp(COMMANDS, VERSION));
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (first === "-V" || first === "--version") {
    ctx.io.out(versionLine());
    return EXIT_OK;
  }
  const cmd = findCommand(first);
  if (!cmd) {
    ctx.io.err(`pm4: unknown command ${JSON.stringify(first)}. Run pm4 --help for the list.`);
    return EXIT_USAGE;
  }
  try {
    if (rest.includes("-h") || rest.includes("--help")) {
      ctx.io.out(commandHelp(cmd));
      return EXIT_OK;
    }
    const options = Object.fromEntries(
      Object.entries(cmd.options).map(([k, o]) => [k, {
        type: o.type,
        ...(o.short ? { short: o.short } : {}),
        ...(o.multiple ? { multiple: true } : {}),
      }]),
    );
    let parsed;
    try {
      parsed = parseArgs({
        args: [...rest],
        options,
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw new UsageError((e as Error).message.replace(/\. To specify.*$/s, ""), cmd.name);
    }
    return await cmd.run(ctx, {
      values: parsed.values as Record<string, string | boolean | string[] | undefined>,
      positionals: parsed.positionals,
    });
  } catch (e) {
    return reportError(e, cmd.name, ctx);
  }
}

const FLAG: Record<string, string> = {
  net: "--allow-net",
  read: "--allow-read",
  write: "--allow-write",
  env: "--allow-env",
  run: "--allow-run",
};

/**
 * A permission refusal (anywhere in the cause chain or the message) as one
 * line naming what was refused and the flag to add, or null.
 */
export function permissionDenied(e: unknown): string | null {
  let text = "";
  for (let x = e, depth = 0; x && depth < 5; x = (x as Error).cause, depth++) {
    const m = x instanceof Error ? x.message : String(x);
    if (x instanceof Deno.errors.NotCapable || /Requires \w+ access to/.test(m)) {
      text = m;
      break;
    }
  }
  const m = /Requires (\w+) access to "?([^",]+?)"?(?:,|\s|$)/.exec(text);
  if (!m) return text ? `${text.split("\n")[0]} — outside ${permissionSetPhrase()}` : null;
  const [, kind, what] = m;
  const target = kind === "net" ? what.replace(/:\d+$/, "") : what;
  const flag = FLAG[kind] ?? `--allow-${kind}`;
  const set = permissionSetName();
  const scope = kind === "write" && (set === "live" || set === "local")
    ? ` (the ${set} set writes only under ./data: point paths.data_dir and logging.journal there)`
    : "";
  return `${kind} access to ${what} is outside ${permissionSetPhrase()}${scope} — add ` +
    `${
      JSON.stringify(target)
    } to the set's "${kind}" list in deno.json (deno run: ${flag}=${target}; ` +
    `a compiled binary must be rebuilt with it)`;
}

/** Prints an error the way its kind deserves and returns the exit code. */
export function reportError(e: unknown, command: string, ctx: CommandContext): number {
  if (e instanceof UsageError) {
    const hint = e.command || command;
    ctx.io.err(`pm4 ${command}: ${e.message}${hint ? ` (see pm4 ${hint} --help)` : ""}`);
    return EXIT_USAGE;
  }
  if (e instanceof ConfigError) {
    ctx.io.err(e.message);
    return EXIT_USAGE;
  }
  if (e instanceof PermissionError) {
    ctx.io.err(`pm4 ${command}: ${e.message}`);
    return EXIT_USAGE;
  }
  const denied = permissionDenied(e);
  if (denied) {
    ctx.io.err(`pm4 ${command}: ${denied}`);
    return EXIT_USAGE;
  }
  ctx.io.err(`pm4 ${command}: unexpected failure\n${(e as Error)?.stack ?? String(e)}`);
  return EXIT_FAILURE;
}
