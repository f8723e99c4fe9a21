/**
 * The strategy scorecard: PM4, its ablations and popular baselines in the
 * simulator, across marchetypes and seeds.
 *
 * @module
 */

export {
  type AsPriceParams,
  avellanedaStoikovPrice,
  type Band,
  bands,
  type BaselineBudget,
  fixedSpread,
} from "./baselines.ts";
export {
  aggregate,
  type Cell,
  INFORMED_TYPES,
  runOne,
  type RunScore,
  SCORECARD_BANKROLL,
  scorecardConfig,
  STRATEGIES,
  type Strategy,
  type Verdict,
  verdict,
} from "./scorecard.ts";
export { SIM_T0, simRun, type SimRunOptions, type SimRunResult } from "./sim_run.ts";
export { renderScorecard } from "./html.ts";
export type { Config } from "../config/mod.ts";
export type { Quoter } from "../engine/mod.ts";
export type { RunResult } from "../backtest/mod.ts";
export type { Scenario, ScenarioName, SimMarket } from "../sim/mod.ts";
export type {
  AgentWorld,
  MakerSpec,
  MarketIds,
  PublicTradeRecord,
  SimEvent,
  SimExchange,
  Street,
  TokenIdx,
  Truth,
} from "../sim/mod.ts";
export type { QuoteDecision, QuoteInputs, QuoteParams } from "../model/mod.ts";
export type { RunSeries, RunSummary } from "../backtest/mod.ts";
export type {
  Account,
  BookDelta,
  MarketSpec,
  OrderRequest,
  OrderSide,
  Placement,
  Rejection,
  SettlementSpec,
  SimOrder,
  SimTrade,
  TradingMode,
} from "../sim/mod.ts";
export type { Markout } from "../backtest/mod.ts";
export type {
  NoQuoteReason,
  QuoteRecord,
  SideLimit,
  TickGrid,
  TradingPhase,
} from "../model/mod.ts";
export type { LevelChange, MakerFill, OrderStatus, OrderType, TradeStatus } from "../sim/mod.ts";
export type {
  CalibrationConfig,
  LoggingConfig,
  MarketConfig,
  PathsConfig,
  QuoteConfig,
  RiskConfig,
} from "../config/mod.ts";
