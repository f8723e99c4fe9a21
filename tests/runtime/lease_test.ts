/**
 * The lease keeper: the first grant reaches the engine before anything is
 * quoted, renewals follow, and a renewal that hangs stops new buys before an
 * order placed now could outlive the lease.
 */

import assert from "node:assert/strict";
import type { EngineInput } from "../../lib/engine/mod.ts";
import { Ledger, openSqliteStore, type SqlStore } from "../../lib/portfolio/mod.ts";
import { keepLease } from "../../lib/runtime/lease.ts";
import type { SessionLog } from "../../lib/runtime/session_log.ts";
import { Driver, engineConfig } from "../engine/_engine.ts";
import { until } from "../_wait.ts";

Deno.test("lease keeper: grants reach the engine; a stuck ledger stops new buys in time", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pm4-lease-" });
  const real = openSqliteStore(`${dir}/ledger.sqlite`);
  let stuck = false;
  // the same store, whose transactions hang once `stuck` is set
  const store: SqlStore = {
    kind: real.kind,
    where: real.where,
    transaction: (fn) => stuck ? new Promise(() => {}) : real.transaction(fn),
    close: () => real.close(),
  };
  const config = engineConfig({
    risk: { bankroll_B: 200 },
    quote: { order_ttl_s: 1 },
    portfolio: { ledger: "sqlite", capital_usdc: 150, lease_s: 2, renew_s: 0.2 },
  });
  const ledger = new Ledger(store, {
    totalMicro: 150e6,
    eventMicro: 0,
    categoryMicro: 0,
    dailyLossMicro: 0,
    leaseMs: 2000,
  });
  const d = new Driver(config);
  const inputs: EngineInput[] = [];
  const notices: string[] = [];
  const log = {
    journal: { write: () => {} },
    failure: () => {},
    notice: (t: string) => notices.push(t),
  } as unknown as SessionLog;
  const keeper = await keepLease(
    { config, engine: d.engine, log, input: (ev) => inputs.push(ev), clock: Date.now },
    ledger,
    "run-1",
    Date.now(),
  );
  try {
    // the first grant is handed over before the keeper returns: the whole 150 (it asked 200)
    assert.deepEqual(inputs[0], {
      kind: "lease",
      tMs: inputs[0].tMs,
      limitMicro: 150e6,
      halt: null,
    });
    await until("a renewal", () => inputs.length >= 2);
    stuck = true;
    // lease 2 s − ttl 1 s − renew 0.2 s: at the first check 0.8 s after the last renewal
    // (the 2 s lease leaves a whole renewal interval for a late timer), no new buys
    await until("buys stopped", () => inputs.some((i) => i.kind === "lease" && i.limitMicro === 0));
    assert.match(notices.join("\n"), /no new buys until one succeeds/);
  } finally {
    keeper.stop();
    await real.close();
    await Deno.remove(dir, { recursive: true });
  }
});
