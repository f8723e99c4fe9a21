/**
 * Polymarket's liquidity rewards, as its "Liquidity Rewards" page scores them
 * (the docs' notation; docs/model.md §10).
 *
 * Every minute the venue samples each maker's resting orders. An order at
 * distance `s` (cents) from the size-cutoff-adjusted midpoint scores
 *
 *   S(v, s) = ((v − s)/v)² · b        (0 once s ≥ v, and below the min size)
 *
 * with `v` the market's max incentive spread (cents) and `b` the in-game
 * multiplier. Seen in YES terms (one book seen twice: a NO ask is a YES bid),
 * `Q_one` sums S·size over the maker's bids and `Q_two` over its asks; the
 * sample's score is
 *
 *   Q_min = max(min(Q_one, Q_two), max(Q_one/c, Q_two/c))   mid ∈ [0.10, 0.90]
 *   Q_min = min(Q_one, Q_two)                                 otherwise
 *
 * (`c` = 3: one-sided quoting scores a third; near 0 or 1 it scores nothing).
 * A maker's share of a sample is its Q_min over every maker's; the day's pool
 * is split by the sum of the shares over the day's samples, and a day's
 * payout under 1 USDC is not paid.
 *
 * Prices are pips (1e-4 USDC), sizes micro-shares, as everywhere at the
 * boundary; the scores are model floats.
 *
 * @module
 */

import { PIPS_PER_UNIT } from "./tick_grid.ts";
import { isYesBid, type Side, type Token, yesPips } from "./yes_terms.ts";

/** A market's reward program, as the venue publishes it. */
export interface RewardRules {
  /** v: the max incentive spread from the adjusted midpoint, cents (1 cent = 100 pips). */
  readonly maxSpreadCents: number;
  /** The min incentive size: smaller orders score nothing, micro-shares. */
  readonly minSizeMicro: number;
  /** The market's pool, USDC per day (the sum of its `rewards_daily_rate`s). */
  readonly dailyPoolUsdc: number;
  /** b: the in-game multiplier (1 on regular markets). */
  readonly multiplier: number;
  /** c: the single-sided scaling factor (3 on all markets). */
  readonly scale: number;
}

/**
 * The rules of a program as the venue publishes it (pool, band, min size),
 * with the constants its page gives for every regular market: b = 1 and
 * c = 3.
 *
 * @example
 * ```ts
 * import { programRules } from "./rewards.ts";
 * programRules(100, 3.5, 20); // 100 USDC/day within 3.5¢, ≥ 20 shares (minSizeMicro 20e6)
 * ```
 */
export function programRules(
  dailyPoolUsdc: number,
  maxSpreadCents: number,
  minSizeShares: number,
): RewardRules {
  return {
    dailyPoolUsdc,
    maxSpreadCents,
    minSizeMicro: Math.round(minSizeShares * 1e6),
    multiplier: 1,
    scale: 3,
  };
}

/** Pips in a cent. */
const PIPS_PER_CENT = PIPS_PER_UNIT / 100;
/** Inside this YES midpoint band one-sided quoting still scores (`Q/c`), pips. */
const SINGLE_SIDED_LOW = 1_000;
const SINGLE_SIDED_HIGH = 9_000;
/** Samples in a day: the venue samples every minute. */
export const SAMPLES_PER_DAY = 1_440;
/** A day's payout below this is not paid, USDC. */
export const MIN_PAYOUT_USDC = 1;

/**
 * Score of one order at `sCents` from the adjusted midpoint:
 * `((v − s)/v)² · b`, 0 once `s ≥ v`. A price on the far side of the
 * midpoint (possible when dust at the top is cut) counts as at the midpoint.
 *
 * @example
 * ```ts
 * import { orderScore } from "./rewards.ts";
 * orderScore(3, 1, 1); // (2/3)² ≈ 0.444
 * orderScore(3, 3, 1); // 0: at the band's edge
 * ```
 */
export function orderScore(vCents: number, sCents: number, b: number): number {
  const s = sCents > 0 ? sCents : 0;
  if (!(vCents > 0) || s >= vCents) return 0;
  const u = (vCents - s) / vCents;
  return u * u * b;
}

/**
 * Score S of a YES bid (`yesBid`) or ask at `yesPips` around the adjusted
 * midpoint `midPips`: {@link orderScore} of its distance in cents, by the
 * program's band and multiplier (the size not counted: a caller applies
 * the min size and the size).
 *
 * @example
 * ```ts
 * import { priceScore, programRules } from "./rewards.ts";
 * priceScore(programRules(100, 3, 20), 5_000, true, 4_900); // (2/3)² ≈ 0.444: 1¢ under
 * ```
 */
export function priceScore(
  rules: RewardRules,
  midPips: number,
  yesBid: boolean,
  yesPips: number,
): number {
  const s = (yesBid ? midPips - yesPips : yesPips - midPips) / PIPS_PER_CENT;
  return orderScore(rules.maxSpreadCents, s, rules.multiplier);
}

/**
 * The size-cutoff-adjusted midpoint, pips: the mean of the prices at which
 * the bids and the asks (YES book) first reach `minSizeMicro` of cumulative
 * depth from the top, so dust at the touch does not move it. A side that
 * never reaches the cutoff uses its deepest price; NaN when a side is empty.
 *
 * @param bids YES bids `[pricePips, sizeMicro]`, best first
 * @param asks YES asks `[pricePips, sizeMicro]`, best first
 * @example
 * ```ts
 * import { adjustedMidPips } from "./rewards.ts";
 * // 1 share at 0.49 is dust under a 20-share cutoff: the bid side counts from 0.47
 * adjustedMidPips([[4_900, 1e6], [4_700, 50e6]], [[5_100, 30e6]], 20e6); // 4900
 * ```
 */
export function adjustedMidPips(
  bids: readonly (readonly [number, number])[],
  asks: readonly (readonly [number, number])[],
  minSizeMicro: number,
): number {
  const b = cutoffPrice(bids, minSizeMicro);
  const a = cutoffPrice(asks, minSizeMicro);
  return (b + a) / 2;
}

function cutoffPrice(levels: readonly (readonly [number, number])[], cutoff: number): number {
  let depth = 0;
  for (const [price, size] of levels) {
    depth += size;
    if (depth >= cutoff) return price;
  }
  return levels.length > 0 ? levels[levels.length - 1][0] : Number.NaN;
}

/** One resting order in YES terms, for scoring. */
export interface ScoredOrder {
  /** It rests on the YES bid side (BUY YES or SELL NO). */
  readonly yesBid: boolean;
  /** Its YES price, pips. */
  readonly yesPips: number;
  /** Its remaining size, micro-shares. */
  readonly sizeMicro: number;
}

/**
 * An order of either token as the scoring sees it (YES terms).
 *
 * @example
 * ```ts
 * import { scoredOrder } from "./rewards.ts";
 * scoredOrder("NO", "BUY", 4_850, 100e6); // a YES ask at 0.515: { yesBid: false, yesPips: 5150, … }
 * ```
 */
export function scoredOrder(
  token: Token,
  side: Side,
  pricePips: number,
  sizeMicro: number,
): ScoredOrder {
  return { yesBid: isYesBid(token, side), yesPips: yesPips(token, pricePips), sizeMicro };
}

/** One maker's two sums for a sample, share-weighted scores. */
export interface SideScores {
  /** Q_one: YES bids (with NO asks), Σ S·size in shares. */
  qOne: number;
  /** Q_two: YES asks (with NO bids), Σ S·size in shares. */
  qTwo: number;
}

/**
 * Adds one order to a maker's `Q_one`/`Q_two` around the adjusted midpoint
 * `midPips`: below the min size, or `v` or more from the midpoint, it adds
 * nothing. Returns the order's own `S·size`.
 */
export function addOrderScore(
  into: SideScores,
  o: ScoredOrder,
  midPips: number,
  rules: RewardRules,
): number {
  if (o.sizeMicro < rules.minSizeMicro || !(midPips > 0)) return 0;
  const v = priceScore(rules, midPips, o.yesBid, o.yesPips) * o.sizeMicro / 1e6;
  if (o.yesBid) into.qOne += v;
  else into.qTwo += v;
  return v;
}

/**
 * A maker's `Q_one` and `Q_two` for a sample.
 *
 * @example
 * ```ts
 * import { sideScores } from "./rewards.ts";
 * const rules = { maxSpreadCents: 3, minSizeMicro: 20e6, dailyPoolUsdc: 100, multiplier: 1, scale: 3 };
 * // 100 shares bid 1¢ under a 0.50 midpoint; 100 shares offered 2¢ over it
 * sideScores([{ yesBid: true, yesPips: 4_900, sizeMicro: 100e6 },
 *   { yesBid: false, yesPips: 5_200, sizeMicro: 100e6 }], 5_000, rules);
 * // { qOne: 44.4…, qTwo: 11.1… }
 * ```
 */
export function sideScores(
  orders: Iterable<ScoredOrder>,
  midPips: number,
  rules: RewardRules,
): SideScores {
  const out = { qOne: 0, qTwo: 0 };
  for (const o of orders) addOrderScore(out, o, midPips, rules);
  return out;
}

/**
 * The sample score `Q_min` of a maker with sums `qOne`, `qTwo` at YES
 * midpoint `midPips`: inside [0.10, 0.90] one side alone scores a `c`-th,
 * outside it only two-sided depth scores.
 *
 * @example
 * ```ts
 * import { sampleScore } from "./rewards.ts";
 * sampleScore(90, 30, 5_000, 3); // 30 = max(min(90, 30), max(90/3, 30/3))
 * sampleScore(90, 0, 5_000, 3); // 30: one-sided, a third
 * sampleScore(90, 0, 500, 3); // 0: at 0.05 one side scores nothing
 * ```
 */
export function sampleScore(qOne: number, qTwo: number, midPips: number, c: number): number {
  const lo = qOne < qTwo ? qOne : qTwo;
  if (!(midPips >= SINGLE_SIDED_LOW && midPips <= SINGLE_SIDED_HIGH)) return lo;
  const hi = qOne > qTwo ? qOne : qTwo;
  return lo > hi / c ? lo : hi / c;
}

/**
 * Our share of one sample: `ours / (ours + others)`, 0 when nobody scores.
 * `others` is the sum of every other maker's `Q_min`.
 */
export function sampleShare(ours: number, others: number): number {
  const total = ours + others;
  return total > 0 ? ours / total : 0;
}

/**
 * USDC a sample share earns: the day's pool split over its samples, on the
 * assumption that somebody scores in every sample of the day (on a live
 * market somebody always does).
 */
export function sampleRewardUsdc(share: number, dailyPoolUsdc: number): number {
  return share * dailyPoolUsdc / SAMPLES_PER_DAY;
}

/**
 * The rewards of one UTC day, sample by sample: what we have earned so far,
 * how many samples we scored in, and the day's payout once it closes (under
 * {@link MIN_PAYOUT_USDC}, nothing). Pure: times come in with the samples.
 *
 * @example
 * ```ts
 * import { RewardTally } from "./rewards.ts";
 * const t = new RewardTally();
 * t.sample(0, 0.5, 1_440); // half of a 1440-USDC/day pool's first minute
 * t.sample(60_000, 0, 1_440); // not scoring
 * t.earnedUsdc; // 0.5
 * t.scored; // 1 of t.samples = 2
 * ```
 */
export class RewardTally {
  /** Estimated rewards of every sample so far, USDC (before the minimum payout). */
  earnedUsdc = 0;
  /** Rewards of the current UTC day so far, USDC. */
  todayUsdc = 0;
  /** Sum of the payouts of the days closed so far (each ≥ the minimum, or 0), USDC. */
  paidUsdc = 0;
  /** Samples taken. */
  samples = 0;
  /** Samples in which we scored. */
  scored = 0;
  /** What the last sample earned, USDC. */
  lastUsdc = 0;
  private day = Number.NaN;
  // the rewards of each closed UTC day (days since the epoch), USDC
  private readonly closed = new Map<number, number>();

  /**
   * The rewards of UTC day `day` (days since the epoch), USDC: the running
   * total of the current day, a closed day's total, else 0.
   */
  earnedOn(day: number): number {
    return (this.closed.get(day) ?? 0) + (day === this.day ? this.todayUsdc : 0);
  }

  /**
   * One minute's sample at `tMs`: our share of it and the pool it splits.
   * Closes the previous UTC day when `tMs` is in a new one.
   */
  sample(tMs: number, share: number, dailyPoolUsdc: number): void {
    const day = Math.floor(tMs / 86_400_000);
    if (day !== this.day) {
      this.closeDay();
      this.day = day;
    }
    const usdc = sampleRewardUsdc(share, dailyPoolUsdc);
    this.samples++;
    if (share > 0) this.scored++;
    this.lastUsdc = usdc;
    this.earnedUsdc += usdc;
    this.todayUsdc += usdc;
  }

  /** Pays the current day out (the minimum payout applied) and starts a new one. */
  closeDay(): void {
    if (this.todayUsdc >= MIN_PAYOUT_USDC) this.paidUsdc += this.todayUsdc;
    if (!Number.isNaN(this.day)) {
      this.closed.set(this.day, (this.closed.get(this.day) ?? 0) + this.todayUsdc);
    }
    this.todayUsdc = 0;
  }
}
