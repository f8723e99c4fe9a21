/**
 * Exact decimal strings ↔ fixed-point integers. Prices are pips (1e-4 USDC),
 * sizes and amounts micro-units (1e-6); the exchange sends both as decimal
 * strings, which are parsed digit by digit, never through a float.
 *
 * @module
 */

/** Decimal places of a price in pips. */
export const PRICE_DECIMALS = 4;
/** Decimal places of a size or amount in micro-units. */
export const SIZE_DECIMALS = 6;

const ZERO = 48;
const NINE = 57;
const DOT = 46;

/**
 * Parses `text[start, end)` — an unsigned decimal such as `0.62`, `65.75`,
 * `1`, `.5` — into an integer scaled by `10^decimals`. Digits beyond
 * `decimals` must be zeros when `exact`, otherwise the value is rounded half
 * up. Returns NaN for anything else (signs, exponents, empty, > 2^53).
 */
export function parseFixedRange(
  text: string,
  start: number,
  end: number,
  decimals: number,
  exact: boolean,
): number {
  if (start >= end) return Number.NaN;
  let value = 0;
  let frac = -1; // digits seen after the dot, -1 before it
  let digits = 0;
  let roundUp = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= ZERO && c <= NINE) {
      digits++;
      if (frac < 0) {
        value = value * 10 + (c - ZERO);
      } else if (frac < decimals) {
        value = value * 10 + (c - ZERO);
        frac++;
      } else {
        if (exact && c !== ZERO) return Number.NaN;
        if (frac === decimals && c >= ZERO + 5) roundUp = true;
        frac = decimals + 1; // only the first dropped digit decides rounding
      }
    } else if (c === DOT && frac < 0) {
      frac = 0;
    } else {
      return Number.NaN;
    }
  }
  if (digits === 0) return Number.NaN;
  const have = frac < 0 ? 0 : Math.min(frac, decimals);
  for (let k = have; k < decimals; k++) value *= 10;
  if (roundUp) value += 1;
  return value <= Number.MAX_SAFE_INTEGER ? value : Number.NaN;
}

/** {@link parseFixedRange} over a whole string. */
export function parseFixed(text: string, decimals: number, exact = true): number {
  return parseFixedRange(text, 0, text.length, decimals, exact);
}

/** A price string (`"0.62"`) in pips, exact; NaN when malformed or finer than 1e-4. */
export function parsePricePips(text: string): number {
  return parseFixedRange(text, 0, text.length, PRICE_DECIMALS, true);
}

/** A size string (`"65.75"`) in micro-units, rounded to 1e-6; NaN when malformed. */
export function parseSizeMicro(text: string): number {
  return parseFixedRange(text, 0, text.length, SIZE_DECIMALS, false);
}

/**
 * Formats a scaled integer as the shortest exact decimal string:
 * `formatFixed(6200, 4)` → `"0.62"`, `formatFixed(65_750_000, 6)` → `"65.75"`.
 */
export function formatFixed(value: number, decimals: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
  const neg = value < 0;
  const v = neg ? -value : value;
  if (decimals <= 0) return neg ? `-${v}` : String(v);
  // integer arithmetic, no regex: the simulator formats every level it sends
  const scale = 10 ** decimals;
  let int = Math.floor(v / scale);
  let frac = v - int * scale;
  // near 2^53 the division may round up to the next integer
  if (frac < 0) {
    int--;
    frac += scale;
  }
  let s = String(int);
  if (frac !== 0) {
    let digits = decimals;
    while (frac % 10 === 0) {
      frac /= 10;
      digits--;
    }
    const f = String(frac);
    s += f.length < digits ? "." + "0".repeat(digits - f.length) + f : "." + f;
  }
  return neg ? `-${s}` : s;
}

// every price there is, formatted once (a price is 0 … 10_000 pips)
const PIPS_TEXT: string[] = [];

/** A price in pips as the exchange writes it (`"0.62"`). */
export function formatPips(pips: number): string {
  if (pips >= 0 && pips <= 10_000 && Number.isInteger(pips)) {
    return PIPS_TEXT[pips] ??= formatFixed(pips, PRICE_DECIMALS);
  }
  return formatFixed(pips, PRICE_DECIMALS);
}

/** A size or amount in micro-units as the exchange writes it (`"65.75"`). */
export function formatMicro(micro: number): string {
  return formatFixed(micro, SIZE_DECIMALS);
}
