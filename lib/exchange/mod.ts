/**
 * Venue adapters: the exchange port, the live Polymarket adapter (on
 * clob-client-v2 with a viem account and a fast order signer), resilient
 * WebSockets and the user channel.
 *
 * @module
 */

export { END_CURSOR } from "./clob_rest.ts";
export { ENV_VARS, EnvError, type LiveEnv, readLiveEnv } from "./env.ts";
export {
  addressOf,
  checksumAddress,
  OrderSigner,
  type OrderToSign,
  type SignerOptions,
} from "./order_signer.ts";
export {
  EXCHANGE_V2,
  NEG_RISK_ADAPTER,
  NEG_RISK_EXCHANGE_V2,
  ORDER_TYPES,
  type OrderTypedData,
  orderTypedData,
  type WireOrder,
} from "./order_types.ts";
export type { ExchangePort, StartState, UserChannel } from "./port.ts";
export {
  accepted,
  type CancelOutcome,
  cancelOutcome,
  cancelRefusal,
  placeFailure,
  type PlaceOutcome,
  refused,
} from "./outcomes.ts";
export { ExchangeError } from "./errors.ts";
export { balanceOf, minSizeOf, openOrdersOf, tickOf, tradeListOf } from "./responses.ts";
export { hintFor, PolymarketAdapter, type RetryPolicy, withRetry } from "./polymarket.ts";
export { fillsOfTrade, type TokenMap, UserChannelParser } from "./user_channel.ts";
export { ResilientSocket, type SocketOptions } from "./ws_client.ts";
export {
  fetchMarketConstants,
  fetchPublicTrades,
  fetchPublicTradesRaw,
  fetchRewardRules,
  fetchWarmStart,
  parseRewardRules,
} from "./public_data.ts";
export { getJson, UnreachableError } from "./http_json.ts";
// types of the engine that this API names
export type { Balances, CalibrationSnapshot, CancelRefusal, CancelResult } from "../engine/mod.ts";
export type { EngineInput, ExchangeOrder, Fill, MarketInfo, NewOrder } from "../engine/mod.ts";
export type { Outcome, PlaceFailure, PlaceResult, PlaceStatus, Started } from "../engine/mod.ts";
export type { WarmStartData } from "../engine/mod.ts";
export type { Config, Json } from "../config/mod.ts";
export type { PublicTrade } from "../market/mod.ts";
export type { KappaSnapshot, ToxicitySnapshot } from "../model/mod.ts";
