/**
 * Seeded trading agents of the simulator, defined from market-microstructure
 * theory and independent of any strategy under test:
 *
 * - noise traders: Poisson arrivals, random side and lognormal size; most take
 *   liquidity, some post a limit near the mid that lives for a while;
 * - informed traders (Glosten–Milgrom): a share of arrivals knows the truth
 *   `lead` ahead and trades only when it beats the price by an edge, harder
 *   the larger the edge;
 * - competing makers: quote a ladder around a belief that learns from trade
 *   prints (and, where the underlying is public, from it with a delay).
 *
 * @module
 */

import type { SimExchange, TokenIdx } from "./exchange.ts";
import type { Rng } from "./rng.ts";
import type { Scenario } from "./scenarios.ts";
import type { Truth } from "./truth.ts";

const UNIT = 10_000;

/** What an agent may use. */
export interface AgentWorld {
  /** The exchange. */
  readonly exchange: SimExchange;
  /** The truth path. */
  readonly truth: Truth;
  /** The scenario. */
  readonly scenario: Scenario;
  /** Market time (ms since the window start) of exchange time `t`. */
  marketTime(t: number): number;
  /** Exchange-time duration of a market-time duration, whole ms (≥ 1). */
  exchangeDuration(marketMs: number): number;
  /** A fresh order id. */
  nextOrderId(): string;
}

/** A participant driven by the simulation clock. */
export interface Agent {
  /** Name, for logs. */
  readonly name: string;
  /** Exchange time of its next action, ms. */
  nextMs: number;
  /** Acts at `t` and schedules its next action. */
  act(world: AgentWorld, t: number): void;
  /** Sees every trade print (YES price in pips). */
  onPrint?(world: AgentWorld, t: number, yesPips: number): void;
}

/** Lognormal size with the given mean, in whole 0.01 shares, micro-units. */
function drawSize(rng: Rng, meanShares: number, minShares: number): number {
  const s = Math.max(minShares, meanShares * Math.exp(0.6 * rng.normal() - 0.18));
  return Math.round(s * 100) * 10_000;
}

/** Places an order in YES terms: a YES buy/sell, or its NO mirror. */
function placeYes(
  w: AgentWorld,
  t: number,
  owner: string,
  buyYes: boolean,
  yesPips: number,
  sizeMicro: number,
  type: "GTC" | "FAK",
  viaNo: boolean,
  postOnly = false,
): string | null {
  const token: TokenIdx = viaNo ? 1 : 0;
  const side = buyYes !== viaNo ? "BUY" : "SELL";
  const price = viaNo ? UNIT - yesPips : yesPips;
  const id = w.nextOrderId();
  const r = w.exchange.place({
    id,
    owner,
    address: owner,
    token,
    side,
    pricePips: price,
    sizeMicro,
    type,
    postOnly,
    expirationMs: 0,
  }, t);
  return r.ok ? id : null;
}

/** Clamps YES pips into the tradable range of the current tick. */
function clampPips(w: AgentWorld, p: number): number {
  const tick = w.exchange.tickPips;
  const snapped = Math.round(p / tick) * tick;
  return Math.min(UNIT - tick, Math.max(tick, snapped));
}

/** Noise and informed takers (one agent: a Poisson stream split by μ). */
export class Takers implements Agent {
  readonly name = "takers";
  nextMs: number;
  private readonly limits: { cancelAt: number; id: string; owner: string }[] = [];

  /**
   * @param rng its own random stream
   * @param crowd wallets of the noise traders
   * @param insiders wallets of the informed traders
   * @param startMs exchange time of the first arrival
   */
  constructor(
    private readonly rng: Rng,
    private readonly crowd: readonly string[],
    private readonly insiders: readonly string[],
    startMs: number,
  ) {
    this.nextMs = startMs;
  }

  act(w: AgentWorld, t: number): void {
    const s = w.scenario;
    // expire old noise limits first
    while (this.limits.length > 0 && this.limits[0].cancelAt <= t) {
      const l = this.limits.shift()!;
      w.exchange.cancel(l.id, l.owner, t);
    }
    if (this.rng.chance(s.informedShare)) this.informed(w, t);
    else this.noise(w, t);
    this.nextMs = t + w.exchangeDuration(Math.round(this.rng.exp(60_000 / s.takersPerMin)));
  }

  private noise(w: AgentWorld, t: number): void {
    const s = w.scenario;
    const ex = w.exchange;
    const tick = ex.tickPips;
    // a few wallets trade a lot, most rarely (u² skew)
    const u = this.rng.next();
    const wallet = this.crowd[Math.floor(u * u * this.crowd.length)];
    const buy = this.rng.chance(0.5);
    const viaNo = this.rng.chance(0.3);
    const [yb, ya] = ex.bestPips();
    const mid = ex.midPips();
    if (!(mid > 0)) return;
    const minShares = ex.spec.minOrderMicro / 1e6;
    if (this.rng.chance(s.noiseLimitShare)) {
      const off = this.rng.int(1, 4) * tick;
      const price = clampPips(
        w,
        buy ? Math.min(mid - off, ya - tick) : Math.max(mid + off, yb + tick),
      );
      const id = placeYes(
        w,
        t,
        wallet,
        buy,
        price,
        drawSize(this.rng, s.meanSizeShares, minShares),
        "GTC",
        viaNo,
        true,
      );
      if (id) {
        const life = w.exchangeDuration(Math.round(this.rng.exp(5 * 60_000)));
        this.insertLimit(t + life, id, wallet);
      }
      return;
    }
    const slip = this.rng.int(0, 2) * tick;
    const limit = clampPips(w, buy ? ya + slip : yb - slip);
    if (buy ? ya >= UNIT : yb <= 0) return;
    const size = Math.max(drawSize(this.rng, s.meanSizeShares, minShares), minNotional(limit, buy));
    placeYes(w, t, wallet, buy, limit, size, "FAK", viaNo);
  }

  private informed(w: AgentWorld, t: number): void {
    const s = w.scenario;
    const ex = w.exchange;
    const tick = ex.tickPips;
    const v = Math.round(w.truth.informedValue(w.marketTime(t), s.informedLeadMs) * UNIT);
    const [yb, ya] = ex.bestPips();
    const edge = s.informedEdgeTicks * tick;
    const wallet = this.insiders[this.rng.int(0, this.insiders.length - 1)];
    const viaNo = this.rng.chance(0.3);
    const minShares = ex.spec.minOrderMicro / 1e6;
    if (ya < UNIT && v - edge >= ya) {
      // the stronger the signal, the larger the order (up to 4× the mean)
      const strength = Math.min(4, (v - ya) / (4 * tick));
      const size = Math.max(
        drawSize(this.rng, s.meanSizeShares * (0.5 + strength), minShares),
        minNotional(ya, true),
      );
      placeYes(w, t, wallet, true, clampPips(w, v - edge), size, "FAK", viaNo);
    } else if (yb > 0 && v + edge <= yb) {
      const strength = Math.min(4, (yb - v) / (4 * tick));
      const size = Math.max(
        drawSize(this.rng, s.meanSizeShares * (0.5 + strength), minShares),
        minNotional(yb, false),
      );
      placeYes(w, t, wallet, false, clampPips(w, v + edge), size, "FAK", viaNo);
    }
  }

  private insertLimit(cancelAt: number, id: string, owner: string): void {
    let i = this.limits.length;
    while (i > 0 && this.limits[i - 1].cancelAt > cancelAt) i--;
    this.limits.splice(i, 0, { cancelAt, id, owner });
  }
}

/** Shares needed for a marketable order to reach the $1 minimum notional, micro. */
function minNotional(yesPips: number, buy: boolean): number {
  const p = buy ? yesPips : UNIT - yesPips;
  return Math.ceil(UNIT / Math.max(p, 1) * 100) * 10_000;
}

/** A competing market maker. */
export class CompetingMaker implements Agent {
  readonly name: string;
  nextMs: number;
  private belief: number; // YES pips
  private quotedAt = -1; // belief when last quoted

  /**
   * @param index maker number (odd makers sell through BUY NO, exercising minting)
   * @param wallet its address
   * @param cfg spread, size, levels, refresh
   * @param p0 starting belief
   * @param startMs first quote time
   */
  constructor(
    readonly index: number,
    readonly wallet: string,
    private readonly cfg: Scenario["makers"][number],
    p0: number,
    startMs: number,
  ) {
    this.name = `maker${index}`;
    this.belief = p0 * UNIT;
    this.nextMs = startMs;
  }

  act(w: AgentWorld, t: number): void {
    const s = w.scenario;
    if (s.makerObserveDelayMs !== undefined) {
      const pub = w.truth.publicValue(w.marketTime(t) - s.makerObserveDelayMs) * UNIT;
      this.belief += 0.5 * (pub - this.belief);
    }
    this.quote(w, t);
    this.nextMs = t + w.exchangeDuration(this.cfg.refreshMs);
  }

  onPrint(w: AgentWorld, t: number, yesPips: number): void {
    this.belief += w.scenario.makerLearnRate * (yesPips - this.belief);
    // a belief that moved two ticks since the last quote requotes at once
    if (Math.abs(this.belief - this.quotedAt) >= 2 * w.exchange.tickPips) this.nextMs = t;
  }

  private quote(w: AgentWorld, t: number): void {
    const ex = w.exchange;
    const tick = ex.tickPips;
    ex.cancelAll(this.wallet, t);
    this.quotedAt = this.belief;
    const center = Math.round(this.belief / tick) * tick;
    const size = Math.round(this.cfg.sizeShares * 100) * 10_000;
    for (let k = 0; k < this.cfg.levels; k++) {
      const off = (this.cfg.halfSpreadTicks + 2 * k) * tick;
      const lvlSize = size + Math.round(size * 0.5 * k / 10_000) * 10_000;
      const bid = center - off;
      const ask = center + off;
      if (bid >= tick) placeYes(w, t, this.wallet, true, bid, lvlSize, "GTC", false, true);
      if (ask <= UNIT - tick) {
        placeYes(w, t, this.wallet, false, ask, lvlSize, "GTC", this.index % 2 === 1, true);
      }
    }
  }
}
