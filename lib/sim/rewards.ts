/**
 * The simulated venue's liquidity rewards: every minute it scores every
 * maker's resting orders by the venue's rules (lib/model/rewards.ts) and
 * credits each maker address its share of the minute's pool; it answers
 * whether an order scores now (`/order-scoring`) and what an address has
 * earned (`/rewards/user`). Unlike a backtest, it knows who owns each order,
 * so every competitor is scored as the venue would.
 *
 * @module
 */

import {
  addOrderScore,
  adjustedMidPips,
  type RewardRules,
  RewardTally,
  sampleScore,
  scoredOrder,
  type SideScores,
} from "../model/mod.ts";
import type { SimExchange, SimOrder } from "./exchange.ts";

/** The asset rewards are paid in (Polygon USDC.e, as the venue's reward rates name it). */
export const REWARD_ASSET = "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174";

/** The venue's reward program of one simulated market. */
export class SimRewards {
  private readonly tallies = new Map<string, RewardTally>();
  /** Samples taken. */
  samples = 0;

  /**
   * A program with `rules` over `exchange`'s book.
   * @param rules the market's reward rules (pool, band, min size)
   * @param exchange the book it scores
   */
  constructor(readonly rules: RewardRules, private readonly exchange: SimExchange) {}

  /** The size-cutoff-adjusted YES midpoint now, pips (NaN without a two-sided book). */
  adjustedMid(): number {
    const { bids, asks } = this.exchange.bookOf(0);
    // bookOf lists each side from the worst to the best
    return adjustedMidPips(bids.toReversed(), asks.toReversed(), this.rules.minSizeMicro);
  }

  /** True when `o` would score in a sample taken now (size, band, a two-sided book). */
  scoring(o: SimOrder): boolean {
    if (o.status !== "LIVE") return false;
    const q = { qOne: 0, qTwo: 0 };
    return addOrderScore(q, scoredOf(o), this.adjustedMid(), this.rules) > 0;
  }

  /**
   * One sample at `tMs`: each maker address's `Q_min` and its share of the
   * minute's pool, credited to its tally.
   */
  sample(tMs: number): void {
    const mid = this.adjustedMid();
    const scores = new Map<string, SideScores>();
    for (const o of this.exchange.liveOrders()) {
      let q = scores.get(o.address);
      if (!q) scores.set(o.address, q = { qOne: 0, qTwo: 0 });
      addOrderScore(q, scoredOf(o), mid, this.rules);
    }
    let total = 0;
    const qMin = new Map<string, number>();
    for (const [address, q] of scores) {
      const v = sampleScore(q.qOne, q.qTwo, mid, this.rules.scale);
      if (v > 0) {
        qMin.set(address, v);
        total += v;
      }
    }
    this.samples++;
    for (const address of qMin.keys()) this.tally(address);
    // every address seen so far samples, scoring or not (its share of
    // samples scored counts the misses too)
    for (const [address, t] of this.tallies) {
      t.sample(tMs, total > 0 ? (qMin.get(address) ?? 0) / total : 0, this.rules.dailyPoolUsdc);
    }
  }

  /**
   * The running tally of `address`; from its first call (or first scoring
   * sample) on, every sample counts for it.
   */
  tally(address: string): RewardTally {
    let t = this.tallies.get(address);
    if (!t) this.tallies.set(address, t = new RewardTally());
    return t;
  }
}

function scoredOf(o: SimOrder) {
  return scoredOrder(
    o.token === 0 ? "YES" : "NO",
    o.side,
    o.pricePips,
    o.originalMicro - o.matchedMicro,
  );
}
