/**
 * Meta-calibration of σ's time scales (docs/model.md §5.1): how long a
 * market's bursts of activity last, measured as the half-life of its
 * volatility clustering, sets how fast σ's estimators look.
 *
 * The reference price is sampled on σ's clock (`dt_sample_s`, which the
 * factor does not move: the measurement must not move with what it sets);
 * a sample comes with the first price at least dt after the last, so a lag
 * of k samples is k times their mean spacing, and a sample more than 4 dt
 * after the last (a disconnect, a warm start's minute bars) restarts the
 * lags instead of spanning the gap. With
 * `a_t = |x_t − x_{t−1}|` the absolute logit return of a sample, the
 * autocorrelation of `a` at lags `L_k = 2^k` samples (k = 0 … 8) is kept as
 * exponentially weighted moments over `window`:
 *
 *   ρ(L) = (E[a_t·a_{t−L}] − E[a]²) / (E[a²] − E[a]²)
 *
 * Volatility clusters decay about exponentially, so the half-life H is the
 * lag where ρ falls to half, interpolated linearly in log-lag between the
 * two lags that bracket it (the longest lag when it never falls that far).
 * ρ at one sample is left out: it is mostly the mid flickering
 * between two ticks and gone at the next sample, so the half-life is where ρ
 * falls to half of ρ(2). A market without clustering (ρ(2) < 0.05, or fewer
 * than 50 samples with a price change) says nothing about its time scale:
 * the factor stays 1.
 * Otherwise
 *
 *   f = clip(H / H_ref, f_min, f_max)
 *
 * multiplies τ_fast, the markout horizons and σ's smoothing (τ_up, τ_down);
 * τ_slow, the vol floor and the risk horizon stay (the baseline the fast
 * estimates are compared with), and so does the sampling interval (the
 * measurement's clock; scaling it too lost in the scorecard). `H_ref` is
 * the configured τ_fast: the fast EMA spans one burst.
 *
 * @module
 */

import { clip } from "./logit.ts";

/** Lags of the autocorrelation, in samples: 1, 2, 4, …, 256. */
const LAGS = 9;
const RING = 1 << (LAGS - 1);
/** ρ(2) below this is no clustering: the factor stays 1. */
const MIN_CLUSTERING = 0.05;
/** Samples with a price change needed before the half-life is trusted. */
const MIN_MOVES = 50;
/** A sample this many intervals after the last is across a gap: no return spans it. */
const GAP_INTERVALS = 4;

/** Parameters of the time-scale estimator; times in ms. */
export interface TimeScaleParams {
  /** Fixed sampling interval of the measurement, ms. */
  readonly dtMs: number;
  /** Span of the moments' exponential weights, ms. */
  readonly windowMs: number;
  /** Half-life of the clustering at which the factor is 1, ms. */
  readonly refMs: number;
  /** Least factor, (0, 1]. */
  readonly minFactor: number;
  /** Greatest factor, ≥ 1. */
  readonly maxFactor: number;
}

/** Persisted state of a {@link TimeScales} (the calibration file). */
export interface TimeScaleSnapshot {
  /** Snapshot time, ms. */
  tMs: number;
  /** Uncorrected EMAs [E[a], E[a²], bias weight, moves seen, the time between samples (ms)]. */
  moments: [number, number, number, number, number];
  /** Uncorrected EMAs of a_t·a_{t−L} per lag, and their bias weights. */
  cross: number[];
  /** Their bias weights. */
  crossW: number[];
}

/**
 * The half-life of volatility clustering and the factor it sets.
 *
 * @example
 * ```ts
 * import { TimeScales } from "./time_scales.ts";
 * const ts = new TimeScales({ dtMs: 5_000, windowMs: 4 * 3_600_000, refMs: 60_000, minFactor: 0.25, maxFactor: 4 });
 * ts.observe(0, 0);
 * ts.factor; // 1 until the clustering is measured
 * ```
 */
export class TimeScales {
  /** The factor applied to the fast time scales, [min_factor, max_factor]. */
  factor = 1;
  /** The measured half-life of the clustering, ms (NaN: none measured). */
  halfLifeMs: number = Number.NaN;

  private lastMs = Number.NaN;
  private lastX = Number.NaN;
  private m1 = 0;
  private m2 = 0;
  private w = 0;
  private moves = 0;
  // EW mean of the time between samples (uncorrected; the moments' weight w
  // corrects it): a lag of k samples is k of these, at least dt apart
  private spacing = 0;
  private readonly cross = new Float64Array(LAGS);
  private readonly crossW = new Float64Array(LAGS);
  // the last RING absolute returns, a ring; n counts samples since the start
  // (or a restore: no lag reaches across a gap)
  private readonly ring = new Float64Array(RING);
  private n = 0;

  /**
   * A fresh measurement: factor 1, no samples.
   * @param params estimator parameters
   */
  constructor(readonly params: TimeScaleParams) {}

  /**
   * The autocorrelation of |r| at lag `2^k` samples (NaN before it is
   * measured or with no variance).
   */
  autocorrelation(k: number): number {
    if (!(this.w > 0) || !(this.crossW[k] > 0)) return Number.NaN;
    const m = this.m1 / this.w;
    const v = this.m2 / this.w - m * m;
    if (!(v > 0)) return Number.NaN;
    return (this.cross[k] / this.crossW[k] - m * m) / v;
  }

  /** Feeds the reference price `x` (logit units) at `tMs`; samples on the fixed clock. */
  observe(tMs: number, x: number): void {
    if (Number.isNaN(this.lastMs) || Number.isNaN(this.lastX)) {
      this.lastMs = tMs;
      this.lastX = x;
      return;
    }
    const p = this.params;
    const gap = tMs - this.lastMs;
    if (gap < p.dtMs) return;
    if (gap > GAP_INTERVALS * p.dtMs) {
      // a disconnect, or a warm start's coarse history: the lags start afresh
      this.lastMs = tMs;
      this.lastX = x;
      this.n = 0;
      return;
    }
    const a = x > this.lastX ? x - this.lastX : this.lastX - x;
    this.lastMs = tMs;
    this.lastX = x;
    const alpha = 1 - Math.exp(-p.dtMs / p.windowMs);
    this.spacing += alpha * (gap - this.spacing);
    this.m1 += alpha * (a - this.m1);
    this.m2 += alpha * (a * a - this.m2);
    this.w += alpha * (1 - this.w);
    if (a > 0) this.moves++;
    const n = this.n;
    for (let k = 0; k < LAGS; k++) {
      const lag = 1 << k;
      if (lag > n) break;
      const prev = this.ring[(n - lag) % RING];
      this.cross[k] += alpha * (a * prev - this.cross[k]);
      this.crossW[k] += alpha * (1 - this.crossW[k]);
    }
    this.ring[n % RING] = a;
    this.n = n + 1;
    this.update();
  }

  /** State to persist. */
  snapshot(tMs: number): TimeScaleSnapshot {
    return {
      tMs,
      moments: [this.m1, this.m2, this.w, this.moves, this.spacing],
      cross: [...this.cross],
      crossW: [...this.crossW],
    };
  }

  /**
   * Restores persisted moments (they describe the market, not the moment:
   * they keep their weight across the gap); no lag reaches across it.
   */
  restore(s: TimeScaleSnapshot, tMs: number): void {
    // a damaged or foreign snapshot is ignored: the measurement starts afresh
    if (!Array.isArray(s.moments) || s.moments.length !== 5) return;
    if (!Array.isArray(s.cross) || s.cross.length !== LAGS) return;
    if (!Array.isArray(s.crossW) || s.crossW.length !== LAGS) return;
    const [m1, m2, w, moves, spacing] = s.moments;
    if (![m1, m2, w, moves, spacing].every(Number.isFinite)) return;
    this.m1 = m1;
    this.m2 = m2;
    this.w = w;
    this.moves = moves;
    this.spacing = spacing;
    for (let k = 0; k < LAGS; k++) {
      this.cross[k] = Number.isFinite(s.cross[k]) ? s.cross[k] : 0;
      this.crossW[k] = Number.isFinite(s.crossW[k]) ? s.crossW[k] : 0;
    }
    this.n = 0;
    this.lastMs = tMs;
    this.lastX = Number.NaN;
    this.update();
  }

  /** The half-life and the factor from the moments as they stand. */
  private update(): void {
    const p = this.params;
    // ρ at one sample is mostly the mid flickering between two ticks (a
    // bounce that is gone at the next sample); the clustering is measured
    // from two samples on
    const r2 = this.autocorrelation(1);
    if (this.moves < MIN_MOVES || !(r2 >= MIN_CLUSTERING)) {
      this.halfLifeMs = Number.NaN;
      this.factor = 1;
      return;
    }
    const half = r2 / 2;
    let lagSamples = 1 << (LAGS - 1);
    let prev = r2;
    for (let k = 2; k < LAGS; k++) {
      const r = this.autocorrelation(k);
      if (Number.isNaN(r)) {
        // the longest lag measured so far is a lower bound
        lagSamples = 1 << (k - 1);
        break;
      }
      if (r <= half) {
        // linear in log2(lag) between 2^(k−1) (ρ = prev) and 2^k (ρ = r)
        const frac = prev > r ? (prev - half) / (prev - r) : 1;
        lagSamples = 2 ** (k - 1 + frac);
        break;
      }
      prev = r;
    }
    this.halfLifeMs = lagSamples * this.spacing / this.w;
    this.factor = clip(this.halfLifeMs / p.refMs, p.minFactor, p.maxFactor);
  }
}
