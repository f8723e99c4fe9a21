/**
 * Baseline quoting models the scorecard measures PM4 against, written as the
 * popular open-source market makers do them — in price space, without the
 * binary payoff, the time to resolution, toxicity or structural risk:
 *
 * - `fixedSpread`: a symmetric quote a fixed number of ticks around the mid.
 * - `bands`: Polymarket's reference "bands" maker — orders at fixed margins
 *   around the mid, a fixed amount per band.
 * - `avellanedaStoikovPrice`: Avellaneda–Stoikov on the price itself:
 *   reservation `r = s − q̃·γ·σ²·H`, half-spread `γσ²H/2 + ln(1 + γ/κ)/γ`,
 *   with σ² the variance of the mid per second and a rolling horizon H.
 * - `hummingbotAs`: hummingbot's `avellaneda_market_making` strategy as shipped
 *   (its units, its inventory target, its minimum spread).
 * - `glftPrice`: Guéant–Lehalle–Fernandez-Tapia's closed-form quotes.
 * - `polyMaker`: the reward-band maker of warproxxx/poly-maker: a tick
 *   inside the touch, inside the reward band, stop-loss and volatility pause.
 *
 * Each caps its position like those bots do (no side that would take |q|
 * beyond what half the bankroll buys) and keeps PM4's guards — no new risk in
 * the last `stop_new_risk_before_s` (only orders that reduce |q|), nothing in
 * the last `cancel_all_before_s`, and no order whose fill would take the cash
 * below the liability-matched cash floor (§3, the same function as PM4's
 * sizing) — so that none loses merely by holding into the 1/0 payoff or by
 * spending the cash that would flatten its position; otherwise it quotes as
 * its authors wrote it. They run inside the same engine as PM4 (order diff,
 * cash checks, guards), through the {@link Quoter} hook.
 *
 * @module
 */

import type { Quoter } from "../engine/mod.ts";
import {
  floorLimitCenti,
  MICRO,
  MICRO_PER_CENTI,
  QUOTE_ASK,
  QUOTE_BID,
  type QuoteDecision,
  type QuoteInputs,
  type QuoteParams,
  SIDE_BUY,
  SIDE_SELL,
  TOKEN_NO,
  TOKEN_YES,
  tradingPhase,
} from "../model/mod.ts";

/** Settings shared by the baselines. */
export interface BaselineBudget {
  /** Bankroll of this market, USDC. */
  bankrollUsdc: number;
  /** Notional per order, USDC. */
  orderUsdc: number;
}

/** One side of {@link emit}'s quote in its own outcome's frame. */
interface EmitSide {
  /** The outcome this side buys. */
  own: number;
  /** The outcome it sells when held. */
  other: number;
  /** QUOTE_BID or QUOTE_ASK. */
  quote: number;
  /** Position in `own`, shares (negative: `other` held net). */
  q: number;
  /** Shares this side may still add under the position cap and the phase. */
  room: number;
  /** `other` held and not yet offered, micro-shares. */
  heldOtherMicro: number;
  /** Cash after this side's orders so far fill, USDC. */
  cash: number;
  /** Price of `other`, for its cash floor. */
  pOther: number;
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
  prm: QuoteParams,
  p: number,
  quotes: { bidTicks: number; askTicks: number; usdc: number; level: number }[],
  qLimit: number,
): QuoteDecision {
  const n = inp.grid.ticksPerUnit;
  const q = (inp.yesMicro - inp.noMicro) / MICRO;
  out.count = 0;
  out.tMs = inp.tMs;
  out.phase = tradingPhase(inp.tMs, prm);
  out.reason = out.phase === "halted" ? "halted" : null;
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
  // reducing: a side only as far as it flattens the position; halted: nothing
  const phase = out.phase;
  const room = (qOwn: number) =>
    phase === "halted" ? 0 : phase === "reducing" ? Math.max(0, -qOwn) : Math.max(0, qLimit - qOwn);
  // each side in its own frame — a bid buys YES (or sells NO held) against
  // position q, an ask buys NO (or sells YES held) against −q — with the room,
  // holdings, cash and position its orders above would leave, as PM4's ladder
  // is sized
  const cash = inp.cashMicro / MICRO;
  const bid: EmitSide = {
    own: TOKEN_YES,
    other: TOKEN_NO,
    quote: QUOTE_BID,
    q,
    room: room(q),
    heldOtherMicro: inp.noMicro,
    cash,
    pOther: 1 - p,
  };
  const ask: EmitSide = {
    own: TOKEN_NO,
    other: TOKEN_YES,
    quote: QUOTE_ASK,
    q: -q,
    room: room(-q),
    heldOtherMicro: inp.yesMicro,
    cash,
    pOther: p,
  };
  const slip = 1 + prm.slippageBuffer;
  // one order of the side at frame price `t` ticks for up to `usdc`: sold
  // from the other outcome when enough of it is held, else bought; within the
  // room and the cash floor, at least the exchange minimum. True if placed.
  const place = (f: EmitSide, t: number, usdc: number, level: number): boolean => {
    const price = t / n;
    let centi = Math.floor(Math.min(usdc / price, f.room) * 100 + 1e-9);
    centi = floorLimitCenti(
      f.q,
      f.cash,
      f.pOther,
      centi,
      f.heldOtherMicro >= centi * MICRO_PER_CENTI ? centi : 0,
      price,
      slip,
      prm.cashReserveUsdc,
    );
    const micro = centi * MICRO_PER_CENTI;
    if (micro < inp.minOrderMicro) return false;
    const s = micro / MICRO;
    f.room -= s;
    f.q += s;
    if (f.heldOtherMicro >= micro) {
      f.heldOtherMicro -= micro;
      f.cash += (1 - price) * micro / MICRO;
      out.add(f.other, SIDE_SELL, n - t, micro, f.quote, level);
    } else {
      f.cash -= price * micro / MICRO;
      out.add(f.own, SIDE_BUY, t, micro, f.quote, level);
    }
    return true;
  };
  for (const qt of quotes) {
    let b = Math.min(qt.bidTicks, inp.bestAskTicks - 1, n - 1);
    let a = Math.max(qt.askTicks, inp.bestBidTicks + 1, 1);
    if (b >= a) {
      b = 0;
      a = 0;
    }
    if (b >= 1 && place(bid, b, qt.usdc, qt.level)) {
      if (out.bidTicks === 0 || b > out.bidTicks) out.bidTicks = b;
    }
    if (a >= 1 && a <= n - 1 && place(ask, n - a, qt.usdc, qt.level)) {
      if (out.askTicks === 0 || a < out.askTicks) out.askTicks = a;
    }
  }
  return out;
}

/**
 * One order a side: a bid at YES price `bid` (rounded down to the grid) and
 * an ask at `ask` (rounded up), `usdc` each, through {@link emit}.
 */
function quotePair(
  out: QuoteDecision,
  inp: QuoteInputs,
  prm: QuoteParams,
  p: number,
  bid: number,
  ask: number,
  usdc: number,
  qLimit: number,
): QuoteDecision {
  const n = inp.grid.ticksPerUnit;
  return emit(out, inp, prm, p, [{
    bidTicks: Math.floor(bid * n + 1e-9),
    askTicks: Math.ceil(ask * n - 1e-9),
    usdc,
    level: 0,
  }], qLimit);
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
  return (inp, prm, out) => {
    const p = refPrice(inp);
    const n = inp.grid.ticksPerUnit;
    const mid = p * n;
    return emit(out, inp, prm, p, [{
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
  return (inp, prm, out) => {
    const p = refPrice(inp);
    const n = inp.grid.ticksPerUnit;
    return emit(
      out,
      inp,
      prm,
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

/** EMA of the mid's variance per second (price² / s), bias-corrected; updated once per decision time. */
class MidVariance {
  private lastP = Number.NaN;
  private lastT = 0;
  private variance = 0;
  private weight = 0;

  /** @param tauS time constant of the estimate, seconds */
  constructor(private readonly tauS: number) {}

  /** The mid `p` at `tMs`; returns the variance per second so far. */
  update(tMs: number, p: number): number {
    if (!Number.isNaN(this.lastP) && tMs > this.lastT) {
      const dt = (tMs - this.lastT) / 1000;
      const alpha = 1 - Math.exp(-dt / this.tauS);
      const dp = p - this.lastP;
      this.variance += alpha * (dp * dp / dt - this.variance);
      this.weight += alpha * (1 - this.weight);
    }
    if (Number.isNaN(this.lastP) || tMs > this.lastT) {
      this.lastP = p;
      this.lastT = tMs;
    }
    return this.weight > 0 ? this.variance / this.weight : 0;
  }
}

/** Avellaneda–Stoikov on the price, as the popular bots run it. */
export function avellanedaStoikovPrice(b: BaselineBudget, a: AsPriceParams): Quoter {
  const mid = new MidVariance(a.varianceTauS);
  return (inp, prm, out) => {
    const p = refPrice(inp);
    const s2 = mid.update(inp.tMs, p);
    const qLimit = positionLimit(b, p);
    const qNorm = qLimit > 0 ? ((inp.yesMicro - inp.noMicro) / MICRO) / qLimit : 0;
    const { r, half } = asQuote(p, qNorm, a.gamma, s2, a.horizonS, a.kappa);
    return quotePair(out, inp, prm, p, r - half, r + half, b.orderUsdc, qLimit);
  };
}

/**
 * The decision's κ (1/logit, the mean of both sides) in 1/price at `p`: a
 * logit distance d is a price distance of about d·p(1−p).
 */
function kappaPrice(inp: QuoteInputs, p: number): number {
  return (inp.kappaBid + inp.kappaAsk) / 2 / (p * (1 - p));
}

/** How a baseline estimates the mid's volatility. */
export interface VolatilityWindow {
  /** Time constant of the volatility estimate, seconds. */
  volTauS: number;
}

/**
 * A quoter that sees the mid `p` and its variance per second (price²/s),
 * estimated over the window `w`.
 */
function withVariance(
  w: VolatilityWindow,
  quote: (
    inp: QuoteInputs,
    prm: QuoteParams,
    out: QuoteDecision,
    p: number,
    variance: number,
  ) => QuoteDecision,
): Quoter {
  const mid = new MidVariance(w.volTauS);
  return (inp, prm, out) => {
    const p = refPrice(inp);
    return quote(inp, prm, out, p, mid.update(inp.tMs, p));
  };
}

/** Settings of hummingbot's `avellaneda_market_making`, as its users set them. */
export interface HummingbotAsParams extends VolatilityWindow {
  /** `risk_factor` γ. */
  riskFactor: number;
  /** `order_amount`, shares. */
  orderShares: number;
  /** `min_spread`, percent of the mid (the quotes stay at least half of it from the mid). */
  minSpreadPct: number;
  /** `inventory_target_base_pct`, percent of the portfolio's value held in the base (YES). */
  inventoryTargetBasePct: number;
}

/**
 * hummingbot's `avellaneda_market_making` as shipped (infinite timeframe:
 * time left fraction 1): q is the base held beyond the target, as a fraction
 * of the whole portfolio counted in base; the reservation price
 * `s − q·γ·vol`, the spread `γ·vol + (2/γ)·ln(1 + γ/κ)` — with vol the
 * standard deviation of the mid (its code uses vol, not vol², and says why) —
 * each quote at least `min_spread/2` from the mid; one order a side of
 * `order_amount`. The base is YES; κ is the book's, converted to price units.
 */
export function hummingbotAs(b: BaselineBudget, h: HummingbotAsParams): Quoter {
  return withVariance(h, (inp, prm, out, p, variance) => {
    const vol = Math.sqrt(variance);
    const base = (inp.yesMicro - inp.noMicro) / MICRO;
    const valueInBase = (inp.cashMicro / MICRO + base * p) / p;
    const target = valueInBase * h.inventoryTargetBasePct / 100;
    const q = valueInBase > 0 ? (base - target) / valueInBase : 0;
    const gamma = h.riskFactor;
    const r = p - q * gamma * vol;
    const spread = gamma * vol + 2 * Math.log1p(gamma / kappaPrice(inp, p)) / gamma;
    const minHalf = p * h.minSpreadPct / 100 / 2;
    const bid = Math.min(r - spread / 2, p - minHalf);
    const ask = Math.max(r + spread / 2, p + minHalf);
    const usdc = h.orderShares * Math.max(p, 1 - p);
    return quotePair(out, inp, prm, p, bid, ask, usdc, positionLimit(b, p));
  });
}

/** Settings of the GLFT maker. */
export interface GlftParams extends VolatilityWindow {
  /** Risk aversion γ, 1/(USDC). */
  gamma: number;
  /** Order size Δ, shares (also the unit of the inventory in the formula). */
  orderShares: number;
}

/**
 * Guéant–Lehalle–Fernandez-Tapia's closed-form approximation (Guéant 2017,
 * "Optimal market making", the asymptotic quotes): with c₁ = (1/γ)·ln(1 + γ/κ)
 * and c₂ = √(σ²γ / (2κAΔ) · (1 + γ/κ)^(1 + κ/γ)), the bid sits
 * `c₁ + (2q + Δ)/2 · c₂` below the mid and the ask `c₁ − (2q − Δ)/2 · c₂`
 * above it (q the position in shares). σ² is the mid's variance per second,
 * κ the book's decay in 1/price, A the arrival intensity at the mid per side
 * (half the public trades per second).
 */
export function glftPrice(b: BaselineBudget, g: GlftParams): Quoter {
  return withVariance(g, (inp, prm, out, p, s2) => {
    const q = (inp.yesMicro - inp.noMicro) / MICRO;
    const { bid, ask } = glftQuotes(
      p,
      q,
      g.gamma,
      s2,
      kappaPrice(inp, p),
      inp.tradesPerMin / 120,
      g.orderShares,
    );
    const usdc = g.orderShares * Math.max(p, 1 - p);
    return quotePair(out, inp, prm, p, bid, ask, usdc, positionLimit(b, p));
  });
}

/**
 * GLFT's quotes around the mid `s` (see {@link glftPrice}); a market with no
 * arrivals yet (A = 0) quotes the c₁ term alone.
 *
 * @example
 * ```ts
 * import { glftQuotes } from "./baselines.ts";
 * // flat: symmetric, c₁ + c₂/2 from the mid on each side
 * const g = glftQuotes(0.5, 0, 1, 1e-6, 100, 0.05, 10);
 * console.assert(Math.abs((0.5 - g.bid) - (g.ask - 0.5)) < 1e-15);
 * ```
 */
export function glftQuotes(
  s: number,
  q: number,
  gamma: number,
  sigma2: number,
  kappa: number,
  arrivalA: number,
  sizeShares: number,
): { bid: number; ask: number } {
  const c1 = Math.log1p(gamma / kappa) / gamma;
  const c2 = arrivalA > 0
    ? Math.sqrt(
      sigma2 * gamma / (2 * kappa * arrivalA * sizeShares) *
        (1 + gamma / kappa) ** (1 + kappa / gamma),
    )
    : 0;
  return {
    bid: s - (c1 + (2 * q + sizeShares) / 2 * c2),
    ask: s + (c1 - (2 * q - sizeShares) / 2 * c2),
  };
}

/** Settings of the poly-maker-style reward-band maker. */
export interface PolyMakerParams extends VolatilityWindow {
  /** `trade_size`: each order, shares. */
  tradeShares: number;
  /** `max_size`: the position it builds up to on one side, shares. */
  maxShares: number;
  /** The market's reward band `max_spread`: quotes stay within this of the mid, price units. */
  maxSpread: number;
  /** `stop_loss`: a fall of the position's marked value this far below its peak, USDC … */
  stopLossUsdc: number;
  /** … sells only for this long afterwards (`sleep_period`), ms. */
  sleepMs: number;
  /** `volatility_threshold`: above this standard deviation of the mid over 3 h it pulls its bids. */
  volatilityThreshold: number;
}

/**
 * A maker built the way warproxxx/poly-maker quotes (its `get_order_prices`
 * and risk rules, read in YES terms): one tick better than the best bid and
 * ask — the touch when improving would cross — kept inside the market's
 * reward band around the mid; `trade_size` orders building the position up
 * to `max_size`, selling what it holds; after a stop-loss (the marked value
 * `stop_loss` below its peak) it only sells for `sleep_period`; it pulls its
 * bids while the 3-hour volatility is above its threshold. Without the order
 * sizes at the touch it never takes over a small order at the same price.
 */
export function polyMaker(b: BaselineBudget, m: PolyMakerParams): Quoter {
  let peakUsdc = Number.NaN;
  let sleepUntilMs = -Infinity;
  return withVariance(m, (inp, prm, out, p, variance) => {
    const n = inp.grid.ticksPerUnit;
    const q = (inp.yesMicro - inp.noMicro) / MICRO;
    // the position's marked value against its best since it was opened
    const marked = q >= 0 ? q * p : -q * (1 - p);
    if (marked === 0) peakUsdc = Number.NaN;
    else if (!(marked <= peakUsdc)) peakUsdc = marked;
    if (peakUsdc - marked >= m.stopLossUsdc) {
      sleepUntilMs = inp.tMs + m.sleepMs;
      peakUsdc = marked; // one stop per fall: what it still holds is the new reference
    }
    const risky = inp.tMs < sleepUntilMs ||
      Math.sqrt(variance * 3 * 3_600) > m.volatilityThreshold;
    // one tick inside the touch, never crossing, inside the reward band
    let bid = inp.bestBidTicks + 1 < inp.bestAskTicks ? inp.bestBidTicks + 1 : inp.bestBidTicks;
    let ask = inp.bestAskTicks - 1 > bid ? inp.bestAskTicks - 1 : inp.bestAskTicks;
    bid = Math.max(bid, Math.ceil((p - m.maxSpread) * n - 1e-9));
    ask = Math.min(ask, Math.floor((p + m.maxSpread) * n + 1e-9));
    // past the stop-loss or in a volatile market: only what flattens the position
    const limit = risky ? 0 : Math.min(m.maxShares, positionLimit(b, p));
    const usdc = m.tradeShares * Math.max(p, 1 - p);
    return emit(out, inp, prm, p, [{ bidTicks: bid, askTicks: ask, usdc, level: 0 }], limit);
  });
}
