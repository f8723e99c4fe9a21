/**
 * Orders in YES terms. A binary market is one book seen twice: buying NO at p
 * is selling YES at 1 − p. Where an order rests and what it is worth are
 * read here, once, for every layer that needs them.
 *
 * @module
 */

import { PIPS_PER_UNIT } from "./tick_grid.ts";

/** A token of a binary market. */
export type Token = "YES" | "NO";
/** An order's side. */
export type Side = "BUY" | "SELL";

/**
 * True when an order rests on the bid side of the YES book: BUY YES, or
 * SELL NO (which is buying YES back at 1 − p).
 *
 * @example
 * ```ts
 * import { isYesBid } from "./yes_terms.ts";
 * isYesBid("YES", "BUY"); // true
 * isYesBid("NO", "BUY"); // false: buying NO offers YES
 * ```
 */
export function isYesBid(token: Token, side: Side): boolean {
  return (token === "YES") === (side === "BUY");
}

/**
 * The YES price of a price of `token`, pips (1e-4 USDC).
 *
 * @example
 * ```ts
 * import { yesPips } from "./yes_terms.ts";
 * yesPips("NO", 3_000); // 7000: NO at 0.30 is YES at 0.70
 * ```
 */
export function yesPips(token: Token, pricePips: number): number {
  return token === "YES" ? pricePips : PIPS_PER_UNIT - pricePips;
}

/**
 * The YES price of a price of `token` in ticks of a grid of `ticksPerUnit`
 * ticks (a NO tick k is YES tick n − k).
 *
 * @example
 * ```ts
 * import { yesTicks } from "./yes_terms.ts";
 * yesTicks("NO", 30, 100); // 70
 * ```
 */
export function yesTicks(token: Token, priceTicks: number, ticksPerUnit: number): number {
  return token === "YES" ? priceTicks : ticksPerUnit - priceTicks;
}
