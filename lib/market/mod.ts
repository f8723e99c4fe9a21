/**
 * Market data: Polymarket market-channel parsing, L2 books on integer ticks,
 * and the microstructure features the model consumes. Pure: frames and
 * receive times come in from adapters.
 *
 * @module
 */

export {
  formatFixed,
  formatMicro,
  formatPips,
  parseFixed,
  parseFixedRange,
  parsePricePips,
  parseSizeMicro,
  PRICE_DECIMALS,
  SIZE_DECIMALS,
} from "./decimal.ts";
export type { BestBidAskChanged, BookReceived, LevelChanged, MarketEvent } from "./events.ts";
export type { MarketListed, MarketResolved, PongReceived, PriceLevel } from "./events.ts";
export type { TickSizeChanged, TradePrinted } from "./events.ts";
export {
  type LevelSink,
  MarketParser,
  ParseStats,
  SKIP_REASONS,
  type SkipReason,
} from "./market_parser.ts";
export { ASK, BID, type BookStatus, type DeltaResult, OrderBook } from "./order_book.ts";
export { type FeedCounters, MarketFeed } from "./feed.ts";
export {
  consolidatedTop,
  CrowdCounter,
  emptyTop,
  type FeatureParams,
  MarketFeatures,
  microE8,
  midE8,
  type OwnLevels,
  parsePublicTrades,
  publicTop,
  type PublicTrade,
  type Top,
  TradeRate,
  unifiedLevelSize,
  yesNoGapPips,
} from "./features.ts";
export { type QueuedOrder, type QueueFill, QueueModel } from "./queue_model.ts";
export { takerFeeMicro } from "./fees.ts";
export type { KappaEstimator, KappaSnapshot, TickGrid } from "../model/mod.ts";
