/**
 * Toxicity σ: chop versus informed flow (pm4-model.md §5).
 *
 * @module
 */

import { clip } from "./logit.ts";
import { TimeScales, type TimeScaleSnapshot } from "./time_scales.ts";

/** Parameters of the toxicity estimator; times in ms. */
export interface ToxicityParams {
  /** Nominal sampling interval of the reference price, ms (dt_sample_s). */
  readonly dtSampleMs: number;
  /** Fast EMA time constant, ms (τ_fast, also the markout decay and the span of the fast returns). */
  readonly tauFastMs: number;
  /** Slow EMA time constant, ms (τ_slow). */
  readonly tauSlowMs: number;
  /**
   * Floor of the slow variance rate: one tick² per this long, ms (vol_floor_s),
   * so that a market quiet for hours does not make its first ticks a shock.
   */
  readonly volFloorMs: number;
  /** σ smoothing when rising, ms (τ_up). */
  readonly tauUpMs: number;
  /** σ smoothing when falling, ms (τ_down). */
  readonly tauDownMs: number;
  /** First markout horizon h1, ms. */
  readonly markoutH1Ms: number;
  /** Second markout horizon h2, ms. */
  readonly markoutH2Ms: number;
  /** Weight w1 of the h1 markout EMA. */
  readonly markoutW1: number;
  /** Weight w2 of the h2 markout EMA. */
  readonly markoutW2: number;
  /** Weight of a new markout in its EMA, (0, 1]. */
  readonly markoutAlpha: number;
  /** Trade rate at which intensity I = 1, trades per minute. */
  readonly rateRefPerMin: number;
  /** Cap of the intensity I. */
  readonly iMax: number;
  /** Scale c_sigma of the shock score. */
  readonly cSigma: number;
  /** Exponent ν_sigma of the shock score. */
  readonly nuSigma: number;
  /** Cap of σ. */
  readonly sigmaMax: number;
  /** Weight c_tox of markout toxicity Z in the score. */
  readonly cTox: number;
  /**
   * Span of the risk variance V_H, ms (risk_horizon_s): the half-spread's
   * inventory-risk term grows with the variance of x over this long (§6).
   */
  readonly riskHorizonMs: number;
  /**
   * Meta-calibration of the fast time scales (docs/model.md §5.1): null keeps
   * the configured ones; otherwise τ_fast, the markout horizons, τ_up and
   * τ_down follow the half-life H of the market's volatility clustering,
   * τ_fast = H within [min_factor, max_factor] × the configured (the
   * sampling interval stays: it is the measurement's clock).
   */
  readonly timeScales: {
    /** Span of the clustering measurement's weights, ms. */
    readonly windowMs: number;
    /** Least factor on the configured fast time scales, (0, 1]. */
    readonly minFactor: number;
    /** Greatest factor, ≥ 1. */
    readonly maxFactor: number;
  } | null;
}

/** Persisted state of a {@link Toxicity} (calibration file, §8). */
export interface ToxicitySnapshot {
  /** Snapshot time, ms. */
  tMs: number;
  /** Fast EMA of |r| (uncorrected). */
  absFast: number;
  /** Its bias weight 1 − Π(1−α). */
  absFastW: number;
  /** Slow EMA of |r| (uncorrected). */
  absSlow: number;
  /** Its bias weight. */
  absSlowW: number;
  /**
   * EMAs of the variance rate of τ_fast returns, logit² per ms (uncorrected),
   * with their bias weights: [fast, fast weight, slow, slow weight]. Absent
   * in snapshots from before them.
   */
  varRate?: [number, number, number, number];
  /** EMA of the squared return over the risk horizon (uncorrected) and its bias weight; absent before it. */
  riskVar?: [number, number];
  /** Fast EMA of r (uncorrected). */
  retFast: number;
  /** Its bias weight. */
  retFastW: number;
  /** Markout EMA at h1, logit units. */
  tox1: number;
  /** Markout EMA at h2, logit units. */
  tox2: number;
  /** σ at the snapshot. */
  sigma: number;
  /** The clustering measurement of the adaptive time scales; absent when fixed (or before them). */
  timeScales?: TimeScaleSnapshot;
}

/** Most fills awaiting their markouts; older ones are scored early when full. */
const MARKOUT_CAPACITY = 512;

/**
 * Online toxicity estimator. Feed it the reference price with
 * {@link Toxicity.observe} (as often as the book changes; it samples every
 * `dtSampleMs` with the measured Δt) and our own fills with
 * {@link Toxicity.onFill}. Read σ ∈ [1, sigma_max] from {@link Toxicity.sigma}.
 *
 * - The shock ratio compares realised variance per unit time, fast against
 *   slow: `J = √(v_fast / max(v_slow, tick²/vol_floor))`, where both are EMAs
 *   (τ_fast, τ_slow) of `max(0, (x_t − x_{t−H})² − tick²) / H`, the squared
 *   return over the last H = τ_fast beyond one tick (the grid's resolution),
 *   divided by its span. A random walk gives the same rate
 *   at every span; a one-way drift μ gives μ²·H, growing with the span, so a
 *   drift of a few ticks a minute that never moves a tick per sample is seen;
 *   chop that comes back within H gives little. The floor (one tick² per 10
 *   minutes by default) keeps a market quiet for hours from reading its
 *   first ticks as a shock. (pm4-model.md's |r| per sample, floored at a tick
 *   per sample, could not see a drift slower than a tick per sample.)
 * - EMAs are bias-corrected by dividing by `1 − Π(1−α)`, so there is no
 *   cold-start spike. Directionality uses per-sample returns, rescaled to one
 *   sample after a gap by the diffusion law (`r·√(dt/Δt)`).
 * - Markouts count only adverse moves: `max(0, −s·(x_now − x_fill))`.
 */
export class Toxicity {
  /** Current σ ∈ [1, sigma_max]. */
  sigma = 1;
  /** Target σ_raw of the last sample. */
  sigmaRaw = 1;
  /** Last shock ratio J = √(v_fast / v_slow), the slow one floored. */
  shock = 0;
  /** Last directionality D ∈ [0, 1]. */
  direction = 0;
  /** Last intensity I ∈ [1, I_max]. */
  intensity = 1;
  /** Last markout toxicity Z = tox / slow|r|, slow|r| floored at a tick. */
  markoutScore = 0;
  /** Last total score S. */
  score = 0;

  private lastSampleMs = Number.NaN;
  private lastX = Number.NaN;
  private absFast = 0;
  private absFastW = 0;
  private absSlow = 0;
  private absSlowW = 0;
  private retFast = 0;
  private retFastW = 0;
  private varFast = 0;
  private varFastW = 0;
  private varSlow = 0;
  private varSlowW = 0;
  private riskSq = 0;
  private riskSqW = 0;
  // recent samples (time, x) for the returns over τ_fast and the risk
  // horizon, a ring in time order
  private readonly history: number;
  private readonly histMs: Float64Array;
  private readonly histX: Float64Array;
  private histN = 0; // samples written (absolute count)
  private tox1 = 0;
  private tox2 = 0;
  private toxMs = Number.NaN;
  // Ring buffer of fills awaiting markouts, in time order.
  private readonly fillMs = new Float64Array(MARKOUT_CAPACITY);
  private readonly fillX = new Float64Array(MARKOUT_CAPACITY);
  private readonly fillSide = new Int8Array(MARKOUT_CAPACITY);
  private head1 = 0; // next fill to score at h1 (absolute index)
  private head2 = 0; // next fill to score at h2
  private tail = 0; // next free slot (absolute index)
  /** The clustering measurement (null: the configured time scales). */
  readonly timeScales: TimeScales | null;
  // the fast time scales in use, ms: the configured ones × the factor (set
  // by rescale, from the constructor on)
  private tauFastMs!: number;
  private h1Ms!: number;
  private h2Ms!: number;
  private tauUpMs!: number;
  private tauDownMs!: number;

  /**
   * A fresh estimator: σ = 1, no samples.
   * @param params estimator parameters
   */
  constructor(readonly params: ToxicityParams) {
    const ts = params.timeScales;
    const lo = ts ? ts.minFactor : 1;
    const hi = ts ? ts.maxFactor : 1;
    // enough samples for the longest τ_fast
    const span = Math.max(params.tauFastMs * hi, params.riskHorizonMs);
    this.history = Math.max(HISTORY, Math.ceil(span / params.dtSampleMs) + 2);
    this.histMs = new Float64Array(this.history);
    this.histX = new Float64Array(this.history);
    this.timeScales = ts
      ? new TimeScales({
        dtMs: params.dtSampleMs,
        windowMs: ts.windowMs,
        refMs: params.tauFastMs,
        minFactor: lo,
        maxFactor: hi,
      })
      : null;
    this.rescale();
  }

  /** The factor on the configured fast time scales (1 when fixed). */
  get timeFactor(): number {
    return this.timeScales ? this.timeScales.factor : 1;
  }

  /** τ_fast in use, ms (the configured one × {@link timeFactor}). */
  get tauFast(): number {
    return this.tauFastMs;
  }

  /** The fast time scales in use: the configured ones × the factor. */
  private rescale(): void {
    const f = this.timeFactor;
    const p = this.params;
    this.tauFastMs = p.tauFastMs * f;
    this.h1Ms = p.markoutH1Ms * f;
    this.h2Ms = p.markoutH2Ms * f;
    this.tauUpMs = p.tauUpMs * f;
    this.tauDownMs = p.tauDownMs * f;
  }

  /** Bias-corrected fast EMA of |r|, logit units per sample. */
  get fastAbs(): number {
    return this.absFastW > 0 ? this.absFast / this.absFastW : 0;
  }

  /** Bias-corrected slow EMA of |r|, logit units per sample (not floored). */
  get slowAbs(): number {
    return this.absSlowW > 0 ? this.absSlow / this.absSlowW : 0;
  }

  /** Bias-corrected fast variance rate of τ_fast returns, logit² per ms. */
  get fastVar(): number {
    return this.varFastW > 0 ? this.varFast / this.varFastW : 0;
  }

  /** Bias-corrected slow variance rate of τ_fast returns, logit² per ms (not floored). */
  get slowVar(): number {
    return this.varSlowW > 0 ? this.varSlow / this.varSlowW : 0;
  }

  /**
   * The risk variance V_H: bias-corrected slow EMA (τ_slow) of the squared
   * return of x over the risk horizon H, logit² (0 before one horizon has
   * passed, or with H = 0).
   */
  get riskVar(): number {
    return this.riskSqW > 0 ? this.riskSq / this.riskSqW : 0;
  }

  /** Bias-corrected fast EMA of r, logit units per sample. */
  get fastRet(): number {
    return this.retFastW > 0 ? this.retFast / this.retFastW : 0;
  }

  /** Markout toxicity `w1·EMA_h1 + w2·EMA_h2` decayed to `tMs`, logit units. */
  toxicityAt(tMs: number): number {
    const decay = this.toxDecay(tMs);
    return this.params.markoutW1 * this.tox1 * decay + this.params.markoutW2 * this.tox2 * decay;
  }

  /**
   * Records one of our fills for markout scoring.
   * @param tMs fill time, ms
   * @param xFill reference price at the fill, logit units
   * @param side +1 when the fill added YES exposure (bought YES or sold NO), −1 otherwise
   */
  onFill(tMs: number, xFill: number, side: 1 | -1): void {
    if (this.tail - this.head1 >= MARKOUT_CAPACITY) {
      // Full: score the oldest at both horizons now rather than drop it.
      this.scoreH1(this.lastSampleMs, this.lastX);
    }
    if (this.tail - this.head2 >= MARKOUT_CAPACITY) this.scoreH2(this.lastSampleMs, this.lastX);
    const k = this.tail % MARKOUT_CAPACITY;
    this.fillMs[k] = tMs;
    this.fillX[k] = xFill;
    this.fillSide[k] = side;
    this.tail++;
  }

  /**
   * Feeds the reference price `x` (logit units) at `tMs`; scores due markouts
   * and, when a sample interval has elapsed, updates the EMAs and σ.
   * @param tickLogit one tick in logit units at the current price
   * @param tradeRatePerMin recent trade rate, trades per minute
   */
  observe(tMs: number, x: number, tickLogit: number, tradeRatePerMin: number): void {
    const p = this.params;
    if (this.timeScales) {
      const f = this.timeScales.factor;
      this.timeScales.observe(tMs, x);
      if (this.timeScales.factor !== f) this.rescale();
    }
    while (
      this.head1 < this.tail && this.fillMs[this.head1 % MARKOUT_CAPACITY] + this.h1Ms <= tMs
    ) {
      this.scoreH1(tMs, x);
    }
    while (
      this.head2 < this.tail && this.fillMs[this.head2 % MARKOUT_CAPACITY] + this.h2Ms <= tMs
    ) {
      this.scoreH2(tMs, x);
    }
    if (Number.isNaN(this.lastSampleMs)) {
      this.lastSampleMs = tMs;
      this.lastX = x;
      this.remember(tMs, x);
      return;
    }
    const dt = tMs - this.lastSampleMs;
    if (dt < p.dtSampleMs) return;
    if (Number.isNaN(this.lastX)) {
      // First price after a restored calibration: no return across the gap.
      this.lastSampleMs = tMs;
      this.lastX = x;
      this.remember(tMs, x);
      return;
    }
    const r = (x - this.lastX) * Math.sqrt(p.dtSampleMs / dt);
    this.lastSampleMs = tMs;
    this.lastX = x;
    const af = 1 - Math.exp(-dt / this.tauFastMs);
    const as = 1 - Math.exp(-dt / p.tauSlowMs);
    const ar = r < 0 ? -r : r;
    this.absFast += af * (ar - this.absFast);
    this.absFastW += af * (1 - this.absFastW);
    this.absSlow += as * (ar - this.absSlow);
    this.absSlowW += as * (1 - this.absSlowW);
    this.retFast += af * (r - this.retFast);
    this.retFastW += af * (1 - this.retFastW);
    // the variance rate of the return over the last τ_fast (or as far back as kept)
    const k = this.spanStart(tMs - this.tauFastMs);
    const spanMs = tMs - this.histMs[k];
    const dx = x - this.histX[k];
    if (p.riskHorizonMs > 0) {
      // a return over the whole horizon only: a shorter one says less about it
      const j = this.spanStart(tMs - p.riskHorizonMs);
      if (tMs - this.histMs[j] >= p.riskHorizonMs) {
        const dh = x - this.histX[j];
        this.riskSq += as * (dh * dh - this.riskSq);
        this.riskSqW += as * (1 - this.riskSqW);
      }
    }
    this.remember(tMs, x);
    // a move of one tick is the grid's resolution, not information
    const excess = dx * dx - tickLogit * tickLogit;
    const m = excess > 0 ? excess / spanMs : 0;
    this.varFast += af * (m - this.varFast);
    this.varFastW += af * (1 - this.varFastW);
    this.varSlow += as * (m - this.varSlow);
    this.varSlowW += as * (1 - this.varSlowW);

    const fast = this.fastAbs;
    const slowRaw = this.slowAbs;
    const slow = slowRaw > tickLogit ? slowRaw : tickLogit;
    const ret = this.fastRet;
    const floorVar = tickLogit * tickLogit / p.volFloorMs;
    const slowVar = this.slowVar;
    this.shock = Math.sqrt(this.fastVar / (slowVar > floorVar ? slowVar : floorVar));
    this.direction = fast > 0 ? clip((ret < 0 ? -ret : ret) / fast, 0, 1) : 0;
    this.intensity = clip(tradeRatePerMin / p.rateRefPerMin, 1, p.iMax);
    this.markoutScore = this.toxicityAt(tMs) / slow;
    this.score = Math.log(this.shock > 1 ? this.shock : 1) * this.direction * this.intensity +
      p.cTox * this.markoutScore;
    this.sigmaRaw = clip(1 + p.cSigma * this.score ** p.nuSigma, 1, p.sigmaMax);
    const tau = this.sigmaRaw > this.sigma ? this.tauUpMs : this.tauDownMs;
    this.sigma += (1 - Math.exp(-dt / tau)) * (this.sigmaRaw - this.sigma);
    this.sigma = clip(this.sigma, 1, p.sigmaMax);
  }

  /** State to persist (§8). */
  snapshot(tMs: number): ToxicitySnapshot {
    const decay = this.toxDecay(tMs);
    return {
      tMs,
      absFast: this.absFast,
      absFastW: this.absFastW,
      absSlow: this.absSlow,
      absSlowW: this.absSlowW,
      varRate: [this.varFast, this.varFastW, this.varSlow, this.varSlowW],
      riskVar: [this.riskSq, this.riskSqW],
      retFast: this.retFast,
      retFastW: this.retFastW,
      tox1: this.tox1 * decay,
      tox2: this.tox2 * decay,
      sigma: this.sigma,
      ...(this.timeScales ? { timeScales: this.timeScales.snapshot(tMs) } : {}),
    };
  }

  /**
   * Restores persisted state, applying the gap to `tMs` with the measured Δt:
   * each EMA and its bias weight decay by `e^(−gap/τ)` (the estimate keeps its
   * value but loses its weight, so new samples dominate), σ relaxes toward 1
   * with τ_down; no return is taken across the gap.
   */
  restore(s: ToxicitySnapshot, tMs: number): void {
    const p = this.params;
    if (this.timeScales && s.timeScales) {
      this.timeScales.restore(s.timeScales, tMs);
      this.rescale();
    }
    const gap = tMs > s.tMs ? tMs - s.tMs : 0;
    const df = Math.exp(-gap / this.tauFastMs);
    const ds = Math.exp(-gap / p.tauSlowMs);
    this.absFast = s.absFast * df;
    this.absFastW = s.absFastW * df;
    this.retFast = s.retFast * df;
    this.retFastW = s.retFastW * df;
    this.absSlow = s.absSlow * ds;
    this.absSlowW = s.absSlowW * ds;
    // a snapshot from before the variance rates has none: they start afresh
    const v = Array.isArray(s.varRate) && s.varRate.length === 4 ? s.varRate : [0, 0, 0, 0];
    this.varFast = finite(v[0]) * df;
    this.varFastW = finite(v[1]) * df;
    this.varSlow = finite(v[2]) * ds;
    this.varSlowW = finite(v[3]) * ds;
    const rv = Array.isArray(s.riskVar) && s.riskVar.length === 2 ? s.riskVar : [0, 0];
    this.riskSq = finite(rv[0]) * ds;
    this.riskSqW = finite(rv[1]) * ds;
    this.histN = 0;
    this.tox1 = s.tox1 * df;
    this.tox2 = s.tox2 * df;
    this.toxMs = tMs;
    this.sigma = clip(1 + (s.sigma - 1) * Math.exp(-gap / this.tauDownMs), 1, p.sigmaMax);
    this.sigmaRaw = this.sigma;
    this.lastSampleMs = tMs;
    this.lastX = Number.NaN;
  }

  /** Keeps the sample (tMs, x) for later returns. */
  private remember(tMs: number, x: number): void {
    const k = this.histN++ % this.history;
    this.histMs[k] = tMs;
    this.histX[k] = x;
  }

  /**
   * Ring index of the latest kept sample at or before `fromMs` (the oldest
   * kept when none is that old). At least one sample is kept when called.
   */
  private spanStart(fromMs: number): number {
    const n = this.histN;
    const h = this.history;
    const first = n > h ? n - h : 0;
    let i = n - 1;
    while (i > first && this.histMs[i % h] > fromMs) i--;
    return i % h;
  }

  /** Decay factor of the markout EMAs from their last update to `tMs`. */
  private toxDecay(tMs: number): number {
    if (Number.isNaN(this.toxMs) || tMs <= this.toxMs) return 1;
    return Math.exp(-(tMs - this.toxMs) / this.tauFastMs);
  }

  /** Applies the markout decay up to `tMs`. */
  private decayToxTo(tMs: number): void {
    const d = this.toxDecay(tMs);
    this.tox1 *= d;
    this.tox2 *= d;
    if (Number.isNaN(this.toxMs) || tMs > this.toxMs) this.toxMs = tMs;
  }

  /** Scores the oldest fill still waiting for its h1 markout at price `x`. */
  private scoreH1(tMs: number, x: number): void {
    const k = this.head1++ % MARKOUT_CAPACITY;
    if (Number.isNaN(x)) return;
    this.decayToxTo(tMs);
    const adverse = -this.fillSide[k] * (x - this.fillX[k]);
    this.tox1 += this.params.markoutAlpha * ((adverse > 0 ? adverse : 0) - this.tox1);
  }

  /** Scores the oldest fill still waiting for its h2 markout at price `x`. */
  private scoreH2(tMs: number, x: number): void {
    const k = this.head2++ % MARKOUT_CAPACITY;
    if (Number.isNaN(x)) return;
    this.decayToxTo(tMs);
    const adverse = -this.fillSide[k] * (x - this.fillX[k]);
    this.tox2 += this.params.markoutAlpha * ((adverse > 0 ? adverse : 0) - this.tox2);
  }
}

/** `x` when it is a finite number, else 0 (a field an older snapshot lacks). */
function finite(x: unknown): number {
  return typeof x === "number" && Number.isFinite(x) ? x : 0;
}

/** Samples kept for the returns over τ_fast (beyond that the oldest kept spans less). */
/** Fewest samples kept for the returns over a span. */
const HISTORY = 128;
