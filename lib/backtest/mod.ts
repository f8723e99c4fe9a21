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
export type { DataFormat, DataItem, DecodeCounters, TokenIds } from "./formats.ts";
export { detectFormat, LineDecoder, snapshotItems, tradeItems } from "./formats.ts";
export { JournalError, type ReplayDifference, replayJournal, type ReplayReport } from "./replay.ts";
export { ExchangeMatcher } from "./exchange_matcher.ts";
export { QueueMatcher, type RebateModel } from "./queue_matcher.ts";
export { type Matcher, SimulatedVenue, type VenueLatency, type VenueState } from "./venue.ts";
// types of the engine that this API names
export type { Balances, CalibrationSnapshot, CancelRefusal, CancelResult } from "../engine/mod.ts";
export type { Engine, EngineCommand, EngineInput, EngineRecord } from "../engine/mod.ts";
export type { EngineStatus, ExchangeOrder, Fill, FillEffect, Inventory } from "../engine/mod.ts";
export type { MarketInfo, NewOrder, OrderState, OrderTracker, Outcome } from "../engine/mod.ts";
export type { PlaceFailure, PlaceResult, PlaceStatus, Reservations } from "../engine/mod.ts";
export type { Started, Switches, TargetOrder, TrackedOrder, TradingState } from "../engine/mod.ts";
export type { WarmStartData } from "../engine/mod.ts";
// the market and model types of the engine's API, as the engine names them
export type { BestBidAskChanged, BookReceived, BookStatus, CrowdCounter } from "../engine/mod.ts";
export type { DeltaResult, FeedCounters, KappaEstimator, KappaSnapshot } from "../engine/mod.ts";
export type { LevelChanged, LevelSink, MarketEvent, MarketFeatures } from "../engine/mod.ts";
export type { MarketFeed, MarketListed, MarketParser, MarketResolved } from "../engine/mod.ts";
export type { NoQuoteReason, OrderBook, ParseStats, PongReceived } from "../engine/mod.ts";
export type { PriceLevel, PublicTrade, QuoteDecision, QuoteRecord } from "../engine/mod.ts";
export type { SideLimit, SkipReason, TickGrid, TickSizeChanged, Top } from "../engine/mod.ts";
export type { Toxicity, ToxicityParams, ToxicitySnapshot, TradePrinted } from "../engine/mod.ts";
export type { TradeRate, TradingPhase } from "../engine/mod.ts";
