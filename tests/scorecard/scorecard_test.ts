import assert from "node:assert/strict";
import { quoteParams } from "../../lib/config/mod.ts";
import { engineConfig } from "../engine/_engine.ts";
import { gridFromPips, QuoteDecision, type QuoteInputs } from "../../lib/model/mod.ts";
import {
  aggregate,
  avellanedaStoikovPrice,
  bands,
  fixedSpread,
  runOne,
  type RunScore,
  verdict,
} from "../../lib/scorecard/mod.ts";

const budget = { bankrollUsdc: 1000, orderUsdc: 50 };
const prm = quoteParams(engineConfig());

function inputs(over: Partial<QuoteInputs> = {}): QuoteInputs {
  return {
    tMs: 1_000_000,
    grid: gridFromPips(100),
    pRefE8: 50_000_000,
    bestBidTicks: 49,
    bestAskTicks: 51,
    minOrderMicro: 5e6,
    yesMicro: 0,
    noMicro: 0,
    cashMicro: 1000e6,
    sigma: 1,
    kappaBid: 20,
    kappaAsk: 20,
    crowdU: 0,
    adverseBid: 0,
    adverseAsk: 0,
    flow: 0,
    ...over,
  };
}

function orders(d: QuoteDecision) {
  return Array.from({ length: d.count }, (_, i) => ({
    token: d.token[i] === 0 ? "YES" : "NO",
    side: d.side[i] === 0 ? "BUY" : "SELL",
    ticks: d.priceTicks[i],
    shares: d.sizeMicro[i] / 1e6,
  }));
}

Deno.test("baselines: fixed spread quotes ±2 ticks of the mid, $50 a side, post-only", () => {
  const d = fixedSpread(budget, 2)(inputs(), prm, new QuoteDecision(4));
  assert.deepEqual(orders(d), [
    { token: "YES", side: "BUY", ticks: 48, shares: 104.16 },
    { token: "NO", side: "BUY", ticks: 48, shares: 104.16 },
  ]);
  // the asks came down to 0.49 (the mid still 0.50): the bid steps back below them
  const tight = fixedSpread(budget, 1)(
    inputs({ bestBidTicks: 48, bestAskTicks: 49 }),
    prm,
    new QuoteDecision(4),
  );
  assert.deepEqual(orders(tight).map((o) => [o.token, o.ticks]), [["YES", 48], ["NO", 49]]);
});

Deno.test("baselines: holdings are sold instead of buying the other side; the position is capped", () => {
  const d = fixedSpread(budget, 2)(inputs({ yesMicro: 200e6 }), prm, new QuoteDecision(4));
  const o = orders(d);
  assert.deepEqual(o[1], { token: "YES", side: "SELL", ticks: 52, shares: 104.16 });
  // at the cap (0.5 × 1000 / 0.5 = 1000 shares long) the bid goes away
  const full = fixedSpread(budget, 2)(inputs({ yesMicro: 1000e6 }), prm, new QuoteDecision(4));
  assert.ok(orders(full).every((x) => x.side === "SELL"));
});

Deno.test("baselines: bands at fixed margins; A–S skews against the position", () => {
  const b = bands(budget, [{ margin: 0.01, usdc: 20 }, { margin: 0.03, usdc: 30 }])(
    inputs({ bestBidTicks: 45, bestAskTicks: 55 }),
    prm,
    new QuoteDecision(4),
  );
  assert.deepEqual(orders(b).map((o) => [o.token, o.ticks]), [
    ["YES", 49],
    ["NO", 49],
    ["YES", 47],
    ["NO", 47],
  ]);
  const as = avellanedaStoikovPrice(budget, {
    gamma: 1,
    kappa: 100,
    horizonS: 3600,
    varianceTauS: 300,
  });
  const wide = { bestBidTicks: 30, bestAskTicks: 70 };
  // feed a volatile path so that σ² > 0, then compare flat and long
  let p = 0.5;
  for (let i = 0; i < 200; i++) {
    p = i % 2 ? 0.5 : 0.51;
    as(
      inputs({ ...wide, tMs: 1_000_000 + i * 1000, pRefE8: Math.round(p * 1e8) }),
      prm,
      new QuoteDecision(4),
    );
  }
  const t = 1_000_000 + 200 * 1000;
  const flat = as(inputs({ ...wide, tMs: t }), prm, new QuoteDecision(4));
  const fb = flat.bidTicks;
  const fa = flat.askTicks;
  const long = as(inputs({ ...wide, tMs: t, yesMicro: 800e6 }), prm, new QuoteDecision(4));
  assert.ok(
    long.bidTicks < fb || long.askTicks < fa,
    `flat ${fb}/${fa}, long ${long.bidTicks}/${long.askTicks}`,
  );
  assert.ok(fa - fb >= 2);
});

Deno.test("scorecard: a simulated run is deterministic and PM4 keeps its cash floor", () => {
  const a = runOne("pm4", "e3", 5);
  const b = runOne("pm4", "e3", 5);
  assert.deepEqual(a, b);
  assert.equal(a.floorBreaches, 0);
  assert.ok(a.filledShares > 0, "it trades");
  // to the end, or stopped by its own guard (the calibrated simulator is no gift)
  assert.match(a.stopReason, /resolution guard|market resolved|kill switch/);
});

Deno.test("scorecard: aggregation and the verdict", () => {
  const run = (
    strategy: string,
    type: "a1" | "e2",
    seed: number,
    pnl: number,
    m60 = 0,
  ): RunScore => ({
    strategy,
    type,
    seed,
    pnl,
    maxDrawdown: 1,
    markout60PerShare: m60,
    filledShares: 10,
    fillRate: 0.1,
    timeAtCapacity: 0,
    floorBreaches: 0,
    stopReason: "x",
  });
  const runs = [
    run("pm4", "a1", 1, 10, -0.001),
    run("pm4", "a1", 2, 14, -0.001),
    run("pm4-sigma1", "a1", 1, 9, -0.003),
    run("pm4-sigma1", "a1", 2, 15, -0.003),
    run("fixed", "a1", 1, -5),
    run("fixed", "a1", 2, 5),
    run("as-price", "a1", 1, 1),
    run("as-price", "a1", 2, 3),
  ];
  const cells = aggregate(runs);
  const pm4 = cells.find((c) => c.strategy === "pm4")!;
  assert.equal(pm4.pnlMean, 12);
  assert.ok(Math.abs(pm4.pnlSd - Math.SQRT2 * 2) < 1e-12);
  assert.ok(Math.abs(pm4.riskAdjusted - 12 / (2 * Math.SQRT2)) < 1e-12);
  assert.ok(Math.abs(pm4.adverseCentsPerShare - 0.1) < 1e-12);
  const v = verdict(cells);
  assert.deepEqual(v.pm4Wins, ["a1"]);
  assert.deepEqual(v.sigmaHelps, ["a1"]);
  assert.equal(v.pm4Breaches, 0);
});
