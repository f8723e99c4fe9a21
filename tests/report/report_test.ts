import assert from "node:assert/strict";
import { RunAnalytics } from "../../lib/backtest/mod.ts";
import { renderReport } from "../../lib/report/mod.ts";

const T = 1_800_000_000_000;

Deno.test("report: the P&L split shows the liquidity rewards, and the samples our orders scored in", () => {
  const a = new RunAnalytics({
    kind: "paper",
    conditionId: "0xcc",
    slippageBuffer: 0.1,
    cashReserveUsdc: 0,
  });
  a.start(T, 100e6, 0, 0);
  a.mark(T, 50_000_000);
  a.reward(T + 60_000, 0.25, true);
  a.reward(T + 120_000, 0, false);
  const html = renderReport(a.result(), "rewards");
  assert.match(html, /Liquidity rewards \(estimated\), USDC<\/[a-z]+><[a-z]+>\+?0\.25/);
  assert.match(html, /2 · ours scored in 50\.0 %/);
  assert.ok(html.includes('"rewards"'), "the rewards series is in the split chart");
  // no program: said so
  const none = new RunAnalytics({
    kind: "paper",
    conditionId: "0xcc",
    slippageBuffer: 0,
    cashReserveUsdc: 0,
  });
  none.start(T, 100e6, 0, 0);
  assert.match(renderReport(none.result(), "none"), /none \(no reward program\)/);
});
