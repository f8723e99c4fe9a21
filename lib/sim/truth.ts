/**
 * The latent truth of a simulated market: the probability of YES that a
 * perfectly informed observer would give at each moment, and how it resolves.
 * The whole path is drawn up front from the seed, so informed traders can
 * look ahead by their lead and a run is reproducible.
 *
 * - `end` markets: a Brownian underlying W with news jumps, and a part ε of
 *   the outcome that only T reveals (variance v², set from the scenario's
 *   truth volatility): the outcome is 1{W_T + ε > 0}, the truth
 *   `Φ(W_t / √(s²·(T−t) + v²))` (a digital option; with v = 0 its volatility
 *   is a function of the time to resolution alone).
 * - `anytime` barrier markets: the event is W touching a barrier B;
 *   the truth is `2Φ(−(B − W_t) / (s·√(T−t)))` (reflection principle).
 * - `anytime` hazard markets: the event comes at an exponential time τ with a
 *   hazard h fixed so that P(τ ≤ T) = p0; the public estimate drifts with
 *   rumors; the truth for someone who knows τ is 1 once τ is within reach.
 *
 * @module
 */

import { Rng } from "./rng.ts";
import type { Scenario } from "./scenarios.ts";

const GRID_MS = 1000; // market-time resolution of the path
const HOUR = 3_600_000;

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf; |error| < 1.5e-7). */
export function normCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y = 1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Inverse standard normal CDF (Acklam's rational approximation, |rel. error| < 1.2e-9). */
export function normInv(p: number): number {
  const a = [
    -39.69683028665376,
    220.9460984245205,
    -275.9285104469687,
    138.357751867269,
    -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406,
    161.5858368580409,
    -155.6989798598866,
    66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293,
    -0.3223964580411365,
    -2.400758277161838,
    -2.549732539343734,
    4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normInv(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** The truth path of one run. Times are market ms since the window start (T = runMs). */
export class Truth {
  /** When the event happens (anytime markets), market ms; Infinity when it does not before T. */
  readonly eventMs: number;
  /** The outcome: 1 YES, 0 NO. */
  readonly outcome: 0 | 1;
  private readonly w: Float64Array; // underlying on the grid (end and barrier)
  private readonly pub: Float64Array; // public hazard multiplier (hazard markets)
  private readonly sigma: number; // per √ms
  private readonly barrierLevel: number;
  private readonly hazard: number; // per ms
  private readonly v2: number; // variance of the part of the outcome revealed at T

  /** Draws the path of `scn` with `rng`, long enough for the informed lead. */
  constructor(readonly scn: Scenario, rng: Rng) {
    const T = scn.runMs;
    const steps = Math.ceil((T + scn.informedLeadMs) / GRID_MS) + 2;
    this.w = new Float64Array(steps);
    this.pub = new Float64Array(steps);
    this.sigma = scn.volPerSqrtHour / Math.sqrt(HOUR);
    const sd = this.sigma * Math.sqrt(GRID_MS);
    let eventMs = Infinity;
    let epsilon = 0;
    // φ(0)·s/√(s²T + v²) = the truth's volatility at p = 0.5 (W's unit is s·√hour)
    const sH = scn.volPerSqrtHour;
    const volP = scn.truthVolPerSqrtHour;
    this.v2 = scn.resolution === "end" && volP !== undefined
      ? Math.max(0, (0.3989422804 * sH / volP) ** 2 - sH * sH * T / HOUR)
      : 0;
    if (scn.resolution === "end" || scn.barrier) {
      const spread = Math.sqrt(this.sigma ** 2 * T + this.v2);
      // end: Φ(W0/√(s²T + v²)) = p0; barrier: 2Φ(−(B − W0)/(s√T)) = p0 with W0 = 0
      this.w[0] = scn.resolution === "end" ? spread * normInv(scn.p0) : 0;
      this.barrierLevel = scn.barrier ? -spread * normInv(scn.p0 / 2) : Infinity;
      const jumpP = scn.jumpsPerHour * GRID_MS / HOUR;
      // volatility regimes: a lognormal multiplier of mean square 1, redrawn
      // at exponential times (quiet spells and busy ones: fat-tailed moves)
      const vs = scn.volRegimeSigma;
      let volMult = 1;
      let regimeEnd = 0;
      for (let i = 1; i < steps; i++) {
        if (vs > 0 && i * GRID_MS >= regimeEnd) {
          volMult = Math.exp(vs * rng.normal() - vs * vs);
          regimeEnd = i * GRID_MS + rng.exp(30 * 60_000);
        }
        let dw = sd * volMult * rng.normal();
        if (jumpP > 0 && rng.chance(jumpP)) {
          const left = Math.max(0, T - i * GRID_MS);
          dw += scn.jumpProbit * Math.sqrt(this.sigma ** 2 * left + this.v2) * rng.normal();
        }
        this.w[i] = this.w[i - 1] + dw;
        if (
          scn.barrier && eventMs === Infinity && this.w[i] >= this.barrierLevel && i * GRID_MS <= T
        ) {
          eventMs = i * GRID_MS;
        }
      }
      this.hazard = 0;
      epsilon = Math.sqrt(this.v2) * rng.normal();
    } else {
      this.barrierLevel = Infinity;
      this.hazard = -Math.log(1 - scn.p0) / T;
      const tau = rng.exp(1 / this.hazard);
      eventMs = tau <= T ? Math.round(tau) : Infinity;
      // public hazard multiplier: rumors move its logarithm; those close
      // before the event lean toward it (leaks), the others are noise
      let logM = 0;
      const rumorP = scn.rumorsPerHour * GRID_MS / HOUR;
      for (let i = 0; i < steps; i++) {
        if (rng.chance(rumorP)) {
          const leak = eventMs !== Infinity && eventMs - i * GRID_MS < 2 * HOUR &&
            eventMs > i * GRID_MS;
          logM += (leak ? 0.4 : 0) + 0.35 * rng.normal();
          logM = Math.max(-2, Math.min(2, logM));
        }
        this.pub[i] = Math.exp(logM);
      }
    }
    this.eventMs = eventMs;
    this.outcome = scn.resolution === "end"
      ? (this.w[Math.floor(T / GRID_MS)] + epsilon > 0 ? 1 : 0)
      : eventMs <= T
      ? 1
      : 0;
  }

  /**
   * The value a trader who sees `leadMs` ahead gives YES at market time `t`:
   * the truth at `t + lead` (knowing the event if it falls within the lead).
   */
  informedValue(t: number, leadMs: number): number {
    const T = this.scn.runMs;
    const ahead = Math.min(t + leadMs, T);
    if (this.eventMs <= ahead) return 0.999;
    if (this.scn.resolution === "end") return clampP(this.endValue(ahead));
    if (this.scn.barrier) return clampP(this.barrierValue(ahead));
    // knows there is no event before `ahead`: only the remaining hazard counts
    return clampP(1 - Math.exp(-this.hazard * (T - ahead)));
  }

  /** The publicly observable value at market time `t` (for observant makers). */
  publicValue(t: number): number {
    const T = this.scn.runMs;
    if (t < 0) t = 0;
    if (this.eventMs <= t) return 0.999;
    if (this.scn.resolution === "end") return clampP(this.endValue(t));
    if (this.scn.barrier) return clampP(this.barrierValue(t));
    const m = this.pub[Math.min(this.pub.length - 1, Math.floor(t / GRID_MS))];
    return clampP(1 - Math.exp(-this.hazard * m * (T - t)));
  }

  /** The latent path at `t`. */
  private wAt(t: number): number {
    const i = Math.min(this.w.length - 1, Math.max(0, Math.floor(t / GRID_MS)));
    return this.w[i];
  }

  /** The value of an end-of-period market at `t`. */
  private endValue(t: number): number {
    const left = Math.max(0, this.scn.runMs - t);
    const spread = Math.sqrt(this.sigma ** 2 * left + this.v2);
    if (spread === 0) return this.wAt(t) > 0 ? 1 : 0;
    return normCdf(this.wAt(t) / spread);
  }

  /** The value of a barrier (anytime) market at `t`. */
  private barrierValue(t: number): number {
    const left = this.scn.runMs - t;
    const gap = this.barrierLevel - this.wAt(t);
    if (gap <= 0) return 1;
    if (left <= 0) return 0;
    return 2 * normCdf(-gap / (this.sigma * Math.sqrt(left)));
  }
}

function clampP(p: number): number {
  return p < 0.001 ? 0.001 : p > 0.999 ? 0.999 : p;
}
