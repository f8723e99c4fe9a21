/**
 * The strategy scorecard: PM4, its ablations and popular baselines in the
 * simulator, across marchetypes and seeds.
 *
 * @module
 */

export {
  type AsPriceParams,
  type AsQuote,
  asQuote,
  avellanedaStoikovPrice,
  type Band,
  bands,
  type BaselineBudget,
  fixedSpread,
  type GlftParams,
  glftPrice,
  glftQuotes,
  hummingbotAs,
  type HummingbotAsParams,
  polyMaker,
  type PolyMakerParams,
  type VolatilityWindow,
} from "./baselines.ts";
export {
  aggregate,
  type Cell,
  INFORMED_TYPES,
  type PairedDiff,
  pairedGrid,
  pairedTable,
  pairedVsPm4,
  runOne,
  type RunScore,
  SCORECARD_BANKROLL,
  scorecardConfig,
  type ScorecardJob,
  STRATEGIES,
  type Strategy,
  strategyLabel,
  strategyQuoter,
  type Verdict,
  verdict,
  verdictText,
} from "./scorecard.ts";
export { SIM_T0, simRun, type SimRunOptions, type SimRunResult } from "./sim_run.ts";
export { renderScorecard } from "./html.ts";
export { dataConfig, type DataScore, dataScorecard, renderDataTable } from "./data_run.ts";
export {
  AS_2008_SETUP,
  AS_2008_TABLE,
  type AsPaperRow,
  type AsPaperSetup,
  renderAsPaperTable,
  simulateAsPaper,
} from "./as_paper.ts";
export type { Config } from "../config/mod.ts";
export type { Quoter } from "../engine/mod.ts";
export type { Markout, RunResult, RunSeries, RunSummary } from "../backtest/mod.ts";
export type { BacktestOptions, DataItem, PublicTrade } from "../backtest/mod.ts";
// types of the simulator that this API names
export type { Account, AgentWorld, BookDelta, LevelChange, MakerFill } from "../sim/mod.ts";
export type { MakerSpec, MarketIds, MarketSpec, OrderRequest, OrderSide } from "../sim/mod.ts";
export type { OrderStatus, OrderType, Placement, PublicTradeRecord } from "../sim/mod.ts";
export type { Rejection, Scenario, ScenarioName, SettlementSpec, SimEvent } from "../sim/mod.ts";
export type { SimExchange, SimMarket, SimOrder, SimTrade, Street, TokenIdx } from "../sim/mod.ts";
export type { TradeStatus, TradingMode, Truth } from "../sim/mod.ts";
export type { NoQuoteReason, QuoteDecision, QuoteInputs, QuoteParams } from "../model/mod.ts";
export type { QuoteRecord, SideLimit, TickGrid, TradingPhase } from "../model/mod.ts";
