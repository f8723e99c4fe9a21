/**
 * Sums whose every term loses weight e^(−Δt/τ) with time: the evidence of
 * the online estimators (κ's prints, the flow's volumes, the adverse
 * selection's markouts) that follow a market without a window to keep.
 *
 * @module
 */

/**
 * `n` sums decaying together with time constant `tauMs`.
 *
 * @example
 * ```ts
 * import { DecayedSums } from "./decayed.ts";
 * const s = new DecayedSums(1000, 1);
 * s.add(0, 0, 2);
 * // one time constant later the 2 weighs 2/e
 * console.assert(Math.abs(s.at(0, 1000) - 2 / Math.E) < 1e-15);
 * ```
 */
export class DecayedSums {
  /** The sums as of {@link DecayedSums.lastMs}. */
  readonly values: Float64Array;
  /** Time of the last update, ms (NaN before any). */
  lastMs: number = Number.NaN;

  /**
   * Empty sums.
   *
   * @param tauMs decay time constant, ms
   * @param n number of sums
   */
  constructor(readonly tauMs: number, n: number) {
    this.values = new Float64Array(n);
  }

  /** The decay from the last update to `tMs` (1 before any, or for an earlier time). */
  factor(tMs: number): number {
    return Number.isNaN(this.lastMs) || tMs <= this.lastMs
      ? 1
      : Math.exp(-(tMs - this.lastMs) / this.tauMs);
  }

  /** Sum `i` as of `tMs`, without changing the state. */
  at(i: number, tMs: number): number {
    return this.values[i] * this.factor(tMs);
  }

  /** Decays every sum to `tMs` (never backwards). */
  advance(tMs: number): void {
    const d = this.factor(tMs);
    if (d !== 1) { for (let i = 0; i < this.values.length; i++) this.values[i] *= d; }
    if (Number.isNaN(this.lastMs) || tMs > this.lastMs) this.lastMs = tMs;
  }

  /** Adds `x` to sum `i` at `tMs` (the others decay alike). */
  add(i: number, tMs: number, x: number): void {
    this.advance(tMs);
    this.values[i] += x;
  }

  /** Sets the state: `values` as of `tMs`. */
  set(values: ArrayLike<number>, tMs: number): void {
    this.values.set(values);
    this.lastMs = tMs;
  }
}
