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
import {
  type MarketEvent,
  MarketFeatures,
  MarketFeed,
  midE8,
  type Top,
  yesNoGapPips,
} from "../market/mod.ts";
import {
  AdverseMarkouts,
  decideQuotes,
  gridFromPips,
  isYesBid,
  logOdds,
  MICRO,
  PRICE_E8,
  programRules,
  QuoteDecision,
  type QuoteInputs,
  type RewardRules,
  tickInLogit,
  Toxicity,
} from "../model/mod.ts";
import { calibrationSnapshot, startEstimators } from "./calibration.ts";
import { invalidDecision, nonFiniteInput } from "./guards.ts";
import { Switches } from "./switches.ts";
import { Inventory } from "./inventory.ts";
import { Ladder } from "./ladder.ts";
import { OrderDesk } from "./order_desk.ts";
import { diffOrders, type OrderDiff } from "./order_diff.ts";
import { type EngineParams, engineParams } from "./params.ts";
import { OrderTracker } from "./order_tracker.ts";
import { PublicTop } from "./public_top.ts";
import { RewardWatch } from "./rewards.ts";
import {
  decisionRecord,
  type EngineOptions,
  type EngineRecord,
  type EngineStatus,
  LoggedDecision,
  type PerfProbe,
  type Quoter,
} from "./records.ts";
import type {
  CalibrationSnapshot,
  CancelResult,
  EngineCommand,
  EngineInput,
  Fill,
  MarketInfo,
  PlaceResult,
  Started,
} from "./types.ts";

/** What {@link Engine.drain} returns when there is nothing to do (never mutated). */
const NO_COMMANDS: EngineCommand[] = Object.freeze([]) as unknown as EngineCommand[];

/** Journal a decision at least this often even when nothing changed, ms. */
const DECISION_HEARTBEAT_MS = 60_000;
/** The engine. See the module doc (and `mod.ts`'s example). */
export class Engine {
  /** Market data. */
  readonly feed: MarketFeed;
  /** Trade-flow features (rates, κ, U). */
  readonly features: MarketFeatures;
  /** The toxicity estimator behind σ (shocks, markouts, trade intensity). */
  readonly toxicity: Toxicity;
  /** Adverse selection per side from our own fills (§6's per-side widening). */
  readonly adverse: AdverseMarkouts;
  /** Our orders. */
  readonly tracker: OrderTracker = new OrderTracker();
  /** Our balances. */
  readonly inventory: Inventory = new Inventory();
  /** The last decision. */
  readonly decision: QuoteDecision;
  /** Trading state, pauses, kill switches, the marked P&L. */
  readonly switches: Switches;
  /** Fills applied. */
  fills = 0;
  /** Post-only orders that lost the race to a moving book (see {@link EngineStatus.races}). */
  races = 0;
  /** Quoting decisions made (the cycle number journals carry with context tracking). */
  cycles = 0;

  private readonly cfg: Config;
  private readonly prm: EngineParams;
  private readonly out: EngineCommand[] = [];
  private readonly journal: (rec: EngineRecord) => void;
  private readonly tap: ((ev: MarketEvent) => void) | undefined;
  private readonly quoter: Quoter;
  private readonly perf: PerfProbe | undefined;
  private readonly perfMask: number;
  private perfFrames = 0;
  private perfCycles = 0;
  // the time of the input being handled, ms (for callbacks bound once)
  private nowMs = 0;
  private market: MarketInfo = { tickPips: 0, minOrderMicro: 0, ownOrdersInBook: true };
  /** The market's reward program and our estimated share of it. */
  readonly rewards: RewardWatch = new RewardWatch();
  private nextRewardMs = Number.NaN;
  // the rewards mode's q_max is below the min incentive size (warned once)
  private rewardsShort = false;
  private readonly top: Top;
  private readonly publicTop: PublicTop;
  private readonly desk: OrderDesk;
  private readonly ladder = new Ladder();
  private readonly diff: OrderDiff = { keep: [], cancel: [], place: [] };
  private lastWaveMs = -Infinity;
  private readonly logged = new LoggedDecision();
  private lastSaveMs = Number.NaN;
  private lastCountersMs = -Infinity;

  /**
   * An engine for one market, before its `started` input.
   *
   * @param opts config and journal sink
   */
  constructor(opts: EngineOptions) {
    const c = opts.config;
    this.cfg = c;
    const prm = engineParams(c);
    this.prm = prm;
    this.journal = opts.journal ?? (() => {});
    this.tap = opts.onMarketEvent;
    this.quoter = opts.quoter ?? decideQuotes;
    this.perf = opts.perf;
    this.perfMask = opts.perf ? Math.max(1, opts.perf.every) - 1 : 0;
    this.feed = new MarketFeed(c.market.asset_id_yes, c.market.asset_id_no, prm.tickPips);
    this.features = new MarketFeatures(c.market.asset_id_yes, prm.features);
    this.toxicity = new Toxicity(prm.toxicity);
    this.adverse = new AdverseMarkouts(prm.adverse);
    this.decision = new QuoteDecision(c.quote.ladder_max_levels);
    this.switches = new Switches(prm, this.journal);
    this.desk = new OrderDesk(this.tracker, this.inventory, this.out, this.journal);
    this.publicTop = new PublicTop(this.feed, this.tracker, prm.micro, prm.oneSidedHoldMs);
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
    this.nowMs = ev.tMs;
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
      case "market_events":
        this.feed.ingestEvents(ev.events, ev.tMs, this.onMarketEvent);
        return this.afterFeed(ev.tMs);
      case "connection":
        return this.onConnection(ev.tMs, ev.channel, ev.up);
      case "order_update":
        return this.desk.orderUpdate(ev.tMs, ev.orderId, ev.type, ev.matchedMicro);
      case "fills":
        if (this.desk.fills(ev.tMs, ev.fills, this.onApplied)) this.cycle(ev.tMs, "fill");
        return;
      case "order_signed":
        this.tracker.signed(ev.clientId, ev.orderId);
        return;
      case "place_result":
        return this.onPlaceResult(ev);
      case "cancel_result":
        return this.onCancelResult(ev);
      case "reconciled":
        return this.onReconciled(ev);
      case "reconcile_failed":
        // nothing is known until one succeeds: the pauses stay, the timer asks again
        this.desk.reconcileFailed(ev.tMs);
        this.bumpErrors(ev.tMs);
        return;
      case "public_trades":
        for (const t of ev.trades) this.features.crowd.observe(t.wallet, t.tMs);
        return;
      case "heartbeat":
        if (!ev.ok) this.desk.heartbeatFailed(ev.tMs, ev.error);
        return;
      case "timer":
        return this.onTimer(ev.tMs);
      case "lease":
        return this.onLease(ev.tMs, ev.limitMicro, ev.halt);
      case "stop_requested":
        return this.halt(ev.tMs, `stop: ${ev.reason}`, false);
      case "market_rewards":
        return this.onRewards(ev.tMs, ev.rewards);
      case "orders_scoring":
        return this.onOrdersScoring(ev.tMs, ev.scoring);
    }
  }

  /** A snapshot for the status line. */
  status(): EngineStatus {
    const d = this.decision;
    const n = 10_000 / this.tickPips();
    return {
      state: this.switches.state,
      reason: this.switches.state === "halted"
        ? this.switches.haltReason
        : [...this.switches.pauses].join(","),
      p: d.p || Number.NaN,
      bid: d.bidTicks > 0 ? d.bidTicks / n : Number.NaN,
      ask: d.askTicks > 0 ? d.askTicks / n : Number.NaN,
      q: this.inventory.netMicro / MICRO,
      pnlUsdc: this.switches.pnlUsdc,
      sigma: d.sigma,
      timeFactor: this.toxicity.timeFactor,
      lambda: d.lambda,
      gamma: d.gamma,
      orders: this.tracker.working().length,
      fills: this.fills,
      races: this.races,
      rewards: this.rewards.last,
      rewardsVenue: this.rewards.venue,
    };
  }

  /**
   * The public top of the market now (our own orders left out where they
   * show) into `out`; true when two-sided. For observers marking a run.
   */
  marketTop(out: Top): boolean {
    const ok = this.publicTop.read();
    const t = this.top;
    out.bidPips = t.bidPips;
    out.askPips = t.askPips;
    out.bidSizeMicro = t.bidSizeMicro;
    out.askSizeMicro = t.askSizeMicro;
    return ok;
  }

  /** The calibration to persist now (model §8). */
  calibration(tMs: number): CalibrationSnapshot {
    return calibrationSnapshot(this.cfg.market.condition_id, tMs, this);
  }

  /**
   * Capital deployed in this market now — the position's cost and the cash of
   * our buys (working, or matched and not yet reported) — micro-USDC.
   */
  get exposureMicro(): number {
    return this.inventory.costMicro + this.tracker.buyCashMicro();
  }

  /** The lease's capital limit in force, micro-USDC (Infinity without a ledger). */
  get capitalLimitMicro(): number {
    return this.desk.capitalLimitMicro;
  }

  /**
   * A lease renewal: the model sizes its quotes to the capital granted (its
   * bankroll becomes the lease), the order desk keeps what is deployed
   * within it — cancelling buys when it shrank — and a fleet halt stops
   * trading like a kill switch.
   */
  private onLease(tMs: number, limitMicro: number, halt: string | null): void {
    if (halt !== null) return this.halt(tMs, `portfolio halt: ${halt}`, true);
    if (limitMicro === this.desk.capitalLimitMicro) return;
    this.desk.capitalLimitMicro = limitMicro;
    this.prm.capitalMicro = limitMicro;
    this.prm.quote = { ...this.prm.quote, bankrollUsdc: limitMicro / MICRO, nPlays: 1 };
    if (this.switches.state !== "starting") this.desk.enforceCapital(tMs);
    this.cycle(tMs, "lease");
  }

  /** The start: market constants, balances, leftovers to cancel, the estimators' start. */
  private onStarted(ev: Started): void {
    const c = this.cfg.market;
    this.market = {
      tickPips: this.prm.tickPips || ev.market.tickPips,
      minOrderMicro: c.min_order_size
        ? Math.round(c.min_order_size * MICRO)
        : ev.market.minOrderMicro,
      ownOrdersInBook: ev.market.ownOrdersInBook,
    };
    this.publicTop.ownInBook = ev.market.ownOrdersInBook;
    this.rewards.rules = configRewards(c) ?? ev.market.rewards ?? null;
    // the kept orders of one side exceed their targets by one minimum order at most
    this.prm.diff.sizeOverMicro =
      Math.floor(this.market.minOrderMicro / this.cfg.quote.ladder_max_levels / 10_000) * 10_000;
    this.feed.yes.setDefaultTick(this.market.tickPips);
    this.feed.no.setDefaultTick(this.market.tickPips);
    this.inventory.setBalances(ev.balances);
    for (const f of ev.knownFills) this.inventory.known(f);
    // leftovers of an earlier run: adopt them so they are tracked, then cancel
    // them — the ladder is rebuilt from the current state
    const leftovers = ev.openOrders.map((o) => this.tracker.adopt(o, this.market.tickPips, ev.tMs));
    if (leftovers.length > 0) {
      const text = `cancelling ${leftovers.length} leftover order(s)`;
      this.notice(ev.tMs, "warning", "leftovers", text);
      this.desk.cancel(ev.tMs, leftovers);
    }
    const tick = this.market.tickPips;
    const start = startEstimators(this.cfg, ev.tMs, tick, ev.calibration, ev.warm, this);
    if (start !== null) this.notice(ev.tMs, "info", start.code, start.message);
    this.lastSaveMs = ev.tMs;
    this.desk.started(ev.tMs);
    this.switches.set(ev.tMs, "active", "started");
  }

  /** A market frame: the books move; a cycle when the public top did (or while paused). */
  private onFrame(tMs: number, text: string): void {
    this.feed.ingest(text, tMs, this.onMarketEvent);
    this.afterFeed(tMs);
  }

  /** What the books' new state calls for: a cycle when the top moved (or the market resolved). */
  private afterFeed(tMs: number): void {
    if (this.feed.resolved) return this.cycle(tMs, "resolved");
    // the decision reads the top only: a change deeper in the book, or in
    // our own orders, is not worth a cycle (the timer covers the clock)
    if (
      this.feed.takeChanges() > 0 &&
      (this.publicTop.moved() ||
        this.switches.state === "paused")
    ) {
      this.cycle(tMs, "book");
    }
  }

  // bound once: a closure per frame would be an allocation on the hot path
  private readonly onMarketEvent = (m: MarketEvent): void => {
    const tMs = this.nowMs;
    this.tap?.(m);
    if (m.kind === "trade") {
      this.publicTop.read();
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

  /** A channel went down (pause: blind) or came back (reconcile before quoting). */
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
    this.switches.pauses.delete(reason);
    // user events sent while a channel was away are not replayed, and cancels
    // sent during a market-channel outage may have raced fills: reconcile over
    // REST after every (re)connect before quoting again
    this.pause(tMs, "reconciling");
    this.desk.requestReconcile(tMs);
  }

  // bound once: a fill that changed the position feeds the markouts
  // (+1 when it added YES exposure)
  private readonly onApplied = (f: Fill): void => {
    this.fills++;
    const d = this.decision;
    if (d.p > 0 && d.p < 1) {
      const side = isYesBid(f.token, f.side) ? 1 : -1;
      this.toxicity.onFill(this.nowMs, d.x, side);
      this.adverse.onFill(this.nowMs, d.x, side);
    }
    this.rewards.onFill(this.nowMs, isYesBid(f.token, f.side), f.sizeMicro / MICRO);
  };

  /** The venue's answer to a placement, for the trading state (the desk applied it to the order). */
  private onPlaceResult(ev: PlaceResult): void {
    const outcome = this.desk.placeResult(ev);
    switch (outcome) {
      case null:
        return;
      case "live":
      case "matched":
        return this.switches.accepted();
      case "cancel_only":
        if (this.switches.cancelOnly(ev.tMs)) this.desk.cancelWorking(ev.tMs);
        return;
      case "crosses_book":
        // a race of fast markets, not a fault: the next cycle quotes from the new book
        this.races++;
        return;
      case "transient":
      case "rate_limited":
      case "insufficient_funds":
        this.bumpErrors(ev.tMs);
        return this.desk.requestReconcile(ev.tMs);
      case "rejected":
        return this.bumpErrors(ev.tMs);
    }
  }

  /** The venue's answer to cancels; a cycle when the last wave held orders back for them. */
  private onCancelResult(ev: CancelResult): void {
    if (this.desk.cancelResult(ev)) {
      this.bumpErrors(ev.tMs);
      this.desk.requestReconcile(ev.tMs);
    } else if (ev.canceled.length > 0) {
      this.switches.errorStreak = 0;
    }
    // what the last wave deferred may go now that cancels freed cash, shares or room
    if (this.desk.deferred > 0) this.cycle(ev.tMs, "cancel");
  }

  /** A reconciliation: the venue's open orders, fills and balances are the truth. */
  private onReconciled(ev: Extract<EngineInput, { kind: "reconciled" }>): void {
    const { tMs, balances } = ev;
    this.desk.reconcileAnswered();
    this.desk.reconcile(tMs, ev.openOrders, this.market.tickPips);
    this.desk.fills(tMs, ev.fills, this.onApplied);
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
    this.switches.pauses.delete("reconciling");
    this.switches.refresh(tMs);
    this.cycle(tMs, "reconciled");
  }

  /** The clock: calibration saves, counters, probes, reconciliation, memory, a cycle. */
  private onTimer(tMs: number): void {
    if (this.switches.state === "halted") return;
    if (
      !Number.isNaN(this.lastSaveMs) &&
      tMs - this.lastSaveMs >= this.prm.saveEveryMs
    ) {
      this.lastSaveMs = tMs;
      this.out.push({ kind: "save_calibration", snapshot: this.calibration(tMs) });
    }
    if (tMs - this.lastCountersMs >= DECISION_HEARTBEAT_MS) {
      this.lastCountersMs = tMs;
      this.journal({ kind: "counters", tMs, counters: this.feed.allCounters() });
      this.desk.forgetFills(tMs);
    }
    this.switches.probe(tMs);
    this.desk.reconcileIfDue(tMs);
    this.desk.forgetOrders(tMs);
    this.cycle(tMs, "timer");
    this.sampleRewards(tMs);
  }

  /**
   * The venue's reward program changed (or was first read): the rewards mode
   * follows it; a config override keeps its own.
   */
  private onRewards(tMs: number, rules: RewardRules | null): void {
    if (this.cfg.market.rewards_daily_usdc !== undefined) return;
    const before = this.rewards.rules;
    this.rewards.rules = rules;
    if (rewardsChanged(before, rules)) {
      this.journal({
        kind: "notice",
        tMs,
        level: "info",
        code: "rewards_changed",
        message: rules === null
          ? "the market's reward program ended"
          : `reward program: ${rules.dailyPoolUsdc} USDC/day, within ${rules.maxSpreadCents}¢ ` +
            `of the adjusted midpoint, at least ${rules.minSizeMicro / MICRO} shares`,
      });
    }
  }

  /**
   * The venue's answer on our resting orders: journaled beside what the
   * estimate expected; a warning when fewer score than the rewards mode
   * quoted to score (the band or the min size changed, the mid moved).
   */
  private onOrdersScoring(tMs: number, scoring: Record<string, boolean>): void {
    let k = 0;
    let n = 0;
    for (const o of this.tracker.working()) {
      if (o.orderId === null || !(o.orderId in scoring)) continue;
      n++;
      if (scoring[o.orderId]) k++;
    }
    this.rewards.venue = { tMs, scoring: k, orders: n };
    const expected = this.rewards.last?.scoring ?? 0;
    this.journal({ kind: "reward_check", tMs, scoring: k, orders: n, expected });
    if (this.decision.rewardSides > 0 && n > 0 && k < expected) {
      this.notScoring(
        tMs,
        `the venue scores ${k} of our ${n} resting orders; the estimate expected ${expected}`,
      );
    }
  }

  /**
   * The rewards mode never rests past q_max, and the time decay shrinks
   * q_max toward the resolution: while it is below the min incentive size
   * nothing of ours can score. A warning when that starts (with the bankroll
   * that would rest the size now: q_max is linear in it), a notice when q_max
   * is 5 % above the size again (p moves q_max a little: no flapping).
   */
  private rewardCapacity(tMs: number, d: QuoteDecision): void {
    const r = this.rewards.rules;
    if (r === null || d.reason !== null || d.phase !== "active") return;
    const min = r.minSizeMicro / MICRO;
    if (!this.rewardsShort && d.qMax < min) {
      this.rewardsShort = true;
      const need = this.cfg.risk.bankroll_B * min / d.qMax;
      this.notice(
        tMs,
        "warning",
        "rewards_capacity",
        `the rewards mode cannot rest the min incentive size (${min} shares): q_max is ` +
          `${d.qMax.toFixed(2)} shares at time factor ${d.tf.toFixed(3)}; ` +
          (Number.isFinite(need)
            ? `bankroll_B ${Math.ceil(need)} USDC would rest it now`
            : "no bankroll rests it now"),
      );
    } else if (this.rewardsShort && d.qMax >= 1.05 * min) {
      this.rewardsShort = false;
      this.notice(
        tMs,
        "info",
        "rewards_capacity",
        `q_max (${d.qMax.toFixed(2)} shares) rests the min incentive size (${min}) again`,
      );
    }
  }

  /** Orders the rewards mode quoted to score do not: a warning event. */
  private notScoring(tMs: number, message: string): void {
    this.journal({ kind: "notice", tMs, level: "warning", code: "rewards_not_scoring", message });
  }

  /**
   * A minute's reward estimate (on the timer: the venue samples every
   * minute), journaled; a warning when orders we meant to score do not.
   */
  private sampleRewards(tMs: number): void {
    if (this.rewards.rules === null || this.switches.state === "starting") return;
    if (tMs < this.nextRewardMs) return;
    this.nextRewardMs = (Math.floor(tMs / 60_000) + 1) * 60_000;
    const s = this.rewards.sample(
      tMs,
      this.feed.yes,
      this.tracker.working(),
      this.market.ownOrdersInBook,
    );
    if (s === null) return;
    this.journal({ kind: "reward", tMs, sample: s });
    // the last decision quoted to score: its orders should
    if (this.decision.rewardSides > 0 && s.orders > 0 && s.scoring === 0) {
      const r = this.rewards.rules;
      this.notScoring(
        tMs,
        `none of our ${s.orders} resting orders scores (band ${r.maxSpreadCents}¢, min ` +
          `${r.minSizeMicro / MICRO} shares): the mid moved, or the program changed`,
      );
    }
  }

  /** One quoting cycle at `tMs`. */
  private cycle(tMs: number, why: string): void {
    if (this.switches.state === "halted" || this.switches.state === "starting") return;
    const c = this.cfg;
    if (this.feed.resolved) return this.halt(tMs, "market resolved", false);
    if (c.market.resolve_ts_ms - tMs <= this.prm.cancelAllBeforeMs) {
      return this.halt(tMs, "resolution guard: cancel_all_before_s reached", false);
    }
    // Liveness comes from the socket: any frame, PONG included, within
    // stale_after_s. An unchanged book on a live socket is a quiet market —
    // quoting goes on and resting orders keep their queue priority. (No data
    // yet is no book, not stale data.)
    const stale = !Number.isNaN(this.feed.lastRxMs) &&
      tMs - this.feed.lastRxMs > this.prm.staleAfterMs;
    if (stale) this.pause(tMs, "stale_data");
    // the silence may have hidden fills and cancels too: ask the exchange
    else if (this.switches.pauses.delete("stale_data")) this.desk.requestReconcile(tMs);
    const tickPips = this.tickPips();
    const grid = gridFromPips(tickPips);
    const { twoSided, swept, refE8 } = this.publicTop.reference(tMs, tickPips);
    if (twoSided || swept !== null) this.switches.pauses.delete("no_book");
    else this.pause(tMs, "no_book");
    this.switches.refresh(tMs);
    // features and marks, whatever the state
    const tradesPerMin = this.features.tradeRatePerMin(tMs);
    if (twoSided) {
      const p = refE8 / PRICE_E8;
      this.inventory.priceUnknown(p);
      const x = logOdds(refE8, PRICE_E8 - refE8);
      this.toxicity.observe(tMs, x, tickInLogit(p, 1 - p, grid), tradesPerMin);
      this.adverse.observe(tMs, x);
      const kill = this.switches.mark(tMs, this.inventory.equityUsdc(p));
      if (kill !== null) return this.halt(tMs, kill, true);
    }

    if (this.switches.state === "paused") return this.desk.cancelWorking(tMs);
    if (refE8 <= 0 || refE8 >= PRICE_E8) return;

    // the decision
    const n = grid.ticksPerUnit;
    const budgetMicro = Math.max(
      0,
      this.prm.capitalMicro -
        (this.inventory.yesMicro * refE8 + this.inventory.noMicro * (PRICE_E8 - refE8)) / PRICE_E8,
    );
    const inp: QuoteInputs = {
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
      sigma: this.toxicity.sigma,
      riskVar: this.toxicity.riskVar,
      kappaBid: this.features.kappaBid.value(tMs),
      kappaAsk: this.features.kappaAsk.value(tMs),
      crowdU: this.features.crowd.count(tMs),
      adverseBid: this.adverse.value(1, tMs),
      adverseAsk: this.adverse.value(-1, tMs),
      flow: this.features.flow.value(tMs),
      tradesPerMin,
      rewards: this.prm.quote.rewardsOn
        ? this.rewards.inputs(
          this.feed.yes,
          this.tracker.working(),
          this.market.ownOrdersInBook,
          this.features.kappaBid.printRate(tMs),
          this.features.kappaAsk.printRate(tMs),
          tMs,
        )
        : null,
    };
    const bad = nonFiniteInput(inp);
    if (bad !== null) return this.deny(tMs, why, "inputs", bad);
    const p = this.perf;
    const timed = p !== undefined && (++this.perfCycles & this.perfMask) === 0;
    let t0 = timed ? p.now() : 0;
    this.cycles++;
    const d = this.quoter(inp, this.prm.quote, this.decision);
    if (timed) p.record("quote_decision", p.now() - t0);
    const invalid = invalidDecision(d, n);
    if (invalid !== null) return this.deny(tMs, why, "decision", invalid);
    if (this.prm.quote.rewardsOn) this.rewardCapacity(tMs, d);

    this.ladder.build(d, swept, this.inventory.netMicro, this.market.minOrderMicro);
    if (timed) t0 = p.now();
    const diff = diffOrders(
      this.ladder.targets,
      this.tracker.working(),
      tickPips,
      tMs,
      this.prm.diff,
      this.diff,
      this.ladder.keepMinMicro,
    );
    if (timed) p.record("order_diff", p.now() - t0);
    const w = this.desk.wave(
      tMs,
      diff,
      tickPips,
      n,
      d.qMax * MICRO,
      tMs - this.lastWaveMs >= this.prm.minRequoteMs,
    );
    const acted = w.acting && !w.throttled;
    if (acted) this.lastWaveMs = tMs;
    if (acted || this.logged.differs(d, swept) || tMs - this.logged.tMs >= DECISION_HEARTBEAT_MS) {
      this.logged.set(tMs, d, swept);
      const whyNow = swept === null ? why : `${why}, ${swept} side swept`;
      this.journal(decisionRecord(tMs, whyNow, this.switches.state, tickPips, d, w, diff.place));
    }
  }

  /**
   * A decision denied for a non-finite value: nothing new is placed, what
   * rests is cancelled (it was priced by the same model), and the reason is
   * journaled as `error_quote` — never a silent empty ladder.
   */
  private deny(tMs: number, why: string, stage: string, field: string): void {
    this.journal({
      kind: "error",
      tMs,
      operation: "quote",
      errorType: "non_finite",
      message: `the quoting ${stage} has a non-finite ${field}: no quotes this cycle`,
      inputs: { why, field, sigma: String(this.toxicity.sigma) },
    });
    this.desk.cancelWorking(tMs);
  }

  /** One more error; the kill switch halts at the streak's limit. */
  private bumpErrors(tMs: number): void {
    const kill = this.switches.error();
    if (kill !== null) this.halt(tMs, kill, true);
  }

  /** Pauses quoting for `reason`; nothing of ours may rest while paused. */
  private pause(tMs: number, reason: string): void {
    if (this.switches.pause(tMs, reason)) this.desk.cancelWorking(tMs);
  }

  /** A notice in the journal (an event for the operator, not a fault). */
  private notice(tMs: number, level: "info" | "warning", code: string, message: string): void {
    this.journal({ kind: "notice", tMs, level, code, message });
  }

  /** Halts: cancels everything, saves calibration, asks to stop (`killed`: by a kill switch). */
  private halt(tMs: number, reason: string, killed: boolean): void {
    if (!this.switches.halt(tMs, reason, killed)) return;
    this.out.push({ kind: "cancel_all" });
    this.desk.cancelingAll(tMs);
    this.out.push({ kind: "save_calibration", snapshot: this.calibration(tMs) });
    this.out.push({ kind: "stop", killed, reason });
  }

  /** The tick in force, pips: the books' (the venue changes it near the extremes), else the start's. */
  private tickPips(): number {
    return this.feed.yes.grid?.tickPips || this.feed.no.grid?.tickPips || this.market.tickPips ||
      100;
  }

  /** The YES/NO consistency gap now, pips (a reported feature). */
  yesNoGapPips(): number {
    return yesNoGapPips(this.feed.yes, this.feed.no);
  }
}

/** The reward program a config overrides the venue's with, or null when it does not. */
function configRewards(m: Config["market"]): RewardRules | null {
  if (m.rewards_daily_usdc === undefined) return null;
  return programRules(m.rewards_daily_usdc, m.rewards_max_spread_cents!, m.rewards_min_size!);
}

function rewardsChanged(a: RewardRules | null, b: RewardRules | null): boolean {
  if (a === null || b === null) return a !== b;
  return a.dailyPoolUsdc !== b.dailyPoolUsdc || a.maxSpreadCents !== b.maxSpreadCents ||
    a.minSizeMicro !== b.minSizeMicro || a.multiplier !== b.multiplier || a.scale !== b.scale;
}
