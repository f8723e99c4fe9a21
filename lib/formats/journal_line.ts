/**
 * What a journal line looks like: one compact JSON object with `tsMs` (ms
 * since the epoch), `event` and `level` first, then the record's fields.
 * Field names are camelCase; names that are data — config keys, counter
 * names, order ids used as keys — are written as they are. Engine records
 * keep their fields; their `kind` becomes the event name — except errors
 * (`error_<operation>`) and notices (their code). The session's own events
 * are `session_start`, `session_end`, `input`, `venue_call`,
 * `perf_<operation>` and `error_<rest_…|ws_…|session|shutdown|calibration_save>`.
 *
 * Levels, lowest first: debug (venue calls, error stacks), info (inputs,
 * decisions, orders, fills, state changes: everything a replay needs),
 * warning, error, critical (a kill switch, a crash, orders left behind).
 * `session_start` and `session_end` are written at every level: they
 * delimit the sessions of a journal appended to across runs.
 *
 * Versions: 2 (this one, `journalVersion` in `session_start`); 1 wrote a few
 * names in snake_case (`ts_ms`, `error_type`, `duration_ms`, …) and also
 * journaled the decisions that moved the ladder without acting. Readers pass
 * every line through {@link upgradeLine}, so journals of both versions — even
 * one file appended to by both — read the same; a replay of version 1
 * compares the decisions that acted.
 *
 * @module
 */

import type { LogLevel } from "../config/mod.ts";

/** The journal format written today (`journalVersion` of `session_start`). */
export const JOURNAL_VERSION = 2;

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
  & { tsMs: number; event: string; level: JournalLevel }
  & Record<string, unknown>;

/**
 * Builds a line: `tsMs`, `event`, `level`, then `fields` in their order.
 *
 * @example
 * ```ts
 * import { line } from "./journal_line.ts";
 * const l = line(1_800_000_000_000, "fill", "info", { sizeMicro: 5_000_000 });
 * console.assert(JSON.stringify(l) ===
 *   '{"tsMs":1800000000000,"event":"fill","level":"info","sizeMicro":5000000}');
 * ```
 */
export function line(
  tsMs: number,
  event: string,
  level: JournalLevel,
  fields: Record<string, unknown>,
): JournalLine {
  return { tsMs, event, level, ...fields };
}

/** Version 1's snake_case field names and today's. */
const V1_NAMES: Readonly<Record<string, string>> = {
  ts_ms: "tsMs",
  error_type: "errorType",
  exit_code: "exitCode",
  orders_left: "ordersLeft",
  run_dir: "runDir",
  order_id: "orderId",
  duration_ms: "durationMs",
  p50_ms: "p50Ms",
  p99_ms: "p99Ms",
  max_ms: "maxMs",
  sampled_1_in: "sampledOneIn",
  window_ms: "windowMs",
};

/**
 * A line as read from a journal of any version, in today's names (the same
 * object when it already is). Only the line's own fields are renamed: the
 * config, an input and counters are data and keep theirs.
 *
 * @example
 * ```ts
 * import { upgradeLine } from "./journal_line.ts";
 * const l = upgradeLine({ ts_ms: 5, event: "error_place", level: "error", error_type: "x" });
 * console.assert(l.tsMs === 5 && l.errorType === "x" && !("ts_ms" in l));
 * ```
 */
export function upgradeLine(raw: Record<string, unknown>): JournalLine {
  if (!("ts_ms" in raw)) return raw as JournalLine;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) out[V1_NAMES[k] ?? k] = v;
  return out as JournalLine;
}

const SESSION_EVENT =
  /^(?:session_start|session_end|input|venue_call|perf_.*|portfolio_lease|error_(?:place|cancel|rest_.*|ws_.*|session|shutdown|calibration_save|portfolio_.*))$/;

/** True for events the session writes itself (not the engine's: a replay does not reproduce them). */
export function isSessionEvent(event: string): boolean {
  return SESSION_EVENT.test(event);
}

/** Fields context tracking adds to every line (a replay ignores them). */
export const CONTEXT_FIELDS = ["market", "run", "cycle", "orders"] as const;
