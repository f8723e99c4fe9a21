import assert from "node:assert/strict";
import fc from "fast-check";
import { QueueModel } from "../../lib/market/mod.ts";

Deno.test("queue: an order joins the back; trades at its level eat the volume ahead first", () => {
  const q = new QueueModel();
  q.add("a", "YES", "BUY", 4500, 10e6, 30e6); // 30 ahead
  assert.deepEqual(q.onTrade(4500, 20e6, false), []);
  assert.equal(q.list()[0].aheadMicro, 10e6);
  // 15 more: 10 ahead, then 5 to us
  assert.deepEqual(q.onTrade(4500, 15e6, false), [
    { orderId: "a", token: "YES", side: "BUY", pricePips: 4500, sizeMicro: 5e6 },
  ]);
  assert.deepEqual(q.onTrade(4500, 100e6, false).map((f) => f.sizeMicro), [5e6]);
  assert.equal(q.size, 0);
});

Deno.test("queue: a NO bid is the unified ask at 1 − p; buys of YES lift it", () => {
  const q = new QueueModel();
  q.add("n", "NO", "BUY", 4000, 10e6, 0); // YES ask at 0.60, first in line
  assert.deepEqual(q.onTrade(6000, 3e6, false), [], "sells of YES hit bids, not us");
  assert.deepEqual(q.onTrade(6000, 3e6, true), [
    { orderId: "n", token: "NO", side: "BUY", pricePips: 4000, sizeMicro: 3e6 },
  ]);
});

Deno.test("queue: a trade through our price, or the opposite best reaching it, fills us entirely", () => {
  const q = new QueueModel();
  q.add("a", "YES", "SELL", 5500, 10e6, 50e6);
  assert.deepEqual(q.onTrade(5600, 1e6, true).map((f) => f.sizeMicro), [10e6]);
  q.add("b", "YES", "BUY", 4500, 10e6, 50e6);
  assert.deepEqual(q.onTop(4400, 4600), []);
  assert.deepEqual(q.onTop(4400, 4500).map((f) => [f.orderId, f.sizeMicro]), [["b", 10e6]]);
});

Deno.test("queue: cancels shrink the volume ahead proportionally; trade-explained decreases do not count twice", () => {
  const q = new QueueModel();
  q.add("a", "YES", "BUY", 4500, 10e6, 40e6);
  // the level falls 40 → 20 with no trade: half the queue cancelled, ahead 40 → 20
  q.onLevel(0, 4500, 40e6, 20e6);
  assert.equal(q.list()[0].aheadMicro, 20e6);
  // a trade of 10 (ahead → 10), then the level update 20 → 10 that the trade explains
  q.onTrade(4500, 10e6, false);
  q.onLevel(0, 4500, 20e6, 10e6);
  assert.equal(q.list()[0].aheadMicro, 10e6);
  // growth behind us changes nothing
  q.onLevel(0, 4500, 10e6, 60e6);
  assert.equal(q.list()[0].aheadMicro, 10e6);
  assert.ok(q.remove("a"));
  assert.ok(!q.remove("a"));
});

Deno.test("queue property: fills never exceed an order's size and happen at its own price", () => {
  const ev = fc.oneof(
    fc.record({
      k: fc.constant(0),
      p: fc.integer({ min: 40, max: 60 }),
      s: fc.integer({ min: 1, max: 50 }),
      buy: fc.boolean(),
    }),
    fc.record({
      k: fc.constant(1),
      p: fc.integer({ min: 40, max: 60 }),
      s: fc.integer({ min: 0, max: 50 }),
      side: fc.constantFrom(0 as const, 1 as const),
    }),
  );
  fc.assert(
    fc.property(fc.array(ev, { maxLength: 60 }), (evs) => {
      const q = new QueueModel();
      const sizes = new Map<string, number>();
      const price = new Map<string, number>();
      const level = new Map<string, number>();
      let i = 0;
      for (const side of [0, 1] as const) {
        for (let p = 45; p <= 55; p += 5) {
          const id = `o${i++}`;
          const token = i % 2 ? "YES" : "NO";
          const yesPips = p * 100;
          const own = token === "YES" ? yesPips : 10_000 - yesPips;
          const s = (token === "YES") === (side === 0) ? "BUY" : "SELL";
          q.add(id, token, s, own, 10e6, 20e6);
          sizes.set(id, 10e6);
          price.set(id, own);
        }
      }
      const filled = new Map<string, number>();
      for (const e of evs) {
        const fills = e.k === 0 ? q.onTrade(e.p * 100, e.s * 1e6, e.buy) : (() => {
          const key = `${e.side}:${e.p}`;
          const old = level.get(key) ?? 20e6;
          level.set(key, e.s * 1e6);
          q.onLevel(e.side, e.p * 100, old, e.s * 1e6);
          return [];
        })();
        for (const f of fills) {
          assert.ok(f.sizeMicro > 0);
          assert.equal(f.pricePips, price.get(f.orderId));
          filled.set(f.orderId, (filled.get(f.orderId) ?? 0) + f.sizeMicro);
        }
      }
      for (const [id, n] of filled) assert.ok(n <= sizes.get(id)!);
      for (const o of q.list()) assert.ok(o.aheadMicro >= 0 && o.remainingMicro > 0);
    }),
    { numRuns: 300 },
  );
});
