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
