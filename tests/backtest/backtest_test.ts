import assert from "node:assert/strict";
import { Backtest } from "../../lib/backtest/mod.ts";
import { openDataSet } from "../../lib/runtime/mod.ts";
import { books, CID, engineConfig, NO, YES } from "../engine/_engine.ts";
import { simBacktest, T0 } from "./_sim.ts";
import { ENRICO_FRAMES, sharedData } from "../_shared_data.ts";

Deno.test("backtest: a simulated recording through the engine — fills, an exact P&L split, no floor breach, deterministic", () => {
  const r1 = simBacktest();
  const r2 = simBacktest();
  assert.equal(JSON.stringify(r1), JSON.stringify(r2), "same inputs, identical results");
  const s = r1.summary;
  assert.ok(r1.frames > 1000 && r1.events > r1.frames);
  assert.ok(s.fills > 0, "some quotes were hit");
  assert.ok(s.ordersPlaced > 0 && s.fillRate > 0 && s.fillRate < 1);
  assert.ok(Math.abs(s.pnlUsdc - (s.spreadCaptureUsdc + s.inventoryPnlUsdc + s.feesUsdc)) < 1e-5);
  assert.equal(s.floorBreaches, 0, "PM4 never breaches its cash floor");
  assert.equal(r1.stopReason, "stop: duration");
  assert.ok(r1.series.rows.length > 100 && r1.series.fills.length === s.fills);
});

/** A hand-made tape: YES book 0.48 / 0.52 (500 each), then trades and moves. */
function tape(
  steps: [dtMs: number, text: string][],
): { kind: "frame"; rxMs: number; text: string }[] {
  let t = T0;
  return steps.map(([dt, text]) => ({ kind: "frame" as const, rxMs: t += dt, text }));
}
const trade = (asset: string, price: string, size: string, side: string) =>
  JSON.stringify({
    event_type: "last_trade_price",
    asset_id: asset,
    market: CID,
    price,
    size,
    side,
    fee_rate_bps: "0",
    timestamp: "1",
  });

Deno.test("backtest: our bid waits behind the level; trades there fill us only after the volume ahead", () => {
  // a narrow quote, one tick either side of the mid: the bid joins the best bid at 0.49
  const cfg = engineConfig({
    quote: {
      c_risk: 0.001,
      kappa0: 200,
      ladder_max_levels: 1,
      ladder_level_fraction: 0.25,
      min_half_spread_ticks: 1,
    },
  });
  const bt = new Backtest(cfg, { tickPips: 100, feedLatencyMs: 10, orderLatencyMs: 20 });
  const journal: string[] = [];
  const bt2 = new Backtest(
    cfg,
    { tickPips: 100, feedLatencyMs: 10, orderLatencyMs: 20 },
    (r) => journal.push(r.kind === "input" ? `in:${r.input.kind}@${r.input.tMs}` : r.kind),
  );
  for (const b of [bt, bt2]) {
    for (
      const f of tape([
        [0, books(0.49, 0.51, T0)],
        [1000, trade(YES, "0.49", "400", "SELL")], // 500 ahead → 100 left ahead
        [1000, trade(YES, "0.49", "150", "SELL")], // 100 ahead, then 50 to us
      ])
    ) b.frame(f.rxMs, f.text);
  }
  const r = bt.finish();
  bt2.finish();
  assert.equal(r.summary.fills, 1);
  assert.ok(Math.abs(r.summary.filledShares - 50) < 1e-6, `${r.summary.filledShares}`);
  // the first order was signed at once, reached the book 30 ms later, was answered 20 ms after that
  const signed = journal.find((x) => x.startsWith("in:order_signed"))!;
  const placed = journal.find((x) => x.startsWith("in:place_result"))!;
  assert.equal(Number(placed.split("@")[1]) - Number(signed.split("@")[1]), 50);
  // the fill report comes one feed latency after the trade
  const fills = journal.find((x) => x.startsWith("in:fills"))!;
  assert.equal(Number(fills.split("@")[1]), T0 + 2000 + 10);
});

Deno.test("backtest: a post-only order that would cross on arrival is refused, not filled", () => {
  const cfg = engineConfig({ quote: { c_risk: 0.001, kappa0: 200, ladder_max_levels: 1 } });
  const results: { outcome: string }[] = [];
  const bt = new Backtest(cfg, { tickPips: 100, feedLatencyMs: 0, orderLatencyMs: 100 }, (r) => {
    if (r.kind === "input" && r.input.kind === "place_result") results.push(r.input);
  });
  for (
    const f of tape([
      [0, books(0.49, 0.51, T0)], // we bid 0.49 and offer 0.51
      [50, books(0.46, 0.49, T0)], // before the bid lands, the asks come down to 0.49
    ])
  ) bt.frame(f.rxMs, f.text);
  const r = bt.finish();
  assert.ok(
    results.some((x) => x.outcome === "crosses_book"),
    JSON.stringify(results),
  );
  assert.equal(r.summary.fills, 0, "a refused order never trades");
  assert.equal(r.killed, false, "a race of fast markets is not a kill-switch error");
});

Deno.test("backtest: the resolution in the data pays 1/0 and stops the engine", () => {
  const cfg = engineConfig({ quote: { c_risk: 0.001, kappa0: 200, ladder_max_levels: 1 } });
  const bt = new Backtest(cfg, { tickPips: 100, feedLatencyMs: 0, orderLatencyMs: 10 });
  for (
    const f of tape([
      [0, books(0.48, 0.52, T0)],
      [1000, books(0.30, 0.34, T0)], // through our bid: we buy YES
      [
        1000,
        JSON.stringify({
          event_type: "market_resolved",
          market: CID,
          assets_ids: [YES, NO],
          outcomes: ["Yes", "No"],
          winning_asset_id: YES,
          winning_outcome: "Yes",
          timestamp: String(T0 + 2000),
        }),
      ],
      [1000, books(0.40, 0.44, T0)], // ignored: stopped
    ])
  ) bt.frame(f.rxMs, f.text);
  const r = bt.finish();
  assert.equal(r.stopReason, "market resolved");
  assert.equal(r.summary.resolution, "YES");
  assert.ok(r.summary.finalPosition > 0);
  // the payoff: every YES share marked at 1
  assert.ok(r.summary.inventoryPnlUsdc > 0);
  assert.equal(r.frames, 3);
});

Deno.test("backtest: real ENRICO market-channel frames (verified hashes) through the engine", async () => {
  const ids = {
    conditionId: "0x12ed4858fd4aa92e1a644c74273ca76f49735c114d6833f8a3edef4f19e5ebff",
    yes: "18054759644013870900749170809345467324611742242067616964612696305379357034954",
    no: "35599907049186982879557420969598528789434547136942253652554709047485665633870",
  };
  const data = await openDataSet([ENRICO_FRAMES], ids);
  assert.equal(data.files[0].format, "ws_envelope");
  const cfg = engineConfig({
    market: { condition_id: ids.conditionId, asset_id_yes: ids.yes, asset_id_no: ids.no },
  });
  const bt = new Backtest(cfg, { tickPips: 0 });
  for await (const b of data.batches()) {
    for (const it of b) if (it.kind === "frame") bt.frame(it.rxMs, it.text);
  }
  const r = bt.finish();
  assert.deepEqual(data.counters, { bad_json: 0, bad_shape: 0, bad_hash: 0 });
  assert.equal(r.frames, 24);
  assert.ok(r.summary.ordersPlaced > 0, "quoted from the real book");
  const counters = bt.engine.feed.allCounters();
  assert.equal(counters.best_mismatch, 0);
  assert.equal(counters.off_grid, 0);
});

const CAIO_NAME = "backtest: real Caiooooo BTC 1h L2 snapshots and both tokens' trades";
const CAIO = sharedData(
  CAIO_NAME,
  ["orderbooks_1765450800up", "trades_1765450800up", "trades_1765450800down"]
    .map((f) => `Caiooooo__polymarket-l2-collector/data_1h_btc_${f}.json`),
);

Deno.test({
  name: CAIO_NAME,
  ignore: CAIO === null,
  async fn() {
    const ids = { conditionId: CID, yes: YES, no: NO };
    const runOnce = async () => {
      const data = await openDataSet(CAIO!, ids);
      const bt = new Backtest(engineConfig({ quote: { c_risk: 0.02 } }), { tickPips: 0 });
      for await (const b of data.batches()) {
        for (const it of b) if (it.kind === "frame") bt.frame(it.rxMs, it.text);
      }
      return bt.finish();
    };
    const r = await runOnce();
    assert.equal(r.frames, 300 + 200 + 100);
    assert.ok(r.dataPoints > 50_000, "every snapshot level counts");
    assert.ok(r.summary.fills > 0);
    assert.equal(JSON.stringify(await runOnce()), JSON.stringify(r));
  },
});
