/**
 * Shared inputs for model tests: simple round numbers so expectations can be
 * computed by hand.
 */

import {
  gridFromTick,
  MICRO,
  PRICE_E8,
  type QuoteInputs,
  type QuoteParams,
  type TickGrid,
  type ToxicityParams,
} from "../../lib/model/mod.ts";

export const T0 = 1_800_000_000_000;
export const DAY = 86_400_000;

/** A deterministic fair coin (xorshift32 from `seed`): true or false, each half the time. */
export function coin(seed: number): () => boolean {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s & 1) === 1;
  };
}

/** σ's estimator with the config's defaults (5-s samples, τ_fast 30 s, τ_slow 30 min), c_tox 0.5, fixed time scales. */
export const TOXICITY: ToxicityParams = {
  dtSampleMs: 5000,
  tauFastMs: 30_000,
  tauSlowMs: 1_800_000,
  volFloorMs: 600_000,
  tauUpMs: 10_000,
  tauDownMs: 90_000,
  markoutH1Ms: 10_000,
  markoutH2Ms: 60_000,
  markoutW1: 0.5,
  markoutW2: 0.5,
  markoutAlpha: 0.2,
  rateRefPerMin: 6,
  iMax: 3,
  cSigma: 1,
  nuSigma: 1.4,
  sigmaMax: 3,
  cTox: 0.5,
  riskHorizonMs: 540_000,
  timeScales: null,
};

/** B = 200, one play → B_side = 100 USDC; no slippage buffer; λ ∈ [1, 2]. */
export function params(over: Partial<QuoteParams> = {}): QuoteParams {
  return {
    startMs: T0,
    resolveMs: T0 + 100 * DAY,
    etaTime: 0.5,
    stopNewRiskBeforeMs: 3_600_000,
    cancelAllBeforeMs: 300_000,
    bankrollUsdc: 200,
    nPlays: 1,
    slippageBuffer: 0,
    cashReserveUsdc: 0,
    gammaA: 1,
    gammaMax: 10,
    lambdaMin: 1,
    lambdaMax: 2,
    betaP: 1,
    alphaU: 1,
    uRef: 100,
    aFloor: 0,
    wA: 1,
    wL: 1,
    sigmaMax: 3,
    cSkew: 0.25,
    deltaMax: 1,
    cRisk: 0.1,
    cAdverse: 1,
    cFlow: 1,
    flowMaxTicks: 2,
    minHalfSpreadTicks: 1,
    maxHalfSpreadLogit: 1,
    ladderMaxLevels: 3,
    ladderStepMult: 0.5,
    ladderMinStepLogit: 0.02,
    ladderLevelFraction: 0.25,
    ladderDecay: 0.5,
    ladderLevelMaxQmax: 1,
    maxOrderNotionalSideUsdc: 1000,
    rewardsOn: false,
    rewardsMaxImproveTicks: 0,
    ...over,
  };
}

/** Flat at p = 0.5 on a 0.01 grid with a wide book (0.30 / 0.70), 1000 USDC. */
export function inputs(
  over: Partial<QuoteInputs> = {},
  grid: TickGrid = gridFromTick(0.01),
): QuoteInputs {
  return {
    tMs: T0,
    grid,
    pRefE8: PRICE_E8 / 2,
    bestBidTicks: Math.round(0.3 * grid.ticksPerUnit),
    bestAskTicks: Math.round(0.7 * grid.ticksPerUnit),
    minOrderMicro: 5 * MICRO,
    yesMicro: 0,
    noMicro: 0,
    cashMicro: 1000 * MICRO,
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

/** |a − b| ≤ tol, with a readable failure. */
export function close(actual: number, expected: number, tol = 1e-9, what = "value"): void {
  if (!(Math.abs(actual - expected) <= tol)) {
    throw new Error(`${what}: expected ${expected} ± ${tol}, got ${actual}`);
  }
}
