/**
 * The public top of the market as the engine quotes against it: the best
 * YES-equivalent bid and ask of both books, with our own resting orders left
 * out where the venue's book shows them (an order of ours is not liquidity
 * we can trade against).
 *
 * @module
 */

import {
  emptyTop,
  type MarketFeed,
  microE8,
  midE8,
  type OwnLevels,
  publicTop,
  type Top,
} from "../market/mod.ts";
import { yesPips } from "../model/mod.ts";
import type { OrderTracker, TrackedOrder } from "./order_tracker.ts";

const NONE: readonly TrackedOrder[] = [];

/** The reference a cycle quotes around (reused: valid until the next cycle). */
export interface Reference {
  /** Both public sides have orders. */
  twoSided: boolean;
  /**
   * The side an outside trader emptied while the other stands, within
   * `one_sided_hold_s` of the last two-sided reference (null otherwise).
   */
  swept: "bid" | "ask" | null;
  /** Reference YES price × 1e8: mid or microprice, the held one when swept, 0 when none. */
  refE8: number;
}

/** Reads the public top into one reused {@link Top}; holds the reference of the last cycle. */
export class PublicTop {
  /** The last top read. */
  readonly top: Top = emptyTop();
  private readonly own: OwnLevels = { bid: new Map(), ask: new Map() };
  // the top the last cycle read, to tell whether a frame moved it
  private readonly cycleTop: Top = emptyTop();
  // the last two-sided reference (× 1e8) and when it was read: held while one
  // public side is swept (quote.one_sided_hold_s)
  private lastRefE8 = 0;
  private lastRefMs = -Infinity;
  private readonly ref: Reference = { twoSided: false, swept: null, refE8: 0 };

  /**
   * The books show our orders (the venue's do, a backtest's recorded ones
   * do not): they are left out of the top. Set at the start.
   */
  ownInBook = true;

  /**
   * @param feed both books
   * @param tracker our orders
   * @param micro quote around the microprice (sizes move the top too)
   * @param holdMs a swept side's reference is held this long, ms
   */
  constructor(
    private readonly feed: MarketFeed,
    private readonly tracker: OrderTracker,
    private readonly micro: boolean,
    private readonly holdMs: number,
  ) {}

  /** Reads the top now; true when two-sided. */
  read(): boolean {
    const own = this.own;
    const working = this.ownInBook ? this.tracker.working() : NONE;
    if (!this.ownUnchanged(working)) {
      // rebuilt only when our orders changed: the top is read on every frame
      if (own.bid.size > 0) own.bid.clear();
      if (own.ask.size > 0) own.ask.clear();
      const seen = this.ownSeen;
      seen.length = 0;
      for (const o of working) {
        const yes = yesPips(o.token, o.pricePips);
        const rem = o.remainingMicro;
        const m = o.isBid ? own.bid : own.ask;
        m.set(yes, (m.get(yes) ?? 0) + rem);
        seen.push(yes, rem);
      }
      this.ownList = working;
    }
    return publicTop(this.feed.yes, this.feed.no, own, this.top);
  }

  // the working orders the own levels were built from, and each one's YES
  // price and remaining size then
  private ownList: readonly TrackedOrder[] | null = null;
  private readonly ownSeen: number[] = [];

  /**
   * True when the own levels still describe `working`: the same list (the
   * tracker replaces it when an order comes or goes) at the same prices and
   * remaining sizes.
   */
  private ownUnchanged(working: readonly TrackedOrder[]): boolean {
    if (working !== this.ownList) return false;
    const seen = this.ownSeen;
    for (let i = 0; i < working.length; i++) {
      const o = working[i];
      if (
        seen[2 * i] !== yesPips(o.token, o.pricePips) || seen[2 * i + 1] !== o.remainingMicro
      ) return false;
    }
    return true;
  }

  /** Reads the top; true when it differs from the last cycle's. */
  moved(): boolean {
    this.read();
    const micro = this.micro;
    const a = this.top;
    const b = this.cycleTop;
    return a.bidPips !== b.bidPips || a.askPips !== b.askPips ||
      (micro && (a.bidSizeMicro !== b.bidSizeMicro || a.askSizeMicro !== b.askSizeMicro));
  }

  /**
   * The reference of a cycle at `tMs`: the mid (or the microprice) of a
   * two-sided top; with one public side swept, the last two-sided one for
   * `holdMs`, never beyond the side that is left (half a tick of `tickPips`
   * inside it) — the other side is quoted, the swept one only to reduce |q|.
   */
  reference(tMs: number, tickPips: number): Reference {
    const r = this.ref;
    const t = this.top;
    r.twoSided = this.read();
    Object.assign(this.cycleTop, t);
    r.swept = null;
    r.refE8 = 0;
    if (r.twoSided) {
      r.refE8 = this.micro ? microE8(t) : midE8(t);
      this.lastRefE8 = r.refE8;
      this.lastRefMs = tMs;
    } else if (
      (t.bidPips > 0) !== (t.askPips > 0) && this.lastRefE8 > 0 &&
      tMs - this.lastRefMs <= this.holdMs
    ) {
      r.swept = t.bidPips > 0 ? "ask" : "bid";
      const halfTickE8 = tickPips * 5_000;
      r.refE8 = r.swept === "bid"
        ? Math.min(this.lastRefE8, t.askPips * 10_000 - halfTickE8)
        : Math.max(this.lastRefE8, t.bidPips * 10_000 + halfTickE8);
    }
    return r;
  }
}
