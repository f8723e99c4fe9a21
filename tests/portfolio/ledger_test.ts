/**
 * The shared risk ledger, the same cases on both backends: SQLite (always)
 * and PostgreSQL (a server this test starts; skipped with a notice where
 * Debian's postgresql package is absent).
 */

import assert from "node:assert/strict";
import {
  type Holder,
  Ledger,
  type LedgerLimits,
  openPostgresStore,
  openSqliteStore,
  type Report,
  type SqlStore,
} from "../../lib/portfolio/mod.ts";
import { hasPostgres, startPostgres } from "../_postgres.ts";

const M = 1e6;
const T0 = Date.UTC(2026, 11, 1, 12);
const DAY = "2026-12-01";
const LIMITS: LedgerLimits = {
  totalMicro: 500 * M,
  eventMicro: 300 * M,
  categoryMicro: 0,
  dailyLossMicro: 50 * M,
  leaseMs: 30_000,
};

const holder = (instance: string, event = ""): Holder => ({
  instance,
  market: `0x${instance}`,
  label: instance,
  event,
  category: "",
  pid: 1,
  host: "h",
  startedMs: T0,
});
const report = (want: number, hold = 0, pnl = 0, day = DAY): Report => ({
  state: "quoting",
  wantMicro: want * M,
  holdMicro: hold * M,
  exposureMicro: hold * M,
  positionMicro: 0,
  pnlMicro: pnl * M,
  day,
});

/** Every case, on a fresh database of one backend. */
async function cases(t: Deno.TestContext, fresh: () => Promise<SqlStore>, where: () => string) {
  await t.step("grants under the total and the event cap; Σ stays within the total", async () => {
    const l = new Ledger(await fresh(), LIMITS);
    const a = await l.renew(holder("a"), report(250), T0);
    const b = await l.renew(holder("b", "ev"), report(250), T0);
    const c = await l.renew(holder("c", "ev"), report(250), T0);
    assert.equal(a.grantedMicro, 250 * M);
    assert.equal(b.grantedMicro, 250 * M);
    // the total leaves 0 after a and b
    assert.equal(c.grantedMicro, 0);
    assert.equal(c.boundBy, "total");
    assert.equal(c.instances, 3);
    const snap = await l.snapshot(T0);
    assert.equal(snap.leases.reduce((s, x) => s + x.grantedMicro, 0), 500 * M);
    await l.close();
  });

  await t.step(
    "a starved instance gets capital once the other renews down to its fair share",
    async () => {
      const l = new Ledger(await fresh(), LIMITS);
      await l.renew(holder("a"), report(500), T0);
      const b1 = await l.renew(holder("b"), report(200), T0 + 1000);
      assert.equal(b1.grantedMicro, 0);
      // a still works under 500: the grant keeps it this round, its engine's target drops to 250
      const a2 = await l.renew(holder("a"), report(500, 500), T0 + 2000);
      assert.equal(a2.grantedMicro, 500 * M);
      assert.equal(a2.targetMicro, 250 * M);
      // next round its engine is at 250: the grant follows, and b gets the rest
      const a3 = await l.renew(holder("a"), report(500, 250), T0 + 3000);
      assert.equal(a3.grantedMicro, 250 * M);
      const b2 = await l.renew(holder("b"), report(200), T0 + 4000);
      assert.equal(b2.grantedMicro, 200 * M);
      await l.close();
    },
  );

  await t.step("a dead instance's lease expires and its capital returns to the pool", async () => {
    const l = new Ledger(await fresh(), LIMITS);
    await l.renew(holder("a"), report(400), T0);
    assert.equal((await l.renew(holder("b"), report(400), T0 + 1000)).grantedMicro, 100 * M);
    // a stops renewing (kill -9): after lease_s its lease is gone
    const later = T0 + 1000 + LIMITS.leaseMs + 1;
    const b = await l.renew(holder("b"), report(400, 100), later);
    assert.equal(b.grantedMicro, 400 * M);
    assert.deepEqual((await l.snapshot(later)).leases.map((x) => x.instance), ["b"]);
    await l.close();
  });

  await t.step(
    "a dead instance's position stays deployed until its market's next instance takes it over",
    async () => {
      const l = new Ledger(await fresh(), LIMITS);
      await l.renew(holder("a"), { ...report(300, 120), positionMicro: 80 * M }, T0);
      const later = T0 + LIMITS.leaseMs + 1;
      // the orders' 40 return; the 80 of shares the wallet still holds do not
      const b = await l.renew(holder("b"), report(500), later);
      assert.equal(b.grantedMicro, 420 * M);
      const left = (await l.snapshot(later)).leases.find((x) => x.instance === "a");
      assert.equal(left?.state, "expired");
      assert.equal(left?.grantedMicro, 80 * M);
      // a new run of the same market covers the position with its own hold
      const a2 = await l.renew({ ...holder("a2"), market: "0xa" }, report(300, 80), later + 1);
      assert.equal(a2.grantedMicro, 80 * M);
      assert.deepEqual((await l.snapshot(later + 1)).leases.map((x) => x.instance).sort(), [
        "a2",
        "b",
      ]);
      await l.close();
    },
  );

  await t.step("an idle instance releases capital; release keeps its P&L for the day", async () => {
    const l = new Ledger(await fresh(), LIMITS);
    await l.renew(holder("a"), report(300, 0, -10), T0);
    const idle = await l.renew(holder("a"), report(0, 20, -12), T0 + 1000);
    assert.equal(idle.grantedMicro, 20 * M);
    await l.release("a", DAY, -15 * M, T0 + 2000);
    const snap = await l.snapshot(T0 + 2000);
    assert.deepEqual(snap.leases, []);
    assert.equal(snap.dayPnlMicro, -15 * M);
    assert.deepEqual(snap.pnlByMarket, { a: -15 * M });
    await l.close();
  });

  await t.step(
    "the daily loss limit halts the fleet; new runs are refused; resume lifts it",
    async () => {
      const l = new Ledger(await fresh(), LIMITS);
      await l.renew(holder("a"), report(100, 0, -30), T0);
      const b = await l.renew(holder("b"), report(100, 0, -25), T0 + 1000);
      assert.ok(b.halt);
      assert.match(
        b.halt.reason,
        /daily loss limit: the fleet's P&L today -55\.00 USDC is below −50\.00/,
      );
      assert.equal(b.targetMicro, 0); // a halted instance asks for nothing
      // the other instance learns it at its next renewal
      assert.ok((await l.renew(holder("a"), report(100, 0, -30), T0 + 2000)).halt);
      assert.ok(await l.admit(T0 + 3000));
      // the next UTC day starts clean
      assert.equal(await l.admit(Date.UTC(2026, 11, 2, 0, 0, 1)), null);
      // resume: the limit counts again from now (−55)
      assert.ok(await l.resume(T0 + 4000));
      assert.equal(await l.admit(T0 + 4000), null);
      const again = await l.renew(holder("a"), report(100, 0, -60), T0 + 5000);
      assert.equal(again.halt, null); // −85 − (−55) = −30 > −50
      assert.equal(again.dayPnlMicro, -30 * M);
      const breach = await l.renew(holder("a"), report(100, 0, -90), T0 + 6000);
      assert.ok(breach.halt); // −115 − (−55) = −60 < −50
      await l.close();
    },
  );

  await t.step("processes renewing at once never hold more than the cap together", async () => {
    const l = new Ledger(await fresh(), LIMITS);
    await l.snapshot(T0); // creates the schema before the workers race
    await l.close();
    const worker = new URL("./_ledger_worker.ts", import.meta.url).pathname;
    const config = new URL("../../deno.json", import.meta.url).pathname;
    const kind = where().startsWith("postgres") ? "postgres" : "sqlite";
    const runs = [1, 2, 3, 4].map((i) =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--config",
          config,
          "--allow-read",
          "--allow-write",
          "--allow-net=127.0.0.1",
          "--allow-env",
          "--allow-sys",
          worker,
          kind,
          where(),
          `w${i}`,
          "25",
          String(i * 7919),
        ],
        stdout: "piped",
        stderr: "piped",
      }).output()
    );
    for (const out of await Promise.all(runs)) {
      const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      assert.ok(out.success, text);
      assert.match(text, /ok 25/);
    }
  });
}

Deno.test("ledger on SQLite", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "pm4-ledger-" });
  let n = 0;
  let path = "";
  await cases(t, () => {
    path = `${dir}/ledger-${++n}.sqlite`;
    return Promise.resolve(openSqliteStore(path));
  }, () => path);
  await Deno.remove(dir, { recursive: true });
});

Deno.test({
  name: "ledger on PostgreSQL",
  ignore: !hasPostgres("ledger on PostgreSQL"),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const server = await startPostgres();
    try {
      let url = "";
      let n = 0;
      await cases(t, async () => {
        // a fresh database per case
        url = await server.createDatabase(`pm4_t${++n}`);
        return openPostgresStore(url, undefined);
      }, () => url);
    } finally {
      await server.stop();
    }
  },
});
