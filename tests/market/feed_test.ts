import assert from "node:assert/strict";
import { type MarketEvent, MarketFeed, MarketParser } from "../../lib/market/mod.ts";
import * as F from "../fixtures/market_frames.ts";
import { ENRICO_FRAMES } from "../_shared_data.ts";

Deno.test({
  name: "YES and NO books are separate; a mixed price_change updates each its own",
  permissions: "none",
  fn() {
    const feed = new MarketFeed(F.YES, F.NO);
    feed.ingest(F.INITIAL_DUMP, 1);
    assert.deepEqual([feed.yes.bestBidPips, feed.yes.bestAskPips], [5000, 5200]);
    assert.deepEqual([feed.no.bestBidPips, feed.no.bestAskPips], [4800, 5000]);
    assert.equal(feed.takeChanges(), 2);
    feed.ingest(F.PRICE_CHANGE_MIXED, 2);
    assert.deepEqual([feed.yes.bestBidPips, feed.no.bestAskPips], [5100, 4900]);
    assert.equal(feed.takeChanges(), 2);
    assert.equal(feed.takeChanges(), 0);
    feed.ingest(F.PRICE_CHANGE_REMOVE, 3);
    assert.equal(feed.yes.sizeAt(0, 50), 0);
    assert.equal(feed.counters.best_mismatch, 0);
  },
});

Deno.test({
  name: "events for other tokens are counted, not applied",
  permissions: "none",
  fn() {
    const feed = new MarketFeed("999", "998");
    const seen: MarketEvent[] = [];
    feed.ingest(F.INITIAL_DUMP, 1, (e) => seen.push(e));
    feed.ingest(F.PRICE_CHANGE_MIXED, 2, (e) => seen.push(e));
    feed.ingest(F.LAST_TRADE, 3, (e) => seen.push(e));
    assert.deepEqual(seen, []);
    assert.equal(feed.counters.unknown_asset, 5);
  },
});

Deno.test({
  name:
    "deltas before the snapshot and during a tick change are counted; the fine snapshot re-snaps",
  permissions: "none",
  fn() {
    const feed = new MarketFeed(F.YES, F.NO);
    feed.ingest(F.PRICE_CHANGE_MIXED, 1);
    assert.equal(feed.counters.delta_before_snapshot, 2);
    feed.ingest(F.INITIAL_DUMP, 2);
    feed.ingest(F.TICK_SIZE_CHANGE, 3);
    feed.ingest(F.PRICE_CHANGE_REMOVE, 4);
    assert.equal(feed.counters.delta_while_invalid, 1);
    feed.ingest(F.BOOK_YES_FINE, 5);
    assert.equal(feed.yes.grid!.tickPips, 10);
    assert.deepEqual([feed.yes.bestBidPips, feed.yes.bestAskPips], [9550, 9580]);
    assert.equal(feed.no.grid!.tickPips, 100); // the NO book keeps its own tick until told
  },
});

Deno.test({
  name: "a wrong best price stated with a delta is counted as a mismatch",
  permissions: "none",
  fn() {
    const feed = new MarketFeed(F.YES, F.NO);
    feed.ingest(F.INITIAL_DUMP, 1);
    feed.ingest(F.PRICE_CHANGE_MIXED.replace('"best_bid":"0.51"', '"best_bid":"0.47"'), 2);
    assert.equal(feed.counters.best_mismatch, 1);
  },
});

Deno.test({
  name: "resolution is recorded; trades and best_bid_ask pass through to the listener",
  permissions: "none",
  fn() {
    const feed = new MarketFeed(F.YES, F.NO);
    const kinds: string[] = [];
    for (const f of [F.LAST_TRADE, F.BEST_BID_ASK, F.NEW_MARKET, F.MARKET_RESOLVED, "PONG"]) {
      feed.ingest(f, 1, (e) => kinds.push(e.kind));
    }
    assert.deepEqual(kinds, ["trade", "best_bid_ask", "resolved", "pong"]);
    assert.equal(feed.resolved?.winningAssetId, F.YES);
    const c = feed.allCounters();
    assert.equal(c.frames, 5);
    assert.equal(c.skipped_invalid_json, 0);
  },
});

const RECORDING = ENRICO_FRAMES;

Deno.test({
  name:
    "a real recording replays through the books and every venue-stated best bid/ask matches ours",
  async fn() {
    const lines = (await Deno.readTextFile(RECORDING)).trim().split("\n").map((l) => JSON.parse(l));
    // pair the tokens of each market from the initial dump
    const tokens = new Map<string, string[]>();
    new MarketParser().parse(lines[0].payload, 0, (e) => {
      if (e.kind === "book") tokens.set(e.market, [...(tokens.get(e.market) ?? []), e.assetId]);
    });
    assert.equal(tokens.size, 14);
    const feeds = [...tokens.values()].map(([a, b]) => new MarketFeed(a, b));
    for (const l of lines) {
      for (const feed of feeds) feed.ingest(l.payload, l.receive_wall_ms);
    }
    let levels = 0;
    for (const feed of feeds) {
      assert.equal(feed.parser.stats.skippedTotal, 0);
      assert.equal(feed.counters.snapshot_rejected, 0);
      assert.equal(feed.counters.best_mismatch, 0);
      assert.equal(feed.yes.status, "live");
      levels += feed.takeChanges();
    }
    // 28 snapshots and 22 level changes, each checked against the venue's best prices
    assert.equal(levels, 28 + 22);
  },
});
