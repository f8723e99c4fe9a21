/**
 * A simulated market: the exchange, the truth path and the agents, advanced
 * on the exchange clock. Deterministic: the same scenario and seed give the
 * same event stream (with times relative to the start) whatever the start
 * time and however the caller slices the advance.
 *
 * Market time (what the scenario's rates and the truth are written in) runs
 * `speed` times faster than exchange time, so a 12-hour scenario can play in
 * minutes against a live bot whose own clock is the exchange clock.
 *
 * @module
 */

import {
  type Agent,
  AGENT_TOKENS_MICRO,
  type AgentWorld,
  CompetingMaker,
  Street,
  Takers,
} from "./agents.ts";
import {
  type SettlementSpec,
  type SharedVenue,
  type SimEvent,
  SimExchange,
  type TokenIdx,
} from "./exchange.ts";
import { programRules } from "../model/mod.ts";
import { Rng } from "./rng.ts";
import { SimRewards } from "./rewards.ts";
import type { Scenario } from "./scenarios.ts";
import { Truth } from "./truth.ts";

/** Token ids and condition id of a simulated market. */
export interface MarketIds {
  /** Condition id (0x + 64 hex). */
  conditionId: string;
  /** YES token id (decimal). */
  yesTokenId: string;
  /** NO token id (decimal). */
  noTokenId: string;
}

/** How to build a {@link SimMarket}. */
export interface SimMarketOptions {
  /** The marchetype scenario it plays. */
  scenario: Scenario;
  /** Seed of everything random. */
  seed: number;
  /** Exchange time of the window start, ms. */
  startMs: number;
  /** Market ms per exchange ms (1 = real time). */
  speed?: number;
  /** Trade settlement timing (default: mined after 2 s, confirmed 3 s later, no failures). */
  settlement?: SettlementSpec;
  /** Run the agents (default true); false gives an empty market for tests. */
  agents?: boolean;
  /** Minimum order size, shares (default 5). */
  minOrderShares?: number;
  /** The venue's wallets and dead-man switch, when it hosts other markets too. */
  shared?: SharedVenue;
  /** Its slug (default `sim-<scenario>`). */
  slug?: string;
  /**
   * The neg-risk event it is an outcome of: its outcomes resolve together,
   * exactly one YES (`resolvesYes` says whether it is this one).
   */
  event?: NegRiskEvent;
}

/** A neg-risk event of several simulated markets. */
export interface NegRiskEvent {
  /** Event id (Gamma's, and the CLOB's `neg_risk_market_id`). */
  id: string;
  /** Slug. */
  slug: string;
  /** Title. */
  title: string;
  /** Whether the market at `index` is the outcome that resolves YES (asked at its resolution). */
  resolvesYes(index: number): boolean;
  /** This market's index among the outcomes. */
  index: number;
}

/** A trade as the public data API lists it (taker's view). */
export interface PublicTradeRecord {
  /** Taker wallet. */
  proxyWallet: string;
  /** Taker side. */
  side: "BUY" | "SELL";
  /** Token id. */
  asset: string;
  /** The market's condition id, 0x-hex. */
  conditionId: string;
  /** Size, shares. */
  size: number;
  /** Price of the token, USDC. */
  price: number;
  /** Unix seconds. */
  timestamp: number;
  /** Outcome name. */
  outcome: "Yes" | "No";
  /** Trade id. */
  transactionHash: string;
}

const MAX_PUBLIC_TRADES = 5000;
const ZEROS_64 = "0".repeat(64);
const MAX_HISTORY = 10_000;

/** The simulated market. See the module doc. */
export class SimMarket implements AgentWorld {
  /** The matching engine whose book it trades on. */
  readonly exchange: SimExchange;
  /** The venue's liquidity rewards, sampled every exchange minute. */
  readonly rewards: SimRewards;
  /** The truth path. */
  readonly truth: Truth;
  /** The marchetype scenario it plays. */
  readonly scenario: Scenario;
  /** The competing makers' shared belief. */
  readonly street: Street;
  /** Ids of the market. */
  readonly ids: MarketIds;
  /** Exchange time of the window start, ms. */
  readonly startMs: number;
  /** Market ms per exchange ms. */
  readonly speed: number;
  /** Exchange time of resolution T (end of the window), ms. */
  readonly resolveMs: number;
  /** Exchange time of the market's start T0 (`lifeMs` before T), ms. */
  readonly openMs: number;
  /** Exchange time of the anytime event, or Infinity. */
  readonly eventMs: number;
  /** Public trades, most recent last (bounded). */
  readonly publicTrades: PublicTradeRecord[] = [];
  /** YES mid once a minute: `[unix seconds, price]` (bounded). */
  readonly history: [number, number][] = [];
  /** Exchange time processed so far, ms. */
  nowMs: number;
  /** Its slug. */
  readonly slug: string;
  /** The neg-risk event it belongs to, or null. */
  readonly event: NegRiskEvent | null;

  private readonly agents: Agent[] = [];
  private readonly listeners: ((ev: SimEvent) => void)[] = [];
  private orderSeq = 0;
  private nextHistoryMs: number;
  private nextRewardMs: number;

  /** Builds the market; nothing happens until {@link runUntil}. */
  constructor(opts: SimMarketOptions) {
    const s = opts.scenario;
    this.scenario = s;
    this.slug = opts.slug ?? `sim-${s.name}`;
    this.event = opts.event ?? null;
    this.speed = opts.speed ?? 1;
    this.startMs = opts.startMs;
    this.nowMs = opts.startMs;
    this.resolveMs = opts.startMs + this.exchangeDuration(s.runMs);
    this.openMs = this.resolveMs - this.exchangeDuration(s.lifeMs);
    const rng = new Rng(opts.seed);
    this.ids = {
      conditionId: "0x" + rng.hex(32),
      yesTokenId: BigInt("0x" + rng.hex(31)).toString(),
      noTokenId: BigInt("0x" + rng.hex(31)).toString(),
    };
    this.truth = new Truth(s, rng.fork(1));
    this.street = new Street(s.p0, s);
    this.eventMs = this.truth.eventMs === Infinity
      ? Infinity
      : opts.startMs + this.exchangeDuration(this.truth.eventMs);
    this.exchange = new SimExchange(
      {
        conditionId: this.ids.conditionId,
        yesTokenId: this.ids.yesTokenId,
        noTokenId: this.ids.noTokenId,
        tickPips: 100,
        minOrderMicro: (opts.minOrderShares ?? 5) * 1_000_000,
        feeRate: s.feeRate,
        feeExponent: s.feeExponent,
        negRisk: this.event !== null,
      },
      opts.settlement ?? { minedDelayMs: 2000, confirmDelayMs: 3000, failureRate: 0 },
      (ev) => this.onExchangeEvent(ev),
      opts.seed,
      opts.shared,
    );
    this.nextHistoryMs = opts.startMs;
    const r = s.rewards;
    this.rewards = new SimRewards(
      programRules(r.dailyPoolUsdc, r.maxSpreadCents, r.minSizeShares),
      this.exchange,
    );
    this.nextRewardMs = opts.startMs + 60_000;
    if (opts.agents ?? true) {
      const walletRng = rng.fork(2);
      const wallet = () => "0x" + walletRng.hex(20);
      const crowd = Array.from({ length: s.crowdWallets }, wallet);
      const insiders = Array.from({ length: 5 }, wallet);
      const tokens = AGENT_TOKENS_MICRO;
      for (const a of [...crowd, ...insiders]) this.exchange.deposit(a, 1e15, tokens, tokens);
      const makerRng = rng.fork(4);
      s.makers.forEach((spec, i) => {
        const w = wallet();
        this.exchange.deposit(w, 1e15, tokens, tokens);
        this.agents.push(new CompetingMaker(i, w, spec, makerRng.fork(i), opts.startMs));
      });
      this.agents.push(new Takers(rng.fork(3), crowd, insiders, opts.startMs + 1));
    }
  }

  /** Adds a listener for every exchange event. */
  addListener(fn: (ev: SimEvent) => void): void {
    this.listeners.push(fn);
  }

  /** Market time of exchange time `t`, ms since the window start. */
  marketTime(t: number): number {
    return (t - this.startMs) * this.speed;
  }

  /** Exchange duration of a market duration, whole ms (≥ 1). */
  exchangeDuration(marketMs: number): number {
    return Math.max(1, Math.round(marketMs / this.speed));
  }

  /** A fresh order id for an agent (64 hex digits, deterministic). */
  nextOrderId(): string {
    // the zeros sliced, not padded: the id is built and hashed once per agent
    // order (a few per second of market), and padStart cost twice as much
    const hex = (++this.orderSeq).toString(16);
    return "0x" + ZEROS_64.slice(hex.length) + hex;
  }

  /** True once resolved. */
  get done(): boolean {
    return this.exchange.resolved !== null;
  }

  /**
   * Processes every agent action, expiry, settlement step and resolution due
   * up to exchange time `t`, in time order.
   */
  runUntil(t: number): void {
    while (!this.done) {
      let next: Agent | null = null;
      for (const a of this.agents) if (next === null || a.nextMs < next.nextMs) next = a;
      const due = Math.min(next ? next.nextMs : Infinity, this.eventMs, this.resolveMs);
      if (due > t) break;
      // the venue samples the book as it stands at each minute, before what comes next
      this.sampleRewardsUntil(due);
      this.nowMs = Math.max(this.nowMs, due);
      this.exchange.advance(this.nowMs);
      this.recordHistory(this.nowMs);
      if (this.nowMs >= this.eventMs) {
        // an outcome of a neg-risk event resolves as the event says, whatever its own path
        this.exchange.resolve(
          this.event && !this.event.resolvesYes(this.event.index) ? 1 : 0,
          this.nowMs,
        );
        break;
      }
      if (this.nowMs >= this.resolveMs) {
        const yes = this.event
          ? this.event.resolvesYes(this.event.index)
          : this.truth.outcome === 1;
        this.exchange.resolve(yes ? 0 : 1, this.nowMs);
        break;
      }
      next!.act(this, this.nowMs);
      this.autoTick(this.nowMs);
    }
    if (t > this.nowMs) {
      if (!this.done) this.sampleRewardsUntil(t);
      this.nowMs = t;
      this.exchange.advance(t);
      this.recordHistory(t);
    }
  }

  /**
   * Public trades after `last` (all of them when undefined), oldest first: a
   * poll of the data API that continues where the previous one ended. The
   * list is bounded (the oldest are dropped), so the position is found again
   * by identity, not by index.
   */
  publicTradesAfter(last: PublicTradeRecord | undefined): PublicTradeRecord[] {
    const all = this.publicTrades;
    return all.slice(last ? all.lastIndexOf(last) + 1 : 0);
  }

  /** The token of `assetId`, or undefined. */
  tokenOf(assetId: string): TokenIdx | undefined {
    return assetId === this.ids.yesTokenId ? 0 : assetId === this.ids.noTokenId ? 1 : undefined;
  }

  /** An exchange event: history, public trades, resolution. */
  private onExchangeEvent(ev: SimEvent): void {
    if (ev.type === "print") {
      const yesPips = ev.token === 0 ? ev.pricePips : 10_000 - ev.pricePips;
      const yesBuy = (ev.token === 0) === (ev.takerSide === "BUY");
      this.street.onPrint(
        this.marketTime(ev.tMs),
        yesPips,
        yesBuy,
        ev.sizeMicro,
        this.exchange.tickPips,
      );
      for (const a of this.agents) a.onPrint?.(this, ev.tMs, yesPips, yesBuy, ev.sizeMicro);
    } else if (ev.type === "trade" && ev.trade.status === "MATCHED") {
      const tr = ev.trade;
      this.publicTrades.push({
        proxyWallet: tr.address,
        side: tr.side,
        asset: tr.token === 0 ? this.ids.yesTokenId : this.ids.noTokenId,
        conditionId: this.ids.conditionId,
        size: tr.sizeMicro / 1e6,
        price: tr.pricePips / 10_000,
        timestamp: Math.floor(ev.tMs / 1000),
        outcome: tr.token === 0 ? "Yes" : "No",
        transactionHash: tr.id,
      });
      if (this.publicTrades.length > MAX_PUBLIC_TRADES) this.publicTrades.shift();
    }
    for (const l of this.listeners) l(ev);
  }

  /**
   * The reward samples due at or before `t`. Sampling only reads the book
   * (GTD expiries due since the last event are still in it, as the venue's
   * sweep may lag too).
   */
  private sampleRewardsUntil(t: number): void {
    while (this.nextRewardMs <= t) {
      this.rewards.sample(this.nextRewardMs);
      this.nextRewardMs += 60_000;
    }
  }

  /** A price-history point at `t`. */
  private recordHistory(t: number): void {
    if (t < this.nextHistoryMs) return;
    const mid = this.exchange.midPips();
    if (mid > 0) {
      this.history.push([Math.floor(t / 1000), mid / 10_000]);
      if (this.history.length > MAX_HISTORY) this.history.shift();
    }
    this.nextHistoryMs = t - ((t - this.startMs) % 60_000) + 60_000;
  }

  /** Polymarket tightens the tick to 0.001 when the price nears 0 or 1. */
  private autoTick(t: number): void {
    if (this.exchange.tickPips !== 100) return;
    const mid = this.exchange.midPips();
    if (mid > 0 && (mid <= 400 || mid >= 9600)) this.exchange.setTick(10, t);
  }
}
