/**
 * Backtest throughput: market data through the full engine and the
 * in-process matcher, on one core. Two kinds of recording: a simulated
 * market's frames (mostly small `price_change` deltas, the venue's usual
 * traffic, decoded from JSON text here) and real full-depth L2 snapshots
 * with trades (../shared/data, the Caiooooo collector). Reports events/s
 * (a snapshot counts once) and data points/s (each level of a snapshot
 * counts, as book-maintenance benchmarks count them); median and best of
 * at least 5 runs and 2 s.
 *
 * Run: deno run -P=bench bench/backtest_throughput.ts
 */

import "../lib/boot.ts"; // first: scoped env for axios's debug
import { Backtest, type DataItem } from "../lib/backtest/mod.ts";
import { parseConfig } from "../lib/config/mod.ts";
import { openDataSet } from "../lib/runtime/mod.ts";
import { SCENARIOS, simRecording } from "../lib/sim/mod.ts";

const T0 = 1_800_000_000_000;

function config(ids: { conditionId: string; yes: string; no: string }) {
  return parseConfig({
    market: {
      condition_id: ids.conditionId,
      asset_id_yes: ids.yes,
      asset_id_no: ids.no,
      start_ts_ms: T0 - 86_400_000 * 30,
      resolve_ts_ms: T0 + 86_400_000 * 30,
      marchetype: "e2",
    },
    risk: { bankroll_B: 1000, n_plays: 1 },
  });
}

function measure(name: string, cfg: ReturnType<typeof config>, items: DataItem[]): void {
  const runs: { ms: number; events: number; points: number; frames: number }[] = [];
  let total = 0;
  // the first run warms the JIT; then at least 5 runs and 2 s
  for (let k = 0; k < 200 && (runs.length < 5 || total < 2000); k++) {
    const bt = new Backtest(cfg, { tickPips: 0 });
    const t0 = performance.now();
    for (const it of items) if (it.kind === "frame") bt.frame(it.rxMs, it.text);
    const r = bt.finish();
    const ms = performance.now() - t0;
    if (k === 0) continue;
    total += ms;
    runs.push({ ms, events: r.events, points: r.dataPoints, frames: r.frames });
  }
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const med = sorted[Math.floor(sorted.length / 2)];
  const best = sorted[0];
  const f = (x: number) => `${(x / 1e6).toFixed(2)}M/s`;
  console.log(
    `${name.padEnd(42)} ${String(best.frames).padStart(6)} frames ${
      String(best.events).padStart(7)
    } events ${String(best.points).padStart(7)} points | median ${med.ms.toFixed(1)} ms: ` +
      `${f(med.events / med.ms * 1000)} events, ${f(med.points / med.ms * 1000)} points | ` +
      `best ${f(best.points / best.ms * 1000)} points (${runs.length} runs)`,
  );
}

// a simulated market: an hour of e2 at 10× (frames as the socket sends them)
{
  const { market, items } = simRecording({
    scenario: SCENARIOS.e2,
    seed: 7,
    startMs: T0,
    speed: 10,
    durationMs: 3_600_000,
  });
  const all = [...items] as DataItem[];
  const ids = {
    conditionId: market.ids.conditionId,
    yes: market.ids.yesTokenId,
    no: market.ids.noTokenId,
  };
  measure("simulated e2, 1 h of price_change deltas", config(ids), all);
}

// real full-depth snapshots and trades
const D = new URL("../../shared/data/Caiooooo__polymarket-l2-collector/", import.meta.url).pathname;
for (
  const [name, files] of [
    ["BTC 1h up/down, L2 snapshots + trades", [
      "1h_btc_orderbooks_1765450800up",
      "1h_btc_trades_1765450800up",
      "1h_btc_trades_1765450800down",
    ]],
    ["ETH 1h up/down, L2 snapshots + trades", [
      "1h_eth_orderbooks_1765450800up",
      "1h_eth_trades_1765450800up",
      "1h_eth_trades_1765450800down",
    ]],
    ["SOL 15m up/down, L2 snapshots + trades", [
      "15m_sol_orderbooks_1765450800up",
      "15m_sol_trades_1765450800up",
      "15m_sol_trades_1765450800down",
    ]],
  ] as const
) {
  const ids = { conditionId: "0x" + "ab".repeat(32), yes: "1001", no: "1002" };
  let data;
  try {
    data = await openDataSet(files.map((f) => `${D}data_${f}.json`), ids);
  } catch (e) {
    console.log(`${name}: skipped (${(e as Error).message})`);
    continue;
  }
  const items: DataItem[] = [];
  for await (const b of data.batches()) items.push(...b);
  measure(name, config(ids), items);
}
