/**
 * What a market's liquidity rewards and maker rebates would pay pm4 per day
 * and per dollar of capital, from the book as it stands: the number
 * `pm4 analyze --rank` sorts markets by.
 *
 * The quote assumed is the rewards mode's: one order per side of the min
 * incentive size (at least the exchange minimum), at the touch when the
 * touch is inside the band, else at the band's inner edge (without crossing).
 * The competition is the book, scored by the venue's rules as one maker
 * (lib/model/rewards.ts); the share of the pool is ours over ours plus
 * theirs. Rebates, on fee-charging markets: the venue's share of the taker
 * fees of a day's volume, in proportion to our share of the size at the
 * touch. Estimates of a snapshot: the book, the pool and the volume move.
 *
 * The capital is the bankroll pm4 needs to rest those orders now, not only
 * the cash they hold: the rewards mode never rests past q_max, and q_max
 * shrinks with the time decay toward the resolution (pm4-model.md §1–§2),
 * so a market near its end, or a large min size, needs a bankroll many
 * times the orders' price to score at all.
 *
 * @module
 */

import {
  adjustedMidPips,
  capacity,
  programRules,
  sampleScore,
  sampleShare,
  type ScoredOrder,
  sideBudget,
  sideScores,
} from "../model/mod.ts";

/** A price level: price (USDC) and size (shares). */
export interface BookLevel {
  /** Price, USDC. */
  price: number;
  /** Size, shares. */
  size: number;
}

/** What the estimate reads. */
export interface RewardMarket {
  /** YES bids and asks, any order. */
  bids: readonly BookLevel[];
  /** YES asks. */
  asks: readonly BookLevel[];
  /** Tick, USDC. */
  tick: number;
  /** Exchange minimum order, shares. */
  minOrderShares: number;
  /** The reward pool, USDC per day (0: none). */
  dailyPoolUsdc: number;
  /** Max incentive spread, cents (NaN: no program). */
  maxSpreadCents: number;
  /** Min incentive size, shares. */
  minSizeShares: number;
  /** Taker fee rate (fraction; 0: no fees). */
  takerFeeRate: number;
  /** Volume of the last 24 hours, USDC (NaN: unknown). */
  volume24hUsdc: number;
  /** pm4's time factor tf now, (0, 1] (`risk.eta_time`; 1 without time decay). */
  timeFactor: number;
  /** `risk.slippage_buffer`, fraction. */
  slippageBuffer: number;
}

/** The estimate. */
export interface RewardEstimate {
  /** Our bid and ask, YES price. */
  bid: number;
  /** Our ask, YES price. */
  ask: number;
  /** Shares per side. */
  sizeShares: number;
  /** The adjusted midpoint, YES price. */
  mid: number;
  /** Our share of each sampled minute's pool, [0, 1]. */
  share: number;
  /** Expected rewards, USDC per day. */
  rewardsPerDay: number;
  /** Expected maker rebates, USDC per day (0 without fees or volume). */
  rebatesPerDay: number;
  /** Capital the two orders hold: the bid's cash and the NO bid's cash, USDC. */
  capitalUsdc: number;
  /**
   * The bankroll (`bankroll_B`, one market) whose q_max now reaches the
   * size per side, so that the rewards mode may rest it, USDC (at least
   * {@link capitalUsdc}; Infinity once the time factor is 0).
   */
  bankrollUsdc: number;
  /** (rewards + rebates) per day per dollar of {@link bankrollUsdc}. */
  perDollarDay: number;
}

/** Share of the taker fee the venue rebates to makers (Polymarket pays 20–25 %: the low end). */
export const REBATE_SHARE = 0.2;

/**
 * The estimate for one market, or null when it pays nothing we can score
 * (no program, no two-sided book).
 *
 * @example
 * ```ts
 * import { rewardEstimate } from "./rewards.ts";
 * const e = rewardEstimate({
 *   bids: [{ price: 0.49, size: 100 }], asks: [{ price: 0.51, size: 100 }], tick: 0.01,
 *   minOrderShares: 5, dailyPoolUsdc: 100, maxSpreadCents: 3, minSizeShares: 50,
 *   takerFeeRate: 0, volume24hUsdc: Number.NaN, timeFactor: 0.25, slippageBuffer: 0.1,
 * });
 * // at the touch beside the book's 100 a side: a third of the pool
 * // e.rewardsPerDay ≈ 33.3, e.capitalUsdc = 49 (0.49·50 + (1 − 0.51)·50);
 * // q_max = 0.5·B·tf / (1.1·0.5) reaches 50 shares at B = 220 USDC
 * // e.bankrollUsdc ≈ 220, e.perDollarDay ≈ 33.3 / 220
 * ```
 */
export function rewardEstimate(m: RewardMarket): RewardEstimate | null {
  if (!(m.dailyPoolUsdc > 0) || !(m.maxSpreadCents > 0)) return null;
  const bids = [...m.bids].sort((a, b) => b.price - a.price);
  const asks = [...m.asks].sort((a, b) => a.price - b.price);
  if (bids.length === 0 || asks.length === 0) return null;
  const pips = (l: BookLevel): [number, number] => [Math.round(l.price * 1e4), l.size * 1e6];
  const midPips = adjustedMidPips(bids.map(pips), asks.map(pips), m.minSizeShares * 1e6);
  const mid = midPips / 1e4;
  const v = m.maxSpreadCents / 100;
  const tick = m.tick;
  // the touch when it scores, else the band's innermost scoring price, never crossing:
  // the first ticks strictly inside the band (at its edge an order scores 0)
  const edgeBid = (Math.floor((mid - v) / tick + 1e-9) + 1) * tick;
  const edgeAsk = (Math.ceil((mid + v) / tick - 1e-9) - 1) * tick;
  let bid = bids[0].price > mid - v ? bids[0].price : Math.min(edgeBid, asks[0].price - tick);
  let ask = asks[0].price < mid + v ? asks[0].price : Math.max(edgeAsk, bids[0].price + tick);
  bid = round(bid, tick);
  ask = round(ask, tick);
  const z = Math.max(m.minSizeShares, m.minOrderShares);
  // ours and the book (one anonymous maker), scored by the venue's rules
  const rules = programRules(m.dailyPoolUsdc, m.maxSpreadCents, m.minSizeShares);
  const side = (yesBid: boolean) => (l: BookLevel): ScoredOrder => ({
    yesBid,
    yesPips: Math.round(l.price * 1e4),
    sizeMicro: Math.round(l.size * 1e6),
  });
  const mine = sideScores(
    [side(true)({ price: bid, size: z }), side(false)({ price: ask, size: z })],
    midPips,
    rules,
  );
  const book = sideScores([...bids.map(side(true)), ...asks.map(side(false))], midPips, rules);
  const share = sampleShare(
    sampleScore(mine.qOne, mine.qTwo, midPips, rules.scale),
    sampleScore(book.qOne, book.qTwo, midPips, rules.scale),
  );
  const rewardsPerDay = m.dailyPoolUsdc * share;
  // a day's taker fees, size·rate·p(1−p) on volume/p shares, and our part of the touch
  const touch = sizeAt(bids, bids[0].price) + sizeAt(asks, asks[0].price);
  const ourTouch = (bid === bids[0].price ? z : 0) + (ask === asks[0].price ? z : 0);
  const fees = m.takerFeeRate > 0 && m.volume24hUsdc > 0
    ? m.volume24hUsdc * m.takerFeeRate * (1 - mid)
    : 0;
  const rebatesPerDay = ourTouch > 0 ? REBATE_SHARE * fees * ourTouch / (ourTouch + touch) : 0;
  const capitalUsdc = z * bid + z * (1 - ask);
  // q_max is linear in the bankroll: the bankroll whose q_max is z
  const perUsdc = capacity(sideBudget(1, 1), m.timeFactor, mid, 1 - mid, m.slippageBuffer);
  const needed = perUsdc > 0 ? z / perUsdc : Infinity;
  const bankrollUsdc = needed > capitalUsdc ? needed : capitalUsdc;
  return {
    bid,
    ask,
    sizeShares: z,
    mid,
    share,
    rewardsPerDay,
    rebatesPerDay,
    capitalUsdc,
    bankrollUsdc,
    perDollarDay: bankrollUsdc > 0 && bankrollUsdc < Infinity
      ? (rewardsPerDay + rebatesPerDay) / bankrollUsdc
      : 0,
  };
}

function sizeAt(levels: readonly BookLevel[], price: number): number {
  return levels.reduce((a, l) => a + (l.price === price ? l.size : 0), 0);
}

function round(p: number, tick: number): number {
  return Math.round(p / tick) * tick;
}
