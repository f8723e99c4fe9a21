/**
 * Top-of-book polls of many markets in a Parquet file (columns `ts`, `slug`,
 * `bid`, `ask`, and optionally `volume24hr`; e.g. the public
 * polymarket-orderbook-dataset's ~2-minute quotes), fed to a
 * {@link FactsCollector}: spreads and the 2-minute mid facts, no sizes or
 * trades (the file has none).
 *
 * @module
 */

import { zstdDecompressSync } from "node:zlib";
import { FactsCollector } from "./facts.ts";

/** Which markets of a quotes file to measure. */
export interface QuoteFilter {
  /** Smallest 24-hour volume (USDC) of a market to keep (default 0). */
  minVolume?: number;
  /** Largest 24-hour volume (USDC) of a market to keep (default ∞). */
  maxVolume?: number;
}

/** A quotes file that cannot be read. */
export class QuotesFileError extends Error {
  /**
   * A top-of-book file that cannot be read.
   *
   * @param message which file and what is wrong
   */
  constructor(message: string) {
    super(message);
    this.name = "QuotesFileError";
  }
}

interface Row {
  ts: unknown;
  slug: unknown;
  bid: unknown;
  ask: unknown;
  volume24hr?: unknown;
}

/** True when `bytes` start like a Parquet file. */
export function isParquet(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 &&
    bytes[3] === 0x31;
}

/**
 * Feeds the quotes of `bytes` (a Parquet file) to `collector`, one market per
 * slug, in time order; returns how many markets were kept.
 * @throws {QuotesFileError} when a column is missing or the file is unreadable
 */
export async function feedQuotes(
  bytes: Uint8Array,
  collector: FactsCollector,
  filter: QuoteFilter = {},
): Promise<number> {
  // loaded here: only `pm4 stats` on a Parquet file needs the reader
  const { parquetReadObjects } = await import("hyparquet");
  const buf = bytes.slice().buffer as ArrayBuffer;
  const file = { byteLength: buf.byteLength, slice: (s: number, e?: number) => buf.slice(s, e) };
  const compressors = {
    ZSTD: (input: Uint8Array) => new Uint8Array(zstdDecompressSync(input)),
  };
  let rows: Row[];
  try {
    rows = await parquetReadObjects({
      file,
      compressors,
      columns: ["ts", "slug", "bid", "ask", "volume24hr"],
    }) as Row[];
  } catch (e) {
    throw new QuotesFileError(`not a readable quotes file (${(e as Error).message})`);
  }
  const bySlug = new Map<string, { t: number; bid: number; ask: number; vol: number }[]>();
  for (const r of rows) {
    const t = r.ts instanceof Date ? r.ts.getTime() : Number(r.ts);
    const bid = Number(r.bid);
    const ask = Number(r.ask);
    if (typeof r.slug !== "string" || !Number.isFinite(t)) continue;
    let list = bySlug.get(r.slug);
    if (!list) bySlug.set(r.slug, list = []);
    list.push({ t, bid, ask, vol: Number(r.volume24hr ?? Number.NaN) });
  }
  const lo = filter.minVolume ?? 0;
  const hi = filter.maxVolume ?? Infinity;
  let kept = 0;
  for (const [slug, list] of bySlug) {
    list.sort((a, b) => a.t - b.t);
    const vol = list[list.length - 1].vol;
    if ((lo > 0 || hi < Infinity) && !(vol >= lo && vol <= hi)) continue;
    const twoSided = list.filter((q) => q.bid > 0 && q.ask > q.bid && q.ask < 1);
    if (twoSided.length < 2) continue;
    kept++;
    const fine = twoSided.some((q) => !onGrid(q.bid, 100) || !onGrid(q.ask, 100));
    const tick = fine ? 10 : 100;
    for (const q of list) {
      const ok = q.bid > 0 && q.ask > q.bid && q.ask < 1;
      collector.book(slug, "yes", q.t, {
        bidPips: ok ? Math.round(q.bid * 10_000) : Number.NaN,
        askPips: ok ? Math.round(q.ask * 10_000) : Number.NaN,
        bidSize: Number.NaN,
        askSize: Number.NaN,
        bidDepth3: Number.NaN,
        askDepth3: Number.NaN,
        tickPips: tick,
      });
    }
  }
  return kept;
}

function onGrid(price: number, tickPips: number): boolean {
  const pips = Math.round(price * 10_000);
  return pips % tickPips === 0;
}
