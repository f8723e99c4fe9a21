/** Helpers that read a QuoteDecision as orders in YES terms. */

import {
  QUOTE_BID,
  type QuoteDecision,
  SIDE_BUY,
  SIDE_SELL,
  TOKEN_NO,
  TOKEN_YES,
} from "../../lib/model/mod.ts";

export interface Order {
  token: "YES" | "NO";
  side: "BUY" | "SELL";
  priceTicks: number;
  sizeMicro: number;
  quote: "bid" | "ask";
  level: number;
  /** Price in YES ticks (an ask bought as NO at t is a YES ask at N − t). */
  yesTicks: number;
}

export function orders(d: QuoteDecision, n: number): Order[] {
  const out: Order[] = [];
  for (let i = 0; i < d.count; i++) {
    const token = d.token[i] === TOKEN_YES ? "YES" : "NO";
    out.push({
      token,
      side: d.side[i] === SIDE_BUY ? "BUY" : "SELL",
      priceTicks: d.priceTicks[i],
      sizeMicro: d.sizeMicro[i],
      quote: d.quoteSide[i] === QUOTE_BID ? "bid" : "ask",
      level: d.level[i],
      yesTicks: token === "YES" ? d.priceTicks[i] : n - d.priceTicks[i],
    });
  }
  return out;
}

/** Cash and net-position change if every order of one quote side filled. */
export function fillEffect(
  d: QuoteDecision,
  n: number,
  quote: number,
): { dCash: number; dq: number; buyNotional: number; sideNotional: number } {
  let dCash = 0, dq = 0, buyNotional = 0, sideNotional = 0;
  for (let i = 0; i < d.count; i++) {
    if (d.quoteSide[i] !== quote) continue;
    const s = d.sizeMicro[i] / 1e6;
    const price = d.priceTicks[i] / n;
    const addsYes = (d.token[i] === TOKEN_YES) === (d.side[i] === SIDE_BUY);
    dq += addsYes ? s : -s;
    if (d.side[i] === SIDE_BUY) {
      dCash -= s * price;
      buyNotional += s * price;
    } else {
      dCash += s * price;
    }
    // economic notional: size × price of the side's own outcome (bid: YES, ask: NO)
    const own = quote === QUOTE_BID ? TOKEN_YES : TOKEN_NO;
    sideNotional += s * (d.token[i] === own ? price : 1 - price);
  }
  return { dCash, dq, buyNotional, sideNotional };
}

export function sellTotals(d: QuoteDecision): { yes: number; no: number } {
  let yes = 0, no = 0;
  for (let i = 0; i < d.count; i++) {
    if (d.side[i] !== SIDE_SELL) continue;
    if (d.token[i] === TOKEN_YES) yes += d.sizeMicro[i];
    else no += d.sizeMicro[i];
  }
  return { yes, no };
}
