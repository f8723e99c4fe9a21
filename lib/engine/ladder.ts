/**
 * The model's ladder as the orders the engine wants: the decision's columns
 * read once into target orders (reused from cycle to cycle, so a steady
 * market allocates nothing), with the swept-side rule applied.
 *
 * @module
 */

import { isYesBid, QUOTE_BID, type QuoteDecision, SIDE_BUY, TOKEN_YES } from "../model/mod.ts";
import type { TargetOrder } from "./order_diff.ts";

/**
 * The wanted orders of this cycle. Target objects are reused by the next
 * cycle: a caller must not keep one past its own cycle (the journal copies
 * what it records).
 */
export class Ladder {
  private readonly cur: TargetOrder[] = [];
  private readonly keep: number[] = [];
  // one object per position of the ladder, reused every cycle
  private readonly pool: TargetOrder[] = [];

  /** This cycle's targets, innermost first per side as the model gives them. */
  get targets(): readonly TargetOrder[] {
    return this.cur;
  }

  /** Per target, the least a kept order must still rest (reward quotes), micro-shares. */
  get keepMinMicro(): readonly number[] {
    return this.keep;
  }

  /**
   * Reads decision `d` into {@link Ladder.targets}. `swept`: the public side
   * an outside trader emptied — there only what reduces |q| (`netMicro`, the
   * position YES − NO) is kept, innermost first, each at least
   * `minOrderMicro` and on whole 0.01 shares.
   */
  build(
    d: QuoteDecision,
    swept: "bid" | "ask" | null,
    netMicro: number,
    minOrderMicro: number,
  ): void {
    let k = 0;
    let reduceLeft = swept === "bid"
      ? Math.max(0, -netMicro)
      : swept === "ask"
      ? Math.max(0, netMicro)
      : 0;
    for (let i = 0; i < d.count; i++) {
      const token = d.token[i] === TOKEN_YES ? "YES" : "NO";
      const side = d.side[i] === SIDE_BUY ? "BUY" : "SELL";
      let sizeMicro = d.sizeMicro[i];
      if (swept !== null && isYesBid(token, side) === (swept === "bid")) {
        sizeMicro = Math.min(sizeMicro, Math.floor(reduceLeft / 10_000) * 10_000);
        if (sizeMicro < minOrderMicro || sizeMicro <= 0) continue;
        reduceLeft -= sizeMicro;
      }
      const t = this.pool[k] ??= { token, side, priceTicks: 0, sizeMicro: 0 };
      t.token = token;
      t.side = side;
      t.priceTicks = d.priceTicks[i];
      t.sizeMicro = sizeMicro;
      // an innermost reward quote below the min incentive size scores nothing
      const keep = d.level[i] === 0 ? d.rewardKeepMicro[d.quoteSide[i] === QUOTE_BID ? 0 : 1] : 0;
      this.keep[k] = keep < sizeMicro ? keep : 0;
      this.cur[k++] = t;
    }
    this.cur.length = k;
    this.keep.length = k;
  }
}
