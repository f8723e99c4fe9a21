/**
 * The simulator is calibrated: every scenario's stylized facts, measured by
 * `pm4 stats`'s code from its market-channel frames, sit inside the target
 * ranges set from the real recordings (lib/stats/targets.ts,
 * docs/simulator.md). Seeds 1–4, the whole 12-hour window.
 */

import assert from "node:assert/strict";
import { SCENARIO_NAMES, SCENARIOS } from "../../lib/sim/mod.ts";
import { formatRange, misses, SCENARIO_TARGETS, simulatedFacts } from "../../lib/stats/mod.ts";

for (const name of SCENARIO_NAMES) {
  Deno.test({
    name: `scenario ${name}: every calibrated fact inside its target range (seeds 1–4, 12 h)`,
    permissions: "none",
    fn() {
      const facts = simulatedFacts(SCENARIOS[name], [1, 2, 3, 4]);
      assert.ok(facts.hours > 20, `${facts.hours} market-hours`);
      const out = misses(facts, SCENARIO_TARGETS[name]);
      assert.deepEqual(
        out.map((m) => `${m.id} ${m.value} (${formatRange(m.range)})`),
        [],
      );
    },
  });
}

Deno.test({
  name: "the marchetypes stay distinct: thin books are wide and shallow, deep books tight",
  permissions: "none",
  fn() {
    const thin = simulatedFacts(SCENARIOS.a1, [1], 6).facts;
    const deep = simulatedFacts(SCENARIOS.e2, [1], 6).facts;
    assert.ok(thin.spread_median_ticks.value! >= 4 && deep.spread_median_ticks.value === 1);
    assert.ok(deep.depth3_median.value! > 4 * thin.depth3_median.value!);
  },
});

Deno.test({
  name: "same seed, same facts (a run depends on nothing but its seed)",
  permissions: "none",
  fn() {
    const a = JSON.stringify(simulatedFacts(SCENARIOS.e3, [7], 2));
    assert.equal(JSON.stringify(simulatedFacts(SCENARIOS.e3, [7], 2)), a);
    assert.notEqual(JSON.stringify(simulatedFacts(SCENARIOS.e3, [8], 2)), a);
  },
});
