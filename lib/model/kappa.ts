/**
 * Order-arrival decay κ per side (pm4-model.md §6).
 *
 * @module
 */

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
  private count = 0;
  private sum = 0;
  private tMs = Number.NaN;

  /**
   * An estimator holding only the prior.
   * @param kappa0 prior κ0, 1/logit
   * @param priorN prior weight n0, pseudo-prints
   * @param tauMs decay time constant of the evidence, ms
   */
  constructor(readonly kappa0: number, readonly priorN: number, readonly tauMs: number) {}

  /** Records a trade print `distLogit` logit units from the mid at `tMs`. */
  observe(tMs: number, distLogit: number): void {
    if (!(distLogit >= 0) || !Number.isFinite(distLogit)) return;
    this.decayTo(tMs);
    this.count += 1;
    this.sum += distLogit;
  }

  /**
   * κ at `tMs`, 1/logit. Reading does not change the state: κ depends on the
   * prints and the time only, never on how often it was read.
   */
  value(tMs: number): number {
    const d = Number.isNaN(this.tMs) || tMs <= this.tMs
      ? 1
      : Math.exp(-(tMs - this.tMs) / this.tauMs);
    return (this.priorN + this.count * d) / (this.priorN / this.kappa0 + this.sum * d);
  }

  /** Effective number of prints behind the estimate at the last update. */
  get evidence(): number {
    return this.count;
  }

  /** State to persist. */
  snapshot(tMs: number): KappaSnapshot {
    this.decayTo(tMs);
    return { tMs, count: this.count, sum: this.sum };
  }

  /** Restores persisted state; the gap to `tMs` decays the evidence. */
  restore(s: KappaSnapshot): void {
    this.count = s.count;
    this.sum = s.sum;
    this.tMs = s.tMs;
  }

  /** Decays the evidence to `tMs`. */
  private decayTo(tMs: number): void {
    if (Number.isNaN(this.tMs)) {
      this.tMs = tMs;
      return;
    }
    if (tMs <= this.tMs) return;
    const d = Math.exp(-(tMs - this.tMs) / this.tauMs);
    this.count *= d;
    this.sum *= d;
    this.tMs = tMs;
  }
}
