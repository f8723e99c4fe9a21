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

/**
 * Largest size in 0.01 shares (≤ `wantCenti`) of one side's order such that
 * every prefix of its fill keeps the cash floor (§3). In the side's own frame
 * (a bid buys YES or sells NO; an ask buys NO or sells YES): `qOwn` is the
 * position in this frame's outcome (shares; negative = the other outcome
 * held), `cashUsdc` the cash, `pOther` the other outcome's price, `price` the
 * order's price in this frame; the first `sellAvailCenti` are sold from the
 * other outcome held, the rest bought. The part that only flattens a short
 * position is free; past flat, `cash_after ≥ q_after·pOther·slip + reserve`
 * (`slip` = 1 + slippage_buffer). Cash after the fill is piecewise linear in
 * the size (selling the held other outcome raises cash, buying spends it), so
 * each piece is solved exactly.
 *
 * @example Holding nothing, 100 USDC, buying YES at 0.40 (NO at 0.60, no buffer):
 * `100 − 0.4·s ≥ 0.6·s` holds up to s = 100 shares; the root is rounded down.
 * ```ts
 * import { floorLimitCenti } from "./fear.ts";
 * floorLimitCenti(0, 100, 0.6, 5_000, 0, 0.4, 1, 0); // 5_000: 50 shares keep the floor
 * floorLimitCenti(0, 100, 0.6, 20_000, 0, 0.4, 1, 0); // 9_999: just under 100 shares
 * ```
 */
export function floorLimitCenti(
  qOwn: number,
  cashUsdc: number,
  pOther: number,
  wantCenti: number,
  sellAvailCenti: number,
  price: number,
  slip: number,
  reserve: number,
): number {
  const want = wantCenti / 100;
  const free = qOwn < 0 ? -qOwn : 0; // flattening part, always allowed
  if (want <= free) return wantCenti;
  const sell = sellAvailCenti / 100;
  const rate = slip * pOther; // floor growth per share past flat
  let lo = free;
  let slo = floorSlack(lo, qOwn, cashUsdc, sell, price, rate, reserve);
  if (slo < 0) return Math.floor(lo * 100 + 1e-9);
  if (sell > lo && sell < want) {
    const s1 = floorSlack(sell, qOwn, cashUsdc, sell, price, rate, reserve);
    if (s1 < 0) return rootCenti(lo, slo, sell, s1);
    lo = sell;
    slo = s1;
  }
  const sw = floorSlack(want, qOwn, cashUsdc, sell, price, rate, reserve);
  return sw < 0 ? rootCenti(lo, slo, want, sw) : wantCenti;
}

/** Cash after a fill of `s` shares minus the floor of the resulting position, USDC. */
function floorSlack(
  s: number,
  qOwn: number,
  cashUsdc: number,
  sell: number,
  price: number,
  rate: number,
  reserve: number,
): number {
  const sold = s < sell ? s : sell;
  return cashUsdc + sold * (1 - price) - (s - sold) * price - rate * (qOwn + s) - reserve;
}

/** Zero of a linear slack between (lo, slo ≥ 0) and (hi, shi < 0), in whole 0.01 shares, rounded down. */
function rootCenti(lo: number, slo: number, hi: number, shi: number): number {
  return Math.floor((lo + slo / (slo - shi) * (hi - lo)) * 100 - 1e-6);
}
