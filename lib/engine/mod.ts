/**
 * The engine: one deterministic event loop for live, paper, simulator and
 * backtest; order tracking, inventory, order diff, kill switches.
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
// every input, command and venue type: the engine's vocabulary
export type * from "./types.ts";
export {
  CONTEXT_FIELDS,
  encodeRecord,
  isSessionEvent,
  type JournalLevel,
  journalLevel,
  type JournalLine,
  line,
  passes,
  recordLevel,
} from "./journal_format.ts";
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
