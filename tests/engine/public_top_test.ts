import assert from "node:assert/strict";
import { PublicTop } from "../../lib/engine/public_top.ts";
import { OrderTracker } from "../../lib/engine/order_tracker.ts";
import { MarketFeed } from "../../lib/market/mod.ts";
import * as F from "../fixtures/market_frames.ts";

Deno.test({
  name: "the public top follows our orders as they fill, leave and arrive (read on every frame)",
  permissions: "none",
  fn() {
    // YES bids 0.50 × 15, 0.49 × 20; asks 0.52 × 25, 0.53 × 60
    const feed = new MarketFeed(F.YES, F.NO);
    feed.ingest(F.INITIAL_DUMP, 1);
    const tracker = new OrderTracker();
    const pt = new PublicTop(feed, tracker, false, 0);
    const bid = tracker.create(
      { token: "YES", side: "BUY", priceTicks: 50, tickPips: 100, sizeMicro: 15e6 },
      1,
    );
    assert.ok(pt.read());
    assert.deepEqual([pt.top.bidPips, pt.top.bidSizeMicro], [4900, 20e6], "0.50 is all ours");
    // 5 of our 15 fill: the venue's level shrinks to the 10 of ours left (in
    // both books: the NO ask at 0.50 is the same liquidity)
    tracker.report(bid, 5e6);
    const level = { kind: "level", market: F.M, tMs: 2, rxMs: 2, sizeMicro: 10e6 } as const;
    feed.ingestEvents([
      {
        ...level,
        assetId: F.YES,
        side: "bid",
        pricePips: 5000,
        bestBidPips: 5000,
        bestAskPips: 5200,
      },
      {
        ...level,
        assetId: F.NO,
        side: "ask",
        pricePips: 5000,
        bestBidPips: 4800,
        bestAskPips: 5000,
      },
    ], 2);
    assert.ok(pt.read());
    assert.deepEqual([pt.top.bidPips, pt.top.bidSizeMicro], [4900, 20e6], "still all ours");
    // 7 more of ours match before the book says so: 3 of ours in a level of 10
    tracker.report(bid, 12e6);
    assert.ok(pt.read());
    assert.deepEqual([pt.top.bidPips, pt.top.bidSizeMicro], [5000, 7e6]);
    // our order leaves: the whole level is public again
    tracker.finish(bid, "canceled");
    assert.ok(pt.read());
    assert.deepEqual([pt.top.bidPips, pt.top.bidSizeMicro], [5000, 10e6]);
    // a NO bid at 0.48 is a YES ask at 0.52: 25 − 25 leaves 0.53
    tracker.create(
      { token: "NO", side: "BUY", priceTicks: 48, tickPips: 100, sizeMicro: 25e6 },
      3,
    );
    assert.ok(pt.read());
    assert.deepEqual([pt.top.askPips, pt.top.askSizeMicro], [5300, 60e6]);
    // a book that does not show our orders (a backtest's recording): nothing is left out
    pt.ownInBook = false;
    assert.ok(pt.read());
    assert.deepEqual([pt.top.askPips, pt.top.askSizeMicro], [5200, 25e6]);
  },
});
