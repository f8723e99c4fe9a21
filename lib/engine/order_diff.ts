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
  /** Which outcome token: YES or NO. */
  token: Outcome;
  /** BUY or SELL, of its token. */
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

// scratch of a diff: which candidate each target matched (−1: none), which
// candidates are taken (no allocation per cycle once grown)
let matchOf = new Int32Array(16);
let taken = new Uint8Array(64);
let remaining = new Float64Array(64);

/**
 * Diffs the target ladder against our working orders at `nowMs`. Orders
 * already being cancelled are not candidates. Orders on another tick grid
 * (after a tick-size change) are never kept. `out` is filled and returned
 * (a fresh one by default): the engine reuses one per cycle. `keepMinMicro`,
 * index-aligned with `targets`, is the least a kept order must still rest
 * (the min incentive size of a reward quote; absent or 0: the tolerance alone).
 */
export function diffOrders(
  targets: readonly TargetOrder[],
  working: readonly TrackedOrder[],
  tickPips: number,
  nowMs: number,
  p: DiffParams,
  out: OrderDiff = { keep: [], cancel: [], place: [] },
  keepMinMicro?: readonly number[],
): OrderDiff {
  out.keep.length = 0;
  out.cancel.length = 0;
  out.place.length = 0;
  const nT = targets.length;
  const nW = working.length;
  if (matchOf.length < nT) matchOf = new Int32Array(nT * 2);
  if (taken.length < nW) {
    taken = new Uint8Array(nW * 2);
    remaining = new Float64Array(nW * 2);
  }
  matchOf.fill(-1, 0, nT);
  let unmatched = nT;
  for (let j = 0; j < nW; j++) {
    const o = working[j];
    const st = o.state;
    taken[j] = st === "canceling" || st === "done" ? 2 : 0; // 2: not a candidate
    remaining[j] = o.remainingMicro;
  }
  // exact ticks first, then within requote_ticks − 1
  for (let pass = 0; pass < 2 && unmatched > 0; pass++) {
    for (let i = 0; i < nT; i++) {
      if (matchOf[i] >= 0) continue;
      const t = targets[i];
      const tolerated = t.sizeMicro * (1 - p.sizeTolerance);
      // a reward quote is kept only while it still rests its min incentive size
      const keep = keepMinMicro?.[i] ?? 0;
      const floor = keep > tolerated ? keep : tolerated;
      const ceil = t.sizeMicro + p.sizeOverMicro;
      for (let j = 0; j < nW; j++) {
        if (taken[j] !== 0) continue;
        const o = working[j];
        const dt = o.priceTicks - t.priceTicks;
        // the price first: it rules out most candidates at once
        if (
          (pass === 0 ? dt === 0 : dt < p.requoteTicks && -dt < p.requoteTicks) &&
          o.token === t.token && o.side === t.side && o.tickPips === tickPips &&
          nowMs - o.createdMs < p.maxQuoteAgeMs &&
          remaining[j] <= ceil && remaining[j] >= floor
        ) {
          matchOf[i] = j;
          taken[j] = 1;
          unmatched--;
          break;
        }
      }
    }
  }
  for (let j = 0; j < nW; j++) {
    if (taken[j] === 1) out.keep.push(working[j]);
    else if (taken[j] === 0) out.cancel.push(working[j]);
  }
  for (let i = 0; i < nT; i++) if (matchOf[i] < 0) out.place.push(targets[i]);
  return out;
}
