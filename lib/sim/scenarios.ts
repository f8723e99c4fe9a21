/**
 * One scenario per marchetype: how the truth evolves and who trades, set from
 * market-microstructure theory (Glosten–Milgrom informed arrivals,
 * self-exciting noise, competing makers) and calibrated to the stylized facts
 * of real Polymarket recordings (docs/simulator.md, lib/stats/targets.ts) —
 * never from PM4's formulas.
 *
 * Resolution: `anytime` (a) — the event can happen at any moment and resolves
 * the market at once; `end` (e) — the outcome is fixed at T by an underlying
 * that diffuses (with jumps and volatility regimes) until then, and by what
 * only T reveals. Information level 1–3 sets how early (lead) and
 * how strongly (share of arrivals, size) informed traders act, and whether the
 * makers can see the truth at all (publicly observable underlying).
 *
 * @module
 */

/** Marchetype of a scenario. */
export type ScenarioName = "a1" | "a2" | "a3" | "e1" | "e2" | "e3";

/** All scenario names. */
export const SCENARIO_NAMES: readonly ScenarioName[] = ["a1", "a2", "a3", "e1", "e2", "e3"];

/** Everything that defines a simulated market. Times are market time, ms. */
export interface Scenario {
  /** Marchetype. */
  name: ScenarioName;
  /** One line for humans. */
  question: string;
  /** Resolution type. */
  resolution: "anytime" | "end";
  /** Information level: 1 low (insiders), 2 medium (public but noisy), 3 high (observable underlying). */
  infoLevel: 1 | 2 | 3;
  /** Probability of YES at the start of the simulated window. */
  p0: number;
  /** Market life before the simulated window ends at resolution T (for tf), ms. */
  lifeMs: number;
  /** Simulated window ending at T, ms. */
  runMs: number;
  /** `end`: volatility of the latent underlying in probit units per √hour. */
  volPerSqrtHour: number;
  /** `anytime` with an observable underlying (barrier): true; otherwise a hazard process. */
  barrier: boolean;
  /** `anytime` without barrier: rumor shocks per hour moving the public hazard. */
  rumorsPerHour: number;
  /** Lead of informed traders: they see the truth this far ahead, ms. */
  informedLeadMs: number;
  /** Share of taker arrivals that are informed (Glosten–Milgrom μ). */
  informedShare: number;
  /** Informed traders act only when their value beats the price by this many ticks. */
  informedEdgeTicks: number;
  /** Taker arrivals (noise + informed) per minute, on average. */
  takersPerMin: number;
  /** Branching ratio of the self-exciting arrivals: the share of arrivals set off by an earlier one, [0, 1). */
  burstiness: number;
  /** How long an arrival raises the rate (decay time of the excitation), market ms. */
  burstDecayMs: number;
  /** Log-sd of the activity regimes' rate multiplier (quiet and busy spells). */
  activitySigma: number;
  /** Mean length of an activity regime, market ms. */
  activityMeanMs: number;
  /** Probability that an arrival set off by another trades its way. */
  herding: number;
  /** Share of takers that buy a token (a YES seller buying NO) rather than sell one. */
  tokenBuyShare: number;
  /** Share of noise traders that post a limit order instead of taking. */
  noiseLimitShare: number;
  /** Median taker size, shares (lognormal, at least the minimum order). */
  medianSizeShares: number;
  /** Log-sd of taker sizes (1.2–1.4 on Polymarket: the top 10 % of prints carry half the volume). */
  sizeSigma: number;
  /** Distinct wallets in the crowd (noise traders draw from them). */
  crowdWallets: number;
  /** The competing makers. */
  makers: readonly MakerSpec[];
  /** Makers see the public truth with this delay (undefined: they only learn from the flow), ms. */
  makerObserveDelayMs: number | undefined;
  /** How far the makers' anchor moves toward each print's price, [0, 1]. */
  makerLearnRate: number;
  /** Flow pressure of one print of `flowImpactRefShares`, ticks (square root in size). */
  flowImpactTicks: number;
  /** Print size with an impact of `flowImpactTicks`, shares. */
  flowImpactRefShares: number;
  /** Decay time of the flow pressure, market ms. */
  flowDecayMs: number;
  /** Log-sd of the underlying's volatility regimes (0: constant volatility). */
  volRegimeSigma: number;
  /** News jumps of the truth per hour (end and barrier markets). */
  jumpsPerHour: number;
  /** Standard deviation of a news jump, in probit units of the truth. */
  jumpProbit: number;
  /**
   * `end` markets: the truth's volatility at p = 0.5 at the window start,
   * probability per √hour; the part of the outcome the underlying does not
   * reveal before T is drawn at T. Undefined: the outcome is the underlying's
   * sign alone (volatility then set by the time to resolution).
   */
  truthVolPerSqrtHour: number | undefined;
  /**
   * The market's liquidity-reward program: pool (USDC/day), max incentive
   * spread (cents) and min incentive size (shares), as the venue publishes them.
   */
  rewards: { dailyPoolUsdc: number; maxSpreadCents: number; minSizeShares: number };
  /** Taker fee rate (fraction) and exponent. */
  feeRate: number;
  /** Taker fee exponent. */
  feeExponent: number;
  /** Share of the taker fee the venue rebates to the maker of the trade, [0, 1]. */
  makerRebateShare: number;
}

/** How one competing maker quotes. Times are market ms. */
export interface MakerSpec {
  /** Distance of its first level from its belief, ticks (0.5: it makes a 1-tick market). */
  offsetTicks: number;
  /** Levels per side. */
  levels: number;
  /** Ticks between its levels. */
  gapTicks: number;
  /** Median size per level, shares (lognormal). */
  sizeMedian: number;
  /** Log-sd of its sizes. */
  sizeSigma: number;
  /** Mean time between full refreshes (exponential). */
  refreshMs: number;
  /** Mean reaction time to a print that moved the belief or took its quote. */
  reactMs: number;
  /** Mean time a side that was taken stays empty. */
  refillMs: number;
  /** Share of its levels a refresh cancels and replaces with a new size. */
  resizeShare: number;
  /** Inventory skew: ticks its belief moves against 100 shares held. */
  skewTicksPer100: number;
  /** How far its belief must move before it requotes around it, ticks (quotes are sticky). */
  stickTicks: number;
  /** Share of the time it quotes at all (1: always); it comes and goes at random. */
  presence: number;
  /** Mean length of one present-and-away cycle. */
  presenceCycleMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SEC = 1000;
const MIN = 60 * SEC;

/** Thin books of opaque markets: wide, slow, quick to leave. */
const MAKERS_THIN: readonly MakerSpec[] = [
  { ...maker(2, 2, 2, 30, 60 * SEC, 5 * SEC, 3 * MIN, 0.5), stickTicks: 1.5, presence: 0.7 },
  { ...maker(3, 2, 2, 45, 2 * MIN, 15 * SEC, 6 * MIN, 0.5), stickTicks: 1.5, presence: 0.7 },
  { ...maker(10, 2, 4, 120, 5 * MIN, MIN, 10 * MIN, 0.3), stickTicks: 1.5 },
];
/** Deep books of active markets: a 1-tick market made by several, depth behind. */
const MAKERS_DEEP: readonly MakerSpec[] = [
  maker(0.5, 3, 1, 35, 20 * SEC, 1.5 * SEC, 8 * SEC, 0.3),
  maker(0.5, 2, 1, 30, 40 * SEC, 3 * SEC, 20 * SEC, 0.3),
  maker(1.5, 3, 1, 150, 60 * SEC, 5 * SEC, 30 * SEC, 0.5),
  maker(3, 3, 2, 400, 2 * MIN, 20 * SEC, 2 * MIN, 0.3),
].map((m) => ({ ...m, resizeShare: 0.5 }));

function maker(
  offsetTicks: number,
  levels: number,
  gapTicks: number,
  sizeMedian: number,
  refreshMs: number,
  reactMs: number,
  refillMs: number,
  skewTicksPer100: number,
): MakerSpec {
  return {
    offsetTicks,
    levels,
    gapTicks,
    sizeMedian,
    sizeSigma: 0.8,
    refreshMs,
    reactMs,
    refillMs,
    resizeShare: 0.3,
    skewTicksPer100,
    stickTicks: 1.25,
    presence: 1,
    presenceCycleMs: 20 * MIN,
  };
}

/** What every scenario shares: the shape of the flow (docs/simulator.md). */
const FLOW = {
  burstiness: 0.5,
  burstDecayMs: 15 * SEC,
  activitySigma: 0.8,
  activityMeanMs: 10 * MIN,
  herding: 0.7,
  tokenBuyShare: 0.8,
  noiseLimitShare: 0.25,
  medianSizeShares: 12,
  sizeSigma: 1.6,
  flowImpactRefShares: 20,
  flowDecayMs: 10 * MIN,
} as const;

/**
 * The truth of an opaque market (a1, a2): it moves on rumours and at the
 * resolution only — no volatility regimes, no jumps, no resolution noise.
 */
const STEADY = {
  volRegimeSigma: 0,
  jumpsPerHour: 0,
  jumpProbit: 0,
  truthVolPerSqrtHour: undefined,
} as const;

/** The six scenarios. */
export const SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  a1: {
    name: "a1",
    question: "Will the CEO resign before the deadline? (opaque, insiders)",
    resolution: "anytime",
    infoLevel: 1,
    p0: 0.3,
    lifeMs: 30 * DAY,
    runMs: 12 * HOUR,
    volPerSqrtHour: 0,
    barrier: false,
    rumorsPerHour: 0.5,
    informedLeadMs: 3 * HOUR,
    informedShare: 0.25,
    informedEdgeTicks: 2,
    takersPerMin: 0.6,
    crowdWallets: 120,
    makers: MAKERS_THIN,
    ...FLOW,
    makerObserveDelayMs: undefined,
    makerLearnRate: 0.05,
    flowImpactTicks: 0.35,
    ...STEADY,
    rewards: { dailyPoolUsdc: 100, maxSpreadCents: 3.5, minSizeShares: 20 },
    feeRate: 0,
    feeExponent: 1,
    makerRebateShare: 0,
  },
  a2: {
    name: "a2",
    question: "Will the candidate withdraw before the convention? (public news, jumps)",
    resolution: "anytime",
    infoLevel: 2,
    p0: 0.35,
    lifeMs: 30 * DAY,
    runMs: 12 * HOUR,
    volPerSqrtHour: 0,
    barrier: false,
    rumorsPerHour: 1.5,
    informedLeadMs: 20 * 60_000,
    informedShare: 0.15,
    informedEdgeTicks: 2,
    takersPerMin: 1.0,
    crowdWallets: 300,
    makers: MAKERS_THIN,
    ...FLOW,
    makerObserveDelayMs: 10 * 60_000,
    makerLearnRate: 0.05,
    flowImpactTicks: 0.3,
    ...STEADY,
    rewards: { dailyPoolUsdc: 200, maxSpreadCents: 3.5, minSizeShares: 50 },
    feeRate: 0,
    feeExponent: 1,
    makerRebateShare: 0,
  },
  a3: {
    name: "a3",
    question: "Will BTC touch 70k before Friday? (observable barrier)",
    resolution: "anytime",
    infoLevel: 3,
    p0: 0.4,
    lifeMs: 7 * DAY,
    runMs: 12 * HOUR,
    volPerSqrtHour: 0.3,
    barrier: true,
    rumorsPerHour: 0,
    informedLeadMs: 30_000,
    informedShare: 0.12,
    informedEdgeTicks: 1,
    takersPerMin: 10,
    crowdWallets: 600,
    makers: MAKERS_DEEP,
    ...FLOW,
    burstiness: 0.3,
    activitySigma: 0.7,
    makerObserveDelayMs: 60_000,
    makerLearnRate: 0.08,
    flowImpactTicks: 0.3,
    volRegimeSigma: 0.6,
    jumpsPerHour: 0.1,
    jumpProbit: 0.25,
    truthVolPerSqrtHour: undefined,
    rewards: { dailyPoolUsdc: 50, maxSpreadCents: 3.5, minSizeShares: 20 },
    feeRate: 0.02,
    feeExponent: 1,
    makerRebateShare: 0.2,
  },
  e1: {
    name: "e1",
    question: "Will the startup's private ARR exceed $10M at year end? (opaque)",
    resolution: "end",
    infoLevel: 1,
    p0: 0.45,
    lifeMs: 60 * DAY,
    runMs: 12 * HOUR,
    volPerSqrtHour: 0.12,
    barrier: false,
    rumorsPerHour: 0,
    informedLeadMs: 6 * HOUR,
    informedShare: 0.2,
    informedEdgeTicks: 2,
    takersPerMin: 0.6,
    crowdWallets: 80,
    makers: MAKERS_THIN,
    ...FLOW,
    makerObserveDelayMs: undefined,
    makerLearnRate: 0.04,
    flowImpactTicks: 0.35,
    volRegimeSigma: 0.6,
    jumpsPerHour: 0.2,
    jumpProbit: 0.3,
    truthVolPerSqrtHour: 0.015,
    rewards: { dailyPoolUsdc: 150, maxSpreadCents: 3, minSizeShares: 50 },
    feeRate: 0,
    feeExponent: 1,
    makerRebateShare: 0,
  },
  e2: {
    name: "e2",
    question: "Will the incumbent win the election? (polls, decisive crowd)",
    resolution: "end",
    infoLevel: 2,
    p0: 0.55,
    lifeMs: 60 * DAY,
    runMs: 12 * HOUR,
    volPerSqrtHour: 0.15,
    barrier: false,
    rumorsPerHour: 0,
    informedLeadMs: 30 * 60_000,
    informedShare: 0.12,
    informedEdgeTicks: 2,
    takersPerMin: 3,
    crowdWallets: 1500,
    makers: MAKERS_DEEP,
    ...FLOW,
    flowDecayMs: 5 * MIN,
    makerObserveDelayMs: 5 * 60_000,
    makerLearnRate: 0.02,
    flowImpactTicks: 0.35,
    volRegimeSigma: 0.6,
    jumpsPerHour: 0.3,
    jumpProbit: 0.3,
    truthVolPerSqrtHour: 0.025,
    rewards: { dailyPoolUsdc: 300, maxSpreadCents: 4.5, minSizeShares: 100 },
    feeRate: 0,
    feeExponent: 1,
    makerRebateShare: 0,
  },
  e3: {
    name: "e3",
    question: "Will the stock close above $200 on expiry day? (observable underlying)",
    resolution: "end",
    infoLevel: 3,
    p0: 0.5,
    lifeMs: 2 * DAY,
    runMs: 12 * HOUR,
    volPerSqrtHour: 0.2,
    barrier: false,
    rumorsPerHour: 0,
    informedLeadMs: 20_000,
    informedShare: 0.1,
    informedEdgeTicks: 1,
    takersPerMin: 10,
    crowdWallets: 800,
    makers: MAKERS_DEEP,
    ...FLOW,
    burstiness: 0.35,
    activitySigma: 0.75,
    makerObserveDelayMs: 30_000,
    makerLearnRate: 0.08,
    flowImpactTicks: 0.4,
    volRegimeSigma: 0.6,
    jumpsPerHour: 0.3,
    jumpProbit: 0.25,
    truthVolPerSqrtHour: undefined,
    rewards: { dailyPoolUsdc: 100, maxSpreadCents: 3, minSizeShares: 50 },
    feeRate: 0.01,
    feeExponent: 1,
    makerRebateShare: 0.25,
  },
};
