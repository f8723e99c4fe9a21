/**
 * The exchange port: what the runtime needs from a venue. The live Polymarket
 * adapter and the paper adapter implement it; the engine never sees it.
 *
 * @module
 */

import type {
  Balances,
  EngineInput,
  ExchangeOrder,
  Fill,
  MarketInfo,
  NewOrder,
  WarmStartData,
} from "../engine/mod.ts";
import type { PublicTrade } from "../market/mod.ts";
import type { RewardRules } from "../model/mod.ts";
import type { CancelOutcome, PlaceOutcome } from "./outcomes.ts";

/** State read at start. */
export interface StartState {
  /** Tick and minimum size. */
  market: MarketInfo;
  /** Account balances. */
  balances: Balances;
  /** This market's open orders. */
  openOrders: ExchangeOrder[];
  /** Our fills since `sinceMs` (already in `balances`). */
  fills: Fill[];
}

/** A venue's user channel: where to listen and how to read it. */
export interface UserChannel {
  /** WebSocket URL. */
  url: string;
  /** Subscribe message (carries the credentials: never logged). */
  subscribe: unknown;
  /** The engine inputs of one frame received at `rxMs` (bad frames are counted and skipped). */
  parse(text: string, rxMs: number): EngineInput[];
}

/** A venue. */
export interface ExchangePort {
  /** `live` or `paper`. */
  readonly mode: "live" | "paper";
  /** Connects (keys, market constants, caches) and reads the starting state (fills since `sinceMs`). */
  start(sinceMs: number): Promise<StartState>;
  /**
   * Signs and posts orders (one batch). `onSigned` learns each order id as soon
   * as it is known, before the post, so an order whose answer is lost can
   * still be found.
   */
  place(
    orders: NewOrder[],
    onSigned: (clientId: number, orderId: string) => void,
  ): Promise<PlaceOutcome[]>;
  /** Cancels orders by id. */
  cancel(ids: string[]): Promise<CancelOutcome>;
  /** Cancels every order of this market. */
  cancelAll(): Promise<CancelOutcome>;
  /** Open orders, fills since `sinceMs` and balances, for a reconciliation. */
  reconcile(
    sinceMs: number,
  ): Promise<{ openOrders: ExchangeOrder[]; fills: Fill[]; balances: Balances }>;
  /** Keeps the venue's dead-man switch from cancelling our orders. */
  heartbeat(): Promise<{ ok: boolean; error: string }>;
  /** Price history and recent trades for a warm start (null when unavailable). */
  history(nowMs: number): Promise<WarmStartData | null>;
  /** Recent public trades (for the crowd size U). */
  publicTrades(): Promise<PublicTrade[]>;
  /** The market's liquidity-reward program as the venue publishes it now (null: none). */
  rewardRules(): Promise<RewardRules | null>;
  /**
   * Whether each of our resting orders scores for rewards now, by the venue
   * (live only; null where there is no venue to ask: paper).
   */
  ordersScoring(orderIds: readonly string[]): Promise<Record<string, boolean> | null>;
  /**
   * The user channel (live only): URL, subscribe message, and the parser of
   * its frames into engine inputs (the venue's words stay in the adapter).
   */
  userChannel(): UserChannel | null;
}
