/**
 * One scenario per marchetype: how the truth evolves and who trades, set from
 * market-microstructure theory (Glosten–Milgrom informed arrivals, Poisson
 * noise, competing makers) — never from PM4's formulas.
 *
 * Resolution: `anytime` (a) — the event can happen at any moment and resolves
 * the market at once; `end` (e) — the outcome is fixed at T by an underlying
 * that diffuses until then. Information level 1–3 sets how early (lead) and
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
  /** Taker arrivals (noise + informed) per minute. */
  takersPerMin: number;
  /** Share of noise traders that post a limit order instead of taking. */
  noiseLimitShare: number;
  /** Mean taker size, shares (lognormal, at least the minimum order). */
  meanSizeShares: number;
  /** Distinct wallets in the crowd (noise traders draw from them). */
  crowdWallets: number;
  /** Competing makers: half-spread in ticks, size in shares, refresh in ms. */
  makers: { halfSpreadTicks: number; sizeShares: number; refreshMs: number; levels: number }[];
  /** Makers see the public truth with this delay (undefined: they only learn from the flow), ms. */
  makerObserveDelayMs: number | undefined;
  /** Makers' learning rate from trade prices. */
  makerLearnRate: number;
  /** Taker fee rate (fraction) and exponent. */
  feeRate: number;
  /** Taker fee exponent. */
  feeExponent: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const MAKERS_THIN = [
  { halfSpreadTicks: 2, sizeShares: 60, refreshMs: 20_000, levels: 2 },
  { halfSpreadTicks: 4, sizeShares: 150, refreshMs: 45_000, levels: 3 },
];
const MAKERS_DEEP = [
  { halfSpreadTicks: 1, sizeShares: 80, refreshMs: 8_000, levels: 2 },
  { halfSpreadTicks: 3, sizeShares: 200, refreshMs: 30_000, levels: 3 },
];

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
    takersPerMin: 4,
    noiseLimitShare: 0.3,
    meanSizeShares: 25,
    crowdWallets: 120,
    makers: MAKERS_THIN,
    makerObserveDelayMs: undefined,
    makerLearnRate: 0.05,
    feeRate: 0,
    feeExponent: 1,
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
    takersPerMin: 6,
    noiseLimitShare: 0.3,
    meanSizeShares: 25,
    crowdWallets: 300,
    makers: MAKERS_THIN,
    makerObserveDelayMs: 10 * 60_000,
    makerLearnRate: 0.05,
    feeRate: 0,
    feeExponent: 1,
  },
  a3: {
    name: "a3",
    question: "Will BTC touch 70k before Friday? (observable barrier)",
    resolution: "anytime",
    infoLevel: 3,
    p0: 0.4,
    lifeMs: 7 * DAY,
    runMs: 12 * HOUR,
    volPerSqrtHour: 0.35,
    barrier: true,
    rumorsPerHour: 0,
    informedLeadMs: 30_000,
    informedShare: 0.12,
    informedEdgeTicks: 1,
    takersPerMin: 10,
    noiseLimitShare: 0.3,
    meanSizeShares: 30,
    crowdWallets: 600,
    makers: MAKERS_DEEP,
    makerObserveDelayMs: 60_000,
    makerLearnRate: 0.08,
    feeRate: 0.02,
    feeExponent: 1,
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
    takersPerMin: 3,
    noiseLimitShare: 0.35,
    meanSizeShares: 20,
    crowdWallets: 80,
    makers: MAKERS_THIN,
    makerObserveDelayMs: undefined,
    makerLearnRate: 0.04,
    feeRate: 0,
    feeExponent: 1,
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
    takersPerMin: 8,
    noiseLimitShare: 0.3,
    meanSizeShares: 25,
    crowdWallets: 1500,
    makers: MAKERS_DEEP,
    makerObserveDelayMs: 5 * 60_000,
    makerLearnRate: 0.05,
    feeRate: 0,
    feeExponent: 1,
  },
  e3: {
    name: "e3",
    question: "Will the stock close above $200 on expiry day? (observable underlying)",
    resolution: "end",
    infoLevel: 3,
    p0: 0.5,
    lifeMs: 2 * DAY,
    runMs: 12 * HOUR,
    volPerSqrtHour: 0.3,
    barrier: false,
    rumorsPerHour: 0,
    informedLeadMs: 20_000,
    informedShare: 0.1,
    informedEdgeTicks: 1,
    takersPerMin: 10,
    noiseLimitShare: 0.3,
    meanSizeShares: 30,
    crowdWallets: 800,
    makers: MAKERS_DEEP,
    makerObserveDelayMs: 30_000,
    makerLearnRate: 0.08,
    feeRate: 0.01,
    feeExponent: 1,
  },
};
