import assert from "node:assert/strict";
import { diffOrders, OrderTracker, type TargetOrder } from "../../lib/engine/mod.ts";

const P = { sizeTolerance: 0.2, sizeOverMicro: 0, requoteTicks: 2, maxQuoteAgeMs: 60_000 };

function working(specs: [price: number, size: number, matched?: number][], tMs = 0) {
  const t = new OrderTracker();
  return specs.map(([priceTicks, sizeMicro, matched]) => {
    const o = t.create({ token: "YES", side: "BUY", priceTicks, tickPips: 100, sizeMicro }, tMs);
    o.state = "live";
    o.reportedMicro = matched ?? 0;
    return o;
  });
}

const target = (priceTicks: number, sizeMicro: number): TargetOrder => ({
  token: "YES",
  side: "BUY",
  priceTicks,
  sizeMicro,
});

Deno.test("order diff: exact matches first, then within requote_ticks − 1", () => {
  const w = working([[50, 10e6], [48, 10e6], [45, 10e6]]);
  const d = diffOrders([target(49, 10e6), target(50, 10e6)], w, 100, 1000, P);
  // 50 is kept exactly; 48 is one tick from 49 (< 2): kept; 45 goes
  assert.deepEqual(d.keep.map((o) => o.priceTicks), [50, 48]);
  assert.deepEqual(d.cancel.map((o) => o.priceTicks), [45]);
  assert.deepEqual(d.place, []);
});

Deno.test("order diff: sizes are kept only within tolerance below the target, never above", () => {
  const w = working([[50, 10e6], [49, 10e6, 3e6], [48, 10e6]]);
  const d = diffOrders(
    [target(50, 9e6), target(49, 8e6), target(48, 13e6)],
    w,
    100,
    1000,
    P,
  );
  // 50: 10 > 9 (above target) → replace; 49: 7 remaining ≥ 8·0.8 = 6.4 → keep;
  // 48: 10 < 13·0.8 = 10.4 → replace
  assert.deepEqual(d.keep.map((o) => o.priceTicks), [49]);
  assert.deepEqual(d.cancel.map((o) => o.priceTicks), [50, 48]);
  assert.deepEqual(d.place.map((t) => t.priceTicks), [50, 48]);
});

Deno.test("order diff: an order a little above its target (up to sizeOverMicro) keeps its place", () => {
  const w = working([[50, 10e6], [49, 10e6]]);
  const over = { ...P, sizeOverMicro: 1.66e6 };
  // a target shaved by time decay: 9.99 shares — kept; one cut by a fill: 8 shares — replaced
  const d = diffOrders([target(50, 9.99e6), target(49, 8e6)], w, 100, 1000, over);
  assert.deepEqual(d.keep.map((o) => o.priceTicks), [50]);
  assert.deepEqual(d.cancel.map((o) => o.priceTicks), [49]);
  assert.deepEqual(d.place.map((t) => t.priceTicks), [49]);
  // with no allowance, never above
  assert.deepEqual(diffOrders([target(50, 9.99e6)], w.slice(0, 1), 100, 1000, P).keep, []);
});

Deno.test("order diff: a max age of Infinity never replaces an order for its age", () => {
  const w = working([[50, 10e6]], 0);
  const d = diffOrders([target(50, 10e6)], w, 100, 1e12, { ...P, maxQuoteAgeMs: Infinity });
  assert.equal(d.keep.length, 1);
});

Deno.test("order diff: old orders, other grids, other tokens and cancelling orders are replaced", () => {
  const t = new OrderTracker();
  const old = t.create({
    token: "YES",
    side: "BUY",
    priceTicks: 50,
    tickPips: 100,
    sizeMicro: 10e6,
  }, 0);
  const grid = t.create({
    token: "YES",
    side: "BUY",
    priceTicks: 500,
    tickPips: 10,
    sizeMicro: 10e6,
  }, 50_000);
  const no = t.create(
    { token: "NO", side: "BUY", priceTicks: 50, tickPips: 100, sizeMicro: 10e6 },
    50_000,
  );
  const canceling = t.create({
    token: "YES",
    side: "BUY",
    priceTicks: 50,
    tickPips: 100,
    sizeMicro: 10e6,
  }, 50_000);
  canceling.state = "canceling";
  const d = diffOrders([target(50, 10e6)], [old, grid, no, canceling], 100, 70_000, P);
  assert.deepEqual(d.keep, []);
  assert.deepEqual(d.cancel, [old, grid, no]);
  assert.equal(d.place.length, 1);
});
