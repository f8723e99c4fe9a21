/**
 * Market data files a backtest reads, decoded into one stream of timestamped
 * items (a market-channel frame as the socket delivered it, a poll of public
 * trades, a connection change):
 *
 * - `pm4`: our own recordings (`pm4 record`): a header line, then one line per
 *   frame `{"rx": ms, "frame": "<text>"}`, public-trade polls and connection
 *   changes.
 * - `ws_envelope`: recorder envelopes around verbatim frames
 *   (`{"receive_wall_ms", "payload", "payload_sha256", …}`, e.g. the ENRICO
 *   recordings); the hash is checked, a mismatch skips the line.
 * - `ws_jsonl`: one raw market-channel message per line, timed by its own
 *   `timestamp`.
 * - `l2_snapshots` / `l2_trades`: JSON arrays of full-depth snapshots
 *   (`{bids, asks, local_timestamp, timestamp}`) or of trades (`{price, size,
 *   side, local_timestamp}`) of one token without ids (the Caiooooo collector):
 *   turned into `book` frames (with the mirrored book of the other token) and
 *   `last_trade_price` frames for the config's tokens.
 *
 * Pure: text in, items out; bad lines are counted, never thrown.
 *
 * @module
 */

import { sha256 } from "@noble/hashes/sha2";
import { parsePublicTrades, type PublicTrade } from "../market/mod.ts";
import type { Json } from "../config/mod.ts";
import { isHeader, type RecordingHeader, upgradeHeader } from "../formats/mod.ts";

/** One item of market data at its receive time. */
export type DataItem =
  | { kind: "frame"; rxMs: number; text: string }
  | { kind: "trades"; rxMs: number; trades: PublicTrade[] }
  | { kind: "connection"; rxMs: number; up: boolean };

/** Formats a backtest reads. */
export type DataFormat = "pm4" | "ws_envelope" | "ws_jsonl" | "l2_snapshots" | "l2_trades";

/** Skipped lines by reason. */
export interface DecodeCounters {
  /** Lines that are not JSON. */
  bad_json: number;
  /** Lines without the fields of their format. */
  bad_shape: number;
  /** Envelopes whose payload does not match its hash. */
  bad_hash: number;
}

/** Which format a file is, from its first non-blank line (or the start of a JSON array). */
export function detectFormat(firstLine: string): DataFormat | null {
  const s = firstLine.trimStart();
  if (s.startsWith("[")) {
    // a JSON array file: look at the first element's keys
    const m = /^\[\s*\{([^}]*)/.exec(s);
    const keys = m ? m[1] : "";
    if (/"bids"/.test(keys) || /"asks"/.test(keys)) return "l2_snapshots";
    if (/"price"/.test(keys) && /"side"/.test(keys)) return "l2_trades";
    if (/"event_type"/.test(s.slice(0, 2000))) return "ws_jsonl";
    return null;
  }
  if (!s.startsWith("{")) return null;
  let doc: Json;
  try {
    doc = JSON.parse(s);
  } catch {
    return null;
  }
  if (isHeader(doc)) return "pm4";
  if (typeof doc.payload === "string" && doc.receive_wall_ms !== undefined) return "ws_envelope";
  if (typeof doc.event_type === "string") return "ws_jsonl";
  return null;
}

/** Decodes line-oriented formats one line at a time. */
export class LineDecoder {
  /** Skipped lines by reason. */
  readonly counters: DecodeCounters = { bad_json: 0, bad_shape: 0, bad_hash: 0 };
  /** The header of a `pm4` file, once read. */
  header: RecordingHeader | null = null;
  private readonly enc = new TextEncoder();

  /**
   * A decoder of one line format.
   *
   * @param format one of the line formats
   */
  constructor(readonly format: "pm4" | "ws_envelope" | "ws_jsonl") {}

  /** The item of one line, or null (blank, header, or skipped and counted). */
  line(line: string): DataItem | null {
    if (line.trim() === "") return null;
    let doc: Json;
    try {
      doc = JSON.parse(line);
    } catch {
      this.counters.bad_json++;
      return null;
    }
    if (typeof doc !== "object" || doc === null) {
      this.counters.bad_shape++;
      return null;
    }
    switch (this.format) {
      case "pm4":
        return this.pm4(doc);
      case "ws_envelope":
        return this.envelope(doc);
      case "ws_jsonl":
        return this.raw(doc, line);
    }
  }

  /** A pm4 recording line: a frame, a header or a connection note. */
  private pm4(doc: Json): DataItem | null {
    if (isHeader(doc)) {
      this.header = upgradeHeader(doc);
      return null;
    }
    const rxMs = doc.rx;
    if (typeof rxMs !== "number" || !Number.isFinite(rxMs)) {
      this.counters.bad_shape++;
      return null;
    }
    if (typeof doc.frame === "string") return { kind: "frame", rxMs, text: doc.frame };
    // version 1 wrote public_trades
    const polled = doc.publicTrades ?? doc.public_trades;
    if (Array.isArray(polled)) {
      return { kind: "trades", rxMs, trades: parsePublicTrades(polled).trades };
    }
    if (doc.connection === "up" || doc.connection === "down") {
      return { kind: "connection", rxMs, up: doc.connection === "up" };
    }
    this.counters.bad_shape++;
    return null;
  }

  /** A line of `{rx_ms, frame}` envelopes. */
  private envelope(doc: Json): DataItem | null {
    const rxMs = Number(doc.receive_wall_ms);
    const payload = doc.payload;
    if (!Number.isFinite(rxMs) || typeof payload !== "string") {
      this.counters.bad_shape++;
      return null;
    }
    if (
      typeof doc.payload_sha256 === "string" &&
      doc.payload_sha256 !== hex(sha256(this.enc.encode(payload)))
    ) {
      this.counters.bad_hash++;
      return null;
    }
    return { kind: "frame", rxMs, text: payload };
  }

  /** A raw WebSocket line: the frame itself, timed by its own timestamp. */
  private raw(doc: Json | Json[], line: string): DataItem | null {
    const first = Array.isArray(doc) ? doc[0] : doc;
    const rxMs = Number(first?.timestamp);
    if (!first || !Number.isFinite(rxMs)) {
      this.counters.bad_shape++;
      return null;
    }
    return { kind: "frame", rxMs: rxMs < 1e11 ? rxMs * 1000 : rxMs, text: line };
  }
}

function hex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

/** Ids to give id-less data. */
export interface TokenIds {
  /** The market's condition id, 0x-hex. */
  conditionId: string;
  /** YES token id. */
  yes: string;
  /** NO token id. */
  no: string;
}

interface Level {
  price: string;
  size: string;
}

/** Tick of a set of decimal prices: the finest their decimals need (0.01, 0.001 or 0.0001). */
function tickOf(prices: string[]): string {
  let d = 2;
  for (const p of prices) {
    const i = p.indexOf(".");
    if (i >= 0) d = Math.max(d, p.length - i - 1);
  }
  return d <= 2 ? "0.01" : d === 3 ? "0.001" : "0.0001";
}

function complement(price: string, decimals: number): string {
  return (1 - Number(price)).toFixed(decimals);
}

/**
 * The items of a collector's JSON array, one `frame` each: `frame` reads one
 * record's receive time and frame text, or null when the record is malformed
 * (counted as `bad_shape`, as a document that is not an array).
 */
function arrayItems(
  doc: unknown,
  counters: DecodeCounters,
  frame: (rec: Json) => { rxMs: number; text: string } | null,
): DataItem[] {
  if (!Array.isArray(doc)) {
    counters.bad_shape++;
    return [];
  }
  const out: DataItem[] = [];
  for (const rec of doc as Json[]) {
    const f = rec === null || typeof rec !== "object" ? null : frame(rec);
    if (f === null) counters.bad_shape++;
    else out.push({ kind: "frame", rxMs: f.rxMs, text: f.text });
  }
  return out;
}

/**
 * Items of an array of full-depth snapshots of one token (`token`): a `book`
 * frame for it and the mirrored book of the other token, at `local_timestamp`.
 */
export function snapshotItems(
  doc: unknown,
  ids: TokenIds,
  token: "YES" | "NO",
  counters: DecodeCounters,
): DataItem[] {
  const own = token === "YES" ? ids.yes : ids.no;
  const other = token === "YES" ? ids.no : ids.yes;
  return arrayItems(doc, counters, (s) => {
    const bids = s.bids as Level[] | undefined;
    const asks = s.asks as Level[] | undefined;
    const rxMs = Number(s.local_timestamp ?? s.timestamp);
    if (!Array.isArray(bids) || !Array.isArray(asks) || !Number.isFinite(rxMs)) return null;
    const tick = tickOf([...bids, ...asks].map((l) => String(l.price)));
    const dec = tick.length - 2;
    const venueTs = String(s.timestamp ?? rxMs);
    const book = (asset: string, b: Level[], a: Level[]) => ({
      event_type: "book",
      asset_id: asset,
      market: ids.conditionId,
      bids: b,
      asks: a,
      timestamp: venueTs,
      hash: "",
      tick_size: tick,
    });
    const mirror = (ls: Level[]) =>
      ls.map((l) => ({ price: complement(l.price, dec), size: l.size }));
    const text = JSON.stringify([book(own, bids, asks), book(other, mirror(asks), mirror(bids))]);
    return { rxMs, text };
  });
}

/** Items of an array of trades of one token (`token`): `last_trade_price` frames. */
export function tradeItems(
  doc: unknown,
  ids: TokenIds,
  token: "YES" | "NO",
  counters: DecodeCounters,
): DataItem[] {
  return arrayItems(doc, counters, (t) => {
    const rxMs = Number(t.local_timestamp ?? t.timestamp);
    const side = String(t.side ?? "").toUpperCase();
    if (!Number.isFinite(rxMs) || (side !== "BUY" && side !== "SELL") || t.price === undefined) {
      return null;
    }
    const text = JSON.stringify({
      event_type: "last_trade_price",
      asset_id: token === "YES" ? ids.yes : ids.no,
      market: ids.conditionId,
      // collectors write floats: back onto the 1e-4 grid prices live on
      price: String(Math.round(Number(t.price) * 1e4) / 1e4),
      size: String(t.size),
      side,
      fee_rate_bps: "0",
      timestamp: String(t.timestamp ?? rxMs),
    });
    return { rxMs, text };
  });
}
