/**
 * Backtests and replays through the live engine, and the analytics every
 * run is measured with (P&L split, markouts, fills, drawdown, capacity,
 * floor breaches, chart series).
 *
 * @module
 */

export {
  type AnalyticsOptions,
  type Markout,
  MARKOUT_HORIZONS_S,
  RunAnalytics,
  type RunResult,
  type RunSeries,
  type RunSummary,
  SERIES_COLUMNS,
} from "./analytics.ts";
export {
  Backtest,
  type BacktestOptions,
  type BacktestResult,
  DEFAULT_BACKTEST,
} from "./backtest.ts";
export type { DataFormat, DataItem, DecodeCounters, RecordingHeader, TokenIds } from "./formats.ts";
export { detectFormat, LineDecoder, snapshotItems, tradeItems } from "./formats.ts";
export { JournalError, type ReplayDifference, replayJournal, type ReplayReport } from "./replay.ts";
export { ExchangeMatcher } from "./exchange_matcher.ts";
export { QueueMatcher, type RebateModel } from "./queue_matcher.ts";
export { type Matcher, SimulatedVenue, type VenueLatency, type VenueState } from "./venue.ts";
export type {
  Balances,
  CancelRefusal,
  Engine,
  EngineCommand,
  EngineInput,
  EngineRecord,
  ExchangeOrder,
  Fill,
  NewOrder,
  PlaceStatus,
} from "../engine/mod.ts";
export type { PublicTrade, Top, TradePrinted } from "../market/mod.ts";
export type {
  CalibrationSnapshot,
  CancelResult,
  EngineStatus,
  Inventory,
  MarketInfo,
  OrderTracker,
  Outcome,
  PlaceFailure,
  PlaceResult,
  Started,
  Switches,
  TargetOrder,
  TradingState,
} from "../engine/mod.ts";
export type { MarketFeatures, MarketFeed } from "../market/mod.ts";
export type { QuoteDecision, QuoteRecord, Toxicity } from "../model/mod.ts";
export type {
  CrowdCounter,
  FeedCounters,
  LevelSink,
  MarketEvent,
  MarketParser,
  MarketResolved,
  OrderBook,
  TradeRate,
} from "../market/mod.ts";
export type { FillEffect, Reservations, TrackedOrder, WarmStartData } from "../engine/mod.ts";
export type {
  KappaEstimator,
  KappaSnapshot,
  NoQuoteReason,
  SideLimit,
  ToxicityParams,
  ToxicitySnapshot,
  TradingPhase,
} from "../model/mod.ts";
export type {
  BestBidAskChanged,
  BookReceived,
  BookStatus,
  DeltaResult,
  LevelChanged,
  MarketListed,
  ParseStats,
  PongReceived,
  PriceLevel,
  TickSizeChanged,
} from "../market/mod.ts";
export type { OrderState } from "../engine/mod.ts";
export type { TickGrid } from "../model/mod.ts";
export type { SkipReason } from "../market/mod.ts";
