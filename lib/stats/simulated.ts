/**
 * The stylized facts of a simulated market: the scenario played on the
 * exchange clock (no sockets), its market-channel frames measured exactly as
 * a recording's are.
 *
 * @module
 */

import { type Scenario, simRecording } from "../sim/mod.ts";
import { FactsCollector, type StylizedFacts } from "./facts.ts";
import { ItemFacts } from "./source.ts";

/** Start of the simulated window (any fixed time: the run only depends on the seed). */
const START_MS = 1_800_000_000_000;

/**
 * Facts of `scenario` pooled over `seeds` (one market each), each over its
 * first `hours` of market time (default: the whole window; the resolution
 * is left out — a market that resolves is not trading).
 */
export function simulatedFacts(
  scenario: Scenario,
  seeds: readonly number[],
  hours?: number,
): StylizedFacts {
  const durationMs = Math.min(scenario.runMs - 60_000, (hours ?? Infinity) * 3_600_000);
  const collector = new FactsCollector();
  for (const seed of seeds) {
    const rec = simRecording({ scenario, seed, startMs: START_MS, speed: 1, durationMs });
    const ids = {
      conditionId: rec.market.ids.conditionId,
      yes: rec.market.ids.yesTokenId,
      no: rec.market.ids.noTokenId,
    };
    const f = new ItemFacts(collector, ids, `seed ${seed}`);
    for (const it of rec.items) {
      if (rec.market.done) break;
      if (it.kind === "frame") f.frame(it.text, it.rxMs);
    }
  }
  return collector.finish();
}
