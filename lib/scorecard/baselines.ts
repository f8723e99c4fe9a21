/**
 * Baseline quoting models the scorecard measures PM4 against, written as the
 * popular open-source market makers do them — in price space, without the
 * binary payoff, the time to resolution, toxicity or structural risk:
 *
 * - `fixedSpread`: a symmetric quote a fixed number of ticks around the mid.
 * - `bands`: Polymarket's reference "bands" maker — orders at fixed margins
 *   around the mid, a fixed amount per band.
 * - `avellanedaStoikovPrice`: Avellaneda–Stoikov on the price itself (as in
 *   Hummingbot): reservation `r = s − q̃·γ·σ²·H`, half-spread
 *   `γσ²H/2 + ln(1 + γ/κ)/γ`, with σ² the variance of the mid per second and
 *   a rolling horizon H.
 *
 * Each caps its position like those bots do (no side that would take |q|
 * beyond what half the bankroll buys) and otherwise quotes regardless of
 * inventory, time or flow. They run inside the same engine as PM4 (order
 * diff, cash checks, guards), through the {@link Quoter} hook.
 *
 * @module
 */

import type { Quoter } from "../engine/mod.ts";
import {
  MICRO,
  MICRO_PER_CENTI,
  QUOTE_ASK,
  QUOTE_BID,
  type QuoteDecision,
  type QuoteInputs,
  SIDE_BUY,
  SIDE_SELL,
  TOKEN_NO,
  TOKEN_YES,
} from "../model/mod.ts";

/** Settings shared by the baselines. */
export interface BaselineBudget {
  /** Bankroll of this market, USDC. */
  bankrollUsdc: number;
  /** Notional per order, USDC. */
  orderUsdc: number;
}

/**
 * Writes quotes (YES prices in ticks, sizes in shares; 0 = none) into `out`
 * as exchange orders: a bid is SELL NO while NO covers it, else BUY YES; an
 * ask is SELL YES while YES covers it, else BUY NO. Keeps them post-only and
 * on the grid, drops sizes below the minimum, and caps |q| at `qLimit` shares.
 */
function emit(
  out: QuoteDecision,
  inp: QuoteInputs,
  p: number,
  quotes: { bidTicks: number; askTicks: number; usdc: number; level: number }[],
  qLimit: number,
): QuoteDecision {
  const n = inp.grid.ticksPerUnit;
  const q = (inp.yesMicro - inp.noMicro) / MICRO;
  out.count = 0;
  out.tMs = inp.tMs;
  out.phase = "active";
  out.reason = null;
  out.p = p;
  out.x = Math.log(p / (1 - p));
  out.q = q;
  out.qMax = qLimit;
  out.qHat = qLimit > 0 ? Math.max(-1, Math.min(1, q / qLimit)) : 0;
  out.bidTicks = 0;
  out.askTicks = 0;
  out.sigma = 1;
  out.lambda = 1;
  out.gamma = 1;
  out.delta = 0;
  let yesLeft = inp.yesMicro;
  let noLeft = inp.noMicro;
  let bidRoom = Math.max(0, qLimit - q);
  let askRoom = Math.max(0, qLimit + q);
  const shares = (usdc: number, price: number, room: number) => {
    const centi = Math.floor(Math.min(usdc / price, room) * 100 + 1e-9);
    const micro = centi * MICRO_PER_CENTI;
    return micro >= inp.minOrderMicro ? micro : 0;
  };
  for (const qt of quotes) {
    let b = Math.min(qt.bidTicks, inp.bestAskTicks - 1, n - 1);
    let a = Math.max(qt.askTicks, inp.bestBidTicks + 1, 1);
    if (b >= a) {
      b = 0;
      a = 0;
    }
    if (b >= 1) {
      const micro = shares(qt.usdc, b / n, bidRoom);
      if (micro > 0) {
        bidRoom -= micro / MICRO;
        if (noLeft >= micro) {
          noLeft -= micro;
          out.add(TOKEN_NO, SIDE_SELL, n - b, micro, QUOTE_BID, qt.level);
        } else out.add(TOKEN_YES, SIDE_BUY, b, micro, QUOTE_BID, qt.level);
        if (out.bidTicks === 0 || b > out.bidTicks) out.bidTicks = b;
      }
    }
    if (a >= 1 && a <= n - 1) {
      const micro = shares(qt.usdc, (n - a) / n, askRoom);
      if (micro > 0) {
        askRoom -= micro / MICRO;
        if (yesLeft >= micro) {
          yesLeft -= micro;
          out.add(TOKEN_YES, SIDE_SELL, a, micro, QUOTE_ASK, qt.level);
        } else out.add(TOKEN_NO, SIDE_BUY, n - a, micro, QUOTE_ASK, qt.level);
        if (out.askTicks === 0 || a < out.askTicks) out.askTicks = a;
      }
    }
  }
  return out;
}

function refPrice(inp: QuoteInputs): number {
  return inp.pRefE8 / 1e8;
}

/** The position cap of the baselines: half the bankroll's worth at the dearer side's price. */
function positionLimit(b: BaselineBudget, p: number): number {
  return 0.5 * b.bankrollUsdc / Math.max(p, 1 - p);
}

/** A symmetric quote `halfTicks` around the mid, `orderUsdc` a side. */
export function fixedSpread(b: BaselineBudget, halfTicks: number): Quoter {
  return (inp, _prm, out) => {
    const p = refPrice(inp);
    const n = inp.grid.ticksPerUnit;
    const mid = p * n;
    return emit(out, inp, p, [{
      bidTicks: Math.floor(mid - halfTicks + 1e-9),
      askTicks: Math.ceil(mid + halfTicks - 1e-9),
      usdc: b.orderUsdc,
      level: 0,
    }], positionLimit(b, p));
  };
}

/** One band: an order at `margin` (price units) from the mid for `usdc` a side. */
export interface Band {
  /** Distance from the mid, price units. */
  margin: number;
  /** Notional of the band's order, USDC. */
  usdc: number;
}

/** Orders at fixed margins around the mid (Polymarket's reference bands maker). */
export function bands(b: BaselineBudget, list: readonly Band[]): Quoter {
  return (inp, _prm, out) => {
    const p = refPrice(inp);
    const n = inp.grid.ticksPerUnit;
    return emit(
      out,
      inp,
      p,
      list.map((band, i) => ({
        bidTicks: Math.floor((p - band.margin) * n + 1e-9),
        askTicks: Math.ceil((p + band.margin) * n - 1e-9),
        usdc: band.usdc,
        level: i,
      })),
      positionLimit(b, p),
    );
  };
}

/** Settings of the price-space Avellaneda–Stoikov maker. */
export interface AsPriceParams {
  /** Risk aversion γ (per share-price², in units of the position cap). */
  gamma: number;
  /** Order-arrival decay κ, 1/price. */
  kappa: number;
  /** Rolling horizon H, seconds. */
  horizonS: number;
  /** Time constant of the variance estimate, seconds. */
  varianceTauS: number;
}

/** An Avellaneda–Stoikov quote: reservation price and half-spread, price units. */
export interface AsQuote {
  /** Reservation (indifference) price r. */
  r: number;
  /** Half the optimal spread, around r. */
  half: number;
  /** Half of the spread's order-arrival term (1/γ)·ln(1 + γ/κ) alone. */
  arrivalHalf: number;
}

/**
 * Avellaneda & Stoikov (2008), eqs. (29)–(30): with inventory `q`, risk
 * aversion `gamma`, mid variance `sigma2` per unit time, `tau` of that time
 * left and order-arrival decay `kappa` (1/price),
 * `r = s − q·γ·σ²·τ` and the spread `γσ²τ + (2/γ)·ln(1 + γ/κ)` around it.
 *
 * @example
 * ```ts
 * import { asQuote } from "./baselines.ts";
 * // the paper's simulation at t = 0: s = 100, σ = 2, T = 1, γ = 0.1, k = 1.5, long 1 share
 * const { r, half } = asQuote(100, 1, 0.1, 4, 1, 1.5);
 * console.assert(Math.abs(r - 99.6) < 1e-12);
 * console.assert(Math.abs(2 * half - (0.4 + 20 * Math.log1p(0.1 / 1.5))) < 1e-12);
 * ```
 */
export function asQuote(
  s: number,
  q: number,
  gamma: number,
  sigma2: number,
  tau: number,
  kappa: number,
): AsQuote {
  const risk = gamma * sigma2 * tau;
  const arrivalHalf = Math.log1p(gamma / kappa) / gamma;
  return { r: s - q * risk, half: risk / 2 + arrivalHalf, arrivalHalf };
}

/** Avellaneda–Stoikov on the price, as the popular bots run it. */
export function avellanedaStoikovPrice(b: BaselineBudget, a: AsPriceParams): Quoter {
  let lastP = Number.NaN;
  let lastT = 0;
  let variance = 0; // price² per second
  let weight = 0;
  return (inp, _prm, out) => {
    const p = refPrice(inp);
    const n = inp.grid.ticksPerUnit;
    if (!Number.isNaN(lastP) && inp.tMs > lastT) {
      const dt = (inp.tMs - lastT) / 1000;
      const alpha = 1 - Math.exp(-dt / a.varianceTauS);
      const dp = p - lastP;
      variance += alpha * (dp * dp / dt - variance);
      weight += alpha * (1 - weight);
    }
    if (Number.isNaN(lastP) || inp.tMs > lastT) {
      lastP = p;
      lastT = inp.tMs;
    }
    const s2 = weight > 0 ? variance / weight : 0;
    const qLimit = positionLimit(b, p);
    const qNorm = qLimit > 0 ? ((inp.yesMicro - inp.noMicro) / MICRO) / qLimit : 0;
    const { r, half } = asQuote(p, qNorm, a.gamma, s2, a.horizonS, a.kappa);
    return emit(out, inp, p, [{
      bidTicks: Math.floor((r - half) * n + 1e-9),
      askTicks: Math.ceil((r + half) * n - 1e-9),
      usdc: b.orderUsdc,
      level: 0,
    }], qLimit);
  };
}
