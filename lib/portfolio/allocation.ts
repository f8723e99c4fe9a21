/**
 * How much capital one instance of a fleet may hold, given what the others
 * hold: the pure rule the ledger applies inside its transaction.
 *
 * Every amount is integer micro-USDC. The fleet's invariant is
 * `Σ granted ≤ capital` (and the same within an event or a category), and an
 * instance's exposure never exceeds its own grant, so the summed exposure never
 * exceeds the cap. A grant therefore never falls below what the instance
 * still has out (its exposure, and the limit its engine is working under):
 * capital is taken back only once the instance has shed it.
 *
 * @module
 */

/** A lease as the rule sees it. */
export interface LeaseView {
  /** The instance (run id). */
  instance: string;
  /** Neg-risk event (or any group that resolves together); "" for none. */
  event: string;
  /** Category; "" for none. */
  category: string;
  /** What the instance asked for, micro-USDC. */
  wantMicro: number;
  /** What it holds, micro-USDC. */
  grantedMicro: number;
}

/** Portfolio caps, micro-USDC; 0 = no cap of that kind (the total is always capped). */
export interface Caps {
  /** Capital of the whole fleet. */
  totalMicro: number;
  /** Per neg-risk event. */
  eventMicro: number;
  /** Per category. */
  categoryMicro: number;
}

/** One instance's request. */
export interface GrantRequest {
  /** Its event ("" none). */
  event: string;
  /** Its category ("" none). */
  category: string;
  /** What it would use if it could, micro-USDC (0 when idle). */
  wantMicro: number;
  /** What it must keep: max(exposure, the limit its engine works under), micro-USDC. */
  holdMicro: number;
}

/** What the rule gives. */
export interface Grant {
  /** The new grant, micro-USDC (≥ the request's hold). */
  grantedMicro: number;
  /** The capital the instance may work with: ≤ granted, micro-USDC. */
  targetMicro: number;
  /** Which cap bound the target below the want ("" when the want was met). */
  boundBy: "" | "total" | "event" | "category" | "fair_share";
}

/**
 * The grant of one instance against the leases of the others (live ones only).
 *
 * The target is the want, bounded by what each cap leaves free after the
 * others' grants; when another instance is starved (holds less than it
 * wants and less than a fair share `total / instances`), an instance above
 * its fair share keeps only that share, so capital moves to the starved at
 * their next renewal. The grant is `max(target, hold)`: an instance's exposure
 * is never un-covered (the caps leave room for it, since that hold was
 * already counted in every other instance's view).
 *
 * @example
 * ```ts
 * import { grantFor } from "./allocation.ts";
 * const caps = { totalMicro: 500e6, eventMicro: 0, categoryMicro: 0 };
 * const other = { instance: "a", event: "", category: "", wantMicro: 400e6, grantedMicro: 400e6 };
 * const g = grantFor(caps, [other], { event: "", category: "", wantMicro: 300e6, holdMicro: 0 });
 * // 100 USDC are free: that is the grant. The newcomer is now starved (100 < its fair 250),
 * // so the other keeps only its fair share at its own next renewal, and the newcomer grows.
 * if (g.grantedMicro !== 100e6 || g.boundBy !== "total") throw new Error(JSON.stringify(g));
 * ```
 */
export function grantFor(caps: Caps, others: readonly LeaseView[], req: GrantRequest): Grant {
  let boundBy: Grant["boundBy"] = "";
  let target = Math.max(0, req.wantMicro);
  const bound = (free: number, why: Grant["boundBy"]) => {
    if (free < target) {
      target = Math.max(0, free);
      boundBy = why;
    }
  };
  const n = others.length + 1;
  const fair = Math.floor(caps.totalMicro / n);
  const starved = others.some((o) => o.grantedMicro < Math.min(o.wantMicro, fair));
  if (starved) bound(fair, "fair_share");
  let sum = 0;
  let sumEvent = 0;
  let sumCategory = 0;
  for (const o of others) {
    sum += o.grantedMicro;
    if (req.event !== "" && o.event === req.event) sumEvent += o.grantedMicro;
    if (req.category !== "" && o.category === req.category) sumCategory += o.grantedMicro;
  }
  bound(caps.totalMicro - sum, "total");
  if (caps.eventMicro > 0 && req.event !== "") bound(caps.eventMicro - sumEvent, "event");
  if (caps.categoryMicro > 0 && req.category !== "") {
    bound(caps.categoryMicro - sumCategory, "category");
  }
  return { grantedMicro: Math.max(target, req.holdMicro), targetMicro: target, boundBy };
}
