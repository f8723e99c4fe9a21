/**
 * The formats pm4 writes to disk and reads back: journal lines and `pm4
 * record` recordings, with their versions and the upgrades that let older
 * files read as today's; and the Markdown tables it prints. Under the engine, the runtime and the backtest, which
 * all write or read them.
 *
 * @example
 * ```ts
 * import { line, upgradeLine } from "./mod.ts";
 * const l = upgradeLine(JSON.parse(JSON.stringify(line(1, "state", "info", { to: "active" }))));
 * console.assert(l.event === "state" && l.tsMs === 1);
 * ```
 *
 * @module
 */

export {
  CONTEXT_FIELDS,
  isSessionEvent,
  JOURNAL_VERSION,
  type JournalLevel,
  journalLevel,
  type JournalLine,
  line,
  passes,
  upgradeLine,
} from "./journal_line.ts";
export { isHeader, RECORDING_VERSION, type RecordingHeader, upgradeHeader } from "./recording.ts";
export { markdownTable } from "./markdown.ts";
export type { LogLevel } from "../config/mod.ts";
