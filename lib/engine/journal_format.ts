/**
 * What a journal line looks like: one compact JSON object with `ts_ms` (ms
 * since the epoch), `event` and `level` first, then the record's fields.
 * Engine records keep their fields; their `kind` becomes the event name —
 * except errors (`error_<operation>`) and notices (their code). The session's
 * own events are `session_start`, `session_end`, `input`, `venue_call`,
 * `perf_<operation>` and `error_<rest_…|ws_…|session|shutdown|calibration_save>`.
 *
 * Levels, lowest first: debug (venue calls, error stacks), info (inputs,
 * decisions, orders, fills, state changes: everything a replay needs),
 * warning, error, critical (a kill switch, a crash, orders left behind).
 * `session_start` and `session_end` are written at every level: they
 * delimit the sessions of a journal appended to across runs.
 *
 * @module
 */

import type { LogLevel } from "../config/mod.ts";
import type { EngineRecord } from "./records.ts";

/** A journal level, lower case as written. */
export type JournalLevel = "debug" | "info" | "warning" | "error" | "critical";

const RANK: Record<JournalLevel, number> = { debug: 0, info: 1, warning: 2, error: 3, critical: 4 };

/** The journal level of a config level (`INFO` → `info`). */
export function journalLevel(l: LogLevel): JournalLevel {
  return l.toLowerCase() as JournalLevel;
}

/** True when a record of level `l` passes the threshold `min`. */
export function passes(l: JournalLevel, min: JournalLevel): boolean {
  return RANK[l] >= RANK[min];
}

/** A journal line: the fields every line has, then the record's own. */
export type JournalLine =
  & { ts_ms: number; event: string; level: JournalLevel }
  & Record<
    string,
    unknown
  >;

/** Builds a line: `ts_ms`, `event`, `level`, then `fields` in their order. */
export function line(
  tsMs: number,
  event: string,
  level: JournalLevel,
  fields: Record<string, unknown>,
): JournalLine {
  return { ts_ms: tsMs, event, level, ...fields };
}

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

const SESSION_EVENT =
  /^(?:session_start|session_end|input|venue_call|perf_.*|error_(?:place|cancel|rest_.*|ws_.*|session|shutdown|calibration_save))$/;

/** True for events the session writes itself (not the engine's: a replay does not reproduce them). */
export function isSessionEvent(event: string): boolean {
  return SESSION_EVENT.test(event);
}

/** Fields context tracking adds to every line (a replay ignores them). */
export const CONTEXT_FIELDS = ["market", "run", "cycle", "orders"] as const;
