/**
 * A walkthrough of one quoting decision under several situations: how the
 * ladder moves with inventory, toxicity, the crowd and time. No network.
 *
 * @module
 */

import { parseConfig, quoteParams } from "../config/mod.ts";
import {
  decideQuotes,
  gridFromTick,
  MICRO,
  PRICE_E8,
  QUOTE_BID,
  QuoteDecision,
  type QuoteInputs,
  SIDE_BUY,
  TOKEN_YES,
} from "../model/mod.ts";

const DAY_MS = 86_400_000;

interface Situation {
  label: string;
  p: number;
  yes: number;
  no: number;
  sigma: number;
  crowdU: number;
  daysLeft: number;
}

const SITUATIONS: readonly Situation[] = [
  { label: "flat at 0.50, no crowd yet", p: 0.5, yes: 0, no: 0, sigma: 1, crowdU: 0, daysLeft: 30 },
  {
    label: "flat at 0.50, 500 traders",
    p: 0.5,
    yes: 0,
    no: 0,
    sigma: 1,
    crowdU: 500,
    daysLeft: 30,
  },
  { label: "long 60 YES", p: 0.5, yes: 60, no: 0, sigma: 1, crowdU: 500, daysLeft: 30 },
  { label: "long 60 NO (short YES)", p: 0.5, yes: 0, no: 60, sigma: 1, crowdU: 500, daysLeft: 30 },
  { label: "toxic flow (σ = 2.5)", p: 0.5, yes: 0, no: 0, sigma: 2.5, crowdU: 500, daysLeft: 30 },
  { label: "flat at 0.90", p: 0.9, yes: 0, no: 0, sigma: 1, crowdU: 500, daysLeft: 30 },
  { label: "flat, 2 days to go", p: 0.5, yes: 0, no: 0, sigma: 1, crowdU: 500, daysLeft: 2 },
  {
    label: "long 40 YES, 30 min to go",
    p: 0.5,
    yes: 40,
    no: 0,
    sigma: 1,
    crowdU: 500,
    daysLeft: 1 / 48,
  },
];

/** The walkthrough as printable lines. */
export function modelWalkthrough(nowMs: number): string[] {
  const cfg = parseConfig({
    market: {
      condition_id: "0x" + "ab".repeat(32),
      asset_id_yes: "1",
      asset_id_no: "2",
      start_ts_ms: nowMs - 30 * DAY_MS,
      resolve_ts_ms: nowMs + 30 * DAY_MS,
      marchetype: "e2",
    },
    risk: { bankroll_B: 500, n_plays: 3 },
  });
  const grid = gridFromTick(0.01);
  const out = new QuoteDecision(cfg.quote.ladder_max_levels);
  const lines = [
    "PM4 model walkthrough — marchetype e2, bankroll 500 USDC over 3 markets, tick 0.01",
    "(prices in USDC; sizes in shares; δ and half-spreads in logit units)",
    "",
    [
      "situation".padEnd(28),
      "q_max".padStart(6),
      "q̂".padStart(6),
      "γ".padStart(5),
      "λ".padStart(5),
      "σ".padStart(5),
      "δ".padStart(7),
      "Δb".padStart(6),
      "Δa".padStart(6),
      "  bid ladder / ask ladder",
    ].join(" "),
  ];
  for (const s of SITUATIONS) {
    const resolveMs = nowMs + s.daysLeft * DAY_MS;
    const prm = { ...quoteParams(cfg), resolveMs, startMs: resolveMs - 60 * DAY_MS };
    const e8 = Math.round(s.p * PRICE_E8);
    const mid = Math.round(s.p * grid.ticksPerUnit);
    const inp: QuoteInputs = {
      tMs: nowMs,
      grid,
      pRefE8: e8,
      bestBidTicks: mid - 1,
      bestAskTicks: mid + 1,
      minOrderMicro: 5 * MICRO,
      yesMicro: s.yes * MICRO,
      noMicro: s.no * MICRO,
      cashMicro: 150 * MICRO,
      sigma: s.sigma,
      riskVar: 0,
      kappaBid: cfg.quote.kappa0,
      kappaAsk: cfg.quote.kappa0,
      crowdU: s.crowdU,
      adverseBid: 0,
      adverseAsk: 0,
      flow: 0,
      tradesPerMin: 0,
    };
    decideQuotes(inp, prm, out);
    const bids: string[] = [];
    const asks: string[] = [];
    for (let i = 0; i < out.count; i++) {
      const yesTicks = out.token[i] === TOKEN_YES
        ? out.priceTicks[i]
        : grid.ticksPerUnit - out.priceTicks[i];
      const how = `${out.side[i] === SIDE_BUY ? "B" : "S"}${
        out.token[i] === TOKEN_YES ? "Y" : "N"
      }`;
      const cell = `${(yesTicks / grid.ticksPerUnit).toFixed(2)}×${
        (out.sizeMicro[i] / MICRO).toFixed(2)
      }${how}`;
      (out.quoteSide[i] === QUOTE_BID ? bids : asks).push(cell);
    }
    lines.push([
      s.label.padEnd(28),
      out.qMax.toFixed(1).padStart(6),
      out.qHat.toFixed(2).padStart(6),
      out.gamma.toFixed(2).padStart(5),
      out.lambda.toFixed(2).padStart(5),
      out.sigma.toFixed(2).padStart(5),
      out.delta.toFixed(3).padStart(7),
      out.halfBid.toFixed(3).padStart(6),
      out.halfAsk.toFixed(3).padStart(6),
      `  ${bids.join(" ") || `(none: ${out.reason ?? out.bidLimit})`} / ${
        asks.join(" ") || `(none: ${out.reason ?? out.askLimit})`
      }`,
    ].join(" "));
  }
  lines.push(
    "",
    "Order legs: BY buy YES, SY sell YES, BN buy NO, SN sell NO (an ask is sold as YES while",
    "YES is held, otherwise bought as NO at 1 − price).",
  );
  return lines;
}
