/**
 * pm4 as a library: the PM4 model, the config, and the engine with the
 * vocabulary it speaks — the inputs it reacts to, the commands it gives, the
 * venue outcomes adapters hand it — and the exchange port a venue implements.
 *
 * @example
 * ```ts
 * import { Engine, type EngineInput, parseConfigText } from "./mod.ts";
 * // an embedding feeds inputs in time order and carries out what the engine asks
 * function step(engine: Engine, input: EngineInput): void {
 *   engine.handle(input);
 *   for (const cmd of engine.drain()) {
 *     if (cmd.kind === "place") {
 *       // sign and post cmd.orders, then hand back { kind: "place_result", outcome, … }
 *     }
 *   }
 * }
 * ```
 *
 * @module
 */

export * from "./lib/model/mod.ts";
export {
  type Config,
  ConfigError,
  type ConfigInput,
  type ConfigIssue,
  configJsonSchema,
  formatIssue,
  type Marchetype,
  MARCHETYPES,
  parseConfig,
  parseConfigText,
  type Preset,
  PRESETS,
  quoteParams,
  TICK_SIZES,
  toxicityParams,
} from "./lib/config/mod.ts";
export {
  type Balances,
  type CancelRefusal,
  Engine,
  type EngineCommand,
  type EngineInput,
  type EngineOptions,
  type EngineRecord,
  type EngineStatus,
  engineViolations,
  type ExchangeOrder,
  type Fill,
  type MarketInfo,
  type NewOrder,
  type PlaceFailure,
  type PlaceStatus,
  type Quoter,
  type TradingState,
} from "./lib/engine/mod.ts";
export {
  accepted,
  type CancelOutcome,
  cancelOutcome,
  type ExchangePort,
  placeFailure,
  type PlaceOutcome,
  refused,
  type StartState,
} from "./lib/exchange/mod.ts";
// types of the engine that this API names
export type { CalibrationSnapshot, CancelResult, FillEffect, Inventory } from "./lib/engine/mod.ts";
export type { OrderState, OrderTracker, Outcome, PerfProbe } from "./lib/engine/mod.ts";
export type { PlaceResult, Reservations, Started, Switches } from "./lib/engine/mod.ts";
export type { TargetOrder, TrackedOrder, WarmStartData } from "./lib/engine/mod.ts";
// types of market data that this API names
export type { BestBidAskChanged, BookReceived, BookStatus } from "./lib/market/mod.ts";
export type { CrowdCounter, DeltaResult, FeedCounters, LevelChanged } from "./lib/market/mod.ts";
export type { LevelSink, MarketEvent, MarketFeatures, MarketFeed } from "./lib/market/mod.ts";
export type { MarketListed, MarketParser, MarketResolved, OrderBook } from "./lib/market/mod.ts";
export type { ParseStats, PongReceived, PriceLevel, PublicTrade } from "./lib/market/mod.ts";
export type { SkipReason, TickSizeChanged, Top, TradePrinted } from "./lib/market/mod.ts";
export type { TradeRate } from "./lib/market/mod.ts";
export type { UserChannel } from "./lib/exchange/mod.ts";
export type { Defaulted } from "./lib/config/mod.ts";
