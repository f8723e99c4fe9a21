import assert from "node:assert/strict";
import { ASK, BID, OrderBook } from "../../lib/market/mod.ts";

const lv = (price: number, size: number) => ({ pricePips: price, sizeMicro: size });

Deno.test({
  name: "a snapshot replaces the book; levels in any order give the right best prices",
  permissions: "none",
  fn() {
    const b = new OrderBook("1");
    // Polymarket lists the best bid last and the best ask last: never trusted
    assert.ok(
      b.applySnapshot(
        [lv(4800, 30), lv(5000, 15), lv(4900, 20)],
        [lv(5400, 10), lv(5200, 25)],
        100,
        1,
        2,
        "h",
      ),
    );
    assert.equal(b.status, "live");
    assert.deepEqual([b.bestBid, b.bestAsk, b.bestBidPips, b.bestAskPips], [50, 52, 5000, 5200]);
    assert.deepEqual([b.bidLevels, b.askLevels], [3, 2]);
    assert.deepEqual(b.levels(BID).map((l) => l.pricePips), [5000, 4900, 4800]);
    assert.deepEqual(b.levels(ASK, 1), [lv(5200, 25)]);
    // a second snapshot replaces everything
    b.applySnapshot([lv(3000, 1)], [], 100, 5, 6, "h2");
    assert.deepEqual([b.bestBid, b.bestAsk, b.bidLevels, b.askLevels, b.hash], [30, 0, 1, 0, "h2"]);
    assert.ok(Number.isNaN(b.bestAskPips));
  },
});

Deno.test({
  name: "a delta sets the aggregate size; 0 removes the level and the next best takes over",
  permissions: "none",
  fn() {
    const b = new OrderBook("1");
    b.applySnapshot(
      [lv(4800, 30), lv(4900, 20), lv(5000, 15)],
      [lv(5200, 25), lv(5300, 60)],
      100,
      0,
      0,
      "",
    );
    assert.equal(b.applyDelta(BID, 5100, 200, 10, 11), "applied");
    assert.equal(b.bestBid, 51);
    assert.equal(b.applyDelta(BID, 5100, 0, 12, 13), "applied");
    assert.equal(b.applyDelta(BID, 5000, 0, 12, 13), "applied");
    assert.equal(b.bestBid, 49);
    assert.equal(b.applyDelta(ASK, 5200, 0, 12, 13), "applied");
    assert.equal(b.bestAsk, 53);
    assert.equal(b.applyDelta(ASK, 5300, 0, 12, 13), "applied");
    assert.equal(b.bestAsk, 0);
    assert.equal(b.askLevels, 0);
    assert.equal(b.applyDelta(BID, 4900, 7, 14, 15), "applied");
    assert.equal(b.sizeAt(BID, 49), 7);
    assert.equal(b.bidLevels, 2);
    assert.equal(b.lastRxMs, 14);
    assert.equal(b.depth(BID, 5), 37);
  },
});

Deno.test({
  name: "deltas before the first snapshot are refused",
  permissions: "none",
  fn() {
    const b = new OrderBook("1", 100);
    assert.equal(b.applyDelta(BID, 5000, 1, 0, 0), "no_snapshot");
    assert.equal(b.status, "empty");
  },
});

Deno.test({
  name:
    "after a tick-size change deltas are refused until a snapshot re-snaps the book to the new grid",
  permissions: "none",
  fn() {
    const b = new OrderBook("1");
    b.applySnapshot([lv(9500, 10)], [lv(9700, 10)], 100, 0, 0, "");
    b.invalidate(10); // 0.01 → 0.001 near the extreme
    assert.equal(b.status, "invalid");
    assert.equal(b.applyDelta(BID, 9550, 5, 1, 1), "invalid");
    // the next snapshot has no tick_size: the pending new tick is used
    assert.ok(
      b.applySnapshot([lv(9550, 100), lv(9540, 50)], [lv(9580, 40), lv(9600, 75)], 0, 2, 2, ""),
    );
    assert.equal(b.grid!.tickPips, 10);
    assert.deepEqual([b.bestBid, b.bestAsk], [955, 958]);
    assert.equal(b.applyDelta(BID, 9555, 1, 3, 3), "off_grid");
    assert.equal(b.applyDelta(BID, 9560, 1, 3, 3), "applied");
    assert.equal(b.bestBid, 956);
  },
});

Deno.test({
  name: "a snapshot without a known tick, or off the grid, is refused",
  permissions: "none",
  fn() {
    const b = new OrderBook("1");
    assert.equal(b.applySnapshot([lv(5000, 1)], [], 0, 0, 0, ""), false);
    assert.equal(b.status, "empty");
    assert.equal(b.applySnapshot([lv(5050, 1)], [], 100, 0, 0, ""), false);
    b.setDefaultTick(50);
    assert.ok(b.applySnapshot([lv(5050, 1)], [], 0, 0, 0, ""));
    assert.equal(b.grid!.ticksPerUnit, 200);
  },
});

Deno.test({
  name: "staleness, crossing and clear",
  permissions: "none",
  fn() {
    const b = new OrderBook("1");
    assert.ok(b.isStale(0, 30_000));
    b.applySnapshot([lv(5000, 1)], [lv(5100, 1)], 100, 1000, 1000, "");
    assert.equal(b.isStale(31_000, 30_000), false);
    assert.ok(b.isStale(31_001, 30_000));
    assert.equal(b.crossed, false);
    b.applyDelta(BID, 5200, 1, 1000, 1000);
    assert.ok(b.crossed);
    b.clear();
    assert.deepEqual([b.status, b.bestBid, b.bidLevels, b.levels(BID).length], ["empty", 0, 0, 0]);
  },
});

Deno.test({
  name: "prices 0 and 1 are not tradable levels",
  permissions: "none",
  fn() {
    const b = new OrderBook("1");
    b.applySnapshot([], [], 100, 0, 0, "");
    b.applyDelta(BID, 0, 5, 0, 0);
    b.applyDelta(ASK, 10000, 5, 0, 0);
    assert.deepEqual([b.bestBid, b.bestAsk, b.bidLevels, b.askLevels], [0, 0, 0, 0]);
  },
});
