/**
 * The engine's view of the market's liquidity rewards: what the rewards mode
 * of the decision reads (the adjusted midpoint, the other makers' scored
 * depth, the print rates), and a sample a minute of what our resting orders
 * earn — the venue's scoring (lib/model/rewards.ts) replayed on our book.
 *
 * The book is anonymous, so the other makers are scored level by level as
 * one maker: a level counts when what is left of it after our own orders
 * reaches the min incentive size. The estimate is what a backtest, a paper
 * run and a live run report; the venue's own answer (`/orders-scoring`,
 * the daily payout) is the check on it.
 *
 * @module
 */

import { ASK, BID, type OrderBook } from "../market/mod.ts";
import {
  addOrderScore,
  DecayedSums,
  priceScore,
  type RewardInputs,
  type RewardRules,
  RewardTally,
  sampleScore,
  sampleShare,
  scoredOrder,
  yesPips,
} from "../model/mod.ts";
import type { TrackedOrder } from "./order_tracker.ts";

/** Decay of our fill rate per side, ms: the rewards mode's cost follows the last half hour. */
const FILL_RATE_TAU_MS = 1_800_000;

/** One minute's estimate, as journaled. */
export interface RewardSample {
  /** Sample time, ms. */
  tMs: number;
  /** Our estimated share of the minute's pool, [0, 1]. */
  share: number;
  /** What the minute earned, USDC. */
  usdc: number;
  /** Our resting orders that score. */
  scoring: number;
  /** Our resting orders. */
  orders: number;
  /** Estimated rewards of the current UTC day so far, USDC. */
  todayUsdc: number;
}

/** Reward state of one engine: the program, the decision's inputs, the tally. */
export class RewardWatch {
  /** The program (null: the market pays no rewards). */
  rules: RewardRules | null = null;
  /** Estimated rewards so far. */
  readonly tally: RewardTally = new RewardTally();
  /** The last sample (null before the first). */
  last: RewardSample | null = null;
  /** The venue's last answer on our orders (live only; null before the first). */
  venue: { tMs: number; scoring: number; orders: number } | null = null;
  // our filled shares, bids at 0 and asks at 1, decayed
  private readonly filled = new DecayedSums(FILL_RATE_TAU_MS, 2);
  private readonly inp: RewardInputs = {
    rules: {} as RewardRules,
    midPips: 0,
    othersQOne: 0,
    othersQTwo: 0,
    printRateBid: 0,
    printRateAsk: 0,
    fillRateBid: 0,
    fillRateAsk: 0,
  };

  /** One of our fills at `tMs`: `yesBid` when it added YES exposure. */
  onFill(tMs: number, yesBid: boolean, shares: number): void {
    this.filled.add(yesBid ? 0 : 1, tMs, shares);
  }

  /**
   * The program, the adjusted midpoint and the other makers' scores, read
   * from the YES book into the reused inputs; null without a program or a
   * two-sided book. What a sample needs; the decision needs the rates too.
   */
  private scoreBook(
    book: OrderBook,
    ours: readonly TrackedOrder[],
    ownInBook: boolean,
  ): RewardInputs | null {
    const rules = this.rules;
    if (rules === null || book.grid === null) return null;
    const mid = adjustedMid(book, rules.minSizeMicro);
    if (!(mid > 0)) return null;
    const inp = this.inp;
    inp.rules = rules;
    inp.midPips = mid;
    inp.othersQOne = othersScore(book, BID, mid, rules, ownInBook ? ours : NONE);
    inp.othersQTwo = othersScore(book, ASK, mid, rules, ownInBook ? ours : NONE);
    return inp;
  }

  /**
   * The decision's reward inputs from the YES book (which holds our own
   * orders when `ownInBook`), or null without a program or a two-sided book.
   * The object is reused: read it before the next call.
   */
  inputs(
    book: OrderBook,
    ours: readonly TrackedOrder[],
    ownInBook: boolean,
    printRateBid: number,
    printRateAsk: number,
    tMs: number,
  ): RewardInputs | null {
    const inp = this.scoreBook(book, ours, ownInBook);
    if (inp === null) return null;
    inp.printRateBid = printRateBid;
    inp.printRateAsk = printRateAsk;
    inp.fillRateBid = this.filled.at(0, tMs) / FILL_RATE_TAU_MS * 1000;
    inp.fillRateAsk = this.filled.at(1, tMs) / FILL_RATE_TAU_MS * 1000;
    return inp;
  }

  /**
   * The sample at `tMs`: our live orders scored against the others', the
   * minute's share of the pool credited to the tally. Null without a
   * program or a book.
   */
  sample(
    tMs: number,
    book: OrderBook,
    ours: readonly TrackedOrder[],
    ownInBook: boolean,
  ): RewardSample | null {
    const inp = this.scoreBook(book, ours, ownInBook);
    if (inp === null) return null;
    const rules = inp.rules;
    const ourQ = { qOne: 0, qTwo: 0 };
    let scoring = 0;
    let orders = 0;
    for (const o of ours) {
      if (o.state !== "live") continue;
      orders++;
      const order = scoredOrder(o.token, o.side, o.pricePips, o.remainingMicro);
      if (addOrderScore(ourQ, order, inp.midPips, rules) > 0) scoring++;
    }
    const q = sampleScore(ourQ.qOne, ourQ.qTwo, inp.midPips, rules.scale);
    const share = sampleShare(
      q,
      sampleScore(inp.othersQOne, inp.othersQTwo, inp.midPips, rules.scale),
    );
    this.tally.sample(tMs, share, rules.dailyPoolUsdc);
    this.last = {
      tMs,
      share,
      usdc: this.tally.lastUsdc,
      scoring,
      orders,
      todayUsdc: this.tally.todayUsdc,
    };
    return this.last;
  }
}

const NONE: readonly TrackedOrder[] = [];

/**
 * The size-cutoff-adjusted midpoint of the YES book, pips (NaN when a side
 * is empty): `adjustedMidPips` read off the book's arrays in place, since the
 * rewards mode asks for it every cycle.
 */
function adjustedMid(book: OrderBook, cutoffMicro: number): number {
  const b = cutoffPrice(book, BID, cutoffMicro);
  const a = cutoffPrice(book, ASK, cutoffMicro);
  return (a + b) / 2;
}

function cutoffPrice(book: OrderBook, side: number, cutoffMicro: number): number {
  const grid = book.grid!;
  const best = side === BID ? book.bestBidPips : book.bestAskPips;
  if (!(best > 0)) return Number.NaN;
  const step = side === BID ? -1 : 1;
  let depth = 0;
  let last = best;
  for (let t = best / grid.tickPips; t > 0 && t < grid.ticksPerUnit; t += step) {
    const size = book.sizeAt(side, t);
    if (size <= 0) continue;
    last = t * grid.tickPips;
    depth += size;
    if (depth >= cutoffMicro) break;
  }
  return last;
}

/** The other makers' Σ S·size on one side of the YES book, shares. */
function othersScore(
  book: OrderBook,
  side: number,
  mid: number,
  rules: RewardRules,
  ours: readonly TrackedOrder[],
): number {
  const grid = book.grid!;
  const best = side === BID ? book.bestBidPips : book.bestAskPips;
  if (!(best > 0)) return 0;
  const step = side === BID ? -1 : 1;
  const bandPips = rules.maxSpreadCents * 100;
  let total = 0;
  for (let t = best / grid.tickPips; t > 0 && t < grid.ticksPerUnit; t += step) {
    const price = t * grid.tickPips;
    const s = side === BID ? mid - price : price - mid;
    if (s >= bandPips) break;
    let size = book.sizeAt(side, t);
    if (size <= 0) continue;
    for (const o of ours) {
      if (o.isBid !== (side === BID) || o.state === "done") continue;
      const yes = yesPips(o.token, o.pricePips);
      if (yes === price) size -= o.remainingMicro;
    }
    if (size < rules.minSizeMicro || size <= 0) continue;
    total += priceScore(rules, mid, side === BID, price) * size / 1e6;
  }
  return total;
}
