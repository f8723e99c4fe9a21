/**
 * Kelly-style, liability-matched capacity (pm4-model.md §2).
 *
 * @module
 */

/** Budget per side in USDC: `B_side = 0.5 · bankroll_B / n_plays`. */
export function sideBudget(bankrollUsdc: number, nPlays: number): number {
  return 0.5 * bankrollUsdc / nPlays;
}

/**
 * Capacity `q_max` in shares:
 * `B_side · tf / ((1 + slippage_buffer) · max(p, 1 − p))`.
 *
 * A long YES position risks `p` per share and costs `1 − p` per share to hedge;
 * using the larger of the two keeps capacity finite near 0 and 1 (the original
 * used the hedge cost alone: 309 shares of long YES at p = 0.98 on $8).
 * `pYes` and `pNo` are the two complementary prices (`pNo = 1 − pYes`).
 */
export function capacity(
  sideBudgetUsdc: number,
  tf: number,
  pYes: number,
  pNo: number,
  slippageBuffer: number,
): number {
  return sideBudgetUsdc * tf / ((1 + slippageBuffer) * Math.max(pYes, pNo));
}

/**
 * Normalised inventory `q̂ = clip(q / q_max, −1, 1)`, dimensionless; when
 * `q_max = 0` it is `sign(q)` (no capacity left: any position is full).
 */
export function normalizedInventory(q: number, qMax: number): number {
  if (!(qMax > 0)) return Math.sign(q);
  const v = q / qMax;
  return v > 1 ? 1 : v < -1 ? -1 : v;
}
