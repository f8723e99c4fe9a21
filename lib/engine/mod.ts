/**
 * The engine: one deterministic event loop for live, paper, simulator and
 * backtest; order tracking, inventory, order diff, kill switches.
 *
 * @example
 * ```ts
 * import { parseConfig } from "../config/mod.ts";
 * import { Engine } from "./mod.ts";
 * const T0 = 1_795_000_000_000;
 * const engine = new Engine({
 *   config: parseConfig({
 *     market: {
 *       condition_id: "0x" + "ab".repeat(32),
 *       asset_id_yes: "1",
 *       asset_id_no: "2",
 *       start_ts_ms: T0 - 86_400_000,
 *       resolve_ts_ms: T0 + 30 * 86_400_000,
 *       marchetype: "e2",
 *     },
 *     risk: { bankroll_B: 1000 },
 *   }),
 * });
 * engine.handle({
 *   kind: "started",
 *   tMs: T0,
 *   market: { tickPips: 100, minOrderMicro: 5e6, ownOrdersInBook: true },
 *   balances: { cashMicro: 1000e6, yesMicro: 0, noMicro: 0 },
 *   openOrders: [],
 *   knownFills: [],
 *   calibration: null,
 *   warm: null,
 * });
 * const book = (asset: string, bid: string, ask: string) =>
 *   JSON.stringify({
 *     event_type: "book",
 *     asset_id: asset,
 *     market: "0x" + "ab".repeat(32),
 *     bids: [{ price: bid, size: "500" }],
 *     asks: [{ price: ask, size: "500" }],
 *     timestamp: String(T0),
 *     hash: "0x1",
 *   });
 * engine.handle({
 *   kind: "market_frame",
 *   tMs: T0,
 *   text: `[${book("1", "0.40", "0.44")},${book("2", "0.56", "0.60")}]`,
 * });
 * // a two-sided book: the engine quotes around 0.42 — orders to sign and post
 * const place = engine.drain().find((c) => c.kind === "place");
 * if (!place || place.orders.length === 0) throw new Error("no quotes");
 * ```
 *
 * @module
 */

export { Engine } from "./engine.ts";
export { MAX_BATCH } from "./order_desk.ts";
export type { EngineOptions, EngineRecord, EngineStatus, PerfProbe, Quoter } from "./records.ts";
export { type InputHandlers, InputQueue } from "./input_queue.ts";
export { type FillEffect, Inventory } from "./inventory.ts";
export { engineViolations } from "./invariants.ts";
export { diffOrders, type DiffParams, type OrderDiff, type TargetOrder } from "./order_diff.ts";
export { type OrderState, OrderTracker, type Reservations, TrackedOrder } from "./order_tracker.ts";
export { type RewardSample, RewardWatch } from "./rewards.ts";
// every input, command and venue type: the engine's vocabulary
export type * from "./types.ts";
export { encodeRecord, recordLevel } from "./journal_format.ts";
export type { Config, LOG_LEVELS, LogLevel } from "../config/mod.ts";
// types of the model that this API names
export type { KappaEstimator, KappaSnapshot, NoQuoteReason, QuoteDecision } from "../model/mod.ts";
export type { QuoteInputs, QuoteParams, QuoteRecord, SideLimit, TickGrid } from "../model/mod.ts";
export type { Toxicity, ToxicityParams, ToxicitySnapshot, TradingPhase } from "../model/mod.ts";
// types of market data that this API names
export type { BestBidAskChanged, BookReceived, BookStatus, CrowdCounter } from "../market/mod.ts";
export type { DeltaResult, FeedCounters, LevelChanged, LevelSink } from "../market/mod.ts";
export type { MarketEvent, MarketFeatures, MarketFeed, MarketListed } from "../market/mod.ts";
export type { MarketParser, MarketResolved, OrderBook, ParseStats } from "../market/mod.ts";
export type { PongReceived, PriceLevel, PublicTrade, SkipReason } from "../market/mod.ts";
export type { TickSizeChanged, Top, TradePrinted, TradeRate } from "../market/mod.ts";
export type { Switches } from "./switches.ts";
// types of the engine that this API names
export type { Balances, CalibrationSnapshot, CancelRefusal, CancelResult } from "./types.ts";
export type { EngineInput, ExchangeOrder, Fill, MarketInfo, Outcome } from "./types.ts";
export type { PlaceFailure, PlaceResult, PlaceStatus, Started, TradingState } from "./types.ts";
export type { WarmStartData } from "./types.ts";
