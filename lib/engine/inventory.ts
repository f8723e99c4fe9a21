/**
 * Positions and cash from our own fills, reconciled against the exchange's
 * balances. Fills are deduplicated by (trade id, order id): the user channel
 * and a REST reconciliation may both report one. A MATCHED fill counts at
 * once; a FAILED one is reverted.
 *
 * It also keeps the cost of the position (capital deployed: what buying the
 * shares held took from the wallet, fees included), which the fleet's
 * ledger leases: a sell takes its shares' average cost off, a reverted fill
 * undoes exactly what it added. Shares whose cost is unknown (held at the
 * start, or adopted from the venue's balances) count at 1 USDC each until
 * {@link Inventory.priceUnknown} marks them at the first reference price.
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
  /** Cost of the YES held, micro-USDC. */
  yesCostMicro = 0;
  /** Cost of the NO held, micro-USDC. */
  noCostMicro = 0;
  // shares counted at 1 USDC until priced (held at the start, or adopted)
  private unpricedYes = 0;
  private unpricedNo = 0;
  // fills seen, by `tradeId|orderId`, with whether they are counted now and
  // the cost they moved (a revert takes back exactly that)
  private readonly seen = new Map<string, { fill: Fill; counted: boolean; cost: number }>();

  /**
   * Replaces the balances (start, or an adopted reconciliation). Fewer shares
   * than before keep their average cost; more count at 1 USDC each until priced.
   */
  setBalances(b: Balances): void {
    this.cashMicro = b.cashMicro;
    [this.yesCostMicro, this.unpricedYes] = adopt(
      this.yesMicro,
      b.yesMicro,
      this.yesCostMicro,
      this.unpricedYes,
    );
    [this.noCostMicro, this.unpricedNo] = adopt(
      this.noMicro,
      b.noMicro,
      this.noCostMicro,
      this.unpricedNo,
    );
    this.yesMicro = b.yesMicro;
    this.noMicro = b.noMicro;
  }

  /** Capital deployed in the position: the cost of the shares held, micro-USDC. */
  get costMicro(): number {
    return this.yesCostMicro + this.noCostMicro;
  }

  /** Marks the shares of unknown cost at YES price `pYes` (their value now). */
  priceUnknown(pYes: number): void {
    if (this.unpricedYes > 0) {
      this.yesCostMicro -= this.unpricedYes * (1 - pYes);
      this.unpricedYes = 0;
    }
    if (this.unpricedNo > 0) {
      this.noCostMicro -= this.unpricedNo * pYes;
      this.unpricedNo = 0;
    }
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
      const entry = { fill: f, counted: !failed, cost: 0 };
      this.seen.set(key, entry);
      if (failed) return "ignored";
      entry.cost = this.move(f, 1, 0);
      return "applied";
    }
    prev.fill = { ...prev.fill, status: f.status };
    if (failed && prev.counted) {
      prev.counted = false;
      this.move(prev.fill, -1, prev.cost);
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
    if (!this.seen.has(key)) {
      this.seen.set(key, { fill: f, counted: f.status !== "FAILED", cost: 0 });
    }
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

  /**
   * Moves cash, shares and cost by fill `f`; returns the cost it added.
   * `sign` −1 reverts it, taking back `cost` (what it added when applied).
   */
  private move(f: Fill, sign: 1 | -1, cost: number): number {
    const cash = Math.round(f.pricePips * f.sizeMicro / 10_000);
    const buy = f.side === "BUY";
    this.cashMicro += sign * ((buy ? -cash : cash) - f.feeMicro);
    const yes = f.token === "YES";
    const held = yes ? this.yesMicro : this.noMicro;
    const heldCost = yes ? this.yesCostMicro : this.noCostMicro;
    if (sign === 1) {
      // a buy adds what it paid; a sell takes off its shares' average cost
      cost = buy ? cash + f.feeMicro : held > 0 ? -heldCost * Math.min(1, f.sizeMicro / held) : 0;
    }
    const c = sign * cost;
    const shares = sign * (buy ? f.sizeMicro : -f.sizeMicro);
    if (yes) {
      this.yesMicro += shares;
      this.yesCostMicro = Math.max(0, this.yesCostMicro + c);
    } else {
      this.noMicro += shares;
      this.noCostMicro = Math.max(0, this.noCostMicro + c);
    }
    this.feesMicro += sign * f.feeMicro;
    this.volumeMicro += sign * f.sizeMicro;
    return cost;
  }
}

/**
 * The cost and unpriced shares after the balance moves from `before` to
 * `after` shares: fewer keep their average cost (and unpriced share), more
 * add shares of unknown cost at 1 USDC each.
 */
function adopt(before: number, after: number, cost: number, unpriced: number): [number, number] {
  if (after <= 0) return [0, 0];
  if (after <= before) {
    const keep = after / before;
    return [cost * keep, unpriced * keep];
  }
  const added = after - Math.max(0, before);
  return [cost + added, unpriced + added];
}
