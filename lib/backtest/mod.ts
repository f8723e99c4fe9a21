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
