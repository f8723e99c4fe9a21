/** The price-space A–S baseline in Avellaneda & Stoikov (2008)'s own simulation. */

import assert from "node:assert/strict";
import {
  AS_2008_TABLE,
  renderAsPaperTable,
  simulateAsPaper,
} from "../../lib/scorecard/as_paper.ts";
import { asQuote } from "../../lib/scorecard/baselines.ts";
import { EXIT_OK, EXIT_USAGE, runCli } from "../../lib/cli/mod.ts";
import { testContext } from "../cli/_ctx.ts";

Deno.test("A–S quote: eqs. (29)–(30) by hand", () => {
  // s 100, long 2, γ 0.1, σ² 4, half the horizon left, k 1.5
  const q = asQuote(100, 2, 0.1, 4, 0.5, 1.5);
  assert.ok(Math.abs(q.r - (100 - 2 * 0.1 * 4 * 0.5)) < 1e-12); // 99.6
  assert.ok(Math.abs(q.arrivalHalf - Math.log(1 + 0.1 / 1.5) / 0.1) < 1e-12); // 0.6454
  assert.ok(Math.abs(q.half - (0.1 * 4 * 0.5 / 2 + q.arrivalHalf)) < 1e-12);
});

Deno.test("A–S paper: the inventory strategy shows the paper's result on fewer paths", () => {
  for (const gamma of [0.1, 0.5]) {
    const [inv, sym] = simulateAsPaper(gamma, 300, 7);
    const paper = AS_2008_TABLE.find((r) => r.gamma === gamma && r.strategy === "inventory")!;
    // the paper's simulation quotes the order-arrival spread alone
    assert.ok(Math.abs(inv.spread - paper.spread) < 0.005, `spread ${inv.spread}`);
    assert.equal(sym.spread, inv.spread);
    // much lower dispersion of the P&L and of the final inventory …
    assert.ok(inv.profitSd < 0.6 * sym.profitSd, `sd ${inv.profitSd} vs ${sym.profitSd}`);
    assert.ok(inv.finalQSd < 0.5 * sym.finalQSd, `sd(q) ${inv.finalQSd} vs ${sym.finalQSd}`);
    // … and inventories centred on zero
    assert.ok(Math.abs(inv.finalQ) < 0.5 && Math.abs(sym.finalQ) < 1.5);
  }
  // at γ = 0.1 the mean P&L is similar (the paper: 62.94 vs 67.21) and close to the paper's
  const [inv, sym] = simulateAsPaper(0.1, 300, 7);
  assert.ok(
    inv.profit > 0.85 * sym.profit && inv.profit < sym.profit,
    `${inv.profit} ${sym.profit}`,
  );
  assert.ok(Math.abs(inv.profit - 62.94) < 3 * 5.89 / Math.sqrt(300) + 1.5);
});

Deno.test("A–S paper: the same seed gives the same table; pm4 scorecard --paper prints it", async () => {
  assert.deepEqual(simulateAsPaper(0.01, 50, 3), simulateAsPaper(0.01, 50, 3));
  const table = renderAsPaperTable(simulateAsPaper(0.1, 20, 1), 20);
  assert.match(table, /ours \(20 paths\) beside the paper's Tables 1–3/);
  assert.match(table, /\| 0\.1 +\| inventory \|.*\| +62\.94 \|/);
  const { ctx, io } = testContext();
  assert.equal(await runCli(["scorecard", "--paper", "--paths", "20"], ctx), EXIT_OK);
  assert.equal(io.stdout.join("\n").match(/\| (inventory|symmetric) /g)?.length, 6);
  const bad = testContext();
  assert.equal(await runCli(["scorecard", "--paths", "20"], bad.ctx), EXIT_USAGE);
  assert.match(bad.io.stderr.join("\n"), /--paths goes with --paper/);
});
