/**
 * One full quoting decision: features already updated → a ladder of 5 levels
 * per side (issue #2 target: median ≤ 2 µs; the original Python ~21 µs).
 */

import {
  decideQuotes,
  gridFromTick,
  MICRO,
  PRICE_E8,
  QuoteDecision,
  type QuoteInputs,
  type QuoteParams,
} from "../lib/model/mod.ts";

const T0 = 1_800_000_000_000;
const DAY = 86_400_000;

const params: QuoteParams = {
  startMs: T0 - 10 * DAY,
  resolveMs: T0 + 20 * DAY,
  etaTime: 0.5,
  stopNewRiskBeforeMs: 3_600_000,
  cancelAllBeforeMs: 300_000,
  bankrollUsdc: 5000,
  nPlays: 3,
  slippageBuffer: 0.1,
  cashReserveUsdc: 10,
  gammaA: 1,
  gammaMax: 10,
  lambdaMin: 1,
  lambdaMax: 2,
  betaP: 1,
  alphaU: 1.5,
  uRef: 50,
  aFloor: 0,
  wA: 1,
  wL: 1,
  sigmaMax: 3,
  cSkew: 0.25,
  deltaMax: 1,
  cRisk: 0.05,
  cAdverse: 1,
  cFlow: 1,
  flowMaxTicks: 2,
  minHalfSpreadTicks: 1,
  maxHalfSpreadLogit: 1,
  ladderMaxLevels: 5,
  ladderStepMult: 0.5,
  ladderMinStepLogit: 0.02,
  ladderLevelFraction: 0.1,
  ladderDecay: 0.8,
  ladderLevelMaxQmax: 0.25,
  maxOrderNotionalSideUsdc: 1000,
  rewardsOn: false,
  rewardsMaxImproveTicks: 0,
};

const grid = gridFromTick(0.01);
const inp: QuoteInputs = {
  tMs: T0,
  grid,
  pRefE8: 0.47 * PRICE_E8,
  bestBidTicks: 46,
  bestAskTicks: 48,
  minOrderMicro: 5 * MICRO,
  yesMicro: 120 * MICRO,
  noMicro: 35 * MICRO,
  cashMicro: 900 * MICRO,
  sigma: 1.3,
  riskVar: 0.05,
  kappaBid: 18,
  kappaAsk: 24,
  crowdU: 140,
  adverseBid: 0,
  adverseAsk: 0,
  flow: 0,
  tradesPerMin: 0,
};
const out = new QuoteDecision(5);
decideQuotes(inp, params, out);
if (out.count < 10) throw new Error(`expected a 5-level ladder per side, got ${out.count} orders`);

let i = 0;
Deno.bench("model: one quoting decision, 5 levels per side", () => {
  // vary the inputs a little so nothing is constant-folded
  inp.tMs = T0 + (i++ & 1023) * 1000;
  inp.yesMicro = 120 * MICRO + (i & 63) * 10_000;
  decideQuotes(inp, params, out);
});
