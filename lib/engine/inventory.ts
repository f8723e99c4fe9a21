/**
 * Positions and cash from our own fills, reconciled against the exchange's
 * balances. Fills are deduplicated by (trade id, order id): the user channel
 * and a REST reconciliation may both report one. A MATCHED fill counts at
 * once; a FAILED one is reverted.
 *
 * @module
 */

import type { Balances, Fill } from "./types.ts";

/** What applying a fill did. */
export type FillEffect = "applied" | "reverted" | "duplicate" | "ignored";

/** Account balances as the engine believes them, micro-units. */
export class Inventory {
  /** Collateral. */
  cashMicro = 0;
  /** YES shares. */
  yesMicro = 0;
  /** NO shares. */
  noMicro = 0;
  /** Fees paid, micro-USDC. */
  feesMicro = 0;
  /** Shares bought and sold through fills (both tokens), micro — turnover. */
  volumeMicro = 0;
  // fills seen, by `tradeId|orderId`, with whether they are counted now
  private readonly seen = new Map<string, { fill: Fill; counted: boolean }>();

  /** Replaces the balances (start, or an adopted reconciliation). */
  setBalances(b: Balances): void {
    this.cashMicro = b.cashMicro;
    this.yesMicro = b.yesMicro;
    this.noMicro = b.noMicro;
  }

  /** Current balances. */
  balances(): Balances {
    return { cashMicro: this.cashMicro, yesMicro: this.yesMicro, noMicro: this.noMicro };
  }

  /** Net position YES − NO, micro-shares. */
  get netMicro(): number {
    return this.yesMicro - this.noMicro;
  }

  /** Applies, reverts or ignores a fill report. */
  apply(f: Fill): FillEffect {
    const key = `${f.tradeId}|${f.orderId}`;
    const prev = this.seen.get(key);
    const failed = f.status === "FAILED";
    if (!prev) {
      this.seen.set(key, { fill: f, counted: !failed });
      if (failed) return "ignored";
      this.move(f, 1);
      return "applied";
    }
    prev.fill = { ...prev.fill, status: f.status };
    if (failed && prev.counted) {
      prev.counted = false;
      this.move(prev.fill, -1);
      return "reverted";
    }
    return "duplicate";
  }

  /**
   * Records a fill the balances already reflect (found at start), so a later
   * report of it is a duplicate; a later FAILED still reverts it.
   */
  known(f: Fill): void {
    const key = `${f.tradeId}|${f.orderId}`;
    if (!this.seen.has(key)) this.seen.set(key, { fill: f, counted: f.status !== "FAILED" });
  }

  /** True when a fill was already seen. */
  has(tradeId: string, orderId: string): boolean {
    return this.seen.has(`${tradeId}|${orderId}`);
  }

  /**
   * Forgets settled fills (CONFIRMED or FAILED) matched before `beforeMs`: a
   * reconciliation looks back less than that, so none can be reported again,
   * and a long session's memory stays bounded.
   */
  prune(beforeMs: number): void {
    for (const [k, { fill }] of this.seen) {
      // a fill without a venue time counts as old
      const old = !(fill.matchMs >= beforeMs);
      if (old && (fill.status === "CONFIRMED" || fill.status === "FAILED")) {
        this.seen.delete(k);
      }
    }
  }

  /** Fills remembered (for the soak's bounded-buffer check). */
  get remembered(): number {
    return this.seen.size;
  }

  /** Fills seen that are not settled yet (MATCHED / MINED / RETRYING). */
  unsettled(): number {
    let n = 0;
    for (const { fill, counted } of this.seen.values()) {
      if (counted && fill.status !== "CONFIRMED") n++;
    }
    return n;
  }

  /** Marked value at YES price `pYes`: cash + YES·p + NO·(1 − p), USDC. */
  equityUsdc(pYes: number): number {
    return (this.cashMicro + this.yesMicro * pYes + this.noMicro * (1 - pYes)) / 1e6;
  }

  /** Moves cash and shares by fill `f` (`sign` −1 reverts it). */
  private move(f: Fill, sign: 1 | -1): void {
    const cash = Math.round(f.pricePips * f.sizeMicro / 10_000);
    const buy = f.side === "BUY";
    this.cashMicro += sign * ((buy ? -cash : cash) - f.feeMicro);
    const shares = sign * (buy ? f.sizeMicro : -f.sizeMicro);
    if (f.token === "YES") this.yesMicro += shares;
    else this.noMicro += shares;
    this.feesMicro += sign * f.feeMicro;
    this.volumeMicro += sign * f.sizeMicro;
  }
}
