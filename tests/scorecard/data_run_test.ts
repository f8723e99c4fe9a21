/** The scorecard on real recordings: every strategy through the backtest's venue. */

import assert from "node:assert/strict";
import { parseConfig } from "../../lib/config/mod.ts";
import { dataConfig, dataScorecard } from "../../lib/scorecard/data_run.ts";
import { SCORECARD_BANKROLL, STRATEGIES } from "../../lib/scorecard/scorecard.ts";
import { openDataSet } from "../../lib/runtime/mod.ts";
import type { DataItem } from "../../lib/backtest/mod.ts";
import { EXIT_USAGE, runCli } from "../../lib/cli/mod.ts";
import { testContext } from "../cli/_ctx.ts";
import { sharedData } from "../_shared_data.ts";

const FIXTURES = new URL("../fixtures/real_data/", import.meta.url).pathname;

async function config(name: string) {
  return parseConfig(JSON.parse(await Deno.readTextFile(`${FIXTURES}${name}.json`)));
}

Deno.test("data scorecard: each strategy's config is the user's, at the scorecard's bankroll", async () => {
  const cfg = await config("btc_1h_updown");
  for (const st of STRATEGIES) {
    const c = dataConfig(cfg, st);
    assert.equal(c.risk.bankroll_B, SCORECARD_BANKROLL);
    assert.equal(c.risk.n_plays, 1);
    assert.equal(c.market.condition_id, cfg.market.condition_id);
    assert.equal(c.risk.stop_new_risk_before_s, 120, "the user's keys stay");
  }
  const s1 = dataConfig(cfg, STRATEGIES.find((s) => s.id === "pm4-sigma1")!);
  assert.equal(s1.risk.c_sigma, 0);
  assert.notEqual(cfg.risk.c_sigma, 0);
  // --bankroll: every strategy's
  assert.equal(dataConfig(cfg, STRATEGIES[0], 250).risk.bankroll_B, 250);
});

Deno.test("data scorecard: --config and --data go together", async () => {
  const { ctx, io } = testContext();
  assert.equal(await runCli(["scorecard", "--config", "x.json"], ctx), EXIT_USAGE);
  assert.match(io.stderr.join("\n"), /--config and --data go together/);
  const r = testContext();
  assert.equal(await runCli(["scorecard", "--resolution", "yes"], r.ctx), EXIT_USAGE);
  assert.match(r.io.stderr.join("\n"), /--resolution goes with --data/);
});

for (
  const [name, prefix] of [
    ["btc_1h_updown", "1h_btc"],
    ["eth_1h_updown", "1h_eth"],
    ["sol_15m_updown", "15m_sol"],
  ] as const
) {
  const test = `data scorecard: every strategy on the real ${name} recording; PM4 within its floor`;
  const files = sharedData(
    test,
    ["orderbooks_1765450800up", "trades_1765450800up", "trades_1765450800down"]
      .map((f) => `Caiooooo__polymarket-l2-collector/data_${prefix}_${f}.json`),
  );
  Deno.test({
    name: test,
    ignore: files === null,
    async fn() {
      const cfg = await config(name);
      const ids = {
        conditionId: cfg.market.condition_id,
        yes: cfg.market.asset_id_yes,
        no: cfg.market.asset_id_no,
      };
      const data = await openDataSet(files!, ids);
      const items: DataItem[] = [];
      for await (const b of data.batches()) items.push(...b);
      const scores = dataScorecard(cfg, items, {});
      assert.deepEqual(scores.map((s) => s.strategy), STRATEGIES.map((s) => s.id));
      const pm4 = scores[0];
      assert.equal(pm4.floorBreaches, 0);
      assert.ok(pm4.fills > 0, "PM4 trades on the recording");
      // the same data, the same table
      assert.deepEqual(dataScorecard(cfg, items, {}), scores);
      // a subset at another bankroll: PM4's own row is another run
      const few = dataScorecard(cfg, items, {}, 5000, STRATEGIES.slice(0, 2));
      assert.deepEqual(few.map((s) => s.strategy), ["pm4", "pm4-sigma1"]);
      assert.equal(few[0].floorBreaches, 0);
    },
  });
}
