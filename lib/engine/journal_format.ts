/**
 * Engine records as journal lines (the line format itself is
 * `lib/formats`): a record's `kind` becomes the event name — except errors
 * (`error_<operation>`) and notices (their code) — and its level follows
 * from what it says.
 *
 * @module
 */

import { type JournalLevel, type JournalLine, line } from "../formats/mod.ts";
import type { EngineRecord } from "./records.ts";

/** The level of an engine record. */
export function recordLevel(rec: EngineRecord): JournalLevel {
  switch (rec.kind) {
    case "notice":
      return rec.level;
    case "error":
      return "error";
    case "state":
      // a kill switch is the one halt that is not a plain stop
      if (rec.to === "halted") return rec.reason.startsWith("kill switch") ? "critical" : "info";
      return rec.to === "paused" ? "warning" : "info";
    default:
      return "info";
  }
}

/** An engine record as a journal line. */
export function encodeRecord(rec: EngineRecord): JournalLine {
  const { kind, tMs, ...fields } = rec;
  switch (rec.kind) {
    case "error":
      return line(tMs, `error_${rec.operation}`, "error", fields);
    case "notice": {
      const { level: _l, code: _c, ...rest } = fields as Record<string, unknown>;
      return line(tMs, rec.code, rec.level, rest);
    }
    default:
      return line(tMs, kind, recordLevel(rec), fields);
  }
}
