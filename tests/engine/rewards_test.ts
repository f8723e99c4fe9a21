import assert from "node:assert/strict";
import { Driver, engineConfig, placed, T0, yesView } from "./_engine.ts";
import type { EngineRecord } from "../../lib/engine/mod.ts";
import { orderScore } from "../../lib/model/mod.ts";

// a program paying 1 USDC a minute for orders within 4¢ of the midpoint, ≥ 20 shares
const PROGRAM = { rewards_daily_usdc: 1440, rewards_max_spread_cents: 4, rewards_min_size: 20 };

function rewardRecords(d: Driver) {
  return d.records.filter((r): r is Extract<EngineRecord, { kind: "reward" }> =>
    r.kind === "reward"
  );
}

Deno.test("engine rewards: reward quotes rest the min incentive size; a minute's sample scores them against the book", () => {
  const d = new Driver(engineConfig({
    market: PROGRAM,
    quote: { ladder_level_fraction: 0.01, rewards: "on" },
  }));
  d.start();
  d.settle(d.book(0.48, 0.52));
  const orders = d.engine.tracker.working();
  assert.equal(orders.length, 2);
  for (const o of orders) assert.equal(o.sizeMicro, 20e6, "raised to the min incentive size");
  assert.equal(d.last().quote.rewardSides, 2);
  // the timer at the next minute samples (the book still fresh)
  d.tMs = T0 + 59_000;
  d.settle(d.book(0.48, 0.52));
  d.feed({ kind: "timer", tMs: T0 + 60_000 });
  const [r] = rewardRecords(d);
  assert.ok(r, "a reward sample");
  assert.equal(r.sample.orders, 2);
  assert.equal(r.sample.scoring, 2);
  // by hand: the book's 500 shares at 0.48 and at 0.52 (virtual orders: ours are not in it)
  // score (2/4)²·500 a side; ours, at their prices, S·20 a side
  const others = orderScore(4, 2, 1) * 500;
  const views = orders.map(yesView);
  const ours = Math.min(
    ...views.map((v) => orderScore(4, Math.abs(v.yesTicks - 50), 1) * 20),
  );
  assert.ok(Math.abs(r.sample.share - ours / (ours + others)) < 1e-12, `${r.sample.share}`);
  assert.ok(Math.abs(r.sample.usdc - r.sample.share) < 1e-12, "1 USDC a minute");
  assert.deepEqual(d.engine.status().rewards, r.sample);
});

Deno.test("engine rewards: without a program nothing is sampled and sizes are the model's", () => {
  const d = new Driver(engineConfig({ quote: { ladder_level_fraction: 0.01 } }));
  d.start();
  d.settle(d.book(0.48, 0.52));
  for (const o of d.engine.tracker.working()) assert.ok(o.sizeMicro < 20e6);
  d.tMs = T0 + 60_000;
  d.feed({ kind: "timer", tMs: d.tMs });
  assert.deepEqual(rewardRecords(d), []);
  assert.equal(d.engine.status().rewards, null);
});

Deno.test("engine rewards: the venue's program is followed as it changes (a notice each time); mode off still estimates", () => {
  const d = new Driver(engineConfig({ quote: { ladder_level_fraction: 0.01, rewards: "on" } }));
  d.start();
  const rules = {
    dailyPoolUsdc: 100,
    maxSpreadCents: 4,
    minSizeMicro: 20e6,
    multiplier: 1,
    scale: 3,
  };
  d.feed({ kind: "market_rewards", tMs: d.tMs, rewards: rules });
  d.feed({ kind: "market_rewards", tMs: d.tMs, rewards: { ...rules } }); // unchanged: no notice
  const cmds = d.book(0.48, 0.52);
  assert.ok(placed(cmds).every((o) => o.sizeMicro === 20e6));
  d.feed({ kind: "market_rewards", tMs: d.tMs, rewards: null });
  const notices = d.records.filter((r) => r.kind === "notice" && r.code === "rewards_changed");
  assert.equal(notices.length, 2);
  // rewards mode off: the program is known, the sizes stay the model's
  const off = new Driver(engineConfig({ quote: { ladder_level_fraction: 0.01, rewards: "off" } }));
  off.start();
  off.feed({ kind: "market_rewards", tMs: off.tMs, rewards: rules });
  off.settle(off.book(0.48, 0.52));
  assert.ok(off.engine.tracker.working().every((o) => o.sizeMicro < 20e6));
  // the estimate is made with the mode off too: what the model's own quotes earn (nothing, here:
  // they are under the min size)
  off.tMs = T0 + 59_000;
  off.settle(off.book(0.48, 0.52));
  off.feed({ kind: "timer", tMs: T0 + 60_000 });
  const [r] = rewardRecords(off);
  assert.equal(r.sample.orders, 2);
  assert.equal(r.sample.scoring, 0);
  assert.equal(r.sample.usdc, 0);
});

Deno.test("engine rewards: a config override is not replaced by the venue's reads", () => {
  const d = new Driver(engineConfig({ market: PROGRAM }));
  d.start();
  d.feed({ kind: "market_rewards", tMs: d.tMs, rewards: null });
  assert.equal(d.engine.rewards.rules?.dailyPoolUsdc, 1440);
});

Deno.test("engine rewards: the venue's word on our orders is journaled beside the estimate; fewer scoring than meant warns", () => {
  const d = new Driver(engineConfig({
    market: PROGRAM,
    quote: { ladder_level_fraction: 0.01, rewards: "on" },
  }));
  d.start();
  d.settle(d.book(0.48, 0.52));
  d.tMs = T0 + 59_000;
  d.settle(d.book(0.48, 0.52));
  d.feed({ kind: "timer", tMs: T0 + 60_000 }); // the estimate: both score
  const ids = d.engine.tracker.working().map((o) => o.orderId!);
  d.feed({ kind: "orders_scoring", tMs: T0 + 61_000, scoring: { [ids[0]]: true, [ids[1]]: true } });
  const checks = () => d.records.filter((r) => r.kind === "reward_check");
  const warnings = () =>
    d.records.filter((r) => r.kind === "notice" && r.code === "rewards_not_scoring");
  assert.deepEqual(checks().at(-1), {
    kind: "reward_check",
    tMs: T0 + 61_000,
    scoring: 2,
    orders: 2,
    expected: 2,
  });
  assert.equal(warnings().length, 0);
  // the band moved under them: the venue scores one of the two we meant to score
  d.feed({
    kind: "orders_scoring",
    tMs: T0 + 62_000,
    scoring: { [ids[0]]: false, [ids[1]]: true },
  });
  assert.deepEqual(d.engine.status().rewardsVenue, { tMs: T0 + 62_000, scoring: 1, orders: 2 });
  assert.equal(warnings().length, 1);
  // ids that are not ours are not counted
  d.feed({ kind: "orders_scoring", tMs: T0 + 63_000, scoring: { "0xnotours": true } });
  assert.deepEqual(d.engine.status().rewardsVenue, { tMs: T0 + 63_000, scoring: 0, orders: 0 });
});

Deno.test("engine rewards: a q_max below the min incentive size is a warning once, with the bankroll that would rest it; a notice when it does again", () => {
  const d = new Driver(engineConfig({ quote: { ladder_level_fraction: 0.01, rewards: "on" } }));
  d.start();
  const rules = {
    dailyPoolUsdc: 100,
    maxSpreadCents: 4,
    minSizeMicro: 1000e6,
    multiplier: 1,
    scale: 3,
  };
  d.feed({ kind: "market_rewards", tMs: d.tMs, rewards: rules });
  d.settle(d.book(0.48, 0.52));
  const notices = () =>
    d.records.filter((r): r is Extract<EngineRecord, { kind: "notice" }> =>
      r.kind === "notice" && r.code === "rewards_capacity"
    );
  // halfway through a 60-day market at p = 0.50: q_max = 500·√0.5/(1.1·0.5) = 642.82 shares,
  // and q_max reaches 1000 shares at bankroll_B = 1000·1000/642.82 = 1555.6 USDC
  assert.equal(notices().length, 1);
  assert.equal(notices()[0].level, "warning");
  assert.match(notices()[0].message, /min incentive size \(1000 shares\): q_max is 642\.82 shares/);
  assert.match(notices()[0].message, /bankroll_B 1556 USDC would rest it now/);
  for (const o of d.engine.tracker.working()) assert.ok(o.sizeMicro < 1000e6, "never past q_max");
  // the next decisions say nothing more while it lasts
  d.tMs += 5_000;
  d.settle(d.book(0.47, 0.52));
  assert.equal(notices().length, 1);
  // 630 shares: within 5 % of q_max — still short; 600: q_max rests it again
  d.feed({ kind: "market_rewards", tMs: d.tMs, rewards: { ...rules, minSizeMicro: 630e6 } });
  d.settle(d.book(0.48, 0.52));
  assert.equal(notices().length, 1);
  d.feed({ kind: "market_rewards", tMs: d.tMs, rewards: { ...rules, minSizeMicro: 600e6 } });
  d.settle(d.book(0.47, 0.53));
  assert.equal(notices().length, 2);
  assert.equal(notices()[1].level, "info");
  assert.match(
    notices()[1].message,
    /q_max \(642\.82 shares\) rests the min incentive size \(600\) again/,
  );
});
