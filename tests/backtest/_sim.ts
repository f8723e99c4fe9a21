/** A backtest of a simulated recording, shared by the backtest and report tests. */

import { Backtest, type BacktestResult } from "../../lib/backtest/mod.ts";
import { type Config, parseConfig } from "../../lib/config/mod.ts";
import { parsePublicTrades } from "../../lib/market/mod.ts";
import { SCENARIOS, simRecording, type SimRecordItem } from "../../lib/sim/mod.ts";

export const T0 = 1_800_000_000_000;

/** A config for a simulated market (1000 USDC, resolution 30 days away, a tight c_risk). */
export function simConfig(
  m: { ids: { conditionId: string; yesTokenId: string; noTokenId: string } },
  quote: Record<string, unknown> = {},
): Config {
  return parseConfig({
    market: {
      condition_id: m.ids.conditionId,
      asset_id_yes: m.ids.yesTokenId,
      asset_id_no: m.ids.noTokenId,
      start_ts_ms: T0 - 30 * 86_400_000,
      resolve_ts_ms: T0 + 30 * 86_400_000,
      marchetype: "e2",
    },
    risk: { bankroll_B: 1000, n_plays: 1 },
    quote: { c_risk: 0.02, ...quote },
  });
}

/** Runs recorded items through a backtest. */
export function runItems(cfg: Config, items: Iterable<SimRecordItem>): BacktestResult {
  const bt = new Backtest(cfg, { tickPips: 100 });
  for (const it of items) {
    if (it.kind === "frame") bt.frame(it.rxMs, it.text);
    else bt.publicTrades(it.rxMs, parsePublicTrades(it.trades).trades);
  }
  return bt.finish();
}

/** 20 minutes of the e2 scenario at 10× (seed 3), recorded and backtested. */
export function simBacktest(): BacktestResult {
  const { market, items } = simRecording({
    scenario: SCENARIOS.e2,
    seed: 3,
    startMs: T0,
    speed: 10,
    durationMs: 20 * 60_000,
    tradesEveryMs: 60_000,
  });
  return runItems(simConfig(market), items);
}
