/**
 * Order-arrival decay κ per side (pm4-model.md §6).
 *
 * @module
 */

import { DecayedSums } from "./decayed.ts";

/** Persisted state of a {@link KappaEstimator}. */
export interface KappaSnapshot {
  /** Snapshot time, ms. */
  tMs: number;
  /** Decayed print count. */
  count: number;
  /** Decayed sum of distances, logit units. */
  sum: number;
}

/**
 * κ = 1 / mean logit distance of trade prints from the mid on one side, with a
 * prior: `κ = (n0 + n) / (n0/κ0 + Σd)` — the mean distance is shrunk toward
 * `1/κ0` with the weight of `n0` pseudo-prints. Counts and sums decay with
 * time constant τ so the estimate follows the market.
 */
export class KappaEstimator {
  // 0: print count, 1: sum of distances (logit units)
  private readonly sums: DecayedSums;

  /**
   * An estimator holding only the prior.
   * @param kappa0 prior κ0, 1/logit
   * @param priorN prior weight n0, pseudo-prints
   * @param tauMs decay time constant of the evidence, ms
   */
  constructor(readonly kappa0: number, readonly priorN: number, readonly tauMs: number) {
    this.sums = new DecayedSums(tauMs, 2);
  }

  /** Records a trade print `distLogit` logit units from the mid at `tMs`. */
  observe(tMs: number, distLogit: number): void {
    if (!(distLogit >= 0) || !Number.isFinite(distLogit)) return;
    this.sums.add(0, tMs, 1);
    this.sums.add(1, tMs, distLogit);
  }

  /**
   * κ at `tMs`, 1/logit. Reading does not change the state: κ depends on the
   * prints and the time only, never on how often it was read.
   */
  value(tMs: number): number {
    return (this.priorN + this.sums.at(0, tMs)) /
      (this.priorN / this.kappa0 + this.sums.at(1, tMs));
  }

  /**
   * Prints per second on this side at `tMs`: the decayed count over its
   * time constant (the rate a steady flow of prints settles at).
   */
  printRate(tMs: number): number {
    return this.sums.at(0, tMs) / this.tauMs * 1000;
  }

  /** Effective number of prints behind the estimate at the last update. */
  get evidence(): number {
    return this.sums.values[0];
  }

  /** State to persist. */
  snapshot(tMs: number): KappaSnapshot {
    this.sums.advance(tMs);
    return { tMs, count: this.sums.values[0], sum: this.sums.values[1] };
  }

  /** Restores persisted state; the gap to `tMs` decays the evidence. */
  restore(s: KappaSnapshot): void {
    this.sums.set([s.count, s.sum], s.tMs);
  }
}
