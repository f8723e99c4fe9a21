/**
 * `--help` text of the CLI and of each command.
 *
 * @module
 */

import type { Command } from "./command.ts";

/** The top-level help: every command with its summary. */
export function mainHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `pm4 ${version} — market maker for binary prediction markets (Polymarket CLOB)`,
    "",
    "Usage: pm4 <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options:",
    "  -h, --help     Show help (also: pm4 <command> --help)",
    "  -V, --version  Show the version",
    "",
    "Exit codes: 0 ok, 1 unexpected failure, 2 bad input, 3 market locked by another instance,",
    "4 stopped by a kill switch.",
  ].join("\n");
}

/** The help of one command: synopsis, description, options. */
export function commandHelp(cmd: Command): string {
  const rows = Object.entries(cmd.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.arg ? ` ${o.arg}` : ""}`;
    return [flag, o.help + (o.multiple ? " (repeatable)" : "")] as const;
  });
  rows.push(["-h, --help", "Show this help"]);
  const width = Math.max(...rows.map(([f]) => f.length));
  return [
    `Usage: ${cmd.usage}`,
    "",
    cmd.summary,
    ...(cmd.description ? ["", cmd.description] : []),
    "",
    "Options:",
    ...rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`),
  ].join("\n");
}
