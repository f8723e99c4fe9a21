import assert from "node:assert/strict";
import { quoteParams } from "../../lib/config/mod.ts";
import { engineConfig } from "../engine/_engine.ts";
import { gridFromPips, QuoteDecision, type QuoteInputs } from "../../lib/model/mod.ts";
import {
  aggregate,
  avellanedaStoikovPrice,
  bands,
  fixedSpread,
  glftPrice,
  glftQuotes,
  hummingbotAs,
  pairedTable,
  pairedVsPm4,
  polyMaker,
  runOne,
  type RunScore,
  scorecardConfig,
  SIM_T0,
  STRATEGIES,
  strategyQuoter,
  verdict,
  verdictText,
} from "../../lib/scorecard/mod.ts";
import { SCENARIOS, SimMarket } from "../../lib/sim/mod.ts";

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
    riskVar: 0,
    kappaBid: 20,
    kappaAsk: 20,
    crowdU: 0,
    adverseBid: 0,
    adverseAsk: 0,
    flow: 0,
    tradesPerMin: 0,
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
    maxDrawdown = 1,
    rewards = 0,
  ): RunScore => ({
    strategy,
    type,
    seed,
    pnl,
    maxDrawdown,
    markout60PerShare: m60,
    filledShares: 10,
    fillRate: 0.1,
    timeAtCapacity: 0,
    floorBreaches: 0,
    rewards,
    rewardScoredShare: rewards > 0 ? 0.5 : 0,
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
    // the rewards mode: more P&L in a1 but a deeper drawdown; more and no deeper in e2
    run("pm4-rewards", "a1", 1, 13, 0, 2, 1),
    run("pm4-rewards", "a1", 2, 15, 0, 2, 1),
    run("pm4", "e2", 1, 1),
    run("pm4-rewards", "e2", 1, 2, 0, 1, 1.5),
    // adaptive time scales: 13/2.83 against PM4's 12/2.83 in a1
    run("pm4-adaptive", "a1", 1, 11),
    run("pm4-adaptive", "a1", 2, 15),
  ];
  const cells = aggregate(runs);
  const pm4 = cells.find((c) => c.strategy === "pm4")!;
  assert.equal(pm4.pnlMean, 12);
  assert.ok(Math.abs(pm4.pnlSd - Math.SQRT2 * 2) < 1e-12);
  assert.ok(Math.abs(pm4.riskAdjusted - 12 / (2 * Math.SQRT2)) < 1e-12);
  assert.ok(Math.abs(pm4.adverseCentsPerShare - 0.1) < 1e-12);
  // two runs of 10 shares at −0.001 each: 0.01 USDC per run
  assert.ok(Math.abs(pm4.adverseUsdc - 0.01) < 1e-12);
  const v = verdict(cells);
  assert.deepEqual(v.pm4Wins, ["a1"]);
  assert.deepEqual(v.sigmaHelps, ["a1"]);
  // 12/2.83 against σ ≡ 1's 12/4.24: full PM4 is the better; no other ablation ran, and
  // what did not run is not reported as lost
  assert.deepEqual(v.ablationsLost, { "pm4-sigma1": ["a1"] });
  assert.equal(v.pm4Breaches, 0);
  // a variant, not an ablation: the rewards mode is judged on P&L at no deeper drawdown
  assert.equal(v.ablationsLost["pm4-rewards"], undefined);
  assert.deepEqual(v.rewardsHelp, ["e2"]);
  assert.equal(v.ablationsLost["pm4-adaptive"], undefined);
  assert.deepEqual(v.adaptiveHelps, ["a1"]);
  const on = cells.find((c) => c.strategy === "pm4-rewards" && c.type === "a1")!;
  assert.equal(on.rewardsMean, 1);
  assert.equal(on.rewardScoredShare, 0.5);
  // paired by seed against PM4 (the baselines are not PM4 variants): σ ≡ 1
  // −1 and +1 → 0 ± 1; the rewards mode +3 and +1 → 2 ± 1, two standard
  // errors; one seed of e2 has no error to speak of
  const paired = pairedVsPm4(runs);
  assert.deepEqual(
    paired.map((d) => [d.strategy, d.type, d.n, d.meanUsdc, d.seUsdc]),
    [
      ["pm4-sigma1", "a1", 2, 0, 1],
      ["pm4-rewards", "a1", 2, 2, 1],
      ["pm4-rewards", "e2", 1, 1, 0],
      ["pm4-adaptive", "a1", 2, 1, 0],
    ],
  );
  assert.equal(
    verdictText(v, 2),
    "PM4 beats every baseline (risk-adjusted) in 1/2 types (a1); PM4's mean/sd ≥ its " +
      "ablation's: PM4, σ ≡ 1 1/2; σ lowers adverse selection (USDC) in 1/1 informed-flow types " +
      "(a1); quoting for rewards pays (more P&L, no deeper drawdown) in 1/2 types (e2); adaptive " +
      "time scales ≥ fixed (mean/sd) in 1/2 types (a1); PM4 floor breaches: 0.",
  );
  // PM4 and one ablation only (--strategies): the checks of what did not run are left out
  const few = verdict(
    aggregate(runs.filter((r) => r.strategy === "pm4" || r.strategy === "pm4-sigma1")),
  );
  assert.equal(few.pm4Wins, null);
  assert.equal(few.rewardsHelp, null);
  assert.equal(few.adaptiveHelps, null);
  assert.deepEqual(few.sigmaHelps, ["a1"]);
  assert.equal(
    verdictText(few, 2),
    "PM4's mean/sd ≥ its ablation's: PM4, σ ≡ 1 1/2; σ lowers adverse selection (USDC) in 1/1 " +
      "informed-flow types (a1); PM4 floor breaches: 0.",
  );
  const table = pairedTable(paired);
  assert.match(table, /\| PM4, σ ≡ 1 +\| +0\.00 ± 1\.00 \| +\|/);
  assert.match(table, /\| PM4, rewards mode on +\| +2\.00 ± 1\.00 \* \| +1\.00 ± 0\.00 \|/);
});

Deno.test("baselines: hummingbot's A–S as shipped — κ from the book, min_spread, vol not vol²", () => {
  const hb = hummingbotAs(budget, {
    riskFactor: 1,
    orderShares: 100,
    minSpreadPct: 2,
    inventoryTargetBasePct: 0,
    volTauS: 60,
  });
  // flat, no volatility yet: spread (2/γ)·ln(1 + γ/κ) with κ = 20 / (0.5·0.5) = 80 per price
  const half = Math.log1p(1 / 80);
  const d = hb(inputs({ bestBidTicks: 45, bestAskTicks: 55 }), prm, new QuoteDecision(4));
  assert.deepEqual(orders(d).map((o) => [o.token, o.ticks]), [
    ["YES", Math.floor((0.5 - half) * 100)],
    ["NO", 100 - Math.ceil((0.5 + half) * 100)],
  ]);
  // the mid jumps 5 ¢ and back within 2 s (vol ≈ 0.05 per √s): two makers see the same path,
  // one flat, one long 600 YES of a portfolio worth 2600 YES (q ≈ 0.23)
  const flatMaker = hummingbotAs(budget, {
    riskFactor: 1,
    orderShares: 100,
    minSpreadPct: 2,
    inventoryTargetBasePct: 0,
    volTauS: 60,
  });
  flatMaker(inputs(), prm, new QuoteDecision(4));
  const jump = inputs({ tMs: 1_001_000, pRefE8: 55_000_000, bestBidTicks: 50, bestAskTicks: 60 });
  hb(jump, prm, new QuoteDecision(4));
  flatMaker(jump, prm, new QuoteDecision(4));
  const back = inputs({ tMs: 1_002_000, bestBidTicks: 40, bestAskTicks: 60 });
  const flat = flatMaker(back, prm, new QuoteDecision(4));
  const long = hb({ ...back, yesMicro: 600e6 }, prm, new QuoteDecision(4));
  // vol widens both: γ·vol more spread; the position lowers both quotes by q·γ·vol
  assert.ok(flat.askTicks > d.askTicks && flat.bidTicks < d.bidTicks, "wider with vol");
  assert.ok(long.askTicks < flat.askTicks && long.bidTicks < flat.bidTicks, "lower when long");
});

Deno.test("baselines: GLFT's closed form by hand, skewed by the position", () => {
  // γ 1, σ² 1e-6/s, κ 100, A 0.05/s, Δ 10: c₁ = ln(1.01) = 0.00995033;
  // c₂ = √(1e-6 · 1 / (2·100·0.05·10) · 1.01^101)
  const c1 = Math.log1p(0.01);
  const c2 = Math.sqrt(1e-6 / 100 * 1.01 ** 101);
  const flat = glftQuotes(0.5, 0, 1, 1e-6, 100, 0.05, 10);
  assert.ok(Math.abs(flat.bid - (0.5 - c1 - 5 * c2)) < 1e-15);
  assert.ok(Math.abs(flat.ask - (0.5 + c1 + 5 * c2)) < 1e-15);
  const long = glftQuotes(0.5, 20, 1, 1e-6, 100, 0.05, 10);
  assert.ok(Math.abs(long.bid - (0.5 - c1 - 25 * c2)) < 1e-15, "the bid backs off");
  assert.ok(Math.abs(long.ask - (0.5 + c1 - 15 * c2)) < 1e-15, "the ask comes in");
  // no arrivals measured yet: the c₁ term alone
  const quiet = glftQuotes(0.5, 20, 1, 1e-6, 100, 0, 10);
  assert.deepEqual([quiet.bid, quiet.ask], [0.5 - c1, 0.5 + c1]);
  const q = glftPrice(budget, { gamma: 1, orderShares: 10, volTauS: 60 })(
    inputs({ tradesPerMin: 6, bestBidTicks: 45, bestAskTicks: 55 }),
    prm,
    new QuoteDecision(4),
  );
  assert.equal(q.count, 2);
});

Deno.test("baselines keep PM4's cash floor: no order whose fill leaves less cash than flattening costs", () => {
  // 100 USDC, flat, mid 0.50, buffer 0.1: a YES bid at 0.48 may buy s while
  // 100 − 0.48·s ≥ s·0.50·1.1, s ≤ 97.08 (not the 104.16 that $50 buys)
  const d = fixedSpread(budget, 2)(inputs({ cashMicro: 100e6 }), prm, new QuoteDecision(4));
  assert.deepEqual(orders(d).map((o) => [o.token, o.ticks, o.shares]), [
    ["YES", 48, 97.08],
    ["NO", 48, 97.08],
  ]);
  // the bands' levels share the side's floor, innermost first: 60 USDC buys
  // 40.81 at 0.49 ($20), then 60 − 20 − 0.47·s ≥ (40.81 + s)·0.55 gives
  // s ≤ 17.21 at 0.47 instead of $30's 63.82, and nothing is left for 0.45
  const b = bands(budget, [
    { margin: 0.01, usdc: 20 },
    { margin: 0.03, usdc: 30 },
    { margin: 0.05, usdc: 50 },
  ])(inputs({ cashMicro: 60e6 }), prm, new QuoteDecision(8));
  assert.deepEqual(
    orders(b).filter((o) => o.token === "YES").map((o) => [o.ticks, o.shares]),
    [[49, 40.81], [47, 17.21]],
  );
  // selling NO held flattens a short YES position: never bounded by the floor
  const short = fixedSpread(budget, 2)(
    inputs({ cashMicro: 0, noMicro: 300e6 }),
    prm,
    new QuoteDecision(4),
  );
  assert.deepEqual(orders(short)[0], { token: "NO", side: "SELL", ticks: 52, shares: 104.16 });
});

Deno.test("baselines keep PM4's time guards: only what flattens near the end, nothing at the last", () => {
  const fs = fixedSpread(budget, 2);
  const end = prm.resolveMs;
  const reducing = fs(
    inputs({ tMs: end - prm.stopNewRiskBeforeMs + 1, yesMicro: 30e6 }),
    prm,
    new QuoteDecision(4),
  );
  assert.equal(reducing.phase, "reducing");
  assert.deepEqual(orders(reducing).map((o) => [o.token, o.side, o.shares]), [["YES", "SELL", 30]]);
  const halted = fs(inputs({ tMs: end - prm.cancelAllBeforeMs }), prm, new QuoteDecision(4));
  assert.deepEqual([halted.phase, halted.count], ["halted", 0]);
});

Deno.test("baselines: poly-maker quotes a tick inside the touch, inside the band; a stop-loss only sells", () => {
  const pm = (volatilityThreshold = 0.3) =>
    polyMaker(budget, {
      tradeShares: 100,
      maxShares: 250,
      maxSpread: 0.03,
      stopLossUsdc: 20,
      sleepMs: 3_600_000,
      volatilityThreshold,
      volTauS: 10_800,
    });
  // touch 0.45 / 0.55, mid 0.50: a tick inside is 0.46 / 0.54 — outside the 3 ¢ band: 0.47 / 0.53
  const wide = pm()(inputs({ bestBidTicks: 45, bestAskTicks: 55 }), prm, new QuoteDecision(4));
  assert.deepEqual([wide.bidTicks, wide.askTicks], [47, 53]);
  // touch 0.49 / 0.51: 0.50 would be both: the bid improves to 0.50, the ask stays at the touch
  const tight = pm()(inputs({ bestBidTicks: 49, bestAskTicks: 51 }), prm, new QuoteDecision(4));
  assert.deepEqual([tight.bidTicks, tight.askTicks], [50, 51]);
  // long 100 YES marked at 0.50, then the price falls to 0.25: 25 USDC below its peak (the
  // volatility pause set out of reach, so the stop-loss alone decides)
  const q = pm(1e9);
  q(inputs({ yesMicro: 100e6, bestBidTicks: 49, bestAskTicks: 51 }), prm, new QuoteDecision(4));
  const fallen = (tMs: number) =>
    q(
      inputs({ tMs, pRefE8: 25_000_000, yesMicro: 100e6, bestBidTicks: 24, bestAskTicks: 26 }),
      prm,
      new QuoteDecision(4),
    );
  const after = fallen(1_001_000);
  assert.deepEqual(orders(after).map((o) => [o.token, o.side]), [["YES", "SELL"]]);
  // an hour later, back at 0.25 and calm: it buys again
  const later = fallen(4_700_000);
  assert.ok(orders(later).some((o) => o.side === "BUY"));
  // a volatile market: bids pulled, holdings offered
  const v = pm(0.01);
  v(inputs({ yesMicro: 100e6 }), prm, new QuoteDecision(4));
  const jumpy = v(
    inputs({
      tMs: 1_001_000,
      pRefE8: 52_000_000,
      yesMicro: 100e6,
      bestBidTicks: 51,
      bestAskTicks: 53,
    }),
    prm,
    new QuoteDecision(4),
  );
  assert.deepEqual(orders(jumpy).map((o) => o.side), ["SELL"]);
});

Deno.test("scorecard at another bankroll: PM4's config and the baselines' position cap follow it", () => {
  const market = new SimMarket({ scenario: SCENARIOS.a1, seed: 1, startMs: SIM_T0, speed: 1 });
  assert.equal(scorecardConfig(market, "a1", {}).risk.bankroll_B, 1000);
  const cfg = scorecardConfig(market, "a1", { risk: { gamma_max: 1 } }, 200);
  assert.equal(cfg.risk.bankroll_B, 200);
  assert.equal(cfg.risk.gamma_max, 1);
  // the baselines' cap is half the bankroll's worth at the dearer side: 100 / 0.5 = 200 shares,
  // and their orders stay $50 (104.16 shares at 0.48)
  const fixed = STRATEGIES.find((s) => s.id === "fixed")!;
  const d = strategyQuoter(fixed, 200)!(inputs({ cashMicro: 200e6 }), prm, new QuoteDecision(4));
  assert.equal(d.qMax, 200);
  assert.equal(orders(d)[0].shares, 104.16);
  assert.equal(strategyQuoter(STRATEGIES[0], 200), undefined, "PM4 quotes with its own model");
  // a run at 200 USDC is another run than at 1000, and as deterministic
  const small = runOne("pm4", "a1", 1, 200);
  assert.deepEqual(small, runOne("pm4", "a1", 1, 200));
  assert.notDeepEqual(small, runOne("pm4", "a1", 1));
  assert.equal(small.floorBreaches, 0);
});
