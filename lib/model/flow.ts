/**
 * Signed order-flow imbalance F ∈ [−1, 1]: of the taker volume lately, how
 * much bought YES (lifted asks) against how much sold it (Kyle / Glosten–
 * Milgrom: a maker who sees net buying should move its reference up — the
 * flow carries information, and the next prints are likelier to continue it).
 *
 * With taker volumes v_i (shares, + when the taker bought YES or sold NO, −
 * otherwise) decayed in time with τ:
 *
 *   F(t) = Σ e^(−(t − t_i)/τ)·sign_i·v_i / (V₀ + Σ e^(−(t − t_i)/τ)·v_i)
 *
 * The prior volume V₀ keeps a lone small print from reading as one-way flow.
 * (A volume clock — VPIN's equal-volume buckets — needs a bucket size per
 * market; the time decay with a volume prior behaves alike at a steady trade
 * rate and needs none.)
 *
 * @module
 */

import { DecayedSums } from "./decayed.ts";

/**
 * The flow imbalance estimator.
 *
 * @example
 * ```ts
 * import { FlowImbalance } from "./flow.ts";
 * const f = new FlowImbalance(120_000, 10);
 * f.observe(0, 30, true); // a taker bought 30 YES
 * f.observe(0, 10, false); // one sold 10
 * // (30 − 10) / (10 + 40) = 0.4
 * console.assert(Math.abs(f.value(0) - 0.4) < 1e-12);
 * ```
 */
export class FlowImbalance {
  // 0: signed volume, 1: volume (shares)
  private readonly sums: DecayedSums;

  /**
   * No flow yet: F = 0.
   *
   * @param tauMs decay of a print's weight, ms
   * @param priorShares prior volume V₀, shares
   */
  constructor(tauMs: number, readonly priorShares: number) {
    this.sums = new DecayedSums(tauMs, 2);
  }

  /** A taker print of `shares` at `tMs`; `buysYes` when it bought YES (or sold NO). */
  observe(tMs: number, shares: number, buysYes: boolean): void {
    if (!(shares > 0)) return;
    this.sums.add(0, tMs, buysYes ? shares : -shares);
    this.sums.add(1, tMs, shares);
  }

  /** F at `tMs`, in [−1, 1]. */
  value(tMs: number): number {
    return this.sums.at(0, tMs) / (this.priorShares + this.sums.at(1, tMs));
  }
}
