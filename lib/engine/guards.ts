/**
 * The engine's risk guards, pure: each says no with a typed reason instead of
 * acting. The engine decides what a denial does (defer an order, cancel
 * what rests, journal the cause).
 *
 * @module
 */

import { isYesBid, type QuoteDecision, type QuoteInputs, yesTicks } from "../model/mod.ts";
import type { TargetOrder } from "./order_diff.ts";
import type { TrackedOrder } from "./order_tracker.ts";
import type { Balances } from "./types.ts";

/** Why an order of the ladder is held back this wave (it waits for cancels or fills). */
export type PlaceDenial =
  /** It would cross one of our own working orders (YES-equivalent price). */
  | "crosses_own"
  /** The worst-case position on its side would pass q_max. */
  | "over_q_max"
  /** Cash not held by working orders does not cover it. */
  | "no_cash"
  /** Shares not held by working sell orders do not cover it. */
  | "no_shares";

/**
 * What is left to place against this wave: free cash and shares (what
 * working orders hold is spent), the worst case per side and our best
 * YES-equivalent bid and ask. {@link PlaceBudget.take} checks one order and,
 * when it passes, spends it.
 */
export class PlaceBudget {
  /** Cash and shares not held by working orders, micro-units. */
  readonly free: Balances = { cashMicro: 0, yesMicro: 0, noMicro: 0 };
  /** Worst-case long (q + every bid that may fill), micro-shares. */
  longMicro = 0;
  /** Worst-case short (−q + every ask that may fill), micro-shares. */
  shortMicro = 0;
  /** Our highest working bid, YES ticks (0: none). */
  maxBidTicks = 0;
  /** Our lowest working ask, YES ticks (n: none). */
  minAskTicks = 0;
  /** q_max, micro-shares. */
  limitMicro = 0;
  /** The tick of the wave's prices, pips. */
  tickPips = 100;
  /** Ticks per unit of price (a YES tick k is NO tick n − k). */
  ticksPerUnit = 100;

  /** Spends target `t` unless a guard denies it. */
  take(t: TargetOrder): PlaceDenial | null {
    const isBid = isYesBid(t.token, t.side);
    const yes = yesTicks(t.token, t.priceTicks, this.ticksPerUnit);
    const sizeMicro = t.sizeMicro;
    if (isBid ? yes >= this.minAskTicks : yes <= this.maxBidTicks) return "crosses_own";
    if ((isBid ? this.longMicro : this.shortMicro) + sizeMicro > this.limitMicro) {
      return "over_q_max";
    }
    if (t.side === "BUY") {
      const need = t.priceTicks * this.tickPips * sizeMicro / 10_000;
      if (need > this.free.cashMicro) return "no_cash";
      this.free.cashMicro -= need;
    } else if (t.token === "YES") {
      if (sizeMicro > this.free.yesMicro) return "no_shares";
      this.free.yesMicro -= sizeMicro;
    } else {
      if (sizeMicro > this.free.noMicro) return "no_shares";
      this.free.noMicro -= sizeMicro;
    }
    if (isBid) this.longMicro += sizeMicro;
    else this.shortMicro += sizeMicro;
    return null;
  }
}

/** The estimators' inputs of a decision, in the order they are reported. */
const ESTIMATED_INPUTS = [
  "sigma",
  "riskVar",
  "kappaBid",
  "kappaAsk",
  "crowdU",
  "adverseBid",
  "adverseAsk",
  "flow",
] as const satisfies readonly (keyof QuoteInputs)[];

/**
 * The first estimated quoting input that is not finite, by name, or null: a
 * NaN σ or κ would otherwise price the whole ladder.
 */
export function nonFiniteInput(inp: QuoteInputs): string | null {
  for (const k of ESTIMATED_INPUTS) if (!Number.isFinite(inp[k])) return k;
  return null;
}

/** Decision fields that must be finite, in the order they are reported. */
const DECISION_FIELDS = [
  "p",
  "q",
  "qMax",
  "gamma",
  "lambda",
  "sigma",
  "delta",
  "halfBid",
  "halfAsk",
] as const;

/**
 * The first field of a decision that is not a valid number (a NaN σ would
 * otherwise store as tick 0 in the ladder's integer arrays), or null. `n`:
 * ticks per unit (prices must lie in [1, n − 1]).
 */
export function invalidDecision(d: QuoteDecision, n: number): string | null {
  // a sum is finite only if every term is: the usual case costs one check
  const sum = d.p + d.q + d.qMax + d.gamma + d.lambda + d.sigma + d.delta + d.halfBid + d.halfAsk;
  if (!Number.isFinite(sum)) {
    for (const k of DECISION_FIELDS) if (!Number.isFinite(d[k])) return k;
  }
  for (let i = 0; i < d.count; i++) {
    if (!(d.priceTicks[i] >= 1 && d.priceTicks[i] <= n - 1)) return `priceTicks[${i}]`;
    if (!(d.sizeMicro[i] > 0)) return `sizeMicro[${i}]`;
  }
  return null;
}

/**
 * Of `orders` (in the order given), those to cancel so that no side's worst
 * case — `worst`, counting the orders that stay — is past `limit`: a side
 * over it loses orders until it is not. Used for kept orders sitting above
 * their targets, and for the cancels a throttled wave would hold back (q_max
 * shrank as the price moved): the throttle never keeps exposure past q_max.
 */
export function excessCancels(
  orders: readonly TrackedOrder[],
  worst: { long: number; short: number },
  limit: number,
): TrackedOrder[] {
  let long = worst.long;
  let short = worst.short;
  const out: TrackedOrder[] = [];
  for (const o of orders) {
    if (o.isBid ? long <= limit : short <= limit) continue;
    out.push(o);
    if (o.isBid) long -= o.outstandingMicro;
    else short -= o.outstandingMicro;
  }
  return out;
}
