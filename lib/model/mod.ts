/**
 * The PM4 model (pm4-model.md): pure functions and small state machines with
 * an injected clock. Prices are logit units inside the math and integer ticks
 * outside; inventory and cash are micro-units at the boundary.
 *
 * @module
 */

export { clip, logit, logOdds, sigmoid } from "./logit.ts";
export {
  gridFromPips,
  gridFromTick,
  PIPS_PER_UNIT,
  snapDown,
  snapUp,
  TICK_SIZES_PIPS,
  type TickGrid,
  tickInLogit,
  TickSizeError,
  ticksToPrice,
} from "./tick_grid.ts";
export { isYesBid, type Side, type Token, yesPips, yesTicks } from "./yes_terms.ts";
export { timeFactor, type TimeGuards, type TradingPhase, tradingPhase } from "./time.ts";
export { capacity, normalizedInventory, sideBudget } from "./capacity.ts";
export { cashFloor, floorLimitCenti, solvencyFear } from "./fear.ts";
export { ambiguity, crowdWeakness, structuralRisk } from "./structural.ts";
export { halfSpread, kappaFloor, skew } from "./spread.ts";
export { Toxicity, type ToxicityParams, type ToxicitySnapshot } from "./toxicity.ts";
export { type TimeScaleParams, TimeScales, type TimeScaleSnapshot } from "./time_scales.ts";
export { AdverseMarkouts, type AdverseParams, type AdverseSnapshot } from "./adverse.ts";
export { FlowImbalance } from "./flow.ts";
export { DecayedSums } from "./decayed.ts";
export { KappaEstimator, type KappaSnapshot } from "./kappa.ts";
export {
  addOrderScore,
  adjustedMidPips,
  MIN_PAYOUT_USDC,
  orderScore,
  priceScore,
  programRules,
  type RewardRules,
  RewardTally,
  sampleRewardUsdc,
  SAMPLES_PER_DAY,
  sampleScore,
  sampleShare,
  type ScoredOrder,
  scoredOrder,
  type SideScores,
  sideScores,
} from "./rewards.ts";
export { edgeGivenUp, type RewardInputs, type RewardSide, rewardTicks } from "./reward_quote.ts";
export type { QuoteParams } from "./params.ts";
export {
  decideQuotes,
  MICRO,
  MICRO_PER_CENTI,
  type NoQuoteReason,
  PRICE_E8,
  QUOTE_ASK,
  QUOTE_BID,
  QuoteDecision,
  type QuoteInputs,
  type QuoteRecord,
  SIDE_BUY,
  SIDE_SELL,
  type SideLimit,
  TOKEN_NO,
  TOKEN_YES,
} from "./decision.ts";
