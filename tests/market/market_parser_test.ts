import assert from "node:assert/strict";
import { type MarketEvent, MarketParser } from "../../lib/market/mod.ts";
import * as F from "../fixtures/market_frames.ts";

function parseAll(text: string, parser = new MarketParser()): MarketEvent[] {
  const out: MarketEvent[] = [];
  parser.parse(text, 42, (e) => out.push(e));
  return out;
}

Deno.test({
  name: "book: levels, tick, hash and times; level order is kept as received",
  permissions: "none",
  fn() {
    const [ev] = parseAll(F.BOOK_YES);
    assert.ok(ev.kind === "book");
    assert.equal(ev.assetId, F.YES);
    assert.equal(ev.market, F.M);
    assert.equal(ev.tMs, 1757908892351);
    assert.equal(ev.rxMs, 42);
    assert.equal(ev.tickPips, 100);
    assert.equal(ev.hash, "0xabc");
    assert.deepEqual(ev.bids.map((l) => l.pricePips), [4800, 4900, 5000]);
    assert.deepEqual(ev.asks.map((l) => [l.pricePips, l.sizeMicro]), [[5400, 10e6], [5300, 60e6], [
      5200,
      25e6,
    ]]);
  },
});

Deno.test({
  name: "an array frame (the initial dump) yields one event per element",
  permissions: "none",
  fn() {
    const evs = parseAll(F.INITIAL_DUMP);
    assert.deepEqual(evs.map((e) => e.kind === "book" && e.assetId), [F.YES, F.NO]);
    assert.deepEqual(parseAll("[]"), []);
  },
});

Deno.test({
  name: "price_change, current schema: mixed YES/NO entries stay separate, with best prices",
  permissions: "none",
  fn() {
    for (const frame of [F.PRICE_CHANGE_MIXED, F.PRICE_CHANGE_VENUE_LAYOUT]) {
      const evs = parseAll(frame);
      assert.deepEqual(evs, [
        {
          kind: "level",
          assetId: F.YES,
          market: F.M,
          tMs: 1757908893000,
          rxMs: 42,
          side: "bid",
          pricePips: 5100,
          sizeMicro: 200e6,
          bestBidPips: 5100,
          bestAskPips: 5200,
        },
        {
          kind: "level",
          assetId: F.NO,
          market: F.M,
          tMs: 1757908893000,
          rxMs: 42,
          side: "ask",
          pricePips: 4900,
          sizeMicro: 200e6,
          bestBidPips: 4800,
          bestAskPips: 4900,
        },
      ]);
    }
  },
});

Deno.test({
  name: "price_change, legacy schema: root asset and changes[], best prices not stated",
  permissions: "none",
  fn() {
    const evs = parseAll(F.PRICE_CHANGE_LEGACY);
    assert.equal(evs.length, 2);
    const [a, b] = evs;
    assert.ok(a.kind === "level" && b.kind === "level");
    assert.deepEqual([a.assetId, a.side, a.pricePips, a.sizeMicro], [F.YES, "bid", 4700, 12.5e6]);
    assert.deepEqual([b.assetId, b.side, b.pricePips, b.sizeMicro], [F.YES, "ask", 5500, 3e6]);
    assert.ok(Number.isNaN(a.bestBidPips) && Number.isNaN(a.bestAskPips));
  },
});

Deno.test({
  name: "level removal is a size of 0",
  permissions: "none",
  fn() {
    const [ev] = parseAll(F.PRICE_CHANGE_REMOVE);
    assert.ok(ev.kind === "level");
    assert.deepEqual([ev.pricePips, ev.sizeMicro, ev.bestBidPips], [5000, 0, 5100]);
  },
});

Deno.test({
  name: "tick_size_change, last_trade_price, best_bid_ask",
  permissions: "none",
  fn() {
    const [t] = parseAll(F.TICK_SIZE_CHANGE);
    assert.deepEqual(t, {
      kind: "tick_size",
      assetId: F.YES,
      market: F.M,
      tMs: 1757908896000,
      rxMs: 42,
      oldTickPips: 100,
      newTickPips: 10,
    });
    const [tr] = parseAll(F.LAST_TRADE);
    assert.deepEqual(tr, {
      kind: "trade",
      assetId: F.YES,
      market: F.M,
      tMs: 1750428146322,
      rxMs: 42,
      pricePips: 4560,
      sizeMicro: 219_217_767,
      takerSide: "buy",
      feeRateBps: 0,
    });
    const [b] = parseAll(F.BEST_BID_ASK);
    assert.ok(b.kind === "best_bid_ask");
    assert.deepEqual([b.bestBidPips, b.bestAskPips], [7300, 7700]);
  },
});

Deno.test({
  name: "new_market and market_resolved, with escaped strings and nested objects skipped",
  permissions: "none",
  fn() {
    const [n] = parseAll(F.NEW_MARKET);
    assert.deepEqual(n, {
      kind: "new_market",
      market: F.M,
      assetIds: [F.YES, F.NO],
      outcomes: ["Yes", "No"],
      question: 'Will it "rain"?',
      tMs: 1766790415550,
      rxMs: 42,
    });
    const [r] = parseAll(F.MARKET_RESOLVED);
    assert.ok(r.kind === "resolved");
    assert.deepEqual([r.winningAssetId, r.winningOutcome, r.assetIds], [F.YES, "Yes", [
      F.YES,
      F.NO,
    ]]);
  },
});

Deno.test({
  name: "the text keepalive PONG is an event",
  permissions: "none",
  fn() {
    assert.deepEqual(parseAll("PONG"), [{ kind: "pong", rxMs: 42 }]);
  },
});

Deno.test({
  name: "malformed input is counted by reason and skipped, never thrown",
  permissions: "none",
  fn() {
    const p = new MarketParser();
    const cases: [string, string][] = [
      ["{not json", "invalid_json"],
      ['{"event_type":"book","asset_id":"1"} trailing', "invalid_json"],
      ["[1, 2]", "not_object"],
      ['{"asset_id":"1"}', "missing_field"],
      ['{"event_type":"weird"}', "unknown_event"],
      ['{"event_type":"book"}', "missing_field"],
      ['{"event_type":"book","asset_id":"1","bids":[{"price":"1.5","size":"1"}]}', "bad_price"],
      ['{"event_type":"book","asset_id":"1","bids":[{"price":"0.5","size":"-1"}]}', "bad_size"],
      ['{"event_type":"book","asset_id":"1","tick_size":"0.02"}', "bad_tick"],
      [
        '{"event_type":"price_change","price_changes":[{"asset_id":"1","price":"0.5","size":"1","side":"UP"}]}',
        "bad_side",
      ],
      [
        '{"event_type":"price_change","price_changes":[{"asset_id":"1","price":"x","size":"1","side":"BUY"}]}',
        "bad_price",
      ],
      [
        '{"event_type":"price_change","price_changes":[{"price":"0.5","size":"1","side":"BUY"}]}',
        "missing_field",
      ],
      ['{"event_type":"price_change","price_changes":[]}', "missing_field"],
      [
        '{"event_type":"last_trade_price","asset_id":"1","price":"0.5","size":"0","side":"BUY"}',
        "bad_size",
      ],
      ['{"event_type":"tick_size_change","asset_id":"1","new_tick_size":"0.03"}', "bad_tick"],
      ['{"event_type":"market_resolved","market":"m"}', "missing_field"],
    ];
    for (const [frame, reason] of cases) {
      const before = { ...p.stats.skipped };
      const out: MarketEvent[] = [];
      p.parse(frame, 0, (e) => out.push(e));
      assert.deepEqual(out, [], frame);
      const changed = Object.entries(p.stats.skipped).filter(([k, v]) =>
        v !== before[k as keyof typeof before]
      );
      assert.deepEqual(changed.map(([k]) => k), [reason], frame);
    }
    assert.equal(p.stats.frames, cases.length);
  },
});

Deno.test({
  name: "a bad entry is skipped alone; the rest of the message is kept",
  permissions: "none",
  fn() {
    const p = new MarketParser();
    const evs = parseAll(
      JSON.stringify({
        event_type: "price_change",
        price_changes: [
          { asset_id: "1", price: "0.5", size: "1", side: "SIDEWAYS" },
          { asset_id: "1", price: "0.51", size: "2", side: "SELL" },
          7,
        ],
      }),
      p,
    );
    assert.equal(evs.length, 1);
    assert.equal(p.stats.skipped.bad_side, 1);
    assert.equal(p.stats.skipped.not_object, 1);
  },
});

Deno.test({
  name: "an invalid frame emits nothing, even events that came before the error",
  permissions: "none",
  fn() {
    const p = new MarketParser();
    assert.deepEqual(parseAll(`[${F.BOOK_YES}, {"event_type": }]`, p), []);
    assert.equal(p.stats.skipped.invalid_json, 1);
  },
});

Deno.test({
  name: "the fast path and the general parser agree on the venue layout, and variants fall back",
  permissions: "none",
  fn() {
    const variants = [
      F.PRICE_CHANGE_VENUE_LAYOUT,
      F.PRICE_CHANGE_VENUE_LAYOUT.replaceAll(", ", ","),
      F.PRICE_CHANGE_VENUE_LAYOUT.replace('"size":"200"', '"size":"200.5"'),
      F.PRICE_CHANGE_VENUE_LAYOUT.replace('"best_ask":"0.52"', '"best_ask":"1"'),
      F.PRICE_CHANGE_VENUE_LAYOUT.replace('"best_bid":"0.51"', '"best_bid":"0"'),
      F.PRICE_CHANGE_VENUE_LAYOUT.replace('"hash":"h1"', '"hash":"h\\"1"'), // escape: fallback
      F.PRICE_CHANGE_VENUE_LAYOUT.replace('"price":"0.51"', '"price":"0.510"'),
      F.PRICE_CHANGE_VENUE_LAYOUT.replace('"price":"0.51"', '"price":".51"'), // fallback
    ];
    for (const v of variants) {
      assert.deepEqual(parseAll(v), parseAll(v, new MarketParser(false)), v);
    }
  },
});
