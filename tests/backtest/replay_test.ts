/** A simulator session's journal replays into the very same decisions. */

import assert from "node:assert/strict";
import { JournalError, replayJournal } from "../../lib/backtest/mod.ts";
import { simRunConfig } from "../../lib/cli/sim_cmd.ts";
import { isSessionEvent } from "../../lib/formats/mod.ts";
import { readJournal, runSession } from "../../lib/runtime/mod.ts";
import { startSimServer } from "../../lib/sim/mod.ts";

const PK = "0x" + "4d".repeat(32);

Deno.test("replay: a live session against the simulator reproduces every decision exactly", async () => {
  const sim = await startSimServer({ scenario: "e2", seed: 8, speed: 30 });
  const dir = await Deno.makeTempDir();
  try {
    const config = simRunConfig(sim, {
      bankrollUsdc: 500,
      dataDir: dir,
      extra: { quote: { c_risk: 0.02, refresh_s: 0.25 } },
    });
    const run = await runSession({
      config,
      mode: "live",
      env: (k) => (k === "PK" ? PK : undefined),
      signal: new AbortController().signal,
      durationMs: 3000,
    });
    const records = await readJournal(run.runDir);
    const report = replayJournal(records);
    assert.ok(report.inputs > 50, `${report.inputs} inputs`);
    assert.ok(report.decisions >= 3, `${report.decisions} decisions`);
    assert.equal(report.differing, 0, JSON.stringify(report.differences[0]));
    assert.equal(report.result.kind, "live");
    assert.ok(report.result.summary.ordersPlaced > 0);

    // a tampered journal is caught
    const i = records.findIndex((r) => r.event === "decision");
    const tampered = records.map((r, k) =>
      k === i ? { ...r, quote: { ...(r.quote as object), delta: 0.123 } } : r
    );
    const bad = replayJournal(tampered);
    assert.equal(bad.differing, 1);
    assert.equal(
      bad.differences[0].index,
      records.slice(0, i).filter((r) => !isSessionEvent(r.event)).length,
    );
    assert.throws(() => replayJournal(records.slice(1)), JournalError);
    // a journal written above INFO has no inputs: the replay says so
    const warnOnly = [{
      ...records[0],
      config: { ...(records[0].config as object), logging: { level: "WARNING" } },
    }];
    assert.throws(() => replayJournal(warnOnly), /level WARNING: it has no inputs/);
  } finally {
    await sim.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("replay: a journal written before typed venue outcomes reproduces every decision", async () => {
  // the engine now gets the adapter's judgement (crosses_book, cancel_only, …) instead of
  // the venue's text and HTTP status; old inputs are judged the same way on replay
  const path = new URL("../fixtures/journals/before-typed-outcomes.jsonl", import.meta.url);
  const report = replayJournal(await readJournal(path.pathname));
  assert.equal(report.inputs, 262);
  // the journal has 19 decisions; 12 of them moved the ladder without acting, which journals
  // of version 2 no longer write: the 7 that placed or cancelled are compared
  assert.equal(report.decisions, 7);
  // what differs is how a refusal is journaled, never what the engine decided: the
  // engine's order records now name the adapter's judgement ("rejected", "cancel_only")
  // where they quoted the venue; the venue's words moved to the runtime's error_place.
  // And κ is now read without being decayed in steps (its value no longer depends on
  // how often a cycle read it; the engine no longer re-decides after every cancel):
  // 1 decision carries a κ that differs in the last bits — its ladder is identical.
  // Every decision now also records the risk variance, the adverse selection per side and
  // the flow imbalance (new model terms): no variance over the risk horizon and 0 adverse
  // selection this early (the journal is shorter than the horizon; the adverse term's
  // shortest is a minute) and no shift by the flow (c_flow 0), so nothing it decided moved;
  // likewise the rewards mode's record (off, and no program)
  assert.equal(report.differing, 17);
  let orders = 0;
  let decisions = 0;
  for (const d of report.differences) {
    const was = JSON.parse(d.journal);
    const now = JSON.parse(d.replay);
    if (was.event === "decision") {
      decisions++;
      assert.deepEqual(now.quote.orders, was.quote.orders);
      assert.deepEqual({ ...now, quote: null }, { ...was, quote: null });
      const added = Object.keys(now.quote).filter((k) => !(k in was.quote));
      assert.deepEqual(added, [
        "riskVar",
        "adverseBid",
        "adverseAsk",
        "flow",
        "flowShift",
        "rewardShiftBid",
        "rewardShiftAsk",
        "rewardSides",
      ]);
      // and the rewards mode's moves: none (the mode is off, the market pays no rewards)
      assert.deepEqual([
        now.quote.adverseBid,
        now.quote.adverseAsk,
        now.quote.flowShift,
        now.quote.rewardShiftBid,
        now.quote.rewardShiftAsk,
        now.quote.rewardSides,
      ], [0, 0, 0, 0, 0, 0]);
      for (const k of Object.keys(was.quote)) {
        const a = was.quote[k];
        const b = now.quote[k];
        if (typeof a === "number" && a !== b) {
          assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(a), `${k}: ${a} vs ${b}`);
        } else assert.deepEqual(b, a);
      }
      continue;
    }
    orders++;
    assert.equal(was.event, "order");
    assert.deepEqual({ ...now, detail: "" }, { ...was, detail: "" });
    const cancelOnly = /cancel-only/.test(was.detail);
    if (was.change === "rejected") {
      assert.match(was.detail, /^400 /);
      assert.equal(now.detail, cancelOnly ? "cancel_only" : "rejected");
    } else {
      assert.equal(was.change, "done");
      assert.equal(now.detail, cancelOnly ? "rejected: cancel_only" : "rejected");
    }
  }
  assert.deepEqual({ orders, decisions }, { orders: 10, decisions: 7 });
});
