/**
 * Every order the engine sends is tracked here until it is filled, cancelled
 * or proven absent (by a REST reconciliation).
 *
 * Fill accounting has one source of truth per order: the venue's cumulative
 * matched size (order updates, REST) and the distinct trades of the order.
 * The matched size is the larger of the two, so it is the same whichever of
 * them arrives first, and a duplicate or a replay changes nothing. A trade
 * that later FAILED still consumed the order at the venue (the position is
 * reverted by the inventory, the order's size is not). An order the venue
 * reports matched beyond the trades we have seen stays "awaiting" after it is
 * done: its shares are on their way and count in the worst-case inventory.
 *
 * States: `pending` (sent, no answer yet; its exchange id is known once
 * signed) → `live` (resting) → `canceling` (cancel sent) → `done`. An order
 * whose placement or cancel failed without an answer is `unknown` until a
 * reconciliation finds it (live) or proves it absent (done).
 *
 * @module
 */

import { isYesBid } from "../model/mod.ts";
import type { ExchangeOrder, NewOrder, Outcome } from "./types.ts";

/** Lifecycle state of one of our orders. */
export type OrderState = "pending" | "live" | "canceling" | "unknown" | "done";

/** One of our orders. */
export class TrackedOrder {
  /** Exchange id (known once signed; null before). */
  orderId: string | null = null;
  /** Largest cumulative matched size the venue reported, micro-shares. */
  reportedMicro = 0;
  /** Sum of the distinct trades of this order seen so far, micro-shares. */
  tradedMicro = 0;
  /** Current state. */
  state: OrderState = "pending";
  /** Why it is done (`filled`, `canceled`, `rejected: …`, `absent`). */
  doneReason = "";
  /** When its cancel was sent, ms (NaN before). */
  cancelSentMs: number = Number.NaN;
  /** Cancel as soon as the placement is answered (it was no longer wanted before that). */
  cancelWhenPlaced = false;
  /** YES-equivalent side: a bid adds YES exposure (BUY YES, SELL NO). */
  readonly isBid: boolean;

  /** An order of ours, as created (pending until the venue answers). */
  constructor(
    /** Our id. */
    readonly clientId: number,
    /** Which outcome token: YES or NO. */
    readonly token: Outcome,
    /** BUY or SELL, of its token. */
    readonly side: "BUY" | "SELL",
    /** Price of the token, ticks of `tickPips`. */
    readonly priceTicks: number,
    /** Tick of the price, pips. */
    readonly tickPips: number,
    /** Original size, micro-shares. */
    readonly sizeMicro: number,
    /** When it was created (sent), ms. */
    readonly createdMs: number,
  ) {
    this.isBid = isYesBid(token, side);
  }

  /** Price of the token, pips (1e-4 USDC). */
  get pricePips(): number {
    return this.priceTicks * this.tickPips;
  }

  /** Matched so far: the venue's report or our trades, whichever is larger, micro-shares. */
  get matchedMicro(): number {
    const m = this.reportedMicro > this.tradedMicro ? this.reportedMicro : this.tradedMicro;
    return m < this.sizeMicro ? m : this.sizeMicro;
  }

  /** Remaining size, micro-shares. */
  get remainingMicro(): number {
    return this.sizeMicro - this.matchedMicro;
  }

  /** Shares matched at the venue whose trades have not reached us yet, micro-shares. */
  get unreportedMicro(): number {
    const m = this.matchedMicro;
    return m > this.tradedMicro ? m - this.tradedMicro : 0;
  }

  /**
   * Shares of this order that may still change our position: what rests
   * plus what matched without its trade seen yet, micro-shares.
   */
  get outstandingMicro(): number {
    return (this.state === "done" ? 0 : this.remainingMicro) + this.unreportedMicro;
  }

  /** On its way out: its cancel is sent, or due as soon as its placement is answered. */
  get leaving(): boolean {
    return this.state === "canceling" || this.cancelWhenPlaced;
  }

  /**
   * Cash of its outstanding shares at its price, micro-USDC: what a buy holds
   * or has spent unreported (a sell's would be received, not spent).
   */
  get outstandingCashMicro(): number {
    return this.pricePips * this.outstandingMicro / 10_000;
  }

  /** A cumulative matched size the venue reported (idempotent, never lowers it). */
  report(cumulativeMicro: number): void {
    if (cumulativeMicro > this.reportedMicro) this.reportedMicro = cumulativeMicro;
  }

  /** True while it may rest on the book (everything but done). */
  get working(): boolean {
    return this.state !== "done";
  }
}

/** Cash and shares our working orders hold at the exchange, micro-units. */
export interface Reservations {
  /** Cash held by buy orders. */
  cashMicro: number;
  /** YES held by sell orders. */
  yesMicro: number;
  /** NO held by sell orders. */
  noMicro: number;
}

/** The set of our orders. */
export class OrderTracker {
  private readonly byClient = new Map<number, TrackedOrder>();
  private readonly byId = new Map<string, TrackedOrder>();
  // the orders not done, in creation order: what every cycle iterates, while
  // done ones stay findable by id (late fills) until pruned
  private readonly active = new Set<TrackedOrder>();
  // `active` as an array, rebuilt only after it changed (every cycle reads it)
  private activeList: readonly TrackedOrder[] = [];
  private activeStale = false;
  // done orders whose matched shares have not all arrived as trades yet
  private readonly awaiting = new Set<TrackedOrder>();
  // done orders in the order they finished, for pruning without a full scan
  private readonly done: TrackedOrder[] = [];
  private doneHead = 0;
  private nextClientId = 1;

  /** Number of orders ever tracked. */
  get size(): number {
    return this.byClient.size;
  }

  /** A new order to send; returns it with its client id. */
  create(o: Omit<NewOrder, "clientId">, tMs: number): TrackedOrder {
    const t = new TrackedOrder(
      this.nextClientId++,
      o.token,
      o.side,
      o.priceTicks,
      o.tickPips,
      o.sizeMicro,
      tMs,
    );
    this.byClient.set(t.clientId, t);
    this.active.add(t);
    this.activeStale = true;
    return t;
  }

  /** The order with client id `id`. */
  client(id: number): TrackedOrder | undefined {
    return this.byClient.get(id);
  }

  /** The order with exchange id `id`. */
  get(id: string): TrackedOrder | undefined {
    return this.byId.get(id);
  }

  /** Records the exchange id of a signed order. */
  signed(clientId: number, orderId: string): void {
    const t = this.byClient.get(clientId);
    if (!t) return;
    t.orderId = orderId;
    this.byId.set(orderId, t);
  }

  /**
   * Adopts an order found at the exchange that we do not track (left by an
   * earlier run, or placed but never answered).
   */
  adopt(o: ExchangeOrder, tickPips: number, tMs: number): TrackedOrder {
    const known = this.byId.get(o.id);
    if (known) return known;
    const t = new TrackedOrder(
      this.nextClientId++,
      o.token,
      o.side,
      Math.round(o.pricePips / tickPips),
      tickPips,
      o.originalMicro,
      tMs,
    );
    t.orderId = o.id;
    t.reportedMicro = o.matchedMicro;
    t.state = "live";
    this.byClient.set(t.clientId, t);
    this.byId.set(o.id, t);
    this.active.add(t);
    this.activeStale = true;
    return t;
  }

  /** Marks an order done. */
  finish(t: TrackedOrder, reason: string): void {
    t.state = "done";
    t.doneReason = reason;
    this.active.delete(t);
    this.activeStale = true;
    this.done.push(t);
    if (t.unreportedMicro > 0) this.awaiting.add(t);
  }

  /**
   * Records a distinct trade of order `t` of `sizeMicro` (the caller
   * deduplicates by trade id); a done order stops awaiting once its trades
   * cover what the venue reported matched.
   */
  trade(t: TrackedOrder, sizeMicro: number): void {
    t.tradedMicro += sizeMicro;
    if (t.state === "done" && t.unreportedMicro === 0) this.awaiting.delete(t);
  }

  /** A venue report of `t`'s cumulative matched size. */
  report(t: TrackedOrder, cumulativeMicro: number): void {
    t.report(cumulativeMicro);
    if (t.state === "done" && t.unreportedMicro > 0) this.awaiting.add(t);
  }

  /**
   * An order given up for absent turned out to rest at the venue (its
   * placement was answered late): working again, so nothing rests untracked.
   */
  revive(t: TrackedOrder): void {
    if (t.state !== "done") return;
    t.state = "live";
    t.doneReason = "";
    this.awaiting.delete(t);
    this.active.add(t);
    this.activeStale = true;
  }

  /**
   * The worst-case position YES − NO if every order of ours that may still
   * fill does, on each side: `long` = q + every bid's outstanding shares,
   * `short` = −q + every ask's (micro-shares). `staying` leaves out the
   * orders on their way out (a cancel sent, or due once placed).
   */
  worstCase(netMicro: number, staying = false): { long: number; short: number } {
    let long = netMicro;
    let short = -netMicro;
    for (const t of this.active) {
      if (staying && t.leaving) continue;
      if (t.isBid) long += t.outstandingMicro;
      else short += t.outstandingMicro;
    }
    for (const t of this.awaiting) {
      if (t.isBid) long += t.unreportedMicro;
      else short += t.unreportedMicro;
    }
    return { long, short };
  }

  /**
   * Cash our buys hold or already spent unreported, micro-USDC: every working
   * buy's outstanding size at its price (with `staying`, not those on their way
   * out), and the matched but unreported part of finished ones. With the cost
   * of the position it is the capital this market has deployed.
   */
  buyCashMicro(staying = false): number {
    let cash = 0;
    for (const t of this.active) {
      if (t.side === "BUY" && !(staying && t.leaving)) cash += t.outstandingCashMicro;
    }
    for (const t of this.awaiting) {
      if (t.side === "BUY") cash += t.pricePips * t.unreportedMicro / 10_000;
    }
    return cash;
  }

  /** Orders that are not done, oldest first (the same array until one is added or done). */
  working(): readonly TrackedOrder[] {
    if (this.activeStale) {
      this.activeList = [...this.active];
      this.activeStale = false;
    }
    return this.activeList;
  }

  /** Cash and shares held by every working order (pending and unknown ones included: the safe side). */
  reservations(): Reservations {
    const r: Reservations = { cashMicro: 0, yesMicro: 0, noMicro: 0 };
    for (const t of this.active) {
      const rem = t.remainingMicro;
      if (t.side === "BUY") r.cashMicro += t.pricePips * rem / 10_000;
      else if (t.token === "YES") r.yesMicro += rem;
      else r.noMicro += rem;
    }
    return r;
  }

  /**
   * Forgets done orders created before `beforeMs` (bounded memory in long
   * runs), except those still awaiting trades the venue reported matched:
   * they stay until `awaitingBeforeMs`, their shares count in the worst case.
   */
  prune(beforeMs: number, awaitingBeforeMs: number = beforeMs): void {
    const d = this.done;
    const end = d.length;
    while (this.doneHead < end && d[this.doneHead].createdMs < beforeMs) {
      const t = d[this.doneHead++];
      if (t.state !== "done") continue; // revived: working again
      if (this.awaiting.has(t) && t.createdMs >= awaitingBeforeMs) {
        d.push(t); // looked at again on a later prune
        continue;
      }
      this.awaiting.delete(t);
      this.byClient.delete(t.clientId);
      if (t.orderId) this.byId.delete(t.orderId);
    }
    if (this.doneHead > 1024 && this.doneHead * 2 > d.length) {
      d.splice(0, this.doneHead);
      this.doneHead = 0;
    }
  }
}
