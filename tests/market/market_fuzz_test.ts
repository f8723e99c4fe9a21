/**
 * Fuzz: ≥ 100,000 mutated and random frames through the feed. No exception
 * escapes and the books keep their invariants. A JSON.parse-based reference
 * checks the parser on random well-formed events.
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ASK,
  BID,
  type MarketEvent,
  MarketFeed,
  MarketParser,
  type OrderBook,
} from "../../lib/market/mod.ts";
import * as F from "../fixtures/market_frames.ts";

const SEEDS = [
  F.INITIAL_DUMP,
  F.BOOK_YES,
  F.BOOK_NO,
  F.PRICE_CHANGE_MIXED,
  F.PRICE_CHANGE_VENUE_LAYOUT,
  F.PRICE_CHANGE_REMOVE,
  F.PRICE_CHANGE_LEGACY,
  F.TICK_SIZE_CHANGE,
  F.BOOK_YES_FINE,
  F.LAST_TRADE,
  F.BEST_BID_ASK,
  F.NEW_MARKET,
  F.MARKET_RESOLVED,
  "PONG",
];

/** Book invariants: best prices are the extreme non-empty levels; counts match. */
function assertBook(b: OrderBook): void {
  if (b.status !== "live") return;
  const n = b.grid!.ticksPerUnit;
  let bids = 0, asks = 0, best = 0, bestAsk = 0;
  for (let t = 1; t < n; t++) {
    const sb = b.sizeAt(BID, t);
    const sa = b.sizeAt(ASK, t);
    assert.ok(sb >= 0 && sa >= 0 && Number.isFinite(sb) && Number.isFinite(sa));
    if (sb > 0) {
      bids++;
      best = t;
    }
    if (sa > 0) {
      asks++;
      if (bestAsk === 0) bestAsk = t;
    }
  }
  assert.equal(b.bestBid, best, "best bid");
  assert.equal(b.bestAsk, bestAsk, "best ask");
  assert.equal(b.bidLevels, bids, "bid levels");
  assert.equal(b.askLevels, asks, "ask levels");
}

/** A mutation of a seed frame: flip, insert, delete, truncate, or swap a token. */
const mutated = fc.tuple(
  fc.constantFrom(...SEEDS),
  fc.array(
    fc.tuple(
      fc.nat(),
      fc.constantFrom("flip", "insert", "delete", "truncate", "digit", "quote", "number"),
    ),
    { minLength: 1, maxLength: 4 },
  ),
  fc.string({ maxLength: 3 }),
).map(([seed, ops, junk]) => {
  let s = seed;
  for (const [at, op] of ops) {
    const i = s.length === 0 ? 0 : at % s.length;
    if (op === "flip") {
      s = s.slice(0, i) + String.fromCharCode((s.charCodeAt(i) + 1 + (at % 7)) % 128) +
        s.slice(i + 1);
    } else if (op === "insert") s = s.slice(0, i) + junk + s.slice(i);
    else if (op === "delete") s = s.slice(0, i) + s.slice(i + 1 + (at % 3));
    else if (op === "truncate") s = s.slice(0, i);
    else if (op === "digit") s = s.replace(/\d/, String(at % 10));
    else if (op === "quote") s = s.slice(0, i) + '"' + s.slice(i);
    else s = s.replace(/"0\.\d+"/, ['"-1"', '"1e3"', '"0.00001"', "7", "null", '""'][at % 6]);
  }
  return s;
});

Deno.test({
  name: "100,000 mutated and random frames: nothing escapes, books keep their invariants",
  permissions: "none",
  fn() {
    const feed = new MarketFeed(F.YES, F.NO);
    let frames = 0;
    const arb = fc.oneof(
      { weight: 6, arbitrary: mutated },
      { weight: 2, arbitrary: fc.constantFrom(...SEEDS) },
      { weight: 1, arbitrary: fc.json() },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    );
    fc.assert(
      fc.property(fc.array(arb, { minLength: 10, maxLength: 10 }), (batch) => {
        for (const text of batch) {
          feed.ingest(text, frames++);
          assertBook(feed.yes);
          assertBook(feed.no);
        }
      }),
      { numRuns: 10_000 },
    );
    assert.ok(frames >= 100_000, `${frames} frames`);
    assert.equal(feed.parser.stats.frames, frames);
    assert.ok(feed.parser.stats.skippedTotal > 1000);
  },
});

// --- reference oracle: JSON.parse + straightforward reading of the protocol ---

const pips = (
  v: unknown,
) => (typeof v === "string" && /^\d*\.?\d+$/.test(v) ? Math.round(Number(v) * 1e4) : NaN);

function reference(text: string): unknown[] {
  const doc = JSON.parse(text);
  const out: unknown[] = [];
  for (const o of Array.isArray(doc) ? doc : [doc]) {
    if (o.event_type === "price_change") {
      for (const c of o.price_changes) {
        out.push({
          kind: "level",
          assetId: c.asset_id,
          market: o.market,
          tMs: Number(o.timestamp),
          rxMs: 0,
          side: c.side === "BUY" ? "bid" : "ask",
          pricePips: pips(c.price),
          sizeMicro: Math.round(Number(c.size) * 1e6),
          bestBidPips: pips(c.best_bid),
          bestAskPips: pips(c.best_ask),
        });
      }
    } else if (o.event_type === "book") {
      out.push({
        kind: "book",
        assetId: o.asset_id,
        market: o.market,
        tMs: Number(o.timestamp),
        rxMs: 0,
        tickPips: pips(o.tick_size),
        bids: o.bids.map((l: { price: string; size: string }) => ({
          pricePips: pips(l.price),
          sizeMicro: Math.round(Number(l.size) * 1e6),
        })),
        asks: o.asks.map((l: { price: string; size: string }) => ({
          pricePips: pips(l.price),
          sizeMicro: Math.round(Number(l.size) * 1e6),
        })),
        hash: o.hash,
      });
    } else if (o.event_type === "last_trade_price") {
      out.push({
        kind: "trade",
        assetId: o.asset_id,
        market: o.market,
        tMs: Number(o.timestamp),
        rxMs: 0,
        pricePips: pips(o.price),
        sizeMicro: Math.round(Number(o.size) * 1e6),
        takerSide: o.side === "BUY" ? "buy" : "sell",
        feeRateBps: Number(o.fee_rate_bps),
      });
    }
  }
  return out;
}

const hex = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength, maxLength });
const price = fc.integer({ min: 1, max: 99 }).map((c) => (c / 100).toString());
const size = fc.integer({ min: 0, max: 1_000_000 }).map((c) => (c / 100).toString());
const id = fc.bigInt({ min: 1n, max: 10n ** 77n }).map(String);
const ts = fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }).map(String);
const change = fc.record({
  asset_id: id,
  price,
  size,
  side: fc.constantFrom("BUY", "SELL"),
  hash: hex(40, 40),
  best_bid: price,
  best_ask: price,
});
const event = fc.oneof(
  fc.record({
    event_type: fc.constant("price_change"),
    market: id,
    price_changes: fc.array(change, { minLength: 1, maxLength: 4 }),
    timestamp: ts,
  }),
  fc.record({
    event_type: fc.constant("book"),
    asset_id: id,
    market: id,
    bids: fc.array(fc.record({ price, size }), { maxLength: 5 }),
    asks: fc.array(fc.record({ price, size }), { maxLength: 5 }),
    timestamp: ts,
    hash: hex(0, 40),
    tick_size: fc.constant("0.01"),
  }),
  fc.record({
    event_type: fc.constant("last_trade_price"),
    asset_id: id,
    market: id,
    price,
    size: size.filter((s) => s !== "0"),
    side: fc.constantFrom("BUY", "SELL"),
    fee_rate_bps: fc.constantFrom("0", "10"),
    timestamp: ts,
  }),
);

/** The venue's layout for price_change (fixed key order, ", " separators): exercises the fast path. */
function venueLayout(o: Record<string, unknown>): string {
  if (o.event_type !== "price_change") return JSON.stringify(o);
  const changes = (o.price_changes as Record<string, string>[]).map((c) =>
    `{"asset_id":"${c.asset_id}", "price":"${c.price}", "size":"${c.size}", "side":"${c.side}", "hash":"${c.hash}", "best_bid":"${c.best_bid}", "best_ask":"${c.best_ask}"}`
  ).join(", ");
  return `{"market":"${o.market}", "price_changes":[${changes}], "timestamp":"${o.timestamp}", "event_type":"price_change"}`;
}

Deno.test({
  name:
    "the parser agrees with a JSON.parse reference on random well-formed events, in every layout",
  permissions: "none",
  fn() {
    const fast = new MarketParser();
    const general = new MarketParser(false);
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (events, asArray) => {
          const frames = asArray
            ? [JSON.stringify(events)]
            : events.flatMap((e) => [JSON.stringify(e), venueLayout(e as Record<string, unknown>)]);
          for (const text of frames) {
            const want = reference(text);
            for (const p of [fast, general]) {
              const got: MarketEvent[] = [];
              p.parse(text, 0, (e) => got.push(e));
              assert.deepEqual(got, want, text);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
    assert.equal(fast.stats.skippedTotal, 0);
  },
});
