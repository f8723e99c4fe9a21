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
export type { Config, LogLevel } from "../config/mod.ts";
export type {
  KappaSnapshot,
  QuoteDecision,
  QuoteInputs,
  QuoteParams,
  QuoteRecord,
  Toxicity,
  ToxicitySnapshot,
} from "../model/mod.ts";
export type { MarketEvent, MarketFeatures, MarketFeed, PublicTrade, Top } from "../market/mod.ts";
export type { Switches } from "./switches.ts";
export type {
  Balances,
  CalibrationSnapshot,
  CancelRefusal,
  CancelResult,
  ExchangeOrder,
  Fill,
  MarketInfo,
  Outcome,
  PlaceFailure,
  PlaceResult,
  PlaceStatus,
  Started,
  TradingState,
} from "./types.ts";
export type {
  BestBidAskChanged,
  BookReceived,
  CrowdCounter,
  FeedCounters,
  LevelChanged,
  LevelSink,
  MarketListed,
  MarketParser,
  MarketResolved,
  OrderBook,
  PongReceived,
  TickSizeChanged,
  TradePrinted,
  TradeRate,
} from "../market/mod.ts";
export type {
  KappaEstimator,
  NoQuoteReason,
  SideLimit,
  TickGrid,
  ToxicityParams,
  TradingPhase,
} from "../model/mod.ts";
export type { LOG_LEVELS } from "../config/mod.ts";
export type { EngineInput, WarmStartData } from "./types.ts";
export type { BookStatus, DeltaResult, ParseStats, PriceLevel } from "../market/mod.ts";
export type { SkipReason } from "../market/mod.ts";
export type {
  CalibrationConfig,
  LoggingConfig,
  MarketConfig,
  PathsConfig,
  QuoteConfig,
  RiskConfig,
} from "../config/mod.ts";
