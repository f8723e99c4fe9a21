/**
 * Solvency fear γ and the liability-matched cash floor (pm4-model.md §3).
 *
 * @module
 */

/** Largest |q̂| fed to γ, so that γ stays finite at full capacity. */
const QHAT_CEIL = 0.999999;

/**
 * `γ = min((1 − min(|q̂|, 0.999999))^(−gamma_a), gamma_max)`, dimensionless in
 * [1, gamma_max]: 1 when flat, growing as inventory approaches capacity.
 */
export function solvencyFear(qHat: number, gammaA: number, gammaMax: number): number {
  const a = Math.abs(qHat);
  const g = (1 - (a < QHAT_CEIL ? a : QHAT_CEIL)) ** -gammaA;
  return g < gammaMax ? g : gammaMax;
}

/**
 * Cash floor `F` in USDC: the cost of flattening net position `q` (shares)
 * through the opposite outcome, `|q| · p_opp · (1 + slippage_buffer)`, plus the
 * fixed `cash_reserve`. `p_opp` is `1 − p` for a long YES position and `p` for
 * a short one (long NO).
 */
export function cashFloor(
  q: number,
  pYes: number,
  pNo: number,
  slippageBuffer: number,
  cashReserveUsdc: number,
): number {
  const pOpp = q > 0 ? pNo : pYes;
  return Math.abs(q) * pOpp * (1 + slippageBuffer) + cashReserveUsdc;
}
