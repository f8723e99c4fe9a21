/**
 * Structural risk λ from ambiguity and crowd weakness (pm4-model.md §4).
 *
 * @module
 */

/**
 * Ambiguity `A(p) = max((4p(1−p))^beta_p, A_floor)` in (0, 1]: 1 at p = 0.5,
 * falling toward the extremes. `A_floor` keeps barrier-type markets (a3)
 * ambiguous even far from 0.5. `pYes · pNo` is formed once so that the YES and
 * NO views of a market give the same bits.
 */
export function ambiguity(pYes: number, pNo: number, betaP: number, aFloor: number): number {
  const a = (4 * (pYes * pNo)) ** betaP;
  return a > aFloor ? a : aFloor;
}

/**
 * Crowd weakness `L(U) = (U_ref / (U + U_ref))^alpha_U` in (0, 1]: 1 with no
 * crowd (U = 0, the safe side while U is unknown), falling as distinct traders
 * accumulate.
 */
export function crowdWeakness(crowdU: number, uRef: number, alphaU: number): number {
  return (uRef / (crowdU + uRef)) ** alphaU;
}

/**
 * `λ = lambda_min + (lambda_max − lambda_min) · (w_A·A + w_L·L) / (w_A + w_L)`,
 * in [lambda_min, lambda_max] (defaults [1, 2]; the original could never
 * exceed 1).
 */
export function structuralRisk(
  a: number,
  l: number,
  lambdaMin: number,
  lambdaMax: number,
  wA: number,
  wL: number,
): number {
  return lambdaMin + (lambdaMax - lambdaMin) * (wA * a + wL * l) / (wA + wL);
}
