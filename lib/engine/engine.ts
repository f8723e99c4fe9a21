/**
 * The engine: one event loop for live, paper, simulator and backtest. Inputs
 * are past-tense events with the time the engine sees them; outputs are
 * commands for the adapters and journal records. No I/O, no clock of its own:
 * the same inputs give the same decisions, so a journal replays exactly.
 *
 * Each quoting cycle (on a book change, a fill, or the timer): guards (time,
 * staleness, connections, drawdown, error streak, resolution) → reference
 * price and features → the PM4 decision → the order diff → commands. Orders
 * that would cross one of our own still-working orders, or need cash or
 * shares that working orders still hold, wait for the cancels to be
 * acknowledged instead of being rejected by the exchange.
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import { marketCapitalUsdc, quoteParams, toxicityParams } from "../config/mod.ts";
import {
  emptyTop,
  type MarketEvent,
  MarketFeatures,
  MarketFeed,
  microE8,
  midE8,
  type OwnLevels,
  publicTop,
  type Top,
  yesNoGapPips,
} from "../market/mod.ts";
import {
  decideQuotes,
  gridFromPips,
  isYesBid,
  logOdds,
  MICRO,
  PRICE_E8,
  QuoteDecision,
  type QuoteInputs,
  type QuoteParams,
  type QuoteRecord,
  SIDE_BUY,
  tickInLogit,
  TOKEN_YES,
  Toxicity,
  yesPips,
} from "../model/mod.ts";
import { Inventory } from "./inventory.ts";
import { diffOrders, type DiffParams, type TargetOrder } from "./order_diff.ts";
import { OrderTracker, type TrackedOrder } from "./order_tracker.ts";
import type {
  CalibrationSnapshot,
  EngineCommand,
  EngineInput,
  ExchangeOrder,
  Fill,
  MarketInfo,
  NewOrder,
  PlaceFailure,
  TradingState,
  WarmStartData,
} from "./types.ts";

/** No orders (never mutated: no allocation for the usual empty case). */
const NO_ORDERS: TrackedOrder[] = Object.freeze([]) as unknown as TrackedOrder[];
/** What {@link Engine.drain} returns when there is nothing to do (never mutated). */
const NO_COMMANDS: EngineCommand[] = Object.freeze([]) as unknown as EngineCommand[];

/** Batch limit of `POST /orders`. */
export const MAX_BATCH = 15;
/** Trade-rate window for the intensity I, ms. */
const RATE_WINDOW_MS = 60_000;
/** Journal a decision at least this often even when nothing changed, ms. */
const DECISION_HEARTBEAT_MS = 60_000;
/**
 * Reconcile with the exchange at least this often, ms: a user channel that
 * stalls and recovers without a reconnect drops the fills it did not send,
 * and only REST tells.
 */
const RECONCILE_EVERY_MS = 60_000;
/** A failed reconciliation is asked again after this, ms. */
const RECONCILE_RETRY_MS = 5_000;
/**
 * Settled fills are remembered this long, ms — longer than a reconciliation
 * looks back (see `RECONCILE_LOOKBACK_MS` in the session), so a fill reported
 * again is still recognised.
 */
const FILL_MEMORY_MS = 3_600_000;
/** A venue in cancel-only mode is probed first after this, ms (doubling each refusal). */
const CANCEL_ONLY_PROBE_MS = 1_000;
/** The longest wait between probes of a cancel-only venue, ms. */
const CANCEL_ONLY_PROBE_MAX_MS = 30_000;
/** A sent order not seen at the exchange this long is proven absent, ms. */
const ABSENT_GRACE_MS = 5_000;

/** A journal record of the engine (inputs are journaled by the runner). */
export type EngineRecord =
  | {
    type: "decision";
    tMs: number;
    why: string;
    state: TradingState;
    /** Tick of the quote's prices, pips. */
    tickPips: number;
    quote: QuoteRecord;
    keep: string[];
    cancel: string[];
    place: TargetOrder[];
    deferred: number;
  }
  | { type: "state"; tMs: number; from: TradingState; to: TradingState; reason: string }
  | {
    type: "fill";
    tMs: number;
    fill: Fill;
    effect: string;
    yesMicro: number;
    noMicro: number;
    cashMicro: number;
  }
  | {
    type: "order";
    tMs: number;
    clientId: number;
    orderId: string | null;
    /** placed, unknown, rejected, done */
    change: string;
    detail: string;
  }
  | {
    type: "notice";
    tMs: number;
    level: "info" | "warning";
    /** What happened, snake_case (journaled as the event name). */
    code: string;
    message: string;
  }
  | {
    /** A venue refusal or failure the engine saw (journaled as `error_<operation>`). */
    type: "error";
    tMs: number;
    operation: string;
    /**
     * failed (heartbeats), non_finite (a quoting stage); the venue's
     * refusals are the runtime's error_place / error_cancel
     */
    error_type: string;
    message: string;
    /** The inputs that matter (the order, the ids). */
    inputs: Record<string, unknown>;
  }
  | {
    type: "pnl";
    tMs: number;
    equityUsdc: number;
    pnlUsdc: number;
    peakUsdc: number;
    drawdownUsdc: number;
  }
  | { type: "counters"; tMs: number; counters: Record<string, number> };

/** A one-glance view for the console. */
export interface EngineStatus {
  /** Trading state. */
  state: TradingState;
  /** Why paused or halted ("" when active). */
  reason: string;
  /** Reference YES price, or NaN. */
  p: number;
  /** Innermost bid and ask we quote, YES price (NaN when none). */
  bid: number;
  /** Innermost ask, YES price (NaN when none). */
  ask: number;
  /** Net position YES − NO, shares. */
  q: number;
  /** Marked P&L since start, USDC. */
  pnlUsdc: number;
  /** σ, λ, γ of the last decision. */
  sigma: number;
  /** λ. */
  lambda: number;
  /** γ. */
  gamma: number;
  /** Working orders. */
  orders: number;
  /** Fills applied. */
  fills: number;
  /**
   * Post-only orders refused because the book moved onto their price while
   * they travelled: normal life in a fast market, counted, not an error.
   */
  races: number;
}

/** Options of an engine. */
export interface EngineOptions {
  /** The validated config. */
  config: Config;
  /** Receives journal records (optional). */
  journal?: (rec: EngineRecord) => void;
  /**
   * Times the hot operations (`market_message`, `quote_decision`,
   * `order_diff`) on one call in `every` of each (a power of two); absent,
   * nothing is timed.
   */
  perf?: PerfProbe;
  /**
   * Sees each market event of this market once the engine has applied it —
   * trades, snapshots, tick changes, resolution; level deltas only as book
   * state. A backtest's matcher listens here instead of parsing again.
   */
  onMarketEvent?: (ev: MarketEvent) => void;
  /**
   * The quoting model: PM4's {@link decideQuotes} unless a comparison plugs in
   * another one (the scorecard's baselines). Everything around it — the order
   * diff, cash checks, guards, kill switches — stays the engine's.
   */
  quoter?: Quoter;
}

/** Sampled timing of the engine's hot operations (see {@link EngineOptions.perf}). */
export interface PerfProbe {
  /** A monotonic clock, ms (performance.now). */
  now(): number;
  /** Time one call in this many (a power of two). */
  every: number;
  /** One timed call of `operation`, ms. */
  record(operation: string, ms: number): void;
}

/** A quoting model: fills `out` with a ladder for the inputs. */
export type Quoter = (inp: QuoteInputs, prm: QuoteParams, out: QuoteDecision) => QuoteDecision;

/** The engine. See the module doc. */
export class Engine {
  /** Market data. */
  readonly feed: MarketFeed;
  /** Trade-flow features (rates, κ, U). */
  readonly features: MarketFeatures;
  /** Toxicity σ. */
  readonly toxicity: Toxicity;
  /** Our orders. */
  readonly tracker: OrderTracker = new OrderTracker();
  /** Our balances. */
  readonly inventory: Inventory = new Inventory();
  /** The last decision. */
  readonly decision: QuoteDecision;
  /** Trading state. */
  state: TradingState = "starting";
  /** Active pause reasons. */
  readonly pauses: Set<string> = new Set();
  /** Why halted. */
  haltReason = "";
  /** Stopped by a kill switch (the runtime exits 4). */
  killed = false;
  /** Fills applied. */
  fills = 0;
  /** Post-only orders that lost the race to a moving book (see {@link EngineStatus.races}). */
  races = 0;
  /** Consecutive rejects and errors. */
  errorStreak = 0;
  /** Quoting decisions made (the cycle number journals carry with context tracking). */
  cycles = 0;
  /** Marked P&L since the start, USDC. */
  pnlUsdc = 0;
  /** Highest marked P&L, USDC. */
  peakPnlUsdc = 0;

  private readonly cfg: Config;
  private readonly prm: QuoteParams;
  private readonly diffPrm: DiffParams;
  private readonly out: EngineCommand[] = [];
  private readonly journal: (rec: EngineRecord) => void;
  private readonly tap: ((ev: MarketEvent) => void) | undefined;
  private readonly quoter: Quoter;
  private readonly perf: PerfProbe | undefined;
  private readonly perfMask: number;
  private perfFrames = 0;
  private perfCycles = 0;
  private frameMs = 0;
  private market: MarketInfo = { tickPips: 0, minOrderMicro: 0, ownOrdersInBook: true };
  private readonly top: Top = emptyTop();
  private readonly lastTop: Top = emptyTop();
  private readonly own: OwnLevels = { bid: new Map(), ask: new Map() };
  private equity0 = Number.NaN;
  private lastWaveMs = -Infinity;
  private lastDecisionLogMs = -Infinity;
  private lastLadder: TargetOrder[] = [];
  private lastSaveMs = Number.NaN;
  private lastCountersMs = -Infinity;
  private reconcileAsked = false;
  private lastReconcileMs = 0;
  // the last two-sided reference (× 1e8) and when it was read: held while one
  // public side is swept (quote.one_sided_hold_s)
  private lastRefE8 = 0;
  private lastRefMs = -Infinity;
  // cancel-only venue: when to probe next, and the current backoff, ms
  private cancelOnlyProbeMs = 0;
  private cancelOnlyBackoffMs = 0;
  private readonly drawdownLimitUsdc: number;

  /** @param opts config and journal sink */
  constructor(opts: EngineOptions) {
    const c = opts.config;
    this.cfg = c;
    this.prm = quoteParams(c);
    this.journal = opts.journal ?? (() => {});
    this.tap = opts.onMarketEvent;
    this.quoter = opts.quoter ?? decideQuotes;
    this.perf = opts.perf;
    this.perfMask = opts.perf ? Math.max(1, opts.perf.every) - 1 : 0;
    this.diffPrm = {
      sizeTolerance: c.quote.size_tolerance,
      sizeOverMicro: 0, // set at the start, from the exchange's minimum order
      requoteTicks: c.quote.requote_ticks,
      // 0: never replaced for its age (queue priority is worth keeping)
      maxQuoteAgeMs: c.quote.max_quote_age_s > 0 ? c.quote.max_quote_age_s * 1000 : Infinity,
    };
    const tick = c.market.tick_size ? Math.round(c.market.tick_size * 10_000) : 0;
    this.feed = new MarketFeed(c.market.asset_id_yes, c.market.asset_id_no, tick);
    this.features = new MarketFeatures(c.market.asset_id_yes, {
      rateWindowMs: RATE_WINDOW_MS,
      kappa0: c.quote.kappa0,
      kappaPriorN: c.calibration.kappa_prior_n,
      kappaTauMs: c.calibration.kappa_tau_s * 1000,
      crowdWindowMs: c.risk.U_window_s * 1000,
    });
    this.toxicity = new Toxicity(toxicityParams(c));
    this.decision = new QuoteDecision(c.quote.ladder_max_levels);
    this.drawdownLimitUsdc = c.risk.max_drawdown_frac * marketCapitalUsdc(c);
  }

  /** Commands produced since the last call, in order. */
  drain(): EngineCommand[] {
    return this.out.length === 0 ? NO_COMMANDS : this.out.splice(0, this.out.length);
  }

  /** Market constants in use (tick, minimum size). */
  get marketInfo(): MarketInfo {
    return this.market;
  }

  /** Processes one input. */
  handle(ev: EngineInput): void {
    switch (ev.kind) {
      case "started":
        return this.onStarted(ev);
      case "market_frame": {
        const p = this.perf;
        if (p === undefined || (++this.perfFrames & this.perfMask) !== 0) {
          return this.onFrame(ev.tMs, ev.text);
        }
        const t0 = p.now();
        this.onFrame(ev.tMs, ev.text);
        return p.record("market_message", p.now() - t0);
      }
      case "connection":
        return this.onConnection(ev.tMs, ev.channel, ev.up);
      case "order_update":
        return this.onOrderUpdate(ev.tMs, ev.orderId, ev.type, ev.matchedMicro);
      case "fills":
        if (this.applyFills(ev.tMs, ev.fills)) this.cycle(ev.tMs, "fill");
        return;
      case "order_signed":
        this.tracker.signed(ev.clientId, ev.orderId);
        return;
      case "place_result":
        return this.onPlaceResult(ev);
      case "cancel_result":
        return this.onCancelResult(ev);
      case "reconciled":
        return this.onReconciled(ev.tMs, ev.openOrders, ev.fills, ev.balances);
      case "reconcile_failed":
        // nothing is known until one succeeds: the pauses stay, the timer asks again
        this.reconcileAsked = false;
        this.lastReconcileMs = ev.tMs - RECONCILE_EVERY_MS + RECONCILE_RETRY_MS;
        this.bumpErrors(ev.tMs);
        return;
      case "public_trades":
        for (const t of ev.trades) this.features.crowd.observe(t.wallet, t.tMs);
        return;
      case "heartbeat":
        if (!ev.ok) {
          this.journal({
            type: "error",
            tMs: ev.tMs,
            operation: "heartbeat",
            error_type: "failed",
            message: ev.error,
            inputs: { working: this.tracker.working().length },
          });
          this.requestReconcile(ev.tMs);
        }
        return;
      case "timer":
        return this.onTimer(ev.tMs);
      case "stop_requested":
        return this.halt(ev.tMs, `stop: ${ev.reason}`, false);
    }
  }

  /** A snapshot for the status line. */
  status(): EngineStatus {
    const d = this.decision;
    const n = 10_000 / this.tickPips();
    return {
      state: this.state,
      reason: this.state === "halted" ? this.haltReason : [...this.pauses].join(","),
      p: d.p || Number.NaN,
      bid: d.bidTicks > 0 ? d.bidTicks / n : Number.NaN,
      ask: d.askTicks > 0 ? d.askTicks / n : Number.NaN,
      q: this.inventory.netMicro / MICRO,
      pnlUsdc: this.pnlUsdc,
      sigma: d.sigma,
      lambda: d.lambda,
      gamma: d.gamma,
      orders: this.tracker.working().length,
      fills: this.fills,
      races: this.races,
    };
  }

  /**
   * The public top of the market now (our own orders left out where they
   * show) into `out`; true when two-sided. For observers marking a run.
   */
  marketTop(out: Top): boolean {
    const ok = this.readTop();
    Object.assign(out, this.top);
    return ok;
  }

  /** The calibration to persist now (model §8). */
  calibration(tMs: number): CalibrationSnapshot {
    return {
      version: 1,
      conditionId: this.cfg.market.condition_id,
      savedMs: tMs,
      toxicity: this.toxicity.snapshot(tMs),
      kappaBid: this.features.kappaBid.snapshot(tMs),
      kappaAsk: this.features.kappaAsk.snapshot(tMs),
    };
  }

  // ------------------------------------------------------------ inputs

  private onStarted(ev: Extract<EngineInput, { kind: "started" }>): void {
    const c = this.cfg.market;
    this.market = {
      tickPips: c.tick_size ? Math.round(c.tick_size * 10_000) : ev.market.tickPips,
      minOrderMicro: c.min_order_size
        ? Math.round(c.min_order_size * MICRO)
        : ev.market.minOrderMicro,
      ownOrdersInBook: ev.market.ownOrdersInBook,
    };
    // the kept orders of one side exceed their targets by one minimum order at most
    this.diffPrm.sizeOverMicro =
      Math.floor(this.market.minOrderMicro / this.cfg.quote.ladder_max_levels / 10_000) * 10_000;
    this.feed.yes.setDefaultTick(this.market.tickPips);
    this.feed.no.setDefaultTick(this.market.tickPips);
    this.inventory.setBalances(ev.balances);
    for (const f of ev.knownFills) this.inventory.known(f);
    // leftovers of an earlier run: adopt them so they are tracked, then cancel
    // them — the ladder is rebuilt from the current state
    const leftovers = ev.openOrders.map((o) => this.tracker.adopt(o, this.market.tickPips, ev.tMs));
    if (leftovers.length > 0) {
      this.notice(
        ev.tMs,
        "warning",
        "leftovers",
        `cancelling ${leftovers.length} leftover order(s)`,
      );
      this.sendCancels(ev.tMs, leftovers);
    }
    const maxAge = this.cfg.calibration.max_age_s * 1000;
    const cal = ev.calibration;
    if (
      cal && cal.version === 1 && cal.conditionId === c.condition_id &&
      ev.tMs - cal.savedMs <= maxAge
    ) {
      this.toxicity.restore(cal.toxicity, ev.tMs);
      this.features.kappaBid.restore(cal.kappaBid);
      this.features.kappaAsk.restore(cal.kappaAsk);
      this.notice(
        ev.tMs,
        "info",
        "calibration_restored",
        `calibration restored (${Math.round((ev.tMs - cal.savedMs) / 1000)} s old)`,
      );
    } else if (ev.warm && this.cfg.calibration.warm_start) {
      this.warmStart(ev.tMs, ev.warm);
    }
    this.lastSaveMs = ev.tMs;
    this.lastReconcileMs = ev.tMs; // the start read the exchange's state
    this.setState(ev.tMs, "active", "started");
  }

  /** Warm start from history: σ from the price path, κ and U from recent trades. */
  private warmStart(tMs: number, w: WarmStartData): void {
    const grid = gridFromPips(this.market.tickPips || 100);
    const prices = w.prices.filter(([t, p]) => t <= tMs && p > 0 && p < 1).sort((a, b) =>
      a[0] - b[0]
    );
    for (const [t, p] of prices) {
      this.toxicity.observe(t, Math.log(p / (1 - p)), tickInLogit(p, 1 - p, grid), 0);
    }
    let j = 0;
    for (const tr of [...w.trades].sort((a, b) => a.tMs - b.tMs)) {
      while (j + 1 < prices.length && prices[j + 1][0] <= tr.tMs) j++;
      const ref = prices.length > 0 ? prices[j][1] : 0;
      const yes = tr.assetId === "" || tr.assetId === this.cfg.market.asset_id_yes;
      this.features.onTrade(
        {
          kind: "trade",
          assetId: yes ? this.cfg.market.asset_id_yes : this.cfg.market.asset_id_no,
          market: this.cfg.market.condition_id,
          tMs: tr.tMs,
          rxMs: tr.tMs,
          pricePips: tr.pricePips,
          sizeMicro: tr.sizeMicro,
          takerSide: tr.side,
          feeRateBps: 0,
        },
        Math.round(ref * PRICE_E8),
      );
      this.features.crowd.observe(tr.wallet, tr.tMs);
    }
    this.notice(
      tMs,
      "info",
      "warm_start",
      `warm start from ${prices.length} prices and ${w.trades.length} trades`,
    );
  }

  private onFrame(tMs: number, text: string): void {
    this.frameMs = tMs;
    this.feed.ingest(text, tMs, this.onMarketEvent);
    if (this.feed.resolved) return this.cycle(tMs, "resolved");
    // the decision reads the top only: a change deeper in the book, or in
    // our own orders, is not worth a cycle (the timer covers the clock)
    if (this.feed.takeChanges() > 0 && (this.topMoved() || this.state === "paused")) {
      this.cycle(tMs, "book");
    }
  }

  // bound once: a closure per frame would be an allocation on the hot path
  private readonly onMarketEvent = (m: MarketEvent): void => {
    const tMs = this.frameMs;
    this.tap?.(m);
    if (m.kind === "trade") {
      this.readTop();
      const ref = this.top.bidPips > 0 && this.top.askPips > 0 ? midE8(this.top) : 0;
      this.features.onTrade(m, ref);
    } else if (m.kind === "resolved") {
      this.notice(
        tMs,
        "info",
        "market_resolved",
        `market resolved: ${m.winningOutcome || m.winningAssetId} won`,
      );
    }
  };

  private onConnection(tMs: number, channel: "market" | "user", up: boolean): void {
    const reason = `${channel}_disconnected`;
    if (!up) {
      if (channel === "market") {
        // no replay: books are rebuilt from the snapshot sent on resubscribe
        this.feed.yes.clear();
        this.feed.no.clear();
      }
      this.pause(tMs, reason); // blind to the book or to our fills
      return;
    }
    this.pauses.delete(reason);
    // user events sent while a channel was away are not replayed, and cancels
    // sent during a market-channel outage may have raced fills: reconcile over
    // REST after every (re)connect before quoting again
    this.pause(tMs, "reconciling");
    this.requestReconcile(tMs);
  }

  private onOrderUpdate(tMs: number, id: string, type: string, matched: number): void {
    const o = this.tracker.get(id);
    if (!o) return;
    // the venue's cumulative size: the order's matched size is the larger of it
    // and our trades, so an UPDATE before its trade neither drops the order nor
    // counts the trade twice
    this.tracker.report(o, matched);
    if (type !== "CANCELLATION") this.reviveIfAbsent(tMs, o, "an order update");
    if (type === "PLACEMENT" && o.state === "pending") o.state = "live";
    if (type === "CANCELLATION") this.finish(tMs, o, "canceled");
    else if (o.remainingMicro === 0) this.finish(tMs, o, "filled");
  }

  /** Applies fill reports; returns true when the position changed. */
  private applyFills(tMs: number, fills: Fill[]): boolean {
    let changed = false;
    for (const f of fills) {
      const effect = this.inventory.apply(f);
      if (effect === "duplicate") continue;
      const o = this.tracker.get(f.orderId);
      // a trade seen for the first time consumed the order at the venue, even
      // one that later fails (the inventory reverts the position, not the order)
      if (o && (effect === "applied" || effect === "ignored")) {
        this.tracker.trade(o, f.sizeMicro);
        // given up for absent, yet it traded: it was at the venue and may rest still
        if (!this.reviveIfAbsent(tMs, o, "a trade")) {
          if (o.state !== "done" && o.remainingMicro === 0) this.finish(tMs, o, "filled");
        }
      }
      if (effect === "ignored") continue;
      changed = true;
      if (effect === "applied") {
        this.fills++;
        // markout toxicity: +1 when the fill added YES exposure
        const addsYes = isYesBid(f.token, f.side);
        const x = this.decision.p > 0 && this.decision.p < 1 ? this.decision.x : Number.NaN;
        if (!Number.isNaN(x)) this.toxicity.onFill(tMs, x, addsYes ? 1 : -1);
      }
      this.journal({
        type: "fill",
        tMs,
        fill: f,
        effect,
        yesMicro: this.inventory.yesMicro,
        noMicro: this.inventory.noMicro,
        cashMicro: this.inventory.cashMicro,
      });
    }
    return changed;
  }

  private onPlaceResult(ev: Extract<EngineInput, { kind: "place_result" }>): void {
    const o = this.tracker.client(ev.clientId);
    if (!o) return;
    const outcome = ev.outcome;
    if (outcome === "live" || outcome === "matched") {
      this.errorStreak = 0;
      this.cancelOnlyBackoffMs = 0;
      if (this.reviveIfAbsent(ev.tMs, o, "its accepted placement")) return;
      if (o.state === "pending") o.state = "live";
      this.journal({
        type: "order",
        tMs: ev.tMs,
        clientId: o.clientId,
        orderId: o.orderId,
        change: "placed",
        detail: outcome,
      });
      if (o.cancelWhenPlaced && o.state === "live") this.sendCancels(ev.tMs, [o]);
      return;
    }
    const unknown = outcome === "transient" || outcome === "rate_limited";
    this.journal({
      type: "order",
      tMs: ev.tMs,
      clientId: o.clientId,
      orderId: o.orderId,
      change: unknown ? "unknown" : "rejected",
      detail: outcome,
    });
    switch (outcome) {
      case "cancel_only":
        this.finish(ev.tMs, o, refusedAs(outcome));
        if (!this.pauses.has("exchange_cancel_only")) {
          // probe again after 1 s, 2 s, 4 s … 30 s while the venue stays closed
          this.cancelOnlyBackoffMs = Math.min(
            CANCEL_ONLY_PROBE_MAX_MS,
            this.cancelOnlyBackoffMs * 2 || CANCEL_ONLY_PROBE_MS,
          );
          this.cancelOnlyProbeMs = ev.tMs + this.cancelOnlyBackoffMs;
        }
        this.pause(ev.tMs, "exchange_cancel_only");
        return;
      case "crosses_book":
        // a race of fast markets, not a fault: the next cycle quotes from the new book
        this.races++;
        this.finish(ev.tMs, o, refusedAs(outcome));
        return;
      case "transient":
      case "rate_limited":
        this.bumpErrors(ev.tMs);
        // it may have reached the book: prove it either way (working until then)
        if (!this.reviveIfAbsent(ev.tMs, o, "a failed placement")) o.state = "unknown";
        this.requestReconcile(ev.tMs);
        return;
      case "insufficient_funds":
        this.bumpErrors(ev.tMs);
        this.finish(ev.tMs, o, refusedAs(outcome));
        this.requestReconcile(ev.tMs);
        return;
      case "rejected":
        this.bumpErrors(ev.tMs);
        this.finish(ev.tMs, o, refusedAs(outcome));
        return;
    }
  }

  private onCancelResult(ev: Extract<EngineInput, { kind: "cancel_result" }>): void {
    for (const id of ev.canceled) {
      const o = this.tracker.get(id);
      if (o) this.finish(ev.tMs, o, "canceled");
    }
    for (const [id, why] of Object.entries(ev.notCanceled)) {
      const o = this.tracker.get(id);
      if (!o) continue;
      // matched (its trades follow on the user channel: awaited in the worst
      // case meanwhile) or never there: not working any more
      if (why === "matched") {
        this.tracker.report(o, o.sizeMicro);
        this.finish(ev.tMs, o, "filled");
      } else this.finish(ev.tMs, o, "absent");
    }
    if (ev.failed.length > 0) {
      // the request failed (the runtime journals why): their fate is unknown
      for (const id of ev.failed) {
        const o = this.tracker.get(id);
        if (o && o.state !== "done") o.state = "unknown";
      }
      this.bumpErrors(ev.tMs);
      this.requestReconcile(ev.tMs);
    } else if (ev.canceled.length > 0) {
      this.errorStreak = 0;
    }
    this.cycle(ev.tMs, "cancel");
  }

  private onReconciled(
    tMs: number,
    open: ExchangeOrder[],
    fills: Fill[],
    balances: { cashMicro: number; yesMicro: number; noMicro: number },
  ): void {
    this.reconcileAsked = false;
    const seen = new Set(open.map((o) => o.id));
    const recancel: TrackedOrder[] = [];
    for (const o of this.tracker.working()) {
      if (o.orderId && seen.has(o.orderId)) {
        if (o.state === "unknown" || o.state === "pending") o.state = "live";
        else if (o.state === "canceling" && tMs - o.cancelSentMs > ABSENT_GRACE_MS) {
          // its cancel was never answered and it still rests: ask again
          o.state = "live";
          recancel.push(o);
        }
      } else if (o.state !== "pending" || tMs - o.createdMs > ABSENT_GRACE_MS) {
        this.finish(tMs, o, "absent");
      }
    }
    const orphans: TrackedOrder[] = [];
    for (const e of open) {
      const known = this.tracker.get(e.id);
      if (known) {
        this.tracker.report(known, e.matchedMicro);
        // finished here, resting there (a late placement): tracked again, cancelled
        if (known.state === "done") {
          this.reviveIfAbsent(tMs, known, "the venue's open orders", true);
        }
        continue;
      }
      orphans.push(this.tracker.adopt(e, this.market.tickPips, tMs));
    }
    if (recancel.length > 0) this.sendCancels(tMs, recancel);
    if (orphans.length > 0) {
      this.notice(
        tMs,
        "warning",
        "orphans",
        `cancelling ${orphans.length} untracked order(s) found at the exchange`,
      );
      this.sendCancels(tMs, orphans);
    }
    this.applyFills(tMs, fills);
    const mine = this.inventory.balances();
    if (
      (mine.cashMicro !== balances.cashMicro || mine.yesMicro !== balances.yesMicro ||
        mine.noMicro !== balances.noMicro) &&
      this.inventory.unsettled() === 0
    ) {
      this.notice(
        tMs,
        "warning",
        "balances_adopted",
        `balances adopted from the exchange: cash ${mine.cashMicro}→${balances.cashMicro}, ` +
          `YES ${mine.yesMicro}→${balances.yesMicro}, NO ${mine.noMicro}→${balances.noMicro} (micro)`,
      );
      this.inventory.setBalances(balances);
    }
    this.pauses.delete("reconciling");
    this.refreshState(tMs);
    this.cycle(tMs, "reconciled");
  }

  private onTimer(tMs: number): void {
    if (this.state === "halted") return;
    if (
      !Number.isNaN(this.lastSaveMs) &&
      tMs - this.lastSaveMs >= this.cfg.calibration.save_interval_s * 1000
    ) {
      this.lastSaveMs = tMs;
      this.out.push({ kind: "save_calibration", snapshot: this.calibration(tMs) });
    }
    if (tMs - this.lastCountersMs >= DECISION_HEARTBEAT_MS) {
      this.lastCountersMs = tMs;
      this.journal({ type: "counters", tMs, counters: this.feed.allCounters() });
      this.inventory.prune(tMs - FILL_MEMORY_MS);
    }
    if (this.pauses.has("exchange_cancel_only") && tMs >= this.cancelOnlyProbeMs) {
      // probe again: the next cycle tries to quote
      this.pauses.delete("exchange_cancel_only");
      this.refreshState(tMs);
    }
    if (tMs - this.lastReconcileMs >= RECONCILE_EVERY_MS) this.requestReconcile(tMs);
    this.tracker.prune(tMs - 3_600_000);
    this.cycle(tMs, "timer");
  }

  // ------------------------------------------------------------ the cycle

  /** One quoting cycle at `tMs`. */
  private cycle(tMs: number, why: string): void {
    if (this.state === "halted" || this.state === "starting") return;
    const c = this.cfg;
    if (this.feed.resolved) return this.halt(tMs, "market resolved", false);
    if (c.market.resolve_ts_ms - tMs <= c.risk.cancel_all_before_s * 1000) {
      return this.halt(tMs, "resolution guard: cancel_all_before_s reached", false);
    }
    // Liveness comes from the socket: any frame, PONG included, within
    // stale_after_s. An unchanged book on a live socket is a quiet market —
    // quoting goes on and resting orders keep their queue priority. (No data
    // yet is no book, not stale data.)
    const stale = !Number.isNaN(this.feed.lastRxMs) &&
      tMs - this.feed.lastRxMs > c.quote.stale_after_s * 1000;
    if (stale) this.pause(tMs, "stale_data");
    // the silence may have hidden fills and cancels too: ask the exchange
    else if (this.pauses.delete("stale_data")) this.requestReconcile(tMs);
    const twoSided = this.readTop();
    Object.assign(this.lastTop, this.top);
    // One public side empty (an outside trader swept it): keep the last
    // two-sided reference for one_sided_hold_s and quote the other side, and
    // on the swept side only what reduces |q| — then pause (no_book).
    let swept: "bid" | "ask" | null = null;
    if (twoSided) this.pauses.delete("no_book");
    else if (
      (this.top.bidPips > 0) !== (this.top.askPips > 0) && this.lastRefE8 > 0 &&
      tMs - this.lastRefMs <= c.quote.one_sided_hold_s * 1000
    ) {
      swept = this.top.bidPips > 0 ? "ask" : "bid";
      this.pauses.delete("no_book");
    } else this.pause(tMs, "no_book");
    this.refreshState(tMs);

    // features and marks, whatever the state
    let refE8 = 0;
    const tickPips = this.tickPips();
    if (twoSided) {
      refE8 = c.quote.reference === "micro" ? microE8(this.top) : midE8(this.top);
      this.lastRefE8 = refE8;
      this.lastRefMs = tMs;
      const p = refE8 / PRICE_E8;
      const grid = gridFromPips(tickPips);
      this.toxicity.observe(
        tMs,
        logOdds(refE8, PRICE_E8 - refE8),
        tickInLogit(p, 1 - p, grid),
        this.features.tradeRatePerMin(tMs),
      );
      this.mark(tMs, p);
      if ((this.state as TradingState) === "halted") return; // the drawdown switch fired
    } else if (swept !== null) {
      // the held reference, never beyond the side that is left
      const halfTickE8 = tickPips * 5_000;
      refE8 = swept === "bid"
        ? Math.min(this.lastRefE8, this.top.askPips * 10_000 - halfTickE8)
        : Math.max(this.lastRefE8, this.top.bidPips * 10_000 + halfTickE8);
    }

    if (this.state === "paused") return this.cancelWorking(tMs);
    if (refE8 <= 0 || refE8 >= PRICE_E8) return;

    // the decision
    const grid = gridFromPips(tickPips);
    const n = grid.ticksPerUnit;
    const budgetMicro = Math.max(
      0,
      marketCapitalUsdc(c) * MICRO -
        (this.inventory.yesMicro * refE8 + this.inventory.noMicro * (PRICE_E8 - refE8)) / PRICE_E8,
    );
    const sigma = this.toxicity.sigma;
    const kappaBid = this.features.kappaBid.value(tMs);
    const kappaAsk = this.features.kappaAsk.value(tMs);
    const crowdU = this.features.crowd.count(tMs);
    const bad = nonFinite({ sigma, kappaBid, kappaAsk, crowdU });
    if (bad !== null) return this.deny(tMs, why, "inputs", bad);
    const p = this.perf;
    const timed = p !== undefined && (++this.perfCycles & this.perfMask) === 0;
    let t0 = timed ? p.now() : 0;
    this.cycles++;
    const d = this.quoter(
      {
        tMs,
        grid,
        pRefE8: refE8,
        // a swept side bounds nothing: the other side's quotes may go as far as the grid
        bestBidTicks: swept === "bid" ? 1 : Math.floor(this.top.bidPips / tickPips),
        bestAskTicks: swept === "ask" ? n - 1 : Math.ceil(this.top.askPips / tickPips),
        minOrderMicro: this.market.minOrderMicro,
        yesMicro: this.inventory.yesMicro,
        noMicro: this.inventory.noMicro,
        cashMicro: Math.min(this.inventory.cashMicro, budgetMicro),
        sigma,
        kappaBid,
        kappaAsk,
        crowdU,
      },
      this.prm,
      this.decision,
    );
    if (timed) p.record("quote_decision", p.now() - t0);
    const invalid = invalidDecision(d, n);
    if (invalid !== null) return this.deny(tMs, why, "decision", invalid);

    const targets: TargetOrder[] = [];
    // on a swept side, only what reduces |q| (in shares, innermost first)
    let reduceLeft = swept === "bid"
      ? Math.max(0, -this.inventory.netMicro)
      : swept === "ask"
      ? Math.max(0, this.inventory.netMicro)
      : 0;
    for (let i = 0; i < d.count; i++) {
      const token = d.token[i] === TOKEN_YES ? "YES" : "NO";
      const side = d.side[i] === SIDE_BUY ? "BUY" : "SELL";
      let sizeMicro = d.sizeMicro[i];
      if (swept !== null && isYesBid(token, side) === (swept === "bid")) {
        sizeMicro = Math.min(sizeMicro, Math.floor(reduceLeft / 10_000) * 10_000);
        if (sizeMicro < this.market.minOrderMicro || sizeMicro <= 0) continue;
        reduceLeft -= sizeMicro;
      }
      targets.push({ token, side, priceTicks: d.priceTicks[i], sizeMicro });
    }
    if (timed) t0 = p.now();
    const diff = diffOrders(targets, this.tracker.working(), tickPips, tMs, this.diffPrm);
    if (timed) p.record("order_diff", p.now() - t0);
    let deferred = 0;
    // the worst case may reach q_max, not past it: the orders that stay after
    // this wave's cancels, outermost first, go when a side would be over (kept
    // orders may sit a little above their targets, and q_max moves with p)
    const limit = d.qMax * MICRO;
    const now = this.tracker.worstCase(this.inventory.netMicro, true);
    const staying = { long: now.long, short: now.short };
    for (const o of diff.cancel) {
      if (o.isBid) staying.long -= o.outstandingMicro;
      else staying.short -= o.outstandingMicro;
    }
    const excess = staying.long > limit || staying.short > limit
      ? excessCancels([...diff.keep].reverse(), staying, limit)
      : NO_ORDERS;
    const keep = excess.length === 0 ? diff.keep : diff.keep.filter((o) => !excess.includes(o));
    const acting = diff.cancel.length > 0 || diff.place.length > 0 || excess.length > 0;
    const throttled = acting && tMs - this.lastWaveMs < c.quote.min_requote_interval_ms;
    let cancels = excess.length === 0 ? diff.cancel : diff.cancel.concat(excess);
    if (acting && !throttled) {
      this.lastWaveMs = tMs;
      // new quotes go out first (the tick-to-order path); the orders they
      // replace are still counted — cash, crossing, worst-case inventory —
      // until their cancels are acknowledged
      deferred = this.sendPlaces(tMs, diff.place, tickPips, n, limit);
      this.sendCancels(tMs, cancels);
    } else if (throttled) {
      // the throttle holds back new quotes and re-pricing, never exposure past q_max
      cancels = excessCancels(cancels, now, limit);
      this.sendCancels(tMs, cancels);
    }
    // journal decisions that act or change the ladder, and one a minute otherwise
    const changed = this.ladderChanged(targets);
    if (
      (acting && !throttled) || changed || tMs - this.lastDecisionLogMs >= DECISION_HEARTBEAT_MS
    ) {
      this.lastDecisionLogMs = tMs;
      this.journal({
        type: "decision",
        tMs,
        why: swept === null ? why : `${why}, ${swept} side swept`,
        state: this.state,
        tickPips,
        quote: d.toRecord(),
        keep: keep.map((o) => o.orderId ?? `#${o.clientId}`),
        cancel: cancels.map((o) => o.orderId ?? `#${o.clientId}`),
        place: throttled ? [] : diff.place,
        deferred,
      });
    }
  }

  /**
   * A decision denied for a non-finite value: nothing new is placed, what
   * rests is cancelled (it was priced by the same model), and the reason is
   * journaled as `error_quote` — never a silent empty ladder.
   */
  private deny(tMs: number, why: string, stage: string, field: string): void {
    this.journal({
      type: "error",
      tMs,
      operation: "quote",
      error_type: "non_finite",
      message: `the quoting ${stage} has a non-finite ${field}: no quotes this cycle`,
      inputs: { why, field, sigma: String(this.toxicity.sigma) },
    });
    this.cancelWorking(tMs);
  }

  /**
   * Sends what can be placed now; returns how many orders were deferred: they
   * would cross one of our working orders, need cash or shares that working
   * orders still hold, or push the worst-case inventory — the position plus
   * every order of ours that may still fill on that side, old ones included
   * until their cancel is acknowledged — past `limitMicro` (q_max).
   */
  private sendPlaces(
    tMs: number,
    place: TargetOrder[],
    tickPips: number,
    n: number,
    limitMicro: number,
  ): number {
    if (place.length === 0) return 0;
    const res = this.tracker.reservations();
    let cash = this.inventory.cashMicro - res.cashMicro;
    let yes = this.inventory.yesMicro - res.yesMicro;
    let no = this.inventory.noMicro - res.noMicro;
    const wc = this.tracker.worstCase(this.inventory.netMicro);
    // YES-equivalent prices of our working orders, to avoid crossing ourselves
    let maxBid = 0;
    let minAsk = n;
    for (const o of this.tracker.working()) {
      if (o.tickPips !== tickPips) continue;
      const yesTicks = o.token === "YES" ? o.priceTicks : n - o.priceTicks;
      if (o.isBid) maxBid = Math.max(maxBid, yesTicks);
      else minAsk = Math.min(minAsk, yesTicks);
    }
    const orders: NewOrder[] = [];
    let deferred = 0;
    for (const t of place) {
      const yesTicks = t.token === "YES" ? t.priceTicks : n - t.priceTicks;
      const isBid = isYesBid(t.token, t.side);
      if (isBid ? yesTicks >= minAsk : yesTicks <= maxBid) {
        deferred++;
        continue;
      }
      if ((isBid ? wc.long : wc.short) + t.sizeMicro > limitMicro) {
        deferred++;
        continue;
      }
      if (t.side === "BUY") {
        const need = t.priceTicks * tickPips * t.sizeMicro / 10_000;
        if (need > cash) {
          deferred++;
          continue;
        }
        cash -= need;
      } else if (t.token === "YES") {
        if (t.sizeMicro > yes) {
          deferred++;
          continue;
        }
        yes -= t.sizeMicro;
      } else {
        if (t.sizeMicro > no) {
          deferred++;
          continue;
        }
        no -= t.sizeMicro;
      }
      if (isBid) wc.long += t.sizeMicro;
      else wc.short += t.sizeMicro;
      const o = this.tracker.create({ ...t, tickPips }, tMs);
      orders.push({
        clientId: o.clientId,
        token: t.token,
        side: t.side,
        priceTicks: t.priceTicks,
        tickPips,
        sizeMicro: t.sizeMicro,
      });
    }
    for (let i = 0; i < orders.length; i += MAX_BATCH) {
      this.out.push({ kind: "place", orders: orders.slice(i, i + MAX_BATCH) });
    }
    return deferred;
  }

  /** True when the ladder differs from the last cycle's (which it then remembers). */
  private ladderChanged(targets: TargetOrder[]): boolean {
    const prev = this.lastLadder;
    this.lastLadder = targets;
    if (prev.length !== targets.length) return true;
    for (let i = 0; i < targets.length; i++) {
      const a = prev[i];
      const b = targets[i];
      if (
        a.token !== b.token || a.side !== b.side || a.priceTicks !== b.priceTicks ||
        a.sizeMicro !== b.sizeMicro
      ) return true;
    }
    return false;
  }

  /** Cancels every working order not already being cancelled. */
  private cancelWorking(tMs: number): void {
    const working = this.tracker.working().filter((o) => o.state !== "canceling");
    if (working.length > 0) this.sendCancels(tMs, working);
  }

  /** Asks to cancel orders (pending ones are cancelled once their placement is answered). */
  private sendCancels(tMs: number, orders: TrackedOrder[]): void {
    const ids: string[] = [];
    for (const o of orders) {
      if (o.state === "done" || o.state === "canceling") continue;
      if (o.state === "pending" || !o.orderId) {
        o.cancelWhenPlaced = true;
        continue;
      }
      o.state = "canceling";
      o.cancelSentMs = tMs;
      ids.push(o.orderId);
    }
    if (ids.length > 0) this.out.push({ kind: "cancel", orderIds: ids });
  }

  // ------------------------------------------------------------ state

  /**
   * An order finished here that the venue shows resting, or may (`what` said
   * so): tracked again and cancelled at once — it was given up for absent and
   * the ladder rebuilt without it, so keeping it could double the exposure.
   * `any` revives whatever made it done (the venue's open orders are proof);
   * otherwise only an order given up for absent with something left. Returns
   * true when it revived the order.
   */
  private reviveIfAbsent(tMs: number, o: TrackedOrder, what: string, any = false): boolean {
    if (o.state !== "done" || o.remainingMicro <= 0) return false;
    if (!any && !o.doneReason.startsWith("absent")) return false;
    this.tracker.revive(o);
    this.notice(tMs, "warning", "order_revived", `order ${o.orderId} rests after all (${what})`);
    this.sendCancels(tMs, [o]);
    return true;
  }

  private finish(tMs: number, o: TrackedOrder, reason: string): void {
    if (o.state === "done") return;
    this.tracker.finish(o, reason);
    this.journal({
      type: "order",
      tMs,
      clientId: o.clientId,
      orderId: o.orderId,
      change: "done",
      detail: reason,
    });
  }

  private mark(tMs: number, p: number): void {
    const eq = this.inventory.equityUsdc(p);
    if (Number.isNaN(this.equity0)) this.equity0 = eq;
    this.pnlUsdc = eq - this.equity0;
    if (this.pnlUsdc > this.peakPnlUsdc) this.peakPnlUsdc = this.pnlUsdc;
    const dd = this.peakPnlUsdc - this.pnlUsdc;
    if (dd > this.drawdownLimitUsdc) {
      this.journal({
        type: "pnl",
        tMs,
        equityUsdc: eq,
        pnlUsdc: this.pnlUsdc,
        peakUsdc: this.peakPnlUsdc,
        drawdownUsdc: dd,
      });
      this.halt(
        tMs,
        `kill switch: drawdown ${dd.toFixed(2)} USDC > ${this.drawdownLimitUsdc.toFixed(2)}`,
        true,
      );
    }
  }

  private bumpErrors(tMs: number): void {
    this.errorStreak++;
    if (this.errorStreak >= this.cfg.risk.max_error_streak) {
      this.halt(tMs, `kill switch: ${this.errorStreak} consecutive rejects or errors`, true);
    }
  }

  private requestReconcile(tMs: number): void {
    this.lastReconcileMs = tMs;
    if (this.reconcileAsked) return;
    this.reconcileAsked = true;
    this.out.push({ kind: "reconcile" });
  }

  /** Pauses quoting for `reason`; nothing of ours may rest while paused. */
  private pause(tMs: number, reason: string): void {
    if (this.state === "halted") return;
    this.pauses.add(reason);
    this.refreshState(tMs);
    this.cancelWorking(tMs);
  }

  private refreshState(tMs: number): void {
    if (this.state === "halted" || this.state === "starting") return;
    const next: TradingState = this.pauses.size > 0 ? "paused" : "active";
    if (next !== this.state) this.setState(tMs, next, [...this.pauses].join(",") || "resumed");
  }

  private notice(tMs: number, level: "info" | "warning", code: string, message: string): void {
    this.journal({ type: "notice", tMs, level, code, message });
  }

  private setState(tMs: number, to: TradingState, reason: string): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    this.journal({ type: "state", tMs, from, to, reason });
  }

  /** Halts: cancels everything, saves calibration, asks to stop (`killed`: by a kill switch). */
  private halt(tMs: number, reason: string, killed: boolean): void {
    if (this.state === "halted") return;
    this.haltReason = reason;
    this.killed = killed;
    this.setState(tMs, "halted", reason);
    this.out.push({ kind: "cancel_all" });
    for (const o of this.tracker.working()) {
      if (o.state !== "canceling") {
        o.state = "canceling";
        o.cancelSentMs = tMs;
      }
    }
    this.out.push({ kind: "save_calibration", snapshot: this.calibration(tMs) });
    this.out.push({ kind: "stop", killed, reason });
  }

  /** The tick in force, pips: the books' (the venue changes it near the extremes), else the start's. */
  private tickPips(): number {
    return this.feed.yes.grid?.tickPips || this.feed.no.grid?.tickPips || this.market.tickPips ||
      100;
  }

  /** Reads the public top (without our own orders where they show) into `top`. */
  private readTop(): boolean {
    const own = this.own;
    own.bid.clear();
    own.ask.clear();
    if (this.market.ownOrdersInBook) {
      for (const o of this.tracker.working()) {
        const yes = yesPips(o.token, o.pricePips);
        const m = o.isBid ? own.bid : own.ask;
        m.set(yes, (m.get(yes) ?? 0) + o.remainingMicro);
      }
    }
    return publicTop(this.feed.yes, this.feed.no, own, this.top);
  }

  /** True when the public top differs from the one the last cycle read. */
  private topMoved(): boolean {
    this.readTop();
    const a = this.top;
    const b = this.lastTop;
    return a.bidPips !== b.bidPips || a.askPips !== b.askPips ||
      (this.cfg.quote.reference === "micro" &&
        (a.bidSizeMicro !== b.bidSizeMicro || a.askSizeMicro !== b.askSizeMicro));
  }

  /** The YES/NO consistency gap now, pips (a reported feature). */
  yesNoGapPips(): number {
    return yesNoGapPips(this.feed.yes, this.feed.no);
  }
}

/** The first of `values` that is not finite, by name, or null. */
function nonFinite(values: Record<string, number>): string | null {
  for (const k in values) if (!Number.isFinite(values[k])) return k;
  return null;
}

/**
 * The first field of a decision that is not a valid number (a NaN σ would
 * otherwise store as tick 0 in the ladder's integer arrays), or null.
 */
function invalidDecision(d: QuoteDecision, n: number): string | null {
  const bad = nonFinite({
    p: d.p,
    q: d.q,
    qMax: d.qMax,
    gamma: d.gamma,
    lambda: d.lambda,
    sigma: d.sigma,
    delta: d.delta,
    halfBid: d.halfBid,
    halfAsk: d.halfAsk,
  });
  if (bad !== null) return bad;
  for (let i = 0; i < d.count; i++) {
    if (!(d.priceTicks[i] >= 1 && d.priceTicks[i] <= n - 1)) return `priceTicks[${i}]`;
    if (!(d.sizeMicro[i] > 0)) return `sizeMicro[${i}]`;
  }
  return null;
}

/**
 * Of `orders` (in the order given), those to cancel so that no side's worst
 * case — `worst`, counting the orders that stay — is past `limit`: a side
 * over it loses orders until it is not. Used for kept orders sitting above
 * their targets, and for the cancels a throttled wave would hold back (q_max
 * shrank as the price moved): the throttle never keeps exposure past q_max.
 */
function excessCancels(
  cancel: TrackedOrder[],
  worst: { long: number; short: number },
  limit: number,
): TrackedOrder[] {
  let long = worst.long;
  let short = worst.short;
  const out: TrackedOrder[] = [];
  for (const o of cancel) {
    if (o.isBid ? long <= limit : short <= limit) continue;
    out.push(o);
    if (o.isBid) long -= o.outstandingMicro;
    else short -= o.outstandingMicro;
  }
  return out;
}

/** How a refused order ends in the journal: `rejected`, or `rejected: <why>` when typed further. */
function refusedAs(outcome: PlaceFailure): string {
  return outcome === "rejected" ? "rejected" : `rejected: ${outcome}`;
}
