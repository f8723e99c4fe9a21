/**
 * Stylized facts of markets — recorded or simulated, measured by the same
 * code — their target ranges per scenario, and their table (`pm4 stats`).
 *
 * @module
 */

export {
  type BookTop,
  type Fact,
  type FactId,
  FactsCollector,
  type StylizedFacts,
} from "./facts.ts";
export { ItemFacts } from "./source.ts";
export { type QuoteFilter, QuotesFileError } from "./quotes.ts";
export { recordingFacts } from "./recording.ts";
export { simulatedFacts } from "./simulated.ts";
export { type FactsColumn, factsTable } from "./table.ts";
export {
  formatRange,
  type Miss,
  misses,
  type Range,
  SCENARIO_TARGETS,
  type Targets,
} from "./targets.ts";
export type { DataItem } from "../backtest/mod.ts";
export type { MakerSpec, Scenario, ScenarioName } from "../sim/mod.ts";
export type { PublicTrade } from "../market/mod.ts";
