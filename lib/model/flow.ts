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

/** Persisted state of a {@link FlowImbalance}. */
export interface FlowSnapshot {
  /** Snapshot time, ms. */
  tMs: number;
  /** Decayed signed volume, shares. */
  signed: number;
  /** Decayed volume, shares. */
  total: number;
}

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
  private signed = 0;
  private total = 0;
  private lastMs = Number.NaN;

  /**
   * No flow yet: F = 0.
   *
   * @param tauMs decay of a print's weight, ms
   * @param priorShares prior volume V₀, shares
   */
  constructor(readonly tauMs: number, readonly priorShares: number) {}

  /** A taker print of `shares` at `tMs`; `buysYes` when it bought YES (or sold NO). */
  observe(tMs: number, shares: number, buysYes: boolean): void {
    if (!(shares > 0)) return;
    const d = this.decayTo(tMs);
    this.signed = this.signed * d + (buysYes ? shares : -shares);
    this.total = this.total * d + shares;
    if (Number.isNaN(this.lastMs) || tMs > this.lastMs) this.lastMs = tMs;
  }

  /** F at `tMs`, in [−1, 1]. */
  value(tMs: number): number {
    const d = this.decayTo(tMs);
    return this.signed * d / (this.priorShares + this.total * d);
  }

  /** State to persist. */
  snapshot(tMs: number): FlowSnapshot {
    const d = this.decayTo(tMs);
    return { tMs, signed: this.signed * d, total: this.total * d };
  }

  /** Restores persisted state at `tMs`, decayed over the gap (a malformed one is ignored). */
  restore(s: FlowSnapshot, tMs: number): void {
    if (!Number.isFinite(s.signed) || !Number.isFinite(s.total) || !(s.total >= 0)) return;
    const d = Math.exp(-Math.max(0, tMs - s.tMs) / this.tauMs);
    this.signed = s.signed * d;
    this.total = s.total * d;
    this.lastMs = tMs;
  }

  /** Decay from the last print to `tMs` (1 before any, or for an earlier time). */
  private decayTo(tMs: number): number {
    return Number.isNaN(this.lastMs) || tMs <= this.lastMs
      ? 1
      : Math.exp(-(tMs - this.lastMs) / this.tauMs);
  }
}
