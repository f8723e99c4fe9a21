/**
 * Adverse selection per side, from our own fills (Glosten–Milgrom): how far
 * the reference moved against us after a fill on that side, at several
 * horizons — the price a maker's quote must cover on that side to break
 * even against the flow that fills it.
 *
 * For side s (bid: the fill added YES exposure, ask: it took it away) and
 * horizon h, a fill at reference x_f scores `a = −s·(x(t_f + h) − x_f)`
 * (logit units; positive when the price went against us, negative when it
 * went our way). The estimate at horizon h is a time-decayed mean with a
 * prior of `priorFills` fills that moved nothing:
 *
 *   Â_s,h(t) = Σ e^(−(t − t_i)/τ)·a_i / (n₀ + Σ e^(−(t − t_i)/τ))
 *
 * and Â_s is the mean over the horizons. With few fills or none lately it
 * falls back to 0; a side whose fills keep being followed by adverse moves
 * carries their mean. Pure: times come in with the calls.
 *
 * @module
 */

import { DecayedSums } from "./decayed.ts";

/** Parameters of {@link AdverseMarkouts}; times in ms. */
export interface AdverseParams {
  /** Markout horizons, ms (ascending). */
  readonly horizonsMs: readonly number[];
  /** Decay of a scored fill's weight, ms. */
  readonly tauMs: number;
  /** Weight of the prior of no adverse move, in fills. */
  readonly priorFills: number;
}

/** Persisted state of an {@link AdverseMarkouts} (calibration file). */
export interface AdverseSnapshot {
  /** Snapshot time, ms. */
  tMs: number;
  /** Decayed sums of adverse moves, `[side][horizon]` (side 0 bid, 1 ask), logit units. */
  sums: number[][];
  /** Decayed weights, `[side][horizon]`, fills. */
  weights: number[][];
}

/** Most fills awaiting their markouts per horizon; the oldest is scored early when full. */
const CAPACITY = 1024;

/** One horizon's queue of fills awaiting their markout. */
class Pending {
  readonly tMs = new Float64Array(CAPACITY);
  readonly x = new Float64Array(CAPACITY);
  readonly side = new Int8Array(CAPACITY);
  head = 0;
  tail = 0;
}

/**
 * Online adverse-selection estimator per side. Feed it our fills with
 * {@link AdverseMarkouts.onFill} and the reference with
 * {@link AdverseMarkouts.observe}; read {@link AdverseMarkouts.value}.
 *
 * @example
 * ```ts
 * import { AdverseMarkouts } from "./adverse.ts";
 * const a = new AdverseMarkouts({ horizonsMs: [60_000], tauMs: 900_000, priorFills: 1 });
 * a.onFill(0, 0, 1); // bought YES exposure at x = 0
 * a.observe(60_000, -0.1); // a minute later the price is 0.1 logit lower: adverse
 * // one fill of 0.1 against a prior of one fill of 0: 0.05
 * console.assert(Math.abs(a.value(1, 60_000) - 0.05) < 1e-12);
 * console.assert(a.value(-1, 60_000) === 0);
 * ```
 */
export class AdverseMarkouts {
  // per side s (0 bids, 1 asks) and horizon h: the adverse moves' sum at
  // 2·(s·H + h), their weight at 2·(s·H + h) + 1
  private readonly sums: DecayedSums;
  private readonly pending: Pending[];

  /**
   * A fresh estimator: no fills, both sides at 0.
   *
   * @param params horizons, decay and prior
   */
  constructor(readonly params: AdverseParams) {
    this.sums = new DecayedSums(params.tauMs, 4 * params.horizonsMs.length);
    this.pending = params.horizonsMs.map(() => new Pending());
  }

  /**
   * One of our fills at `tMs`, the reference then at `x` (logit units);
   * `side` +1 when it added YES exposure (a bid filled), −1 otherwise.
   */
  onFill(tMs: number, x: number, side: 1 | -1): void {
    for (let h = 0; h < this.pending.length; h++) {
      const q = this.pending[h];
      if (q.tail - q.head >= CAPACITY) this.score(q, h, tMs, x);
      const k = q.tail++ % CAPACITY;
      q.tMs[k] = tMs;
      q.x[k] = x;
      q.side[k] = side;
    }
  }

  /** The reference `x` (logit units) at `tMs`: scores the fills whose horizon has come. */
  observe(tMs: number, x: number): void {
    const hs = this.params.horizonsMs;
    for (let h = 0; h < hs.length; h++) {
      const q = this.pending[h];
      while (q.head < q.tail && q.tMs[q.head % CAPACITY] + hs[h] <= tMs) this.score(q, h, tMs, x);
    }
  }

  /**
   * Â of a side at `tMs` (`side` +1 bids, −1 asks), logit units: the mean
   * over the horizons of the decayed mean adverse move, shrunk toward 0.
   */
  value(side: 1 | -1, tMs: number): number {
    const n = this.params.horizonsMs.length;
    const base = side === 1 ? 0 : 2 * n;
    const d = this.sums.factor(tMs);
    const v = this.sums.values;
    let total = 0;
    for (let h = 0; h < n; h++) {
      const k = base + 2 * h;
      total += v[k] * d / (this.params.priorFills + v[k + 1] * d);
    }
    return n > 0 ? total / n : 0;
  }

  /** State to persist. */
  snapshot(tMs: number): AdverseSnapshot {
    const n = this.params.horizonsMs.length;
    const of = (side: number, which: number) =>
      Array.from({ length: n }, (_, h) => this.sums.at(2 * (side * n + h) + which, tMs));
    return { tMs, sums: [of(0, 0), of(1, 0)], weights: [of(0, 1), of(1, 1)] };
  }

  /**
   * Restores persisted state at `tMs`, decayed over the gap; fills that were
   * waiting for their markouts are not (their prices after the gap would not
   * be their markouts). A snapshot of other horizons is ignored.
   */
  restore(s: AdverseSnapshot, tMs: number): void {
    const n = this.params.horizonsMs.length;
    const fits = (a: unknown) =>
      Array.isArray(a) && a.length === 2 &&
      a.every((v) => Array.isArray(v) && v.length === n && v.every(Number.isFinite));
    if (!fits(s.sums) || !fits(s.weights)) return;
    const values: number[] = [];
    for (let side = 0; side < 2; side++) {
      for (let h = 0; h < n; h++) values.push(s.sums[side][h], s.weights[side][h]);
    }
    this.sums.set(values, s.tMs);
    this.sums.advance(tMs);
  }

  /** Scores the oldest fill of horizon `h`'s queue at the reference `x` at `tMs`. */
  private score(q: Pending, h: number, tMs: number, x: number): void {
    const k = q.head++ % CAPACITY;
    const s = q.side[k];
    const at = 2 * ((s === 1 ? 0 : this.params.horizonsMs.length) + h);
    this.sums.add(at, tMs, -s * (x - q.x[k]));
    this.sums.add(at + 1, tMs, 1);
  }
}
