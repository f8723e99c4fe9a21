/**
 * The exchange simulator: a deterministic CLOB V2 core with seeded agents
 * (in-process, for the backtest and the scorecard) and a server that speaks
 * Polymarket's wire protocol on loopback (for the demo and the tests).
 *
 * @module
 */

export {
  type Account,
  BookDelta,
  type Cash,
  type LevelChange,
  type MakerFill,
  type MarketSpec,
  type OrderRequest,
  type OrderSide,
  type OrderStatus,
  type OrderType,
  type Placement,
  type Rejection,
  type SettlementSpec,
  type SharedVenue,
  type SimEvent,
  SimExchange,
  SimOrder,
  type SimTrade,
  type TokenIdx,
  type TradeStatus,
  type TradingMode,
} from "./exchange.ts";
export { Rng } from "./rng.ts";
export { REWARD_ASSET, SimRewards } from "./rewards.ts";
export { DeadManSwitch, HEARTBEAT_TIMEOUT_MS } from "./dead_man.ts";
export { type Scenario, SCENARIO_NAMES, type ScenarioName, SCENARIOS } from "./scenarios.ts";
export { normCdf, normInv, Truth } from "./truth.ts";
export { type Agent, type AgentWorld, CompetingMaker, Takers } from "./agents.ts";
export {
  type MarketIds,
  type NegRiskEvent,
  type PublicTradeRecord,
  SimMarket,
  type SimMarketOptions,
} from "./sim_market.ts";
export { type ApiCreds, Auth, AuthError, CLOB_AUTH_MESSAGE, l2Signature } from "./auth.ts";
export { decodeOrder, OrderBodyError } from "./signed_order.ts";
export { type Faults, FaultsError, noFaults, updateFaults } from "./faults.ts";
export {
  type GammaEvent,
  type GammaMarket,
  GammaStore,
  simClobMarket,
  simGammaMarket,
} from "./gamma.ts";
export { type ChannelFrame, eventLogLine, MarketChannel } from "./wire.ts";
export { type SimServer, type SimServerOptions, startSimServer } from "./server.ts";
export { simRecording, type SimRecordingOptions, type SimRecordItem } from "./recording.ts";
export type { DecodedOrder } from "./signed_order.ts";
export type { KeyRecord } from "./auth.ts";
export type { MakerSpec } from "./scenarios.ts";
export type { Street } from "./agents.ts";
