/**
 * Logit-space helpers. Prices of a binary outcome live in (0, 1); the model
 * works on `x = logit(p)` where distances are "logit units".
 *
 * @module
 */

/**
 * `ln(p / (1 − p))` for a probability `p` in (0, 1), in logit units.
 *
 * @example
 * ```ts
 * logit(0.5); // 0
 * ```
 */
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/**
 * Log-odds of `num` against `den`: `ln(num / den)`. With `num = p` and
 * `den = 1 − p` given as separately computed exact values this is `logit(p)`
 * without re-deriving `1 − p` in floating point, which keeps YES/NO mirror
 * computations bit-identical.
 */
export function logOdds(num: number, den: number): number {
  return Math.log(num / den);
}

/** Inverse of {@link logit}: `1 / (1 + e^(−x))`, a probability in (0, 1). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** `v` clipped to `[lo, hi]` (lo wins when lo > hi). */
export function clip(v: number, lo: number, hi: number): number {
  return v > hi ? (hi < lo ? lo : hi) : v < lo ? lo : v;
}
