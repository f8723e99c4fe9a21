/**
 * The backtest: recorded market frames through the live engine, with an
 * in-process venue that fills our virtual orders by the queue-position model.
 *
 * Time is the exchange's (the frames' receive times). The engine sees each
 * frame when it was received; what it sends reaches the book after the feed
 * and order latencies (its view was that old, and the order travels), its
 * answers come back one order latency later, and fills are reported one feed
 * latency after they happen. Post-only orders that would cross the book on
 * arrival are refused as the venue would. Our orders join the back of their
 * level; the volume ahead shrinks with trades at the level and proportionally
 * with the cancels that trades do not explain; a print through the price, or
 * the opposite best reaching it, fills them. Makers pay no fee; a maker rebate
 * (a share of the taker's fee) can be credited. At a known resolution the
 * holdings pay 1 or 0. Deterministic: the same frames give the same result.
 *
 * @module
 */

import { isYesBid } from "../model/mod.ts";
import { type Config, marketCapitalUsdc } from "../config/mod.ts";
import {
  type CancelRefusal,
  Engine,
  type EngineCommand,
  type EngineInput,
  type EngineRecord,
  type ExchangeOrder,
  type Fill,
  InputQueue,
  Inventory,
  type NewOrder,
} from "../engine/mod.ts";
import {
  ASK,
  BID,
  consolidatedTop,
  emptyTop,
  type MarketEvent,
  midE8,
  type PublicTrade,
  type QueueFill,
  QueueModel,
  takerFeeMicro,
  unifiedLevelSize,
} from "../market/mod.ts";
import { RunAnalytics, type RunResult } from "./analytics.ts";

const UNIT = 10_000;
const NO_FILLS: QueueFill[] = [];

/** Venue model of a backtest. */
export interface BacktestOptions {
  /** Age of the engine's view of the market when it acts, ms. */
  feedLatencyMs: number;
  /** One-way time of an order or cancel to the venue (and of its answer back), ms. */
  orderLatencyMs: number;
  /** Taker fee rate (fraction) of the market, for the maker rebate. */
  takerFeeRate: number;
  /** Taker fee exponent: fee = size · rate · (p(1−p))^exponent. */
  feeExponent: number;
  /** Share of the taker's fee paid to the maker (0 = none). */
  makerRebateRate: number;
  /** Winning outcome when known from outside the data (a resolved market). */
  resolution?: "YES" | "NO";
  /** Tick of the market, pips (0: from the first book). */
  tickPips: number;
  /** Minimum order size, micro-shares. */
  minOrderMicro: number;
  /** Chart points to keep. */
  points?: number;
}

/** Sensible venue defaults: 50 ms of feed age, 50 ms each way, no fees. */
export const DEFAULT_BACKTEST: BacktestOptions = {
  feedLatencyMs: 50,
  orderLatencyMs: 50,
  takerFeeRate: 0,
  feeExponent: 1,
  makerRebateRate: 0,
  tickPips: 0,
  minOrderMicro: 5_000_000,
};

/** A backtest's result: the run analytics plus how the run ended. */
export interface BacktestResult extends RunResult {
  /** Why the engine stopped ("end of data" when the data ran out). */
  stopReason: string;
  /** A kill switch stopped the engine. */
  killed: boolean;
  /** Frames and market events processed. */
  frames: number;
  /** Market events (levels, trades, …) parsed; a book snapshot counts once. */
  events: number;
  /** Data points: level updates (each level of a snapshot counts) and trades. */
  dataPoints: number;
  /** Frames whose time went backwards (processed at the previous time). */
  outOfOrder: number;
}

interface VenueOrder {
  id: string;
  o: NewOrder;
  matchedMicro: number;
  yesPips: number;
  bookSide: number; // BID or ASK of the unified (YES) book
  levelSeen: number; // public size at the level when last looked at
  live: boolean;
}

type Scheduled =
  | { t: number; kind: "arrive_place"; id: string }
  | { t: number; kind: "arrive_cancel"; ids: string[] | null }
  | { t: number; kind: "deliver"; input: EngineInput };

/** The backtest. Feed it frames in time order, then call {@link Backtest.finish}. */
export class Backtest {
  /** The engine (the live one). */
  readonly engine: Engine;
  /** The run analytics. */
  readonly analytics: RunAnalytics;
  private readonly o: BacktestOptions;
  private readonly book = new QueueModel();
  private readonly orders = new Map<string, VenueOrder>();
  private readonly fills: Fill[] = [];
  private readonly schedule: Scheduled[] = [];
  private head = 0;
  private readonly queue: InputQueue;
  private readonly trades: MarketEvent[] = [];
  private readonly top = emptyTop();
  // the venue's balances of our account: its own record of our fills
  private readonly wallet = new Inventory();
  private seq = 0;
  private tradeSeq = 0;
  private nowMs = Number.NaN;
  private nextTimerMs = Infinity;
  private readonly refreshMs: number;
  private started = false;
  private stopped: { reason: string; killed: boolean } | null = null;
  private frames = 0;
  private outOfOrder = 0;
  private snapshotLevels = 0;
  private snapshots = 0;

  /**
   * @param config the run's config (market ids, model, bankroll)
   * @param options the venue model
   * @param journal receives every engine record (optional)
   */
  constructor(
    private readonly config: Config,
    options: Partial<BacktestOptions> = {},
    private readonly journal?: (rec: EngineRecord | { type: "input"; input: EngineInput }) => void,
  ) {
    this.o = { ...DEFAULT_BACKTEST, ...options };
    this.refreshMs = config.quote.refresh_s * 1000;
    this.analytics = new RunAnalytics({
      kind: "backtest",
      conditionId: config.market.condition_id,
      slippageBuffer: config.risk.slippage_buffer,
      cashReserveUsdc: config.risk.cash_reserve,
      points: options.points,
    });
    this.engine = new Engine({
      config,
      journal: (rec) => {
        this.analytics.record(rec);
        this.journal?.(rec);
      },
      onMarketEvent: (ev) => {
        if (ev.kind === "trade") this.trades.push(ev);
        else if (ev.kind === "book") {
          this.snapshots++;
          this.snapshotLevels += ev.bids.length + ev.asks.length;
        }
      },
    });
    this.queue = new InputQueue(this.engine, {
      before: (input) => this.journal?.({ type: "input", input }),
      command: (input, cmd) => this.command(input.tMs, cmd),
    });
    const cash = Math.round(marketCapitalUsdc(config) * 1e6);
    this.wallet.setBalances({ cashMicro: cash, yesMicro: 0, noMicro: 0 });
  }

  /** Data points so far: level updates (snapshot levels each count) and trades. */
  get dataPoints(): number {
    const stats = this.engine.feed.parser.stats;
    return stats.events - this.snapshots + this.snapshotLevels;
  }

  /** True once the engine stopped (a kill switch, the resolution); later data is ignored. */
  get done(): boolean {
    return this.stopped !== null;
  }

  /** One recorded frame received at `rxMs`. */
  frame(rxMs: number, text: string): void {
    if (this.stopped) return;
    const t = this.clock(rxMs);
    if (!this.started) this.begin(t);
    this.advance(t);
    if (this.stopped) return;
    this.frames++;
    this.input({ kind: "market_frame", tMs: t, text });
    this.afterFrame(t);
  }

  /** Public trades (data API) polled at `rxMs`: the crowd size U. */
  publicTrades(rxMs: number, trades: PublicTrade[]): void {
    if (this.stopped || !this.started) return;
    const t = this.clock(rxMs);
    this.advance(t);
    this.input({ kind: "public_trades", tMs: t, trades });
  }

  /** The recorder's market connection went down or came back at `rxMs` (frames were missed). */
  connection(rxMs: number, up: boolean): void {
    if (this.stopped || !this.started) return;
    const t = this.clock(rxMs);
    this.advance(t);
    this.input({ kind: "connection", tMs: t, channel: "market", up });
  }

  /** Ends the run at `endMs` (default: the last frame): stops the engine and settles. */
  finish(endMs = this.nowMs): BacktestResult {
    const t = Number.isNaN(endMs) ? 0 : Math.max(endMs, this.nowMs || 0);
    if (this.started) {
      this.advance(t);
      if (!this.stopped) this.input({ kind: "stop_requested", tMs: t, reason: "duration" });
      // let the final cancels and reports land
      this.advance(t + 2 * (this.o.feedLatencyMs + this.o.orderLatencyMs) + 1);
    }
    const resolved = this.engine.feed.resolved;
    const winner = resolved
      ? (resolved.winningAssetId === this.config.market.asset_id_yes ||
          /^yes$/i.test(resolved.winningOutcome)
        ? "YES"
        : "NO")
      : this.o.resolution;
    if (winner) this.analytics.resolve(resolved ? resolved.tMs || t : t, winner);
    const stats = this.engine.feed.parser.stats;
    return {
      ...this.analytics.result(),
      stopReason: this.stopped?.reason ?? "end of data",
      killed: this.stopped?.killed ?? false,
      frames: this.frames,
      events: stats.events,
      dataPoints: this.dataPoints,
      outOfOrder: this.outOfOrder,
    };
  }

  // ------------------------------------------------------------ time

  private clock(rxMs: number): number {
    if (rxMs < this.nowMs) {
      this.outOfOrder++;
      return this.nowMs;
    }
    return rxMs;
  }

  private begin(t: number): void {
    this.started = true;
    this.nowMs = t;
    const b = this.wallet.balances();
    this.analytics.start(t, b.cashMicro, b.yesMicro, b.noMicro);
    this.input({
      kind: "started",
      tMs: t,
      market: {
        tickPips: this.o.tickPips,
        minOrderMicro: this.o.minOrderMicro,
        ownOrdersInBook: false,
      },
      balances: b,
      openOrders: [],
      knownFills: [],
      calibration: null,
      warm: null,
    });
    this.nextTimerMs = t + this.refreshMs;
  }

  /** Runs everything scheduled up to `t` (timers, arrivals, answers), in time order. */
  private advance(t: number): void {
    for (;;) {
      const s = this.head < this.schedule.length ? this.schedule[this.head] : null;
      const next = Math.min(s ? s.t : Infinity, this.nextTimerMs);
      if (next > t) break;
      this.nowMs = next;
      if (s && s.t === next) {
        this.head++;
        if (this.head > 4096 && this.head * 2 > this.schedule.length) {
          this.schedule.splice(0, this.head);
          this.head = 0;
        }
        this.run(s);
      } else {
        this.nextTimerMs += this.refreshMs;
        this.input({ kind: "timer", tMs: next });
      }
    }
    this.nowMs = t;
  }

  private later(s: Scheduled): void {
    // every delay is a constant added to a non-decreasing time: the list stays sorted
    this.schedule.push(s);
  }

  // ------------------------------------------------------------ engine I/O

  private input(ev: EngineInput): void {
    this.queue.push(ev);
  }

  private command(t: number, cmd: EngineCommand): void {
    this.analytics.command(cmd);
    const arrive = t + this.o.feedLatencyMs + this.o.orderLatencyMs;
    switch (cmd.kind) {
      case "place":
        for (const o of cmd.orders) {
          const id = `0xbt${(++this.seq).toString(16).padStart(8, "0")}`;
          const yesPips = o.token === "YES"
            ? o.priceTicks * o.tickPips
            : UNIT - o.priceTicks * o.tickPips;
          const bookSide = isYesBid(o.token, o.side) ? BID : ASK;
          this.orders.set(id, {
            id,
            o,
            matchedMicro: 0,
            yesPips,
            bookSide,
            levelSeen: 0,
            live: false,
          });
          this.input({ kind: "order_signed", tMs: t, clientId: o.clientId, orderId: id });
          this.later({ t: arrive, kind: "arrive_place", id });
        }
        return;
      case "cancel":
        this.later({ t: arrive, kind: "arrive_cancel", ids: cmd.orderIds });
        return;
      case "cancel_all":
        this.later({ t: arrive, kind: "arrive_cancel", ids: null });
        return;
      case "reconcile":
        this.later({
          t: t + 2 * this.o.orderLatencyMs,
          kind: "deliver",
          input: {
            kind: "reconciled",
            tMs: t + 2 * this.o.orderLatencyMs,
            ...this.venueState(),
          },
        });
        return;
      case "save_calibration":
        return;
      case "stop":
        this.stopped ??= { reason: cmd.reason, killed: cmd.killed };
        return;
    }
  }

  private run(s: Scheduled): void {
    const answerAt = s.t + this.o.orderLatencyMs;
    if (s.kind === "deliver") {
      this.input(s.input);
      return;
    }
    if (s.kind === "arrive_place") {
      const v = this.orders.get(s.id)!;
      const crosses = this.readTop() &&
        (v.bookSide === BID ? v.yesPips >= this.top.askPips : v.yesPips <= this.top.bidPips);
      const ok = !crosses;
      if (ok) {
        v.live = true;
        v.levelSeen = this.levelSize(v.bookSide, v.yesPips);
        this.book.add(
          v.id,
          v.o.token,
          v.o.side,
          v.o.priceTicks * v.o.tickPips,
          v.o.sizeMicro,
          v.levelSeen,
        );
      } else {
        this.orders.delete(v.id);
      }
      this.later({
        t: answerAt,
        kind: "deliver",
        input: {
          kind: "place_result",
          tMs: answerAt,
          clientId: v.o.clientId,
          outcome: ok ? "live" : "crosses_book",
        },
      });
      return;
    }
    const ids = s.ids ?? [...this.orders.keys()];
    const canceled: string[] = [];
    const notCanceled: Record<string, CancelRefusal> = {};
    for (const id of ids) {
      const v = this.orders.get(id);
      if (v && v.live && this.book.remove(id)) {
        this.orders.delete(id);
        canceled.push(id);
      } else if (v && !v.live) {
        // still travelling: the venue has not seen it yet, so it cannot cancel it
        notCanceled[id] = "absent";
      } else {
        notCanceled[id] = v ? "matched" : "absent";
      }
    }
    if (s.ids === null && canceled.length === 0 && Object.keys(notCanceled).length === 0) return;
    this.later({
      t: answerAt,
      kind: "deliver",
      input: {
        kind: "cancel_result",
        tMs: answerAt,
        canceled,
        notCanceled,
        failed: [],
      },
    });
  }

  // ------------------------------------------------------------ the matcher

  private readTop(): boolean {
    return consolidatedTop(this.engine.feed.yes, this.engine.feed.no, this.top);
  }

  /** Public size at a level of the unified (YES) book, micro-shares. */
  private levelSize(side: number, yesPips: number): number {
    return unifiedLevelSize(this.engine.feed.yes, this.engine.feed.no, side, yesPips);
  }

  private afterFrame(t: number): void {
    let fills: QueueFill[] = NO_FILLS;
    for (const ev of this.trades) {
      if (ev.kind !== "trade" || this.book.size === 0) continue;
      const yes = ev.assetId === this.config.market.asset_id_yes;
      const yesPips = yes ? ev.pricePips : UNIT - ev.pricePips;
      const takerBuysYes = yes ? ev.takerSide === "buy" : ev.takerSide === "sell";
      const got = this.book.onTrade(yesPips, ev.sizeMicro, takerBuysYes);
      if (got.length > 0) fills = fills === NO_FILLS ? got : fills.concat(got);
    }
    this.trades.length = 0;
    if (this.book.size > 0) {
      for (const v of this.orders.values()) {
        if (!v.live) continue;
        const now = this.levelSize(v.bookSide, v.yesPips);
        if (now !== v.levelSeen) {
          this.book.onLevel(v.bookSide as 0 | 1, v.yesPips, v.levelSeen, now);
          v.levelSeen = now;
        }
      }
    }
    const twoSided = this.readTop();
    if (this.book.size > 0) {
      const got = this.book.onTop(this.top.bidPips, this.top.askPips);
      if (got.length > 0) fills = fills === NO_FILLS ? got : fills.concat(got);
    }
    if (twoSided) this.analytics.mark(t, midE8(this.top));
    if (fills.length > 0) this.fill(t, fills);
  }

  private fill(t: number, qf: QueueFill[]): void {
    const out: Fill[] = [];
    for (const f of qf) {
      const v = this.orders.get(f.orderId);
      if (!v || f.sizeMicro <= 0) continue;
      v.matchedMicro += f.sizeMicro;
      const rebate = Math.round(
        this.o.makerRebateRate *
          takerFeeMicro(f.pricePips, f.sizeMicro, this.o.takerFeeRate, this.o.feeExponent),
      );
      if (v.matchedMicro >= v.o.sizeMicro) this.orders.delete(v.id);
      const fill: Fill = {
        tradeId: `bt-${++this.tradeSeq}`,
        orderId: f.orderId,
        token: f.token,
        side: f.side,
        pricePips: f.pricePips,
        sizeMicro: f.sizeMicro,
        feeMicro: -rebate,
        status: "MATCHED",
        matchMs: t,
      };
      this.wallet.apply(fill); // a rebate is a negative fee
      this.fills.push(fill);
      out.push(fill);
    }
    if (this.fills.length > 10_000) this.fills.splice(0, this.fills.length - 10_000);
    if (out.length === 0) return;
    const at = t + this.o.feedLatencyMs;
    this.later({ t: at, kind: "deliver", input: { kind: "fills", tMs: at, fills: out } });
  }

  private venueState(): {
    openOrders: ExchangeOrder[];
    fills: Fill[];
    balances: { cashMicro: number; yesMicro: number; noMicro: number };
  } {
    const openOrders: ExchangeOrder[] = [];
    for (const v of this.orders.values()) {
      if (!v.live) continue;
      openOrders.push({
        id: v.id,
        token: v.o.token,
        side: v.o.side,
        pricePips: v.o.priceTicks * v.o.tickPips,
        originalMicro: v.o.sizeMicro,
        matchedMicro: v.matchedMicro,
      });
    }
    return {
      openOrders,
      fills: [...this.fills],
      balances: this.wallet.balances(),
    };
  }
}
