/**
 * Seeded trading agents of the simulator, defined from market-microstructure
 * theory and calibrated to Polymarket's stylized facts (docs/simulator.md),
 * independent of any strategy under test:
 *
 * - takers arrive as a self-exciting (Hawkes) process: each arrival raises
 *   the rate for a while, so trades come in bursts and quiet spells; a burst
 *   mostly keeps its direction (herding, split orders). Sizes are lognormal
 *   with a heavy tail; most takers buy a token (a YES seller buys NO);
 * - informed traders (Glosten–Milgrom) are a share of the arrivals: they
 *   know the truth `lead` ahead and trade only when it beats the price by an
 *   edge, larger the larger the edge;
 * - the street: one belief the competing makers share — an anchor that learns
 *   from prints (and, where the underlying is public, from it with a delay)
 *   plus a flow pressure that each print pushes its way (Kyle's λ, square-root
 *   in size) and that decays;
 * - competing makers quote ladders around the street's belief, skewed against
 *   their own inventory, leave a side that was just taken empty for a while,
 *   and requote when the belief crosses a tick and at random intervals.
 *
 * @module
 */

import type { SimExchange, TokenIdx } from "./exchange.ts";
import type { Rng } from "./rng.ts";
import type { MakerSpec, Scenario } from "./scenarios.ts";
import type { Truth } from "./truth.ts";

const UNIT = 10_000;
/** A maker takes someone's quote that is this many ticks through its belief. */
const TAKE_EDGE_TICKS = 4;
/** Micro-shares deposited per token for every agent (positions are measured from it). */
export const AGENT_TOKENS_MICRO = 1e13;

/** What an agent may use. */
export interface AgentWorld {
  /** The matching engine whose book it trades on. */
  readonly exchange: SimExchange;
  /** The truth path. */
  readonly truth: Truth;
  /** The marchetype scenario it plays. */
  readonly scenario: Scenario;
  /** The makers' shared belief. */
  readonly street: Street;
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
  /** Sees every trade print: YES price in pips, YES-buy direction, size in micro-shares. */
  onPrint?(world: AgentWorld, t: number, yesPips: number, yesBuy: boolean, sizeMicro: number): void;
}

/** Lognormal size with the given median and log-sd, in whole 0.01 shares, micro-units. */
function drawSize(rng: Rng, median: number, sigma: number, minShares: number): number {
  const s = Math.max(minShares, median * Math.exp(sigma * rng.normal()));
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

/** Shares needed for a marketable order to reach the $1 minimum notional, micro. */
function minNotional(yesPips: number, buy: boolean): number {
  const p = buy ? yesPips : UNIT - yesPips;
  return Math.ceil(UNIT / Math.max(p, 1) * 100) * 10_000;
}

/**
 * The makers' shared belief about YES, in pips: an anchor learnt from prints
 * and (when public) the observable value, plus a decaying flow pressure.
 */
export class Street {
  private anchor: number;
  private pressure = 0;
  private pressureMs = 0;
  /** The taker order being printed (prints of one instant and direction), shares so far. */
  private orderMs = Number.NaN;
  private orderBuy = false;
  private orderShares = 0;

  /**
   * The street's belief at the start: the anchor at `p0`, no pressure.
   *
   * @param p0 starting belief, probability
   * @param scenario its impact and learning parameters
   */
  constructor(p0: number, private readonly scenario: Scenario) {
    this.anchor = p0 * UNIT;
  }

  /** The belief at market time `t`, pips. */
  value(t: number): number {
    return this.anchor + this.pressureAt(t);
  }

  /** The flow pressure at `t`, decayed since it last moved. */
  private pressureAt(t: number): number {
    return this.pressure * Math.exp(-(t - this.pressureMs) / this.scenario.flowDecayMs);
  }

  /**
   * A print at market time `t`: the pressure moves its way, the anchor toward
   * its price. The impact is square-root in the size of the taker's whole
   * order: the prints of one instant and direction are one order, each adding
   * what it adds to the square root.
   */
  onPrint(t: number, yesPips: number, yesBuy: boolean, sizeMicro: number, tickPips: number): void {
    const s = this.scenario;
    if (t !== this.orderMs || yesBuy !== this.orderBuy) {
      this.orderMs = t;
      this.orderBuy = yesBuy;
      this.orderShares = 0;
    }
    const before = Math.sqrt(this.orderShares / s.flowImpactRefShares);
    this.orderShares += sizeMicro / 1e6;
    const step = Math.sqrt(this.orderShares / s.flowImpactRefShares) - before;
    this.pressure = this.pressureAt(t) + (yesBuy ? 1 : -1) * s.flowImpactTicks * tickPips * step;
    this.pressureMs = t;
    this.anchor += s.makerLearnRate * (yesPips - this.value(t));
  }

  /** The public value `pub` (pips) was observed: the anchor moves half way. */
  observe(pub: number): void {
    this.anchor += 0.5 * (pub - this.anchor);
  }
}

/** Noise and informed takers: one self-exciting stream split by μ. */
export class Takers implements Agent {
  readonly name = "takers";
  nextMs: number;
  private readonly limits: { cancelAt: number; id: string; owner: string }[] = [];
  /** Excitation of the rate above its base, per market ms, at `excitedMs`. */
  private excitation = 0;
  private excitedMs = 0;
  private burstBuy = true;
  private child = false;
  /** Activity regime: the base rate's multiplier (mean 1) and when it ends, market ms. */
  private activity = 1;
  private activityEndMs = 0;

  /**
   * The takers of a scenario.
   *
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
    while (this.limits.length > 0 && this.limits[0].cancelAt <= t) {
      const l = this.limits.shift()!;
      w.exchange.cancel(l.id, l.owner, t);
    }
    if (this.rng.chance(s.informedShare)) this.informed(w, t);
    else this.noise(w, t);
    this.schedule(w, t);
  }

  /**
   * The next arrival by thinning: the rate is a base plus an excitation that
   * every arrival raises by n/τ and that decays with τ (branching ratio n:
   * the mean rate is base / (1 − n)); the base itself switches between
   * activity regimes (lognormal multiplier of mean 1, exponential lengths).
   */
  private schedule(w: AgentWorld, t: number): void {
    const s = w.scenario;
    const tau = s.burstDecayMs;
    const base0 = s.takersPerMin * (1 - s.burstiness) / 60_000;
    const now = w.marketTime(t);
    let e = this.excitation * Math.exp(-(now - this.excitedMs) / tau) + s.burstiness / tau;
    let at = now;
    for (;;) {
      if (at >= this.activityEndMs) {
        const sg = s.activitySigma;
        this.activity = Math.exp(sg * this.rng.normal() - sg * sg / 2);
        this.activityEndMs = at + this.rng.exp(s.activityMeanMs);
      }
      const base = base0 * this.activity;
      const bound = base + e;
      const dt = this.rng.exp(1 / bound);
      if (at + dt > this.activityEndMs) {
        // the regime ends first: the process is memoryless, start again there
        e *= Math.exp(-(this.activityEndMs - at) / tau);
        at = this.activityEndMs;
        continue;
      }
      at += dt;
      e *= Math.exp(-dt / tau);
      if (this.rng.chance((base + e) / bound)) break;
    }
    const base = base0 * this.activity;
    this.child = this.rng.chance(e / (base + e));
    this.excitation = e;
    this.excitedMs = at;
    this.nextMs = t + w.exchangeDuration(at - now);
  }

  /** A taker's YES direction: a burst's follower mostly keeps its direction. */
  private direction(s: Scenario): boolean {
    if (this.child && this.rng.chance(s.herding)) return this.burstBuy;
    this.burstBuy = this.rng.chance(0.5);
    return this.burstBuy;
  }

  /** Whether a taker of YES direction `buyYes` trades the NO token (most buy a token). */
  private viaNo(s: Scenario, buyYes: boolean): boolean {
    const buysToken = this.rng.chance(s.tokenBuyShare);
    return buyYes ? !buysToken : buysToken;
  }

  /** A noise taker's order at `t` (size, side and limit drawn). */
  private noise(w: AgentWorld, t: number): void {
    const s = w.scenario;
    const ex = w.exchange;
    const tick = ex.tickPips;
    // a few wallets trade a lot, most rarely (u² skew)
    const u = this.rng.next();
    const wallet = this.crowd[Math.floor(u * u * this.crowd.length)];
    const buy = this.direction(s);
    const viaNo = this.viaNo(s, buy);
    const [yb, ya] = ex.bestPips();
    const mid = ex.midPips();
    if (!(mid > 0)) return;
    const minShares = ex.spec.minOrderMicro / 1e6;
    const size = drawSize(this.rng, s.medianSizeShares, s.sizeSigma, minShares);
    if (this.rng.chance(s.noiseLimitShare)) {
      const off = this.rng.int(1, 4) * tick;
      const price = clampPips(
        w,
        buy ? Math.min(mid - off, ya - tick) : Math.max(mid + off, yb + tick),
      );
      const id = placeYes(w, t, wallet, buy, price, size, "GTC", viaNo, true);
      if (id) {
        const life = w.exchangeDuration(Math.round(this.rng.exp(5 * 60_000)));
        this.insertLimit(t + life, id, wallet);
      }
      return;
    }
    if (buy ? ya >= UNIT : yb <= 0) return;
    const slip = this.rng.int(0, 2) * tick;
    const limit = clampPips(w, buy ? ya + slip : yb - slip);
    placeYes(w, t, wallet, buy, limit, Math.max(size, minNotional(limit, buy)), "FAK", viaNo);
  }

  /** An informed taker's order at `t`, when its edge beats the spread. */
  private informed(w: AgentWorld, t: number): void {
    const s = w.scenario;
    const ex = w.exchange;
    const tick = ex.tickPips;
    const v = Math.round(w.truth.informedValue(w.marketTime(t), s.informedLeadMs) * UNIT);
    const [yb, ya] = ex.bestPips();
    const edge = s.informedEdgeTicks * tick;
    const wallet = this.insiders[this.rng.int(0, this.insiders.length - 1)];
    const minShares = ex.spec.minOrderMicro / 1e6;
    const buy = ya < UNIT && v - edge >= ya;
    const sell = yb > 0 && v + edge <= yb;
    if (!buy && !sell) {
      // nothing to gain: the arrival is an ordinary noise trade
      this.noise(w, t);
      return;
    }
    this.burstBuy = buy;
    // the stronger the signal, the larger the order (up to 4× the median)
    const strength = Math.min(4, (buy ? v - ya : yb - v) / (4 * tick));
    const size = Math.max(
      drawSize(this.rng, s.medianSizeShares * (0.5 + strength), s.sizeSigma, minShares),
      minNotional(buy ? ya : yb, buy),
    );
    placeYes(
      w,
      t,
      wallet,
      buy,
      clampPips(w, buy ? v - edge : v + edge),
      size,
      "FAK",
      this.viaNo(s, buy),
    );
  }

  /** Remembers a resting limit order to cancel at `cancelAt` (kept sorted). */
  private insertLimit(cancelAt: number, id: string, owner: string): void {
    let i = this.limits.length;
    while (i > 0 && this.limits[i - 1].cancelAt > cancelAt) i--;
    this.limits.splice(i, 0, { cancelAt, id, owner });
  }
}

/** One resting quote of a maker. */
interface Quote {
  id: string;
  side: 0 | 1; // 0 bid, 1 ask (YES terms)
  yesPips: number;
}

/** A competing market maker. */
export class CompetingMaker implements Agent {
  readonly name: string;
  nextMs: number;
  private quotes: Quote[] = [];
  private refreshMs: number;
  /** Exchange time until which a side that was taken stays empty. */
  private readonly awayUntil = [0, 0];
  /** The belief its quotes are built on: it moves only when the belief is a tick away. */
  private quotedCenter = Number.NaN;
  /** Whether it quotes at all now, and when that changes (makers come and go). */
  private present = true;
  private switchMs = Infinity;

  /**
   * A competing maker with its spec.
   *
   * @param index maker number (odd makers sell through BUY NO, exercising minting)
   * @param wallet its address
   * @param spec where and how it quotes
   * @param rng its own random stream
   * @param startMs first quote time
   */
  constructor(
    readonly index: number,
    readonly wallet: string,
    private readonly spec: MakerSpec,
    private readonly rng: Rng,
    startMs: number,
  ) {
    this.name = `maker${index}`;
    this.nextMs = startMs;
    this.refreshMs = startMs;
  }

  act(w: AgentWorld, t: number): void {
    const s = w.scenario;
    if (this.spec.presence < 1) {
      if (this.switchMs === Infinity) this.switchMs = t + this.stay(w, true);
      if (t >= this.switchMs) {
        this.present = !this.present;
        this.switchMs = t + this.stay(w, this.present);
      }
      if (!this.present) {
        for (const q of this.quotes) w.exchange.cancel(q.id, this.wallet, t);
        this.quotes = [];
        this.nextMs = this.switchMs;
        return;
      }
    }
    if (s.makerObserveDelayMs !== undefined && t >= this.refreshMs) {
      w.street.observe(w.truth.publicValue(w.marketTime(t) - s.makerObserveDelayMs) * UNIT);
    }
    const full = t >= this.refreshMs;
    this.quote(w, t, full);
    if (full) {
      this.refreshMs = t + w.exchangeDuration(Math.round(this.rng.exp(this.spec.refreshMs)));
    }
    // wake for the refresh, or when a side that was taken may come back
    let next = Math.min(this.refreshMs, this.switchMs);
    for (const until of this.awayUntil) if (until > t && until < next) next = until;
    this.nextMs = next;
  }

  /** How long it stays present (or away), exchange ms. */
  private stay(w: AgentWorld, present: boolean): number {
    const share = present ? this.spec.presence : 1 - this.spec.presence;
    return w.exchangeDuration(Math.round(this.rng.exp(share * this.spec.presenceCycleMs)));
  }

  onPrint(w: AgentWorld, t: number): void {
    if (!this.present) return;
    // a side of ours that was taken empties; the belief may have crossed a tick
    const moved = this.moved(w, t);
    const taken = this.quotes.some((q) => w.exchange.orders.get(q.id)?.status !== "LIVE");
    if (moved || taken) {
      const react = t + w.exchangeDuration(Math.round(this.rng.exp(this.spec.reactMs)));
      if (react < this.nextMs) this.nextMs = react;
    }
  }

  /** True when the belief is far enough from the one quoted to requote around it. */
  private moved(w: AgentWorld, t: number): boolean {
    const d = Math.abs(this.center(w, t) - this.quotedCenter);
    return !(d < this.spec.stickTicks * w.exchange.tickPips);
  }

  /** The best bid and ask of everyone else, YES pips (0 / 10000 when a side is empty). */
  private othersBest(ex: SimExchange): [number, number] {
    let bid = 0;
    let ask = UNIT;
    for (const o of ex.liveOrders()) {
      if (o.owner === this.wallet && this.quotes.some((q) => q.id === o.id)) continue;
      const yes = o.token === 0 ? o.pricePips : UNIT - o.pricePips;
      if (o.bookSide === 0) bid = Math.max(bid, yes);
      else ask = Math.min(ask, yes);
    }
    return [bid, ask];
  }

  /**
   * Takes a quote of someone else that is mispriced against its belief by
   * more than {@link TAKE_EDGE_TICKS} (an ask below it, a bid above it): a
   * maker arbitrages a stale quote rather than stepping around it. `best`:
   * {@link othersBest} now; returns true when it sent an order (the book moved).
   */
  private takeMispriced(w: AgentWorld, t: number, [bid, ask]: [number, number]): boolean {
    const ex = w.exchange;
    const edge = TAKE_EDGE_TICKS * ex.tickPips;
    const size = drawSize(this.rng, this.spec.sizeMedian, this.spec.sizeSigma, 5);
    if (ask < UNIT && ask <= this.quotedCenter - edge) {
      placeYes(w, t, this.wallet, true, ask, Math.max(size, minNotional(ask, true)), "FAK", false);
      return true;
    }
    if (bid > 0 && bid >= this.quotedCenter + edge) {
      placeYes(
        w,
        t,
        this.wallet,
        false,
        bid,
        Math.max(size, minNotional(bid, false)),
        "FAK",
        false,
      );
      return true;
    }
    return false;
  }

  /** Where this maker centres its quotes: the street's belief, skewed against its inventory. */
  private center(w: AgentWorld, t: number): number {
    const a = w.exchange.accounts.get(this.wallet);
    const inv = a ? (a.yes - a.no) / 1e6 : 0;
    return w.street.value(w.marketTime(t)) -
      this.spec.skewTicksPer100 * w.exchange.tickPips * inv / 100;
  }

  /** Posts or refreshes the maker's quotes at `t` (`full`: every level). */
  private quote(w: AgentWorld, t: number, full: boolean): void {
    const ex = w.exchange;
    const tick = ex.tickPips;
    // sides that were taken stay away for a while (the spread opens)
    const kept: Quote[] = [];
    for (const q of this.quotes) {
      const o = ex.orders.get(q.id);
      if (o?.status === "LIVE") kept.push(q);
      else if (o && o.matchedMicro > 0 && this.awayUntil[q.side] <= t) {
        this.awayUntil[q.side] = t +
          w.exchangeDuration(Math.round(this.rng.exp(this.spec.refillMs)));
      }
    }
    if (this.moved(w, t)) this.quotedCenter = this.center(w, t);
    let best = this.othersBest(ex);
    if (this.takeMispriced(w, t, best)) best = this.othersBest(ex);
    // never a quote that would cross what others show (post-only would refuse it)
    const [bestBid, bestAsk] = best;
    const want: { side: 0 | 1; yesPips: number }[] = [];
    const x = this.quotedCenter / tick;
    for (let k = 0; k < this.spec.levels; k++) {
      const off = this.spec.offsetTicks + k * this.spec.gapTicks;
      const bid = Math.min(Math.round(x - off) * tick, bestAsk - tick);
      const ask = Math.max(Math.round(x + off) * tick, bestBid + tick);
      if (
        t >= this.awayUntil[0] && bid >= tick &&
        !want.some((d) => d.side === 0 && d.yesPips === bid)
      ) {
        want.push({ side: 0, yesPips: bid });
      }
      if (
        t >= this.awayUntil[1] && ask <= UNIT - tick &&
        !want.some((d) => d.side === 1 && d.yesPips === ask)
      ) want.push({ side: 1, yesPips: ask });
    }
    const next: Quote[] = [];
    for (const q of kept) {
      const still = want.findIndex((d) => d.side === q.side && d.yesPips === q.yesPips);
      // a full refresh redraws a share of the sizes (cancel and replace)
      if (still >= 0 && !(full && this.rng.chance(this.spec.resizeShare))) {
        want.splice(still, 1);
        next.push(q);
      } else {
        ex.cancel(q.id, this.wallet, t);
      }
    }
    for (const d of want) {
      const size = drawSize(this.rng, this.spec.sizeMedian, this.spec.sizeSigma, 5);
      const viaNo = d.side === 1 && this.index % 2 === 1;
      const id = placeYes(w, t, this.wallet, d.side === 0, d.yesPips, size, "GTC", viaNo, true);
      if (id) next.push({ id, side: d.side, yesPips: d.yesPips });
    }
    this.quotes = next;
  }
}
