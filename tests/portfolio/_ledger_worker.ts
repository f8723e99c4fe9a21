/**
 * One process of the ledger's concurrency test: renews its lease with random
 * wants and exposures against the shared ledger, and after each renewal
 * reads the whole fleet in its own transaction: Σ granted must never pass
 * the cap. Prints "ok N" or the first violation.
 *
 * Args: backend (sqlite|postgres), where (path or URL), instance, renewals, seed.
 */

import { Ledger, openPostgresStore, openSqliteStore } from "../../lib/portfolio/mod.ts";

const [backend, where, instance, n, seed] = Deno.args;
const store = backend === "sqlite" ? openSqliteStore(where) : openPostgresStore(where, undefined);
const cap = 500e6;
const ledger = new Ledger(store, {
  totalMicro: cap,
  eventMicro: 0,
  categoryMicro: 0,
  dailyLossMicro: 0,
  leaseMs: 60_000,
});
let s = Number(seed) >>> 0;
const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const holder = {
  instance,
  market: `0x${instance}`,
  label: instance,
  event: "",
  category: "",
  pid: Deno.pid,
  host: "test",
  startedMs: Date.now(),
};
let limit = 0;
for (let i = 0; i < Number(n); i++) {
  const exposure = Math.floor(limit * rnd());
  const r = await ledger.renew(holder, {
    state: "quoting",
    wantMicro: Math.floor(rnd() * 400e6),
    holdMicro: Math.max(limit, exposure),
    exposureMicro: exposure,
    positionMicro: 0,
    pnlMicro: 0,
    day: "2026-12-01",
  }, Date.now());
  limit = r.targetMicro;
  const snap = await ledger.snapshot(Date.now());
  const sum = snap.leases.reduce((a, l) => a + l.grantedMicro, 0);
  if (sum > cap) {
    console.log(`violation: Σ granted ${sum} > ${cap}`);
    Deno.exit(1);
  }
}
await ledger.close();
console.log(`ok ${n}`);
