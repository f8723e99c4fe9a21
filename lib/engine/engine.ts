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
  type QuoteParams,
  tickInLogit,
  Toxicity,
} from "../model/mod.ts";
import { excessCancels, invalidDecision, nonFiniteInput } from "./guards.ts";
import { Inventory } from "./inventory.ts";
import { Ladder } from "./ladder.ts";
import { OrderDesk } from "./order_desk.ts";
import { diffOrders, type DiffParams, type OrderDiff } from "./order_diff.ts";
import { OrderTracker, type TrackedOrder } from "./order_tracker.ts";
import { PublicTop } from "./public_top.ts";
import type { EngineOptions, EngineRecord, EngineStatus, PerfProbe, Quoter } from "./records.ts";
import type {
  Balances,
  CalibrationSnapshot,
  EngineCommand,
  EngineInput,
  ExchangeOrder,
  Fill,
  MarketInfo,
  TradingState,
  WarmStartData,
} from "./types.ts";

/** No orders (never mutated: no allocation for the usual empty case). */
const NO_ORDERS: TrackedOrder[] = Object.freeze([]) as unknown as TrackedOrder[];
/** What {@link Engine.drain} returns when there is nothing to do (never mutated). */
const NO_COMMANDS: EngineCommand[] = Object.freeze([]) as unknown as EngineCommand[];

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
/**
 * A finished order is remembered this long, ms: its late trades and order
 * updates find it (an hour while trades it matched are still on their way);
 * after that a trade still counts once (the inventory remembers trade ids)
 * and an order found resting is cancelled as an orphan.
 */
const DONE_MEMORY_MS = 600_000;
/** A venue in cancel-only mode is probed first after this, ms (doubling each refusal). */
const CANCEL_ONLY_PROBE_MS = 1_000;
/** The longest wait between probes of a cancel-only venue, ms. */
const CANCEL_ONLY_PROBE_MAX_MS = 30_000;

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
  private readonly top: Top;
  private readonly lastTop: Top = emptyTop();
  private readonly publicTop: PublicTop;
  private readonly desk: OrderDesk;
  private readonly ladder = new Ladder();
  private readonly diff: OrderDiff = { keep: [], cancel: [], place: [] };
  // how many orders the last wave held back (a cancel's answer may free them)
  private deferred = 0;
  private equity0 = Number.NaN;
  private lastWaveMs = -Infinity;
  private lastDecisionLogMs = -Infinity;
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
    this.desk = new OrderDesk(this.tracker, this.inventory, this.out, this.journal);
    this.publicTop = new PublicTop(this.feed, this.tracker);
    this.top = this.publicTop.top;
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
      this.desk.cancel(ev.tMs, leftovers);
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
    if (type !== "CANCELLATION") this.desk.reviveIfAbsent(tMs, o, "an order update");
    if (type === "PLACEMENT" && o.state === "pending") o.state = "live";
    if (type === "CANCELLATION") this.desk.finish(tMs, o, "canceled");
    else if (o.remainingMicro === 0) this.desk.finish(tMs, o, "filled");
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
        if (!this.desk.reviveIfAbsent(tMs, o, "a trade")) {
          if (o.state !== "done" && o.remainingMicro === 0) this.desk.finish(tMs, o, "filled");
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
    const outcome = this.desk.placeResult(ev);
    switch (outcome) {
      case null:
        return;
      case "live":
      case "matched":
        this.errorStreak = 0;
        this.cancelOnlyBackoffMs = 0;
        return;
      case "cancel_only":
        if (!this.pauses.has("exchange_cancel_only")) {
          // probe again after 1 s, 2 s, 4 s … 30 s while the venue stays closed
          this.cancelOnlyBackoffMs = Math.min(
            CANCEL_ONLY_PROBE_MAX_MS,
            this.cancelOnlyBackoffMs * 2 || CANCEL_ONLY_PROBE_MS,
          );
          this.cancelOnlyProbeMs = ev.tMs + this.cancelOnlyBackoffMs;
        }
        return this.pause(ev.tMs, "exchange_cancel_only");
      case "crosses_book":
        // a race of fast markets, not a fault: the next cycle quotes from the new book
        this.races++;
        return;
      case "transient":
      case "rate_limited":
      case "insufficient_funds":
        this.bumpErrors(ev.tMs);
        return this.requestReconcile(ev.tMs);
      case "rejected":
        return this.bumpErrors(ev.tMs);
    }
  }

  private onCancelResult(ev: Extract<EngineInput, { kind: "cancel_result" }>): void {
    if (this.desk.cancelResult(ev)) {
      this.bumpErrors(ev.tMs);
      this.requestReconcile(ev.tMs);
    } else if (ev.canceled.length > 0) {
      this.errorStreak = 0;
    }
    // what the last wave deferred may go now that cancels freed cash, shares or room
    if (this.deferred > 0) this.cycle(ev.tMs, "cancel");
  }

  private onReconciled(
    tMs: number,
    open: ExchangeOrder[],
    fills: Fill[],
    balances: Balances,
  ): void {
    this.reconcileAsked = false;
    this.desk.reconcile(tMs, open, this.market.tickPips);
    this.applyFills(tMs, fills);
    const mine = this.inventory.balances();
    if (
      (mine.cashMicro !== balances.cashMicro || mine.yesMicro !== balances.yesMicro ||
        mine.noMicro !== balances.noMicro) &&
      this.inventory.unsettled() === 0
    ) {
      this.desk.notice(
        tMs,
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
    this.tracker.prune(tMs - DONE_MEMORY_MS, tMs - FILL_MEMORY_MS);
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

    if (this.state === "paused") return this.desk.cancelWorking(tMs);
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
    const bad = nonFiniteInput(sigma, kappaBid, kappaAsk, crowdU);
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

    const changed = this.ladder.build(d, swept, this.inventory.netMicro, this.market.minOrderMicro);
    if (timed) t0 = p.now();
    const diff = diffOrders(
      this.ladder.targets,
      this.tracker.working(),
      tickPips,
      tMs,
      this.diffPrm,
      this.diff,
    );
    if (timed) p.record("order_diff", p.now() - t0);
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
    let deferred = 0;
    if (acting && !throttled) {
      this.lastWaveMs = tMs;
      // new quotes go out first (the tick-to-order path); the orders they
      // replace are still counted — cash, crossing, worst-case inventory —
      // until their cancels are acknowledged
      deferred = this.desk.place(tMs, diff.place, tickPips, n, limit);
      this.desk.cancel(tMs, cancels);
    } else if (throttled) {
      // the throttle holds back new quotes and re-pricing, never exposure past q_max
      cancels = excessCancels(cancels, now, limit);
      this.desk.cancel(tMs, cancels);
    }
    this.deferred = deferred;
    // journal decisions that act or change the ladder, and one a minute otherwise
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
        place: throttled ? [] : diff.place.map((t) => ({ ...t })),
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
    this.desk.cancelWorking(tMs);
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
    this.desk.cancelWorking(tMs);
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

  private readTop(): boolean {
    return this.publicTop.read(this.market.ownOrdersInBook);
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
