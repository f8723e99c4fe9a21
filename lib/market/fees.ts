/**
 * Polymarket's taker fee (protocol §5): `size · rate · (p(1−p))^exponent`
 * USDC, highest at p = 0.5 and vanishing at the extremes. Makers pay none;
 * where the venue shares the fee with makers, the maker rebate is a share of
 * this amount.
 *
 * @module
 */

/**
 * Taker fee of a trade of `sizeMicro` micro-shares at `pricePips` (1e-4,
 * possibly an average), with the fee `rate` (fraction, e.g. 0.07) and
 * `exponent`; micro-USDC, rounded to the micro.
 */
export function takerFeeMicro(
  pricePips: number,
  sizeMicro: number,
  rate: number,
  exponent: number,
): number {
  const p = pricePips / 10_000;
  return Math.round(sizeMicro * rate * (p * (1 - p)) ** exponent);
}
