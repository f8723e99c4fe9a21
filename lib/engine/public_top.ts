/**
 * The public top of the market as the engine quotes against it: the best
 * YES-equivalent bid and ask of both books, with our own resting orders left
 * out where the venue's book shows them (an order of ours is not liquidity
 * we can trade against).
 *
 * @module
 */

import { emptyTop, type MarketFeed, type OwnLevels, publicTop, type Top } from "../market/mod.ts";
import { yesPips } from "../model/mod.ts";
import type { OrderTracker } from "./order_tracker.ts";

/** Reads the public top into one reused {@link Top}. */
export class PublicTop {
  /** The last top read. */
  readonly top: Top = emptyTop();
  private readonly own: OwnLevels = { bid: new Map(), ask: new Map() };

  /**
   * @param feed both books
   * @param tracker our orders
   */
  constructor(private readonly feed: MarketFeed, private readonly tracker: OrderTracker) {}

  /**
   * Reads the top now; `ownInBook`: the books show our orders (the venue's
   * do, a backtest's recorded ones do not). True when two-sided.
   */
  read(ownInBook: boolean): boolean {
    const own = this.own;
    if (own.bid.size > 0) own.bid.clear();
    if (own.ask.size > 0) own.ask.clear();
    if (ownInBook) {
      for (const o of this.tracker.working()) {
        const yes = yesPips(o.token, o.pricePips);
        const m = o.isBid ? own.bid : own.ask;
        m.set(yes, (m.get(yes) ?? 0) + o.remainingMicro);
      }
    }
    return publicTop(this.feed.yes, this.feed.no, own, this.top);
  }
}
