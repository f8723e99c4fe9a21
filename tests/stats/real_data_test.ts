/**
 * The targets the simulator is pinned to hold for the real recordings,
 * measured by the same code: the crypto Up/Down L2 books and trades for the
 * deep, underlying-driven scenarios (a3, e3); the 2-minute quotes of many
 * markets for the mid's facts of the news-driven (e2) and thin (a1, a2, e1)
 * ones. Facts a recording is too short for are not checked.
 */

import assert from "node:assert/strict";
import { formatRange, misses, recordingFacts, SCENARIO_TARGETS } from "../../lib/stats/mod.ts";
import { sharedData } from "../_shared_data.ts";

const CAIO = "Caiooooo__polymarket-l2-collector/";
const QUOTES = "DineshKumar8399__polymarket-orderbook-dataset/quotes_dt=2026-07-10_data_0.parquet";

function show(out: ReturnType<typeof misses>): string[] {
  return out.map((m) => `${m.id} ${m.value} (${formatRange(m.range)})`);
}

for (const market of ["1h_btc", "1h_eth"]) {
  const name = `real ${market} Up/Down: inside the a3/e3 targets on every fact it can show`;
  const files = sharedData(name, [
    `${CAIO}data_${market}_orderbooks_1765450800up.json`,
    `${CAIO}data_${market}_trades_1765450800up.json`,
    `${CAIO}data_${market}_trades_1765450800down.json`,
  ]);
  Deno.test({
    name,
    ignore: files === null,
    async fn() {
      const facts = await recordingFacts(files!);
      assert.ok(facts.trades > 150, `${facts.trades} arrivals`);
      assert.deepEqual(show(misses(facts, SCENARIO_TARGETS.e3, true)), []);
      // 10–15 minutes: too short for the 2-minute mid's facts
      assert.equal(facts.facts.mid2m_kurtosis.value, null);
    },
  });
}

const quotes = sharedData("real quotes", [QUOTES]);
Deno.test({
  name: "real 2-minute quotes: the mid's facts of the e2 and thin-book targets",
  ignore: quotes === null,
  async fn() {
    const mid = ["mid2m_unchanged_pct", "mid2m_kurtosis", "jumps5_per_hour", "vol_ratio_10m_2m"];
    const only = (t: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(t).filter(([k]) => mid.includes(k)));
    const active = await recordingFacts(quotes!, { minVolume: 10_000, maxVolume: 100_000 });
    assert.ok(active.markets > 100, `${active.markets} markets`);
    assert.deepEqual(show(misses(active, only(SCENARIO_TARGETS.e2), true)), []);
    const quiet = await recordingFacts(quotes!, { maxVolume: 1000 });
    assert.deepEqual(show(misses(quiet, only(SCENARIO_TARGETS.a1), true)), []);
  },
});
