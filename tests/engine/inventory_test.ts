import assert from "node:assert/strict";
import { type Fill, Inventory, OrderTracker } from "../../lib/engine/mod.ts";

const fill = (over: Partial<Fill>): Fill => ({
  tradeId: "t1",
  orderId: "o1",
  token: "YES",
  side: "BUY",
  pricePips: 4200,
  sizeMicro: 10e6,
  feeMicro: 0,
  status: "MATCHED",
  matchMs: 0,
  ...over,
});

Deno.test("inventory: buys and sells move cash by price × size, fees come off cash", () => {
  const inv = new Inventory();
  inv.setBalances({ cashMicro: 100e6, yesMicro: 0, noMicro: 5e6 });
  assert.equal(inv.apply(fill({})), "applied");
  assert.equal(inv.cashMicro, 100e6 - 4.2e6);
  assert.equal(inv.yesMicro, 10e6);
  assert.equal(
    inv.apply(
      fill({
        tradeId: "t2",
        token: "NO",
        side: "SELL",
        pricePips: 5700,
        sizeMicro: 5e6,
        feeMicro: 12_345,
      }),
    ),
    "applied",
  );
  assert.equal(inv.cashMicro, 100e6 - 4.2e6 + 2.85e6 - 12_345);
  assert.equal(inv.noMicro, 0);
  assert.equal(inv.feesMicro, 12_345);
  assert.equal(inv.netMicro, 10e6);
  // equity at p = 0.5: cash + 10 YES · 0.5
  assert.equal(inv.equityUsdc(0.5), (100e6 - 4.2e6 + 2.85e6 - 12_345 + 5e6) / 1e6);
});

Deno.test("inventory: one trade can fill two of our orders; each counts once; FAILED reverts once", () => {
  const inv = new Inventory();
  assert.equal(inv.apply(fill({ orderId: "a" })), "applied");
  assert.equal(inv.apply(fill({ orderId: "b" })), "applied");
  assert.equal(inv.apply(fill({ orderId: "a", status: "MINED" })), "duplicate");
  assert.equal(inv.unsettled(), 2);
  assert.equal(inv.apply(fill({ orderId: "a", status: "CONFIRMED" })), "duplicate");
  assert.equal(inv.unsettled(), 1);
  assert.equal(inv.apply(fill({ orderId: "b", status: "FAILED" })), "reverted");
  assert.equal(inv.apply(fill({ orderId: "b", status: "FAILED" })), "duplicate");
  assert.equal(inv.yesMicro, 10e6);
  assert.equal(inv.apply(fill({ tradeId: "x", status: "FAILED" })), "ignored");
  assert.equal(inv.yesMicro, 10e6);
  assert.ok(inv.has("x", "o1"));
});

Deno.test("order tracker: ids, reservations, adoption and pruning", () => {
  const t = new OrderTracker();
  const a = t.create(
    { token: "YES", side: "BUY", priceTicks: 40, tickPips: 100, sizeMicro: 10e6 },
    0,
  );
  const b = t.create(
    { token: "NO", side: "SELL", priceTicks: 70, tickPips: 100, sizeMicro: 6e6 },
    0,
  );
  assert.equal(t.client(a.clientId), a);
  t.signed(a.clientId, "0xa");
  assert.equal(t.get("0xa"), a);
  t.report(a, 4e6);
  assert.deepEqual(t.reservations(), { cashMicro: 0.4 * 6e6, yesMicro: 0, noMicro: 6e6 });
  const adopted = t.adopt(
    {
      id: "0xz",
      token: "YES",
      side: "SELL",
      pricePips: 6100,
      originalMicro: 8e6,
      matchedMicro: 1e6,
    },
    100,
    5,
  );
  assert.equal(adopted.priceTicks, 61);
  assert.equal(adopted.state, "live");
  assert.equal(
    t.adopt(
      {
        id: "0xz",
        token: "YES",
        side: "SELL",
        pricePips: 6100,
        originalMicro: 8e6,
        matchedMicro: 1e6,
      },
      100,
      5,
    ),
    adopted,
  );
  t.finish(b, "canceled");
  assert.deepEqual(t.working(), [a, adopted]);
  t.finish(a, "filled");
  t.prune(1);
  assert.equal(t.get("0xa"), undefined);
  assert.equal(t.size, 1, "a and b were pruned; the adopted order stays");
});

Deno.test("inventory: the cost of the position — buys add, sells take the average off, FAILED undoes exactly", () => {
  const inv = new Inventory();
  inv.setBalances({ cashMicro: 1000e6, yesMicro: 0, noMicro: 0 });
  inv.apply(fill({ tradeId: "a", pricePips: 4000, sizeMicro: 100e6 })); // 40 USDC
  inv.apply(fill({ tradeId: "b", pricePips: 6000, sizeMicro: 100e6, feeMicro: 1e6 })); // 61
  assert.equal(inv.yesCostMicro, 101e6);
  // selling a quarter takes a quarter of the cost off (average 0.505)
  inv.apply(fill({ tradeId: "c", side: "SELL", pricePips: 9000, sizeMicro: 50e6 }));
  assert.equal(inv.yesCostMicro, 75.75e6);
  // the sell fails: the cost it took off comes back
  inv.apply(
    fill({ tradeId: "c", side: "SELL", pricePips: 9000, sizeMicro: 50e6, status: "FAILED" }),
  );
  assert.equal(inv.yesCostMicro, 101e6);
  inv.apply(fill({ tradeId: "d", token: "NO", pricePips: 3000, sizeMicro: 10e6 }));
  assert.equal(inv.costMicro, 104e6);
});

Deno.test("inventory: shares of unknown cost count at 1 USDC until the first price marks them", () => {
  const inv = new Inventory();
  inv.setBalances({ cashMicro: 100e6, yesMicro: 50e6, noMicro: 20e6 });
  assert.equal(inv.costMicro, 70e6);
  inv.priceUnknown(0.3);
  // YES at 0.30, NO at 0.70
  assert.equal(Math.round(inv.yesCostMicro), 15e6);
  assert.equal(Math.round(inv.noCostMicro), 14e6);
  // an adopted balance with fewer shares keeps the average; more adds at face
  inv.setBalances({ cashMicro: 100e6, yesMicro: 25e6, noMicro: 30e6 });
  assert.equal(Math.round(inv.yesCostMicro), 7.5e6);
  assert.equal(Math.round(inv.noCostMicro), 24e6);
});
