/**
 * What goes into the engine (inputs: past-tense events, each with the time
 * the engine sees it) and what comes out (commands, imperative). The engine
 * is deterministic given its inputs, so a journal of inputs replays into the
 * same decisions.
 *
 * @module
 */

import type { MarketEvent, PublicTrade } from "../market/mod.ts";
import type {
  AdverseSnapshot,
  KappaSnapshot,
  RewardRules,
  ToxicitySnapshot,
} from "../model/mod.ts";

/** Outcome token of an order. */
export type Outcome = "YES" | "NO";

/** An order we want on the exchange. Prices are the token's own, in ticks of `tickPips`. */
export interface NewOrder {
  /** Our id for it until the exchange's id is known. */
  clientId: number;
  /** Which outcome token: YES or NO. */
  token: Outcome;
  /** BUY or SELL, of its token. */
  side: "BUY" | "SELL";
  /** Price of `token`, ticks. */
  priceTicks: number;
  /** Tick the price is on, pips. */
  tickPips: number;
  /** Size, micro-shares (whole 0.01 shares). */
  sizeMicro: number;
}

/** One of our orders as the exchange reports it (REST open orders). */
export interface ExchangeOrder {
  /** Exchange order id. */
  id: string;
  /** Which outcome token: YES or NO. */
  token: Outcome;
  /** BUY or SELL, of its token. */
  side: "BUY" | "SELL";
  /** Price of the token, pips. */
  pricePips: number;
  /** Original size, micro-shares. */
  originalMicro: number;
  /** Matched so far, micro-shares. */
  matchedMicro: number;
}

/** Our part of one trade: a fill of one of our orders. */
export interface Fill {
  /** The venue's trade id (fills are deduplicated by it). */
  tradeId: string;
  /** The exchange id of our order that traded. */
  orderId: string;
  /** Token we traded. */
  token: Outcome;
  /** Our side of the trade: BUY or SELL of `token`. */
  side: "BUY" | "SELL";
  /** Our price of that token, pips. */
  pricePips: number;
  /** Size, micro-shares. */
  sizeMicro: number;
  /** Fee we paid, micro-USDC (makers pay none). */
  feeMicro: number;
  /** Settlement status: MATCHED counts, FAILED reverts. */
  status: "MATCHED" | "MINED" | "CONFIRMED" | "RETRYING" | "FAILED";
  /** Venue match time, ms. */
  matchMs: number;
}

/** Balances of the account, micro-units. */
export interface Balances {
  /** Collateral (pUSD/USDC). */
  cashMicro: number;
  /** YES shares. */
  yesMicro: number;
  /** NO shares. */
  noMicro: number;
}

/** Persisted calibration (model §8). */
export interface CalibrationSnapshot {
  /** Format version. */
  version: 1;
  /** Condition id it belongs to. */
  conditionId: string;
  /** When it was saved, ms. */
  savedMs: number;
  /** Toxicity state. */
  toxicity: ToxicitySnapshot;
  /** κ of the bid side. */
  kappaBid: KappaSnapshot;
  /** κ of the ask side. */
  kappaAsk: KappaSnapshot;
  /** Adverse selection per side (absent in files written before it). */
  adverse?: AdverseSnapshot;
}

/** History to warm-start from when no calibration is usable (model §8). */
export interface WarmStartData {
  /** YES price history: [ms, price]. */
  prices: [number, number][];
  /** Recent public trades. */
  trades: PublicTrade[];
}

/** Market constants read from the exchange at start. */
export interface MarketInfo {
  /** The market's tick, pips (1e-4 USDC). */
  tickPips: number;
  /** Minimum order size, micro-shares. */
  minOrderMicro: number;
  /**
   * Our orders show in the market data (a real venue): the reference price
   * then leaves them out. False where they are virtual (paper, backtest).
   */
  ownOrdersInBook: boolean;
  /** The market's liquidity-reward program (null or absent: none, or not read). */
  rewards?: RewardRules | null;
}

/**
 * Why a placement was refused or went unanswered, decided by the adapter
 * from the venue's answer (the engine never sees venue text or HTTP codes:
 * the runtime journals them as `error_place`):
 *
 * - `crosses_book`: a post-only order the market moved onto while it
 *   travelled — a race of fast markets, not a fault;
 * - `cancel_only`: the venue takes cancels only (or is disabled);
 * - `insufficient_funds`: balance or allowance short — our view of the
 *   balances is stale;
 * - `rate_limited`: throttled (429) — the order's fate is unknown;
 * - `transient`: no answer, or a server error — the order's fate is unknown;
 * - `rejected`: any other refusal.
 */
export type PlaceFailure =
  | "crosses_book"
  | "cancel_only"
  | "insufficient_funds"
  | "rate_limited"
  | "transient"
  | "rejected";

/** What a placement came to: resting (`live`), filled on entry (`matched`), or why not. */
export type PlaceStatus = "live" | "matched" | PlaceFailure;

/** Why the venue did not cancel an order: it had matched, or it was not there. */
export type CancelRefusal = "matched" | "absent";

/** The session started: the venue's state and the calibration to begin with. */
export interface Started {
  /** Discriminant. */
  kind: "started";
  /** When the session started, ms. */
  tMs: number;
  /** The venue's tick and minimum size. */
  market: MarketInfo;
  /** The account's balances at the start. */
  balances: Balances;
  /** This market's open orders left by an earlier run. */
  openOrders: ExchangeOrder[];
  /**
   * Our recent fills (the reconciliation window) that `balances` already
   * reflect: seen, not applied again when a reconciliation reports them.
   */
  knownFills: Fill[];
  /** The persisted calibration, when there is one. */
  calibration: CalibrationSnapshot | null;
  /** History for a warm start, when read. */
  warm: WarmStartData | null;
}

/** The venue's answer to a placement. */
export interface PlaceResult {
  /** Discriminant. */
  kind: "place_result";
  /** When the answer arrived, ms. */
  tMs: number;
  /** Our id of the order. */
  clientId: number;
  /** What the placement came to, as the adapter judged the venue's answer. */
  outcome: PlaceStatus;
}

/** The venue's answer to cancels. */
export interface CancelResult {
  /** Discriminant. */
  kind: "cancel_result";
  /** When the answer arrived, ms. */
  tMs: number;
  /** Ids the exchange cancelled. */
  canceled: string[];
  /** Ids it did not cancel: already matched, or not there at all. */
  notCanceled: Record<string, CancelRefusal>;
  /** Ids whose fate is unknown (the request failed). */
  failed: string[];
}

/** Everything the engine reacts to. */
export type EngineInput =
  | Started
  | { kind: "market_frame"; tMs: number; text: string }
  /**
   * Market events received at `tMs`, already decoded (a simulated venue
   * in-process has no text to parse), in the venue's order; the same as the
   * frames carrying them.
   */
  | { kind: "market_events"; tMs: number; events: MarketEvent[] }
  | { kind: "connection"; tMs: number; channel: "market" | "user"; up: boolean }
  | {
    kind: "order_update";
    tMs: number;
    orderId: string;
    type: "PLACEMENT" | "UPDATE" | "CANCELLATION";
    matchedMicro: number;
  }
  | { kind: "fills"; tMs: number; fills: Fill[] }
  | { kind: "order_signed"; tMs: number; clientId: number; orderId: string }
  | PlaceResult
  | CancelResult
  | {
    kind: "reconciled";
    tMs: number;
    openOrders: ExchangeOrder[];
    fills: Fill[];
    balances: Balances;
  }
  | {
    /** A reconciliation failed (after the adapter's retries): ask again soon. */
    kind: "reconcile_failed";
    tMs: number;
    error: string;
  }
  | { kind: "public_trades"; tMs: number; trades: PublicTrade[] }
  | { kind: "heartbeat"; tMs: number; ok: boolean; error: string }
  | { kind: "timer"; tMs: number }
  | {
    /**
     * The fleet ledger renewed this market's lease: the capital it may deploy
     * from now (micro-USDC), and the fleet's halt (the daily loss limit
     * across markets), which stops trading as a kill switch does.
     */
    kind: "lease";
    tMs: number;
    limitMicro: number;
    halt: string | null;
  }
  | { kind: "stop_requested"; tMs: number; reason: "signal" | "duration" | "until" }
  /** The venue's reward program as read again (it changes while live); null: none. */
  | { kind: "market_rewards"; tMs: number; rewards: RewardRules | null }
  /** The venue's answer to which of our orders score for rewards now (`/orders-scoring`). */
  | { kind: "orders_scoring"; tMs: number; scoring: Record<string, boolean> };

/** Everything the engine asks its adapters to do. */
export type EngineCommand =
  | { kind: "place"; orders: NewOrder[] }
  | { kind: "cancel"; orderIds: string[] }
  | { kind: "cancel_all" }
  | { kind: "reconcile" }
  | { kind: "save_calibration"; snapshot: CalibrationSnapshot }
  | {
    kind: "stop";
    /** By a kill switch (drawdown, error streak): the runtime exits 4. */
    killed: boolean;
    reason: string;
  };

/** The trading state (NautilusTrader-style): explicit, and journaled on every change. */
export type TradingState = "starting" | "active" | "paused" | "halted";
