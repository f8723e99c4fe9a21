/**
 * A {@link Matcher} over a recorded book: our virtual orders join the back of
 * their level in the books the engine keeps, and the queue-position model
 * fills them (volume ahead shrinks with trades at the level and
 * proportionally with the cancels trades do not explain; a print through the
 * price, or the opposite best reaching it, fills them). Post-only orders that
 * would cross on arrival are refused as the venue would. Makers pay no fee; a
 * maker rebate (a share of the taker's fee) can be credited.
 *
 * @module
 */

import type { Balances, CancelRefusal, Fill, NewOrder, PlaceStatus } from "../engine/mod.ts";
import { Inventory } from "../engine/mod.ts";
import {
  ASK,
  BID,
  consolidatedTop,
  emptyTop,
  type MarketFeed,
  type QueueFill,
  QueueModel,
  takerFeeMicro,
  type Top,
  type TradePrinted,
  unifiedLevelSize,
} from "../market/mod.ts";
import { isYesBid, yesPips } from "../model/mod.ts";
import type { Matcher, VenueState } from "./venue.ts";

const NO_FILLS: QueueFill[] = [];
/** Fills kept for reconciliations. */
const FILLS_KEPT = 10_000;

/** Fees of the recorded market, for the maker rebate. */
export interface RebateModel {
  /** Taker fee rate (fraction). */
  takerFeeRate: number;
  /** Taker fee exponent: fee = size · rate · (p(1−p))^exponent. */
  feeExponent: number;
  /** Share of the taker's fee paid to the maker (0 = none). */
  makerRebateRate: number;
}

interface Resting {
  id: string;
  o: NewOrder;
  matchedMicro: number;
  yesPips: number;
  bookSide: number; // BID or ASK of the unified (YES) book
  levelSeen: number; // public size at the level when last looked at
}

/** Our orders against a recorded book, filled by the queue-position model. */
export class QueueMatcher implements Matcher {
  /** The top of the recorded book as last read. */
  readonly top: Top = emptyTop();
  /** Whether that top had both sides. */
  twoSided = false;
  private readonly book = new QueueModel();
  private readonly orders = new Map<string, Resting>();
  private readonly recent: Fill[] = [];
  // the venue's balances of our account: its own record of our fills
  private readonly wallet = new Inventory();
  private tradeSeq = 0;

  /**
   * A matcher of our virtual orders against a recorded book.
   *
   * @param feed the recorded books (the engine's own: parsed once)
   * @param yesAssetId the YES token, to read trades in YES terms
   * @param fees the market's fees, for the rebate
   * @param balances our starting balances
   */
  constructor(
    private readonly feed: MarketFeed,
    private readonly yesAssetId: string,
    private readonly fees: RebateModel,
    balances: Balances,
  ) {
    this.wallet.setBalances(balances);
  }

  /** Reads the recorded top into {@link top}; true when both sides exist. */
  readTop(): boolean {
    this.twoSided = consolidatedTop(this.feed.yes, this.feed.no, this.top);
    return this.twoSided;
  }

  place(_t: number, id: string, o: NewOrder): PlaceStatus {
    const pricePips = o.priceTicks * o.tickPips;
    const yes = yesPips(o.token, pricePips);
    const bookSide = isYesBid(o.token, o.side) ? BID : ASK;
    if (this.readTop() && (bookSide === BID ? yes >= this.top.askPips : yes <= this.top.bidPips)) {
      return "crosses_book";
    }
    const levelSeen = unifiedLevelSize(this.feed.yes, this.feed.no, bookSide, yes);
    this.book.add(id, o.token, o.side, pricePips, o.sizeMicro, levelSeen);
    this.orders.set(id, { id, o, matchedMicro: 0, yesPips: yes, bookSide, levelSeen });
    return "live";
  }

  cancel(_t: number, id: string): "canceled" | CancelRefusal {
    if (this.orders.has(id) && this.book.remove(id)) {
      this.orders.delete(id);
      return "canceled";
    }
    // filled orders leave the book: a cancel finds nothing, as at the venue
    return "absent";
  }

  liveIds(): string[] {
    return [...this.orders.keys()];
  }

  state(): VenueState {
    const openOrders: VenueState["openOrders"] = [];
    for (const v of this.orders.values()) {
      openOrders.push({
        id: v.id,
        token: v.o.token,
        side: v.o.side,
        pricePips: v.o.priceTicks * v.o.tickPips,
        originalMicro: v.o.sizeMicro,
        matchedMicro: v.matchedMicro,
      });
    }
    return { openOrders, fills: [...this.recent], balances: this.wallet.balances() };
  }

  /**
   * The recorded book changed at `t` (the engine applied a frame) with
   * `trades` printed: our orders' fills, in the order they happened.
   */
  onFrame(t: number, trades: readonly TradePrinted[]): Fill[] {
    let fills: QueueFill[] = NO_FILLS;
    for (const ev of trades) {
      if (this.book.size === 0) break;
      const token = ev.assetId === this.yesAssetId ? "YES" : "NO";
      // a taker buying YES (or selling NO) lifts the YES asks, as a YES bid would rest
      const takerBuysYes = isYesBid(token, ev.takerSide === "buy" ? "BUY" : "SELL");
      const got = this.book.onTrade(yesPips(token, ev.pricePips), ev.sizeMicro, takerBuysYes);
      if (got.length > 0) fills = fills === NO_FILLS ? got : fills.concat(got);
    }
    if (this.book.size > 0) {
      for (const v of this.orders.values()) {
        const now = unifiedLevelSize(this.feed.yes, this.feed.no, v.bookSide, v.yesPips);
        if (now !== v.levelSeen) {
          this.book.onLevel(v.bookSide as 0 | 1, v.yesPips, v.levelSeen, now);
          v.levelSeen = now;
        }
      }
    }
    this.readTop();
    if (this.book.size > 0) {
      const got = this.book.onTop(this.top.bidPips, this.top.askPips);
      if (got.length > 0) fills = fills === NO_FILLS ? got : fills.concat(got);
    }
    return fills.length > 0 ? this.fill(t, fills) : [];
  }

  /** Our fills of queue-model fills at `t`, priced and sized as the venue would report them. */
  private fill(t: number, qf: QueueFill[]): Fill[] {
    const out: Fill[] = [];
    for (const f of qf) {
      const v = this.orders.get(f.orderId);
      if (!v || f.sizeMicro <= 0) continue;
      v.matchedMicro += f.sizeMicro;
      const rebate = Math.round(
        this.fees.makerRebateRate *
          takerFeeMicro(f.pricePips, f.sizeMicro, this.fees.takerFeeRate, this.fees.feeExponent),
      );
      if (v.matchedMicro >= v.o.sizeMicro) this.orders.delete(v.id);
      const fill: Fill = {
        tradeId: `bt-${++this.tradeSeq}`,
        orderId: f.orderId,
        token: f.token,
        side: f.side,
        pricePips: f.pricePips,
        sizeMicro: f.sizeMicro,
        feeMicro: -rebate, // a rebate is a negative fee
        status: "MATCHED",
        matchMs: t,
      };
      this.wallet.apply(fill);
      this.recent.push(fill);
      out.push(fill);
    }
    if (this.recent.length > FILLS_KEPT) this.recent.splice(0, this.recent.length - FILLS_KEPT);
    return out;
  }
}
