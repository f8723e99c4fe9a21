/**
 * Skew and GLFT half-spreads (pm4-model.md §6).
 *
 * @module
 */

/**
 * Inventory skew `δ = c_skew · q̂ · γ · λ · σ`, capped to `±delta_max`, in logit
 * units. Positive inventory gives positive δ, which lowers the reservation
 * price `r = logit(p) − δ`: the skew always opposes the position.
 */
export function skew(
  cSkew: number,
  qHat: number,
  gamma: number,
  lambda: number,
  sigma: number,
  deltaMax: number,
): number {
  const d = cSkew * qHat * gamma * lambda * sigma;
  return d > deltaMax ? deltaMax : d < -deltaMax ? -deltaMax : d;
}

/**
 * Lowest order-arrival decay κ (1/logit) the spread formula accepts:
 * `1 / √(2 · c_risk · lambda_min)`.
 *
 * The GLFT liquidity term `(1/γ)·ln(1 + γ/κ)` falls as γ rises, at most at rate
 * `1/(2κ²)`; the risk term rises at `c_risk·λ·σ ≥ c_risk·lambda_min`. Flooring
 * κ here makes the half-spread non-decreasing in γ, which is what guarantees
 * §9's "more inventory never tightens the quote on the side that adds to it".
 * Realistic κ (10–50 per logit) are far above this floor (≈ 1.6 by default).
 */
export function kappaFloor(cRisk: number, lambdaMin: number): number {
  return 1 / Math.sqrt(2 * cRisk * lambdaMin);
}

/**
 * GLFT half-spread in logit units for one side:
 * `Δ = c_risk·γ·λ·σ + (1/γ)·ln(1 + γ/κ) + adverse`, clipped to
 * `[minLogit, maxLogit]` (the minimum wins when the two cross). `cRisk` is the
 * risk term's constant — the decision passes `c_risk + V_H`, the measured
 * variance added (≥ c_risk, so the κ floor of c_risk still holds). `kappa`
 * must already be floored with {@link kappaFloor}; `adverse` is the side's
 * adverse-selection allowance, logit units (docs/model.md, §6).
 */
export function halfSpread(
  cRisk: number,
  gamma: number,
  lambda: number,
  sigma: number,
  kappa: number,
  minLogit: number,
  maxLogit: number,
  adverse = 0,
): number {
  const d = cRisk * gamma * lambda * sigma + Math.log1p(gamma / kappa) / gamma + adverse;
  if (d < minLogit) return minLogit;
  return d > maxLogit ? (maxLogit > minLogit ? maxLogit : minLogit) : d;
}
