/**
 * Fills of our virtual resting orders against observed market data (paper
 * trading and backtests): the queue-position model.
 *
 * Work in the unified YES view: a YES bid at p and a NO ask at 1 − p are the
 * same level. An order joins the back of its level (the public size there when
 * it arrives is ahead of it). Volume ahead shrinks by trades at the level, and
 * proportionally by the part of a level's decrease that trades do not explain
 * (cancels, spread evenly across the queue). A trade at the level fills us
 * with what is left after the volume ahead; a trade through our price, or the
 * opposite best reaching our price, fills us entirely at our price.
 *
 * @module
 */

import { isYesBid, yesPips } from "../model/mod.ts";

/** An order the model holds. */
export interface QueuedOrder {
  /** Order id. */
  id: string;
  /** Token of the order. */
  token: "YES" | "NO";
  /** Side of the order. */
  side: "BUY" | "SELL";
  /** Price of its token, pips. */
  pricePips: number;
  /** Remaining size, micro-shares. */
  remainingMicro: number;
  /** Public volume ahead of it, micro-shares. */
  aheadMicro: number;
  /** Unified side: 0 bid (BUY YES, SELL NO), 1 ask. */
  readonly bookSide: 0 | 1;
  /** Unified (YES) price, pips. */
  readonly yesPips: number;
}

/** A fill the model produced. */
export interface QueueFill {
  /** The exchange id of the queued order. */
  orderId: string;
  /** Which outcome token: YES or NO. */
  token: "YES" | "NO";
  /** BUY or SELL, of its token. */
  side: "BUY" | "SELL";
  /** The order's own price, pips (makers trade at their price). */
  pricePips: number;
  /** Size, micro-shares. */
  sizeMicro: number;
}

/** The queue-position fill model. */
export class QueueModel {
  private readonly orders = new Map<string, QueuedOrder>();
  // trade volume at a unified level (side·1e5 + pips) not yet seen as a level decrease
  private readonly traded = new Map<number, number>();

  /** Orders held. */
  get size(): number {
    return this.orders.size;
  }

  /** All orders held. */
  list(): QueuedOrder[] {
    return [...this.orders.values()];
  }

  /**
   * Adds an order at the back of its level; `levelMicro` is the public size of
   * its unified level now.
   */
  add(
    id: string,
    token: "YES" | "NO",
    side: "BUY" | "SELL",
    pricePips: number,
    sizeMicro: number,
    levelMicro: number,
  ): void {
    const bookSide: 0 | 1 = isYesBid(token, side) ? 0 : 1;
    const yes = yesPips(token, pricePips);
    this.orders.set(id, {
      id,
      token,
      side,
      pricePips,
      remainingMicro: sizeMicro,
      aheadMicro: Math.max(0, levelMicro),
      bookSide,
      yesPips: yes,
    });
  }

  /** Removes an order (cancelled); true when it was there. */
  remove(id: string): boolean {
    return this.orders.delete(id);
  }

  /** A trade printed at YES-equivalent `yesPips`; `takerBuysYes` lifted asks. Returns our fills. */
  onTrade(yesPips: number, sizeMicro: number, takerBuysYes: boolean): QueueFill[] {
    const side: 0 | 1 = takerBuysYes ? 1 : 0; // the resting side that traded
    const key = side * 100_000 + yesPips;
    this.traded.set(key, (this.traded.get(key) ?? 0) + sizeMicro);
    const fills: QueueFill[] = [];
    for (const o of this.orders.values()) {
      if (o.bookSide !== side) continue;
      // an ask below the print (a bid above it) was traded through: we were ahead
      const through = side === 1 ? o.yesPips < yesPips : o.yesPips > yesPips;
      if (through) {
        fills.push(this.fill(o, o.remainingMicro));
      } else if (o.yesPips === yesPips) {
        const left = sizeMicro - o.aheadMicro;
        o.aheadMicro = Math.max(0, o.aheadMicro - sizeMicro);
        if (left > 0) fills.push(this.fill(o, Math.min(o.remainingMicro, left)));
      }
    }
    this.sweep();
    return fills;
  }

  /**
   * A public level of the unified book changed from `oldMicro` to `newMicro`.
   * The decrease that recent trades explain was already taken from the queue;
   * the rest (cancels) shrinks the volume ahead proportionally.
   */
  onLevel(bookSide: 0 | 1, yesPips: number, oldMicro: number, newMicro: number): void {
    const key = bookSide * 100_000 + yesPips;
    const decrease = oldMicro - newMicro;
    const traded = this.traded.get(key) ?? 0;
    if (decrease <= 0) {
      if (traded > 0 && newMicro >= oldMicro) this.traded.delete(key);
      return;
    }
    const explained = Math.min(decrease, traded);
    if (traded - explained > 0) this.traded.set(key, traded - explained);
    else this.traded.delete(key);
    const base = oldMicro - explained;
    if (base <= 0) return;
    const keep = newMicro / base;
    for (const o of this.orders.values()) {
      if (o.bookSide === bookSide && o.yesPips === yesPips) {
        o.aheadMicro = Math.min(newMicro, Math.round(o.aheadMicro * keep));
      }
    }
  }

  /**
   * The public best prices (YES view, pips; 0 = none). An opposite best at or
   * through our price means the market reached us: we fill entirely.
   */
  onTop(bestBidPips: number, bestAskPips: number): QueueFill[] {
    const fills: QueueFill[] = [];
    for (const o of this.orders.values()) {
      if (
        o.bookSide === 0
          ? bestAskPips > 0 && bestAskPips <= o.yesPips
          : bestBidPips > 0 && bestBidPips >= o.yesPips
      ) {
        fills.push(this.fill(o, o.remainingMicro));
      }
    }
    this.sweep();
    return fills;
  }

  /** A fill of `size` of our queued order `o` (done when nothing is left). */
  private fill(o: QueuedOrder, size: number): QueueFill {
    o.remainingMicro -= size;
    return { orderId: o.id, token: o.token, side: o.side, pricePips: o.pricePips, sizeMicro: size };
  }

  /** Fills our orders the opposite best has reached or crossed. */
  private sweep(): void {
    for (const [id, o] of this.orders) if (o.remainingMicro <= 0) this.orders.delete(id);
  }
}
