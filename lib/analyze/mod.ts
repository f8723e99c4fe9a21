/**
 * Market analysis and config generation: resolve a Polymarket reference,
 * measure the market, suggest a marchetype, write a config.
 *
 * @module
 */

export type { Suggestion } from "./marchetype.ts";
export type { MarketMetrics, MarketStatus, Tradability } from "./metrics.ts";
export { analysisText, initConfig, type InitOptions } from "./report.ts";
export {
  type BookLevel,
  REBATE_SHARE,
  type RewardEstimate,
  rewardEstimate,
  type RewardMarket,
} from "./rewards.ts";
export type { Json, Marchetype, MARCHETYPES } from "../config/mod.ts";
export {
  type Analysis,
  AnalyzeError,
  analyzeMarket,
  ChooseMarketError,
  type Hosts,
  type MarketChoice,
  type MarketRef,
  parseReference,
  POLYMARKET_HOSTS,
  type ResolvedMarket,
  resolveMarket,
  type ResolveOptions,
  rewardedMarkets,
} from "./analyze.ts";
