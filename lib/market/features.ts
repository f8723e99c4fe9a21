/**
 * Microstructure features that feed the model: the consolidated top of book,
 * mid and microprice, YES/NO consistency, trade rate per side, trade-print
 * distances for κ, and the crowd size U. Every buffer is bounded.
 *
 * @module
 */

import { FlowImbalance, KappaEstimator, logOdds, PRICE_E8 } from "../model/mod.ts";
import type { TradePrinted } from "./events.ts";
import { ASK, BID, type OrderBook } from "./order_book.ts";

/** Pips in one USDC. */
const UNIT = 10_000;

/**
 * Top of the YES book consolidated with the NO book, in YES pips: the NO
 * book's asks are YES bids at `1 − p` and its bids YES asks (Polymarket
 * matches complementary orders). Sizes are those of the better book's level.
 */
export interface Top {
  /** Best YES-equivalent bid, pips (0 = none). */
  bidPips: number;
  /** Best YES-equivalent ask, pips (0 = none). */
  askPips: number;
  /** Size at the best bid, micro-shares. */
  bidSizeMicro: number;
  /** Size at the best ask, micro-shares. */
  askSizeMicro: number;
}

/** A fresh {@link Top} to reuse. */
export function emptyTop(): Top {
  return { bidPips: 0, askPips: 0, bidSizeMicro: 0, askSizeMicro: 0 };
}

/**
 * Fills `out` from the live books (a book that is not live contributes
 * nothing). The venue's two books mirror one unified book (a YES bid at p is
 * also listed as a NO ask at 1 − p), so where both show the same price the
 * larger size is taken, never the sum. Returns true when both sides exist.
 */
export function consolidatedTop(yes: OrderBook, no: OrderBook, out: Top): boolean {
  out.bidPips = 0;
  out.askPips = 0;
  out.bidSizeMicro = 0;
  out.askSizeMicro = 0;
  if (yes.status === "live") {
    const t = yes.grid!.tickPips;
    if (yes.bestBid > 0) {
      out.bidPips = yes.bestBid * t;
      out.bidSizeMicro = yes.sizeAt(BID, yes.bestBid);
    }
    if (yes.bestAsk > 0) {
      out.askPips = yes.bestAsk * t;
      out.askSizeMicro = yes.sizeAt(ASK, yes.bestAsk);
    }
  }
  if (no.status === "live") {
    const t = no.grid!.tickPips;
    if (no.bestAsk > 0) {
      const p = UNIT - no.bestAsk * t;
      const size = no.sizeAt(ASK, no.bestAsk);
      if (p > out.bidPips) {
        out.bidPips = p;
        out.bidSizeMicro = size;
      } else if (p === out.bidPips && size > out.bidSizeMicro) {
        out.bidSizeMicro = size;
      }
    }
    if (no.bestBid > 0) {
      const p = UNIT - no.bestBid * t;
      const size = no.sizeAt(BID, no.bestBid);
      if (out.askPips === 0 || p < out.askPips) {
        out.askPips = p;
        out.askSizeMicro = size;
      } else if (p === out.askPips && size > out.askSizeMicro) {
        out.askSizeMicro = size;
      }
    }
  }
  return out.bidPips > 0 && out.askPips > 0;
}

/**
 * Public size at a level of the unified (YES) book, micro-shares: the YES
 * book when it is live, else the NO book read at 1 − p on the other side.
 * `side` is the unified side (BID: YES bids / NO asks).
 */
export function unifiedLevelSize(
  yes: OrderBook,
  no: OrderBook,
  side: number,
  yesPips: number,
): number {
  if (yes.status === "live") {
    const t = yesPips / yes.grid!.tickPips;
    return Number.isInteger(t) ? yes.sizeAt(side, t) : 0;
  }
  if (no.status === "live") {
    const t = (UNIT - yesPips) / no.grid!.tickPips;
    return Number.isInteger(t) ? no.sizeAt(side === BID ? ASK : BID, t) : 0;
  }
  return 0;
}

/** Our own resting size by YES-equivalent price, pips → micro-shares, per unified side. */
export interface OwnLevels {
  /** Our bids (YES buys, NO sells) at YES prices. */
  bid: Map<number, number>;
  /** Our asks (YES sells, NO buys) at YES prices. */
  ask: Map<number, number>;
}

/**
 * The top of the market without our own orders: like {@link consolidatedTop},
 * but a level's size is reduced by ours there and a level that is only ours is
 * skipped. A maker whose reference price included its own quotes would chase
 * them. Reads the YES book (the NO book, mirrored, when the YES one is not
 * live). Returns true when both sides exist.
 */
export function publicTop(yes: OrderBook, no: OrderBook, own: OwnLevels, out: Top): boolean {
  if (own.bid.size === 0 && own.ask.size === 0) return consolidatedTop(yes, no, out);
  const mirrored = yes.status !== "live";
  const book = mirrored ? no : yes;
  out.bidPips = 0;
  out.askPips = 0;
  out.bidSizeMicro = 0;
  out.askSizeMicro = 0;
  if (book.status !== "live") return false;
  const tick = book.grid!.tickPips;
  const n = UNIT / tick;
  // the unified bid side is the YES bids, or the NO asks read from 1 − p
  for (let k = 0; k < 2; k++) {
    const bid = k === 0;
    const s = bid !== mirrored ? BID : ASK;
    const ownAt = bid ? own.bid : own.ask;
    // walk the book side outward from its best, in its own ticks
    const inward = s === BID ? -1 : 1;
    let t = s === BID ? book.bestBid : book.bestAsk;
    while (t > 0 && t < n) {
      const size = book.sizeAt(s, t);
      if (size > 0) {
        const yesPips = mirrored ? UNIT - t * tick : t * tick;
        const left = size - (ownAt.get(yesPips) ?? 0);
        if (left > 0) {
          if (bid) {
            out.bidPips = yesPips;
            out.bidSizeMicro = left;
          } else {
            out.askPips = yesPips;
            out.askSizeMicro = left;
          }
          break;
        }
      }
      t += inward;
    }
  }
  return out.bidPips > 0 && out.askPips > 0;
}

/** Mid `(bid + ask)/2` as an integer count of 1e-8 (exact: pips × 1e4 / 2). */
export function midE8(top: Top): number {
  return (top.bidPips + top.askPips) * (PRICE_E8 / UNIT / 2);
}

/**
 * Size-weighted microprice `(bid·askSize + ask·bidSize)/(bidSize + askSize)`
 * as an integer count of 1e-8 (the mid when both sizes are 0).
 */
export function microE8(top: Top): number {
  const w = top.bidSizeMicro + top.askSizeMicro;
  if (!(w > 0)) return midE8(top);
  const p = (top.bidPips * top.askSizeMicro + top.askPips * top.bidSizeMicro) / w;
  return Math.round(p * (PRICE_E8 / UNIT));
}

/**
 * YES/NO consistency: `(mid_yes + mid_no) − 1` in pips, ≈ 0 in a sane market
 * (NaN when either book has no two-sided top). A feature, not an error.
 */
export function yesNoGapPips(yes: OrderBook, no: OrderBook): number {
  if (yes.status !== "live" || no.status !== "live") return Number.NaN;
  if (!(yes.bestBid > 0 && yes.bestAsk > 0 && no.bestBid > 0 && no.bestAsk > 0)) return Number.NaN;
  const my = (yes.bestBid + yes.bestAsk) * yes.grid!.tickPips / 2;
  const mn = (no.bestBid + no.bestAsk) * no.grid!.tickPips / 2;
  return my + mn - UNIT;
}

/** Trades per minute over a trailing window, from a bounded ring of trade times. */
export class TradeRate {
  private readonly times: Float64Array;
  private head = 0; // absolute index of the oldest kept
  private tail = 0; // absolute index of the next free

  /**
   * A rate over a trailing window, empty.
   *
   * @param windowMs trailing window, ms
   * @param capacity most trades kept (the rate saturates at capacity / window)
   */
  constructor(readonly windowMs: number, capacity = 4096) {
    this.times = new Float64Array(capacity);
  }

  /** Records a trade at `tMs` (times must not go backwards by more than the window). */
  record(tMs: number): void {
    const cap = this.times.length;
    if (this.tail - this.head === cap) this.head++;
    this.times[this.tail++ % cap] = tMs;
  }

  /** Trades per minute in `(tMs − window, tMs]`. */
  perMinute(tMs: number): number {
    const cap = this.times.length;
    while (this.head < this.tail && this.times[this.head % cap] <= tMs - this.windowMs) this.head++;
    return (this.tail - this.head) * 60_000 / this.windowMs;
  }
}

/** Distinct trader wallets seen in a trailing window (U, model §4), bounded in memory. */
export class CrowdCounter {
  // wallet → last trade time; kept in time order (oldest first) so that
  // pruning stops at the first wallet inside the window
  private lastSeen = new Map<string, number>();
  private newestMs = -Infinity;
  // an observation older than the newest one broke the time order: re-sort
  // before the next count (the data API answers newest-first)
  private unsorted = false;

  /**
   * A counter of distinct wallets over a trailing window, empty.
   *
   * @param windowMs trailing window, ms (`risk.U_window_s`)
   * @param maxWallets most wallets remembered (the oldest are forgotten first)
   */
  constructor(readonly windowMs: number, readonly maxWallets = 100_000) {}

  /** Records a trade by `wallet` at `tMs` (in any order). */
  observe(wallet: string, tMs: number): void {
    if (!wallet || !Number.isFinite(tMs)) return;
    const key = wallet.toLowerCase();
    const prev = this.lastSeen.get(key);
    if (prev !== undefined) {
      if (tMs <= prev) return;
      this.lastSeen.delete(key); // re-insert at its new time
    }
    this.lastSeen.set(key, tMs);
    if (tMs < this.newestMs) this.unsorted = true;
    else this.newestMs = tMs;
    if (this.lastSeen.size > this.maxWallets) {
      this.sort();
      this.lastSeen.delete(this.lastSeen.keys().next().value!);
    }
  }

  /** U: wallets seen in `(tMs − window, tMs]`; forgets older ones. */
  count(tMs: number): number {
    this.sort();
    const cutoff = tMs - this.windowMs;
    for (const [k, t] of this.lastSeen) {
      if (t > cutoff) break;
      this.lastSeen.delete(k);
    }
    return this.lastSeen.size;
  }

  /** Orders the wallets by last trade time (after out-of-order reports). */
  private sort(): void {
    if (!this.unsorted) return;
    this.lastSeen = new Map([...this.lastSeen].sort((a, b) => a[1] - b[1]));
    this.unsorted = false;
  }
}

/** A public trade of the market (data API `GET /trades`). */
export interface PublicTrade {
  /** Trader wallet (`proxyWallet`). */
  wallet: string;
  /** Taker side of the record. */
  side: "buy" | "sell";
  /** Size, micro-shares. */
  sizeMicro: number;
  /** Price of the token, pips (1e-4 USDC). */
  pricePips: number;
  /** Trade time, ms. */
  tMs: number;
  /** Token traded ("" when the record does not say). */
  assetId: string;
}

/**
 * Parses the data API's `/trades` response (an array of records with
 * `proxyWallet, side, size, price, timestamp` in seconds). Bad records are
 * skipped and counted, never thrown.
 */
export function parsePublicTrades(json: unknown): { trades: PublicTrade[]; skipped: number } {
  const trades: PublicTrade[] = [];
  let skipped = 0;
  if (!Array.isArray(json)) return { trades, skipped: 1 };
  for (const r of json) {
    if (typeof r !== "object" || r === null) {
      skipped++;
      continue;
    }
    const rec = r as Record<string, unknown>;
    const wallet = typeof rec.proxyWallet === "string" ? rec.proxyWallet : "";
    const side = String(rec.side ?? "").toUpperCase();
    const size = Number(rec.size);
    const price = Number(rec.price);
    const ts = Number(rec.timestamp);
    if (
      !wallet || (side !== "BUY" && side !== "SELL") || !(size > 0) || !(price > 0 && price < 1) ||
      !(ts > 0)
    ) {
      skipped++;
      continue;
    }
    trades.push({
      wallet,
      side: side === "BUY" ? "buy" : "sell",
      sizeMicro: Math.round(size * 1e6),
      pricePips: Math.round(price * UNIT),
      tMs: ts < 1e11 ? ts * 1000 : ts,
      assetId: typeof rec.asset === "string" ? rec.asset : "",
    });
  }
  return { trades, skipped };
}

/** Settings of {@link MarketFeatures}. */
export interface FeatureParams {
  /** Trailing window of the trade rates, ms. */
  rateWindowMs: number;
  /** κ's prior κ0, 1/logit. */
  kappa0: number;
  /** κ's prior weight, pseudo-prints. */
  kappaPriorN: number;
  /** κ's evidence decays with this time constant, ms. */
  kappaTauMs: number;
  /** The crowd U counts traders of this trailing window, ms. */
  crowdWindowMs: number;
  /** The flow imbalance F forgets a print with this time constant, ms. */
  flowTauMs: number;
  /** F's prior volume, shares. */
  flowPriorShares: number;
}

/**
 * The trade-flow features of one market: trade rate per side, κ per side
 * from print distances, crowd size U, the flow imbalance F. Trades on the NO token are read in YES
 * terms (a taker buying NO at p sells YES at 1 − p).
 */
export class MarketFeatures {
  /** Taker sells in YES terms (they hit bids), per minute. */
  readonly sellRate: TradeRate;
  /** Taker buys in YES terms (they lift asks), per minute. */
  readonly buyRate: TradeRate;
  /** κ of the bid side (prints of taker sells). */
  readonly kappaBid: KappaEstimator;
  /** κ of the ask side (prints of taker buys). */
  readonly kappaAsk: KappaEstimator;
  /** Distinct traders U. */
  readonly crowd: CrowdCounter;
  /** Signed taker flow F in YES terms. */
  readonly flow: FlowImbalance;

  /**
   * Features of the market whose YES token is `yesAssetId`, with priors only.
   *
   * @param yesAssetId token id of YES (others are read as NO)
   * @param opts estimator settings: rate window, κ prior and decay, U window
   */
  constructor(readonly yesAssetId: string, opts: FeatureParams) {
    this.sellRate = new TradeRate(opts.rateWindowMs);
    this.buyRate = new TradeRate(opts.rateWindowMs);
    this.kappaBid = new KappaEstimator(opts.kappa0, opts.kappaPriorN, opts.kappaTauMs);
    this.kappaAsk = new KappaEstimator(opts.kappa0, opts.kappaPriorN, opts.kappaTauMs);
    this.crowd = new CrowdCounter(opts.crowdWindowMs);
    this.flow = new FlowImbalance(opts.flowTauMs, opts.flowPriorShares);
  }

  /**
   * Records a trade print; `refE8` is the reference YES price at the time
   * (1e-8 units, 0 when unknown: the print then only counts for the rate).
   */
  onTrade(ev: TradePrinted, refE8: number): void {
    const isYes = ev.assetId === this.yesAssetId;
    const yesPips = isYes ? ev.pricePips : UNIT - ev.pricePips;
    const takerBuysYes = isYes ? ev.takerSide === "buy" : ev.takerSide === "sell";
    const t = ev.tMs === ev.tMs ? ev.tMs : ev.rxMs;
    (takerBuysYes ? this.buyRate : this.sellRate).record(t);
    this.flow.observe(t, ev.sizeMicro / 1e6, takerBuysYes);
    if (!(refE8 > 0 && refE8 < PRICE_E8)) return;
    const xTrade = logOdds(yesPips, UNIT - yesPips);
    const xRef = logOdds(refE8, PRICE_E8 - refE8);
    (takerBuysYes ? this.kappaAsk : this.kappaBid).observe(t, Math.abs(xTrade - xRef));
  }

  /** Total trade rate, trades per minute (both sides). */
  tradeRatePerMin(tMs: number): number {
    return this.sellRate.perMinute(tMs) + this.buyRate.perMinute(tMs);
  }
}
