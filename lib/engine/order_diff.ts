/**
 * Order diff (pm4-model.md §7): which of our working orders to keep, which to
 * cancel, what to place — diff, not churn.
 *
 * An order is kept for a target on the same token and side when its tick is
 * within `requote_ticks − 1` of the target's, it is younger than
 * `max_quote_age_s`, and its remaining size is within `size_tolerance` *below*
 * the target or at most `sizeOverMicro` above it. The allowance above is
 * small and absolute — a share of one minimum order per level — so that the
 * slow drift of a target (time decay shaves 0.01 share now and then) does not
 * cost an order its queue priority, while a kept order never breaks the caps
 * the model just computed by more than one minimum order per side in all
 * (after a fill raised the position, the targets shrink far more and the
 * order is replaced). Exact ticks are matched first.
 *
 * @module
 */

import type { TrackedOrder } from "./order_tracker.ts";
import type { Outcome } from "./types.ts";

/** A wanted order, as the model's ladder gives it. */
export interface TargetOrder {
  /** Token. */
  token: Outcome;
  /** Side. */
  side: "BUY" | "SELL";
  /** Price, ticks of the current grid. */
  priceTicks: number;
  /** Size, micro-shares. */
  sizeMicro: number;
}

/** Diff settings (from `quote`). */
export interface DiffParams {
  /** Fraction below the target size an order may be and still be kept. */
  sizeTolerance: number;
  /** Size an order may exceed its target by and still be kept, micro-shares. */
  sizeOverMicro: number;
  /** Replace an order once its target is this many ticks away. */
  requoteTicks: number;
  /** Replace orders older than this, ms (Infinity: never). */
  maxQuoteAgeMs: number;
}

/** The result of a diff. */
export interface OrderDiff {
  /** Working orders that stay. */
  keep: TrackedOrder[];
  /** Working orders to cancel. */
  cancel: TrackedOrder[];
  /** Targets to place. */
  place: TargetOrder[];
}

/**
 * Diffs the target ladder against our working orders at `nowMs`. Orders
 * already being cancelled are not candidates. Orders on another tick grid
 * (after a tick-size change) are never kept.
 */
export function diffOrders(
  targets: readonly TargetOrder[],
  working: readonly TrackedOrder[],
  tickPips: number,
  nowMs: number,
  p: DiffParams,
): OrderDiff {
  const candidates = working.filter((o) => o.state !== "canceling" && o.state !== "done");
  const used = new Set<TrackedOrder>();
  const matched: (TrackedOrder | null)[] = targets.map(() => null);
  const fits = (o: TrackedOrder, t: TargetOrder, exact: boolean) =>
    !used.has(o) && o.token === t.token && o.side === t.side && o.tickPips === tickPips &&
    (exact
      ? o.priceTicks === t.priceTicks
      : Math.abs(o.priceTicks - t.priceTicks) < p.requoteTicks) &&
    nowMs - o.createdMs < p.maxQuoteAgeMs &&
    o.remainingMicro <= t.sizeMicro + p.sizeOverMicro &&
    o.remainingMicro >= t.sizeMicro * (1 - p.sizeTolerance);
  for (const exact of [true, false]) {
    targets.forEach((t, i) => {
      if (matched[i]) return;
      const o = candidates.find((c) => fits(c, t, exact));
      if (o) {
        matched[i] = o;
        used.add(o);
      }
    });
  }
  return {
    keep: candidates.filter((o) => used.has(o)),
    cancel: candidates.filter((o) => !used.has(o)),
    place: targets.filter((_, i) => matched[i] === null),
  };
}
