import assert from "node:assert/strict";
import { RunAnalytics } from "../../lib/backtest/mod.ts";
import type { EngineRecord, Fill } from "../../lib/engine/mod.ts";

const T = 1_800_000_000_000;
const opts = {
  kind: "backtest" as const,
  conditionId: "0xcc",
  slippageBuffer: 0.1,
  cashReserveUsdc: 0,
};

function fill(tMs: number, over: Partial<Fill>): EngineRecord {
  return {
    kind: "fill",
    tMs,
    effect: "applied",
    yesMicro: 0,
    noMicro: 0,
    cashMicro: 0,
    fill: {
      tradeId: `t${tMs}`,
      orderId: "o",
      token: "YES",
      side: "BUY",
      pricePips: 4800,
      sizeMicro: 10e6,
      feeMicro: 0,
      status: "MATCHED",
      matchMs: tMs,
      ...over,
    },
  };
}

const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} vs ${b}`);

Deno.test("analytics: spread capture at the mark, inventory P&L on moves, fees, and their sum", () => {
  const a = new RunAnalytics(opts);
  a.start(T, 100e6, 0, 0);
  a.mark(T, 50_000_000); // 0.50
  a.record(fill(T + 1000, {})); // buy 10 YES at 0.48: +0.20 edge
  a.mark(T + 2000, 55_000_000); // +0.05 × 10 = +0.50
  // sell 4 NO at 0.47 with a 0.01 rebate: NO marks at 0.45 → edge (0.47 − 0.45)·4 = +0.08
  a.record(
    fill(T + 3000, {
      token: "NO",
      side: "SELL",
      pricePips: 4700,
      sizeMicro: 4e6,
      feeMicro: -10_000,
    }),
  );
  a.mark(T + 4000, 50_000_000); // position 10 YES − (−4 NO)… YES 10, NO −4: net 14 × −0.05 = −0.70
  const s = a.result().summary;
  close(s.spreadCaptureUsdc, 0.28, "spread");
  close(s.inventoryPnlUsdc, 0.5 - 0.7, "inventory");
  close(s.feesUsdc, 0.01, "rebate");
  close(s.pnlUsdc, s.spreadCaptureUsdc + s.inventoryPnlUsdc + s.feesUsdc, "identity");
  // cash 100 − 4.80 + 1.88 + 0.01; holdings 10 YES, −4 NO at 0.5
  close(s.finalCashUsdc, 97.09, "cash");
  close(s.pnlUsdc, 97.09 + 5 - 2 - 100, "marked");
  assert.equal(s.fills, 2);
  close(s.filledShares, 14, "shares");
  close(s.maxDrawdownUsdc, 0.7, "drawdown from the +0.78 peak to +0.08");
});

Deno.test("analytics: markouts by horizon, signed by the side that added exposure", () => {
  const a = new RunAnalytics(opts);
  a.start(T, 100e6, 0, 0);
  a.mark(T, 50_000_000);
  a.record(fill(T, {})); // +10 YES exposure at mark 0.50
  a.mark(T + 1_000, 49_000_000); // 1 s: −0.01 × 10 = −0.10
  a.mark(T + 10_000, 47_000_000); // 10 s: −0.30
  a.mark(T + 60_000, 52_000_000); // 60 s: +0.20
  const m = a.result().summary.markouts;
  close(m[0].usdc, -0.1, "1s");
  close(m[0].perShareUsdc, -0.01, "1s per share");
  close(m[1].usdc, -0.3, "10s");
  close(m[2].usdc, 0.2, "60s");
  // 300 s never came: measured at the last mark when the run ends
  close(m[3].usdc, 0.2, "300s at the end");
  assert.deepEqual(m.map((x) => x.fills), [1, 1, 1, 1]);
});

Deno.test("analytics: a known resolution pays 1/0; FAILED fills are undone", () => {
  const a = new RunAnalytics(opts);
  a.start(T, 100e6, 0, 0);
  a.mark(T, 40_000_000);
  a.record(fill(T + 1, { pricePips: 3900 })); // +0.10
  const failed = fill(T + 2, { pricePips: 3900, tradeId: "x" });
  a.record(failed);
  a.record({ ...failed, effect: "reverted" } as EngineRecord);
  a.resolve(T + 3, "YES"); // 10 × (1 − 0.40) = +6
  const s = a.result().summary;
  assert.equal(s.resolution, "YES");
  close(s.spreadCaptureUsdc, 0.1, "spread");
  close(s.inventoryPnlUsdc, 6, "payoff");
  close(s.pnlUsdc, 6.1, "pnl");
  assert.equal(s.fills, 1);
});

Deno.test("analytics: cash-floor breaches are counted on entry, time at capacity is time-weighted", () => {
  const a = new RunAnalytics(opts);
  a.start(T, 10e6, 0, 0);
  a.mark(T, 50_000_000);
  // buy 18 YES at 0.5 → cash 1.00; floor = 18 × 0.5 × 1.1 = 9.90 → breach
  a.record(fill(T + 1, { pricePips: 5000, sizeMicro: 18e6 }));
  a.mark(T + 2, 51_000_000); // still in breach: not counted again
  a.record(fill(T + 3, { side: "SELL", pricePips: 5100, sizeMicro: 18e6, tradeId: "s" }));
  a.record(fill(T + 4, { pricePips: 5000, sizeMicro: 19e6, tradeId: "b2" }));
  const dec = (tMs: number, qHat: number): EngineRecord => ({
    kind: "decision",
    tMs,
    why: "book",
    state: "active",
    tickPips: 100,
    keep: [],
    cancel: [],
    place: [],
    deferred: 0,
    quote: {
      qHat,
      bidTicks: 49,
      askTicks: 53,
      sigma: 1,
      lambda: 1.5,
      gamma: 2,
      delta: 0.1,
    } as never,
  });
  a.record(dec(T + 10_000, 1));
  a.record(dec(T + 40_000, 0.5));
  a.record(dec(T + 50_000, 0.5));
  const s = a.result().summary;
  assert.equal(s.floorBreaches, 2);
  close(s.timeAtCapacity, 30 / 40, "capacity");
  assert.equal(s.decisions, 3);
  const r = a.result().series;
  const bidCol = r.columns.indexOf("bid") + 1;
  assert.equal(r.rows.at(-1)![bidCol], 0.49);
});

Deno.test("analytics: reward samples add to the P&L beside the split; the venue's tally can replace the engine's", () => {
  const sample = (tMs: number, usdc: number, scoring: number): EngineRecord => ({
    kind: "reward",
    tMs,
    sample: { tMs, share: 0.1, usdc, scoring, orders: 2, todayUsdc: 0 },
  });
  const a = new RunAnalytics(opts);
  a.start(T, 100e6, 0, 0);
  a.mark(T, 50_000_000);
  a.record(fill(T + 1000, {})); // +0.20 spread capture
  a.record(sample(T + 60_000, 0.25, 2));
  a.record(sample(T + 120_000, 0, 0));
  a.record(sample(T + 180_000, 0.5, 1));
  const s = a.result().summary;
  close(s.rewardsUsdc, 0.75, "rewards");
  assert.equal(s.rewardSamples, 3);
  close(s.rewardScoredShare, 2 / 3, "scored share");
  close(
    s.pnlUsdc,
    s.spreadCaptureUsdc + s.inventoryPnlUsdc + s.feesUsdc + s.rewardsUsdc,
    "identity with rewards",
  );
  // the simulator's venue scores every maker: its tally is fed, the engine's estimate ignored
  const venue = new RunAnalytics({ ...opts, rewardsFromJournal: false });
  venue.start(T, 100e6, 0, 0);
  venue.mark(T, 50_000_000);
  venue.record(sample(T + 60_000, 0.25, 2));
  venue.reward(T + 60_000, 0.4, true);
  close(venue.result().summary.rewardsUsdc, 0.4, "venue tally");
  close(venue.result().summary.pnlUsdc, 0.4, "in the P&L");
});
