/** The session in-process against the simulator: lifecycle, kill switch, lock. */

import assert from "node:assert/strict";
import { simRunConfig } from "../../lib/cli/sim_cmd.ts";
import type { EngineStatus } from "../../lib/engine/mod.ts";
import { acquireLock, LockedError, runSession } from "../../lib/runtime/mod.ts";
import { startSimServer } from "../../lib/sim/mod.ts";
import { seedBook } from "../sim/_client.ts";

const PK = "0x" + "7e".repeat(32);

async function setup(extra: Record<string, unknown> = {}) {
  const sim = await startSimServer({ scenario: "e2", seed: 21, agents: false });
  seedBook(sim, [
    { token: 0, side: "BUY", price: 0.3, size: 100 },
    { token: 0, side: "SELL", price: 0.7, size: 100 },
  ]);
  const dir = await Deno.makeTempDir();
  const config = simRunConfig(sim, { bankrollUsdc: 500, dataDir: dir, extra });
  return { sim, dir, config };
}

Deno.test("session: quotes, stops at --duration, cancels everything and writes the summary", async () => {
  const { sim, dir, config } = await setup({ quote: { refresh_s: 0.2 } });
  const notices: string[] = [];
  const statuses: [EngineStatus, boolean][] = [];
  try {
    const r = await runSession({
      config,
      mode: "live",
      env: (k) => (k === "PK" ? PK : undefined),
      signal: new AbortController().signal,
      durationMs: 1500,
      onNotice: (l) => notices.push(l),
      onStatus: (s, final) => statuses.push([s, final]),
    });
    assert.equal(r.exitCode, 0);
    assert.equal(r.reason, "stop: duration");
    assert.equal(sim.market.exchange.openOrders().filter((o) => o.owner !== "maker").length, 0);
    assert.equal(r.journal, `${dir}/mm_events.jsonl`);
    const journal = (await Deno.readTextFile(r.journal)).trim().split("\n")
      .map((l) => JSON.parse(l));
    assert.equal(journal[0].event, "session_start");
    assert.equal(journal[0].run, r.run);
    assert.ok(journal.some((x) => x.event === "order" && x.change === "placed"));
    assert.equal(journal.at(-1).event, "session_end");
    assert.deepEqual(journal.at(-1).ordersLeft, 0);
    assert.ok(notices.some((n) => /state starting → active/.test(n)));
    assert.ok(statuses.at(-1)![1], "a final status");
    const cal = JSON.parse(
      await Deno.readTextFile(`${dir}/calibration/${config.market.condition_id}.json`),
    );
    assert.equal(cal.conditionId, config.market.condition_id);
  } finally {
    await sim.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("session: a reject storm trips the error-streak kill switch (exit 4, nothing left)", async () => {
  const { sim, dir, config } = await setup({ risk: { max_error_streak: 2 } });
  try {
    Object.assign(sim.faults, { rejectStorm: 100 });
    const r = await runSession({
      config,
      mode: "live",
      env: (k) => (k === "PK" ? PK : undefined),
      signal: new AbortController().signal,
      durationMs: 20_000,
    });
    assert.equal(r.exitCode, 4);
    assert.match(r.reason, /kill switch: \d+ consecutive rejects or errors/);
    assert.equal(sim.market.exchange.openOrders().filter((o) => o.owner !== "maker").length, 0);
  } finally {
    await sim.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("session: refused while another holds the market's lock; paper needs no key", async () => {
  const { sim, dir, config } = await setup();
  try {
    await Deno.mkdir(`${dir}/locks`, { recursive: true });
    const lock = await acquireLock(`${dir}/locks/${config.market.condition_id}.lock`);
    await assert.rejects(
      runSession({ config, mode: "paper", env: () => undefined, signal: AbortSignal.abort() }),
      LockedError,
    );
    lock!.release();
    const r = await runSession({
      config,
      mode: "paper",
      env: () => undefined,
      signal: AbortSignal.abort(), // stops at once: still a clean, complete run
    });
    assert.equal(r.exitCode, 0);
    assert.equal(r.reason, "stop: signal");
  } finally {
    await sim.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
