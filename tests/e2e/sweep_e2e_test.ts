/**
 * An outside trader sweeps the bid side through Polymarket's own client while
 * pm4 quotes (tests/e2e/_sweeper.ts): pm4 never holds more than q_max, no
 * single fill adds more than 35 % of q_max of exposure, and pm4 keeps quoting —
 * paused (other than reconciling) less than 10 % of the time. `deno task
 * sweep` runs the same for 2 minutes.
 */

import assert from "node:assert/strict";
import { sweepRun } from "./_sweeper.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test({
  name:
    "sweep: an outside trader sweeping the bids for 20 s — |q| ≤ q_max, fills add ≤ 35 % of q_max, rarely paused",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = `${ROOT}data/test-sweep-${crypto.randomUUID().slice(0, 8)}`;
    await Deno.mkdir(dir, { recursive: true });
    try {
      const r = await sweepRun({
        durationMs: 20_000,
        minSweeps: 3,
        everyMs: 1000,
        side: "bid",
        dataDir: dir,
      });
      console.log(`  measured: ${JSON.stringify(r)}`);
      assert.equal(r.exitCode, 0);
      assert.ok(r.sweepsFilled >= 3, `${r.sweepsFilled} sweeps traded`);
      assert.ok(r.fills > 0, "the sweeper hit pm4's bids");
      assert.ok(r.maxQOverQMax <= 1 + 1e-9, `|q| reached ${r.maxQOverQMax} of q_max`);
      assert.ok(
        r.maxAddOverQMax <= 0.35,
        `a single fill added ${r.maxAddOverQMax} of q_max (a fill that flattens moves q toward zero)`,
      );
      assert.ok(r.pausedShare < 0.1, `paused ${(r.pausedShare * 100).toFixed(1)} % of the time`);
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
