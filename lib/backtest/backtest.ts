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

import { type Config, marketCapitalUsdc } from "../config/mod.ts";
import {
  Engine,
  type EngineCommand,
  type EngineInput,
  type EngineRecord,
  InputQueue,
  type Quoter,
} from "../engine/mod.ts";
import { midE8, type PublicTrade, type TradePrinted } from "../market/mod.ts";
import { RunAnalytics, type RunResult } from "./analytics.ts";
import { QueueMatcher } from "./queue_matcher.ts";
import { SimulatedVenue } from "./venue.ts";

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
  /** The quoting model (default PM4's): the scorecard's baselines run through the same venue. */
  quoter?: Quoter;
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

/** The backtest. Feed it frames in time order, then call {@link Backtest.finish}. */
export class Backtest {
  /** The engine (the live one). */
  readonly engine: Engine;
  /** The run analytics. */
  readonly analytics: RunAnalytics;
  private readonly o: BacktestOptions;
  private readonly matcher: QueueMatcher;
  private readonly venue: SimulatedVenue;
  private readonly queue: InputQueue;
  private readonly trades: TradePrinted[] = [];
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
   * A backtest of `config` on a venue model, before its first frame.
   *
   * @param config the run's config (market ids, model, bankroll)
   * @param options the venue model
   * @param journal receives every engine record (optional)
   */
  constructor(
    private readonly config: Config,
    options: Partial<BacktestOptions> = {},
    private readonly journal?: (rec: EngineRecord | { kind: "input"; input: EngineInput }) => void,
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
      quoter: options.quoter,
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
      before: (input) => this.journal?.({ kind: "input", input }),
      command: (input, cmd) => this.command(input.tMs, cmd),
    });
    const cash = Math.round(marketCapitalUsdc(config) * 1e6);
    this.matcher = new QueueMatcher(
      this.engine.feed,
      config.market.asset_id_yes,
      this.o,
      { cashMicro: cash, yesMicro: 0, noMicro: 0 },
    );
    // the engine's view is feedLatencyMs old when it acts: its orders reach the
    // book that much later, besides their own travel
    this.venue = new SimulatedVenue(
      this.matcher,
      {
        toVenueMs: this.o.feedLatencyMs + this.o.orderLatencyMs,
        answerMs: this.o.orderLatencyMs,
        fillMs: this.o.feedLatencyMs,
      },
      (input) => this.input(input),
      (n) => `0xbt${n.toString(16).padStart(8, "0")}`,
    );
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

  /** The time of an input received at `rxMs`: never before the last one (counted when it was). */
  private clock(rxMs: number): number {
    if (rxMs < this.nowMs) {
      this.outOfOrder++;
      return this.nowMs;
    }
    return rxMs;
  }

  /** The engine's start at `t`: the virtual account's balances, no leftovers. */
  private begin(t: number): void {
    this.started = true;
    this.nowMs = t;
    const b = this.matcher.state().balances;
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

  /** Runs everything due up to `t` (timers, arrivals, answers, fill reports), in time order. */
  private advance(t: number): void {
    for (;;) {
      const v = this.venue.nextMs;
      const next = Math.min(v, this.nextTimerMs);
      if (next > t) break;
      this.nowMs = next;
      if (v === next) this.venue.runNext();
      else {
        this.nextTimerMs += this.refreshMs;
        this.input({ kind: "timer", tMs: next });
      }
    }
    this.nowMs = t;
  }

  // ------------------------------------------------------------ engine I/O

  /** Hands an input to the engine's queue. */
  private input(ev: EngineInput): void {
    this.queue.push(ev);
  }

  /** An engine command at `t`: to the venue, or the stop it asks for. */
  private command(t: number, cmd: EngineCommand): void {
    this.analytics.command(cmd);
    if (this.venue.command(t, cmd)) return;
    if (cmd.kind === "stop") this.stopped ??= { reason: cmd.reason, killed: cmd.killed };
  }

  /** After a frame at `t`: the matcher fills our orders from its trades, the mark moves. */
  private afterFrame(t: number): void {
    const fills = this.matcher.onFrame(t, this.trades);
    this.trades.length = 0;
    if (this.matcher.twoSided) this.analytics.mark(t, midE8(this.matcher.top));
    this.venue.fills(t, fills);
  }
}
