/**
 * What the engine writes and how it is set up: its journal records, the
 * status line's snapshot, its options (journal sink, timing probe, market
 * tap, the quoting model).
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import type { MarketEvent } from "../market/mod.ts";
import type { QuoteDecision, QuoteInputs, QuoteParams, QuoteRecord } from "../model/mod.ts";
import type { Wave } from "./order_desk.ts";
import type { RewardSample } from "./rewards.ts";
import type { TargetOrder } from "./order_diff.ts";
import type { Fill, TradingState } from "./types.ts";

/** A journal record of the engine (inputs are journaled by the runner). */
export type EngineRecord =
  | {
    kind: "decision";
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
  | { kind: "state"; tMs: number; from: TradingState; to: TradingState; reason: string }
  | {
    kind: "fill";
    tMs: number;
    fill: Fill;
    effect: string;
    yesMicro: number;
    noMicro: number;
    cashMicro: number;
  }
  | {
    kind: "order";
    tMs: number;
    clientId: number;
    orderId: string | null;
    /** placed, unknown, rejected, done */
    change: string;
    detail: string;
  }
  | {
    kind: "notice";
    tMs: number;
    level: "info" | "warning";
    /** What happened, snake_case (journaled as the event name). */
    code: string;
    message: string;
  }
  | {
    /** A venue refusal or failure the engine saw (journaled as `error_<operation>`). */
    kind: "error";
    tMs: number;
    operation: string;
    /**
     * failed (heartbeats), non_finite (a quoting stage); the venue's
     * refusals are the runtime's error_place / error_cancel
     */
    errorType: string;
    message: string;
    /** The inputs that matter (the order, the ids). */
    inputs: Record<string, unknown>;
  }
  | {
    kind: "pnl";
    tMs: number;
    equityUsdc: number;
    pnlUsdc: number;
    peakUsdc: number;
    drawdownUsdc: number;
  }
  | { kind: "counters"; tMs: number; counters: Record<string, number> }
  /** A minute's estimate of our liquidity rewards. */
  | { kind: "reward"; tMs: number; sample: RewardSample }
  /** The venue's word on our orders: `scoring` of `orders` score; `expected` by our last estimate. */
  | { kind: "reward_check"; tMs: number; scoring: number; orders: number; expected: number };

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
  /** Factor of σ's fast time scales on the configured (1 when fixed; docs/model.md §5.1). */
  timeFactor: number;
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
  /** The last minute's reward estimate ("scoring k/n", today's USDC); null without a program. */
  rewards: RewardSample | null;
  /** The venue's last word on our orders (live only): k of n score; null before the first. */
  rewardsVenue: { tMs: number; scoring: number; orders: number } | null;
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
   * The quoting model: PM4's `decideQuotes` unless a comparison plugs in
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

/**
 * The journal record of a decision at `tMs`: the model's output `d`, what
 * wave `w` kept, cancelled and deferred, and the targets it placed (copied:
 * the engine reuses its target objects).
 */
export function decisionRecord(
  tMs: number,
  why: string,
  state: TradingState,
  tickPips: number,
  d: QuoteDecision,
  w: Wave,
  place: readonly TargetOrder[],
): EngineRecord {
  return {
    kind: "decision",
    tMs,
    why,
    state,
    tickPips,
    quote: d.toRecord(),
    keep: w.keep.map((o) => o.orderId ?? `#${o.clientId}`),
    cancel: w.cancel.map((o) => o.orderId ?? `#${o.clientId}`),
    place: w.throttled ? [] : place.map((t) => ({ ...t })),
    deferred: w.deferred,
  };
}

/**
 * What the last journaled decision said about the position and why each
 * side is (not) quoted. A decision is journaled when its wave acts, when this
 * changes (a fill moved q; the phase, a no-quote reason, a side's limit or a
 * swept side changed), and once a minute otherwise: a ladder that drifts within `requote_ticks` while
 * every order holds is the steady state — it neither allocates a record nor
 * writes a line.
 */
export class LoggedDecision {
  /** When the last decision was journaled, ms (−∞ before any). */
  tMs = -Infinity;
  private q = Number.NaN;
  private phase = "";
  private reason: string | null = null;
  private bidLimit = "";
  private askLimit = "";
  private swept: "bid" | "ask" | null = null;

  /** True when `d` (with the cycle's swept side) is news: see the class doc. */
  differs(d: QuoteDecision, swept: "bid" | "ask" | null): boolean {
    return d.q !== this.q || d.phase !== this.phase || d.reason !== this.reason ||
      d.bidLimit !== this.bidLimit ||
      d.askLimit !== this.askLimit || swept !== this.swept;
  }

  /** Notes `d`, journaled at `tMs`. */
  set(tMs: number, d: QuoteDecision, swept: "bid" | "ask" | null): void {
    this.tMs = tMs;
    this.q = d.q;
    this.phase = d.phase;
    this.reason = d.reason;
    this.bidLimit = d.bidLimit;
    this.askLimit = d.askLimit;
    this.swept = swept;
  }
}
