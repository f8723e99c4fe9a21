import assert from "node:assert/strict";
import { SimRewards } from "../../lib/sim/mod.ts";
import { exchange, M, T } from "./_exchange.ts";

const RULES = {
  maxSpreadCents: 3,
  minSizeMicro: 20 * M,
  dailyPoolUsdc: 1_440,
  multiplier: 1,
  scale: 3,
};

Deno.test("sim rewards: each maker's Q_min shares the minute; one-sided scores a third; misses count", () => {
  const { ex, order } = exchange();
  const r = new SimRewards(RULES, ex);
  // alice: two-sided 1¢ from 0.50, 30 shares a side: Q_one = Q_two = (2/3)²·30 = 13.33
  ex.place(order({ owner: "alice", pricePips: 4_900, sizeMicro: 30 * M }), T);
  ex.place(order({ owner: "alice", side: "SELL", pricePips: 5_100, sizeMicro: 30 * M }), T);
  // bob: bids only, 2¢ away, 90 shares: (1/3)²·90 = 10, one-sided: 10/3
  ex.place(order({ owner: "bob", pricePips: 4_800, sizeMicro: 90 * M }), T);
  // carol: under the min size, and far away: nothing
  ex.place(order({ owner: "carol", pricePips: 4_900, sizeMicro: 10 * M }), T);
  ex.place(order({ owner: "carol", side: "SELL", pricePips: 5_400, sizeMicro: 50 * M }), T);
  const carol = r.tally("carol"); // counted from now on, scoring or not
  assert.equal(r.adjustedMid(), 5_000);
  r.sample(T + 60_000);
  const a = 400 / 30;
  const b = 10 / 3;
  const close = (x: number, y: number) => assert.ok(Math.abs(x - y) < 1e-9, `${x} vs ${y}`);
  close(r.tally("alice").earnedUsdc, a / (a + b));
  close(r.tally("bob").earnedUsdc, b / (a + b));
  assert.equal(carol.earnedUsdc, 0);
  assert.equal(carol.samples, 1);
  assert.equal(carol.scored, 0);
  // the order-level answer of /order-scoring
  const [aliceBid] = ex.openOrders("alice");
  const [carolSmall, carolFar] = ex.openOrders("carol");
  assert.equal(r.scoring(aliceBid), true);
  assert.equal(r.scoring(carolSmall), false);
  assert.equal(r.scoring(carolFar), false);
  // alice takes her bid away: the bids' cutoff falls to 0.48 (carol's 10 shares are dust), the
  // midpoint to 0.495; alice's ask alone scores (1/2)²·30 / 3 = 2.5, bob's bid (1/2)²·90 / 3 = 7.5
  ex.cancel(aliceBid.id, "alice", T + 61_000);
  assert.equal(r.adjustedMid(), 4_950);
  r.sample(T + 120_000);
  close(r.tally("alice").lastUsdc, 0.25);
  close(r.tally("bob").lastUsdc, 0.75);
  assert.equal(r.tally("alice").samples, 2);
});
