/**
 * Stylized facts of markets — recorded or simulated, measured by the same
 * code — and their table (`pm4 stats`).
 *
 * @module
 */

export {
  type BookTop,
  type Fact,
  type FactId,
  FACTS,
  FactsCollector,
  type FactSpec,
  type StylizedFacts,
} from "./facts.ts";
export { ItemFacts, topOf } from "./source.ts";
export { feedQuotes, isParquet, type QuoteFilter, QuotesFileError } from "./quotes.ts";
export { simulatedFacts } from "./simulated.ts";
export { type FactsColumn, factsTable, formatFact } from "./table.ts";
export {
  formatRange,
  type Miss,
  misses,
  type Range,
  SCENARIO_TARGETS,
  type Targets,
} from "./targets.ts";
export { recordingFacts } from "./recording.ts";
