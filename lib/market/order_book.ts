/**
 * An L2 order book of one token on integer ticks.
 *
 * A snapshot replaces everything; a level delta sets the aggregate size at a
 * price (0 removes it). Deltas before the first snapshot, or after a tick-size
 * change until the next snapshot, are refused (the caller counts them). Level
 * order in messages is never trusted: levels are written by price into arrays
 * indexed by tick, and the best prices are tracked incrementally.
 *
 * @module
 */

import { gridFromPips, type TickGrid } from "../model/mod.ts";
import type { PriceLevel } from "./events.ts";

/** Book state: no snapshot yet, live, or waiting for a snapshot after a tick change. */
export type BookStatus = "empty" | "live" | "invalid";

/** Outcome of applying a delta. */
export type DeltaResult = "applied" | "no_snapshot" | "invalid" | "off_grid";

/** Side index: bids. */
export const BID = 0;
/** Side index: asks. */
export const ASK = 1;

/** The book of one outcome token. */
export class OrderBook {
  /** Current state. */
  status: BookStatus = "empty";
  /** Current grid (null until a tick size is known). */
  grid: TickGrid | null = null;
  /** Best bid, ticks (0 = no bids). */
  bestBid = 0;
  /** Best ask, ticks (0 = no asks). */
  bestAsk = 0;
  /** Number of bid levels. */
  bidLevels = 0;
  /** Number of ask levels. */
  askLevels = 0;
  /** Receive time of the last snapshot or applied delta, ms (NaN before any). */
  lastRxMs: number = Number.NaN;
  /** Venue time of the last snapshot or applied delta, ms (NaN when unknown). */
  lastVenueMs: number = Number.NaN;
  /** Venue hash of the last snapshot. */
  hash = "";
  private bids = new Float64Array(0);
  private asks = new Float64Array(0);
  private pendingTickPips = 0;

  /**
   * An empty book of one token.
   *
   * @param assetId the token this book belongs to
   * @param defaultTickPips tick to assume when a snapshot carries none (0: unknown)
   */
  constructor(readonly assetId: string, private defaultTickPips = 0) {}

  /** Sets the tick to assume for snapshots without one (from the config or REST). */
  setDefaultTick(tickPips: number): void {
    this.defaultTickPips = tickPips;
  }

  /**
   * Replaces the book. Returns false (book unchanged but marked empty when it
   * was invalid) when no tick size is known or a level is off the grid.
   */
  applySnapshot(
    bids: readonly PriceLevel[],
    asks: readonly PriceLevel[],
    tickPips: number,
    rxMs: number,
    venueMs: number,
    hash: string,
  ): boolean {
    const tick = tickPips || this.pendingTickPips || this.grid?.tickPips || this.defaultTickPips;
    if (!tick) return false;
    const grid = gridFromPips(tick);
    for (const l of bids) if (l.pricePips % tick !== 0) return false;
    for (const l of asks) if (l.pricePips % tick !== 0) return false;
    const n = grid.ticksPerUnit;
    if (this.bids.length !== n + 1) {
      this.bids = new Float64Array(n + 1);
      this.asks = new Float64Array(n + 1);
    } else {
      this.bids.fill(0);
      this.asks.fill(0);
    }
    this.grid = grid;
    this.pendingTickPips = 0;
    this.bestBid = 0;
    this.bestAsk = 0;
    this.bidLevels = 0;
    this.askLevels = 0;
    for (const l of bids) this.set(BID, l.pricePips / tick, l.sizeMicro);
    for (const l of asks) this.set(ASK, l.pricePips / tick, l.sizeMicro);
    this.status = "live";
    this.lastRxMs = rxMs;
    this.lastVenueMs = venueMs;
    this.hash = hash;
    return true;
  }

  /** Sets the aggregate size at `pricePips` on `side` (0 removes the level). */
  applyDelta(
    side: number,
    pricePips: number,
    sizeMicro: number,
    rxMs: number,
    venueMs: number,
  ): DeltaResult {
    if (this.status === "empty") return "no_snapshot";
    if (this.status === "invalid") return "invalid";
    const tick = this.grid!.tickPips;
    if (pricePips % tick !== 0) return "off_grid";
    this.set(side, pricePips / tick, sizeMicro);
    this.lastRxMs = rxMs;
    if (venueMs === venueMs) this.lastVenueMs = venueMs;
    return "applied";
  }

  /** A tick-size change: the book is unusable until the next snapshot, which uses `newTickPips`. */
  invalidate(newTickPips: number): void {
    this.status = "invalid";
    this.pendingTickPips = newTickPips;
  }

  /** Drops everything (e.g. after a reconnect, before the fresh snapshot). */
  clear(): void {
    this.status = "empty";
    this.bestBid = 0;
    this.bestAsk = 0;
    this.bidLevels = 0;
    this.askLevels = 0;
    this.bids.fill(0);
    this.asks.fill(0);
  }

  /** Aggregate size at `ticks` on `side`, micro-shares. */
  sizeAt(side: number, ticks: number): number {
    const a = side === BID ? this.bids : this.asks;
    return ticks > 0 && ticks < a.length ? a[ticks] : 0;
  }

  /** Best bid in pips (NaN when none or not live). */
  get bestBidPips(): number {
    return this.status === "live" && this.bestBid > 0
      ? this.bestBid * this.grid!.tickPips
      : Number.NaN;
  }

  /** Best ask in pips (NaN when none or not live). */
  get bestAskPips(): number {
    return this.status === "live" && this.bestAsk > 0
      ? this.bestAsk * this.grid!.tickPips
      : Number.NaN;
  }

  /** True when both sides exist and the best bid is at or above the best ask. */
  get crossed(): boolean {
    return this.bestBid > 0 && this.bestAsk > 0 && this.bestBid >= this.bestAsk;
  }

  /** True when live data is older than `staleAfterMs` at `nowMs` (or there is none). */
  isStale(nowMs: number, staleAfterMs: number): boolean {
    return this.status !== "live" || !(nowMs - this.lastRxMs <= staleAfterMs);
  }

  /** Total size of the best `levels` levels on `side`, micro-shares. */
  depth(side: number, levels: number): number {
    const a = side === BID ? this.bids : this.asks;
    let total = 0;
    let seen = 0;
    if (side === BID) {
      for (let t = this.bestBid; t > 0 && seen < levels; t--) {
        if (a[t] > 0) {
          total += a[t];
          seen++;
        }
      }
    } else if (this.bestAsk > 0) {
      for (let t = this.bestAsk; t < a.length && seen < levels; t++) {
        if (a[t] > 0) {
          total += a[t];
          seen++;
        }
      }
    }
    return total;
  }

  /** Levels of `side` from the best outward (at most `max`), as pips and micro-shares. */
  levels(side: number, max = Infinity): PriceLevel[] {
    const out: PriceLevel[] = [];
    if (this.status !== "live") return out;
    const a = side === BID ? this.bids : this.asks;
    const tick = this.grid!.tickPips;
    if (side === BID) {
      for (let t = this.bestBid; t > 0 && out.length < max; t--) {
        if (a[t] > 0) out.push({ pricePips: t * tick, sizeMicro: a[t] });
      }
    } else if (this.bestAsk > 0) {
      for (let t = this.bestAsk; t < a.length && out.length < max; t++) {
        if (a[t] > 0) out.push({ pricePips: t * tick, sizeMicro: a[t] });
      }
    }
    return out;
  }

  /** Writes one level and keeps the best price and level count right. */
  private set(side: number, t: number, size: number): void {
    const a = side === BID ? this.bids : this.asks;
    if (t <= 0 || t >= a.length - 1) return; // 0 and 1 are not tradable prices
    const old = a[t];
    a[t] = size;
    if (side === BID) {
      if (size > 0) {
        if (old === 0) this.bidLevels++;
        if (t > this.bestBid) this.bestBid = t;
      } else if (old > 0) {
        this.bidLevels--;
        if (t === this.bestBid) {
          let k = t - 1;
          while (k > 0 && a[k] === 0) k--;
          this.bestBid = k;
        }
      }
    } else {
      if (size > 0) {
        if (old === 0) this.askLevels++;
        if (this.bestAsk === 0 || t < this.bestAsk) this.bestAsk = t;
      } else if (old > 0) {
        this.askLevels--;
        if (t === this.bestAsk) {
          let k = t + 1;
          while (k < a.length && a[k] === 0) k++;
          this.bestAsk = k < a.length ? k : 0;
        }
      }
    }
  }
}
