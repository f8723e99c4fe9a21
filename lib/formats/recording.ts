/**
 * The header line of a `pm4 record` file (gzip'd JSON lines). The lines after
 * it are `{rx, frame}` (a market frame as received), `{rx, publicTrades}`
 * and `{rx, connection}`; `rx` is the receive time, ms.
 *
 * Versions: 2 (this one) names the header's fields in camelCase; 1 wrote
 * them in snake_case (`pm4_recording: 1`, `condition_id`, …) and `public_trades`. Readers pass
 * a header through {@link upgradeHeader}, so files of both versions replay.
 *
 * @module
 */

/** The recording format written today. */
export const RECORDING_VERSION = 2;

/** Header line of a `pm4 record` file. */
export interface RecordingHeader {
  /** Format version. */
  pm4Recording: number;
  /** The recorded market's condition id. */
  conditionId: string;
  /** YES token id. */
  assetIdYes: string;
  /** NO token id. */
  assetIdNo: string;
  /** Tick at the start, pips (0 when unknown). */
  tickPips: number;
  /** Minimum order size, micro-shares (0 when unknown). */
  minOrderMicro: number;
  /** When the recording (this file) started, ms. */
  startedMs: number;
  /** Market WebSocket URL. */
  wsUrl: string;
}

/** True when a recording line is a header (of any version). */
export function isHeader(doc: Record<string, unknown>): boolean {
  return doc.pm4Recording !== undefined || doc.pm4_recording !== undefined;
}

/**
 * A header of any version in today's fields; a field a header lacks reads as
 * empty (0 or "").
 *
 * @example
 * ```ts
 * import { upgradeHeader } from "./recording.ts";
 * const h = upgradeHeader({ pm4_recording: 1, condition_id: "0xcc", tick_pips: 100 });
 * console.assert(h.pm4Recording === 1 && h.conditionId === "0xcc" && h.tickPips === 100);
 * ```
 */
export function upgradeHeader(doc: Record<string, unknown>): RecordingHeader {
  const v1 = doc.pm4Recording === undefined;
  const get = (camel: string, snake: string) => v1 ? doc[snake] : doc[camel];
  const n = (x: unknown) => typeof x === "number" && Number.isFinite(x) ? x : 0;
  const s = (x: unknown) => typeof x === "string" ? x : "";
  return {
    pm4Recording: n(get("pm4Recording", "pm4_recording")),
    conditionId: s(get("conditionId", "condition_id")),
    assetIdYes: s(get("assetIdYes", "asset_id_yes")),
    assetIdNo: s(get("assetIdNo", "asset_id_no")),
    tickPips: n(get("tickPips", "tick_pips")),
    minOrderMicro: n(get("minOrderMicro", "min_order_micro")),
    startedMs: n(get("startedMs", "started_ms")),
    wsUrl: s(get("wsUrl", "ws_url")),
  };
}
