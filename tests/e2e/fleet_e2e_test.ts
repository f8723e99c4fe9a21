/**
 * A fleet on one wallet, end to end: three `pm4 run` processes (three
 * markets of one simulator, one API key, two of the markets outcomes of one
 * neg-risk event) share a ledger whose capital is smaller than their static
 * split. Checked from the journals and the ledger: the fleet never holds more
 * than the cap; `kill -9` of one instance neither cancels the others' orders
 * (the heartbeat switch is the user's) nor leaves its own behind (GTD expiry)
 * nor keeps its capital (the lease expires); a daily loss halts every
 * instance at its next renewal (exit 4) and a new run is refused. The same
 * test runs on SQLite and on a PostgreSQL server it starts.
 */

import assert from "node:assert/strict";
import { replayJournal } from "../../lib/backtest/mod.ts";
import { simRunConfig } from "../../lib/cli/sim_cmd.ts";
import { engineViolations } from "../../lib/engine/mod.ts";
import { addressOf } from "../../lib/exchange/mod.ts";
import {
  Ledger,
  openPostgresStore,
  openSqliteStore,
  type SqlStore,
} from "../../lib/portfolio/mod.ts";
import { type SimMarket, type SimServer, startSimServer } from "../../lib/sim/mod.ts";
import { hasPostgres, startPostgres } from "../_postgres.ts";
import { seedBook, takerSells } from "../sim/_client.ts";
import { until } from "../_wait.ts";
import { type Bot, killAll, ROOT, runPm4, spawnRun } from "./_pm4_run.ts";

const PK = "0x" + "f1ee7001".repeat(8);
const ADDRESS = addressOf(PK).toLowerCase();
const CAP = 1200;
const BANKROLL = 900; // each instance's static split: 3 × 900 > CAP
const TTL_S = 8;
const LEASE_S = 12; // > TTL_S + 3·RENEW_S: a renewal may be 3.5 s late before buying stops
const RENEW_S = 0.5;
const DAILY_LOSS = 2; // the bot's loss below is a few USDC

const ours = (m: SimMarket) => m.exchange.openOrders().filter((o) => o.address === ADDRESS);

async function journal(dir: string, m: SimMarket): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(`${ROOT}${dir}/${m.ids.conditionId}/mm_events.jsonl`);
  return text.split("\n").flatMap((l) => {
    try {
      return [JSON.parse(l)];
    } catch {
      return []; // kill -9 may cut the last line
    }
  });
}

async function fleet(
  backend: "sqlite" | "postgres",
  portfolio: Record<string, unknown>,
  store: () => SqlStore,
): Promise<void> {
  const dir = `data/test-fleet-${backend}-${crypto.randomUUID().slice(0, 8)}`;
  await Deno.mkdir(`${ROOT}${dir}`, { recursive: true });
  const sim: SimServer = await startSimServer({
    scenario: "e2",
    seed: 7,
    agents: false,
    markets: 4,
    eventOutcomes: 3,
    fundUsdc: 5000,
  });
  const markets = sim.markets.slice(0, 3); // 0 on its own; 1 and 2 in the neg-risk event
  const bots: Bot[] = [];
  let kept = false;
  const ledger = new Ledger(store(), {
    totalMicro: CAP * 1e6,
    eventMicro: 0,
    categoryMicro: 0,
    dailyLossMicro: DAILY_LOSS * 1e6,
    leaseMs: LEASE_S * 1000,
  });
  const cfgOf = (m: SimMarket) => `${dir}/${m.slug}.json`;
  const spawn = async (m: SimMarket) => {
    const cfg = simRunConfig(sim, {
      bankrollUsdc: BANKROLL,
      dataDir: `./${dir}`,
      market: m,
      extra: {
        // a full ladder of large levels: the fleet's capital, not the model, must bind
        quote: {
          refresh_s: 0.5,
          order_ttl_s: TTL_S,
          ladder_max_levels: 3,
          ladder_level_fraction: 0.25,
        },
        logging: { console: "plain" },
        portfolio: {
          ledger: backend,
          capital_usdc: CAP,
          daily_loss_usdc: DAILY_LOSS,
          lease_s: LEASE_S,
          renew_s: RENEW_S,
          ...portfolio,
        },
      },
    });
    const path = cfgOf(m);
    await Deno.writeTextFile(`${ROOT}${path}`, JSON.stringify(cfg));
    const b = spawnRun({ PK }, path, ["--duration", "600s"]);
    bots.push(b);
    return b;
  };
  try {
    assert.ok(markets[1].event && markets[1].event.id === markets[2].event?.id);
    for (const m of markets) {
      seedBook(sim, [
        { token: 0, side: "BUY", price: 0.3, size: 200 },
        { token: 0, side: "SELL", price: 0.7, size: 200 },
      ], m);
    }
    const [b0, b1, b2] = [
      await spawn(markets[0]),
      await spawn(markets[1]),
      await spawn(markets[2]),
    ];
    const said = () => bots.map((b, i) => `--- bot ${i}:\n${b.out.join("")}`).join("\n");
    await until("every instance quotes", () => markets.every((m) => ours(m).length > 0))
      .catch((e) => {
        throw new Error(`${e.message}\n${said()}`);
      });
    const snap = await ledger.snapshot(Date.now());
    assert.equal(snap.leases.length, 3);
    assert.ok(snap.leases.reduce((a, l) => a + l.grantedMicro, 0) <= CAP * 1e6);
    // the operator's view of the fleet
    const view = await runPm4("live", ["portfolio", cfgOf(markets[1]), "--json"]);
    assert.equal(view.code, 0, view.stdout);
    const listed = JSON.parse(view.stdout) as { leases: { market: string; event: string }[] };
    assert.deepEqual(
      listed.leases.map((l) => l.market).sort(),
      markets.map((m) => m.ids.conditionId).sort(),
    );
    assert.equal(listed.leases.filter((l) => l.event === markets[1].event?.id).length, 2);

    // kill -9 one instance: nothing of it is cancelled by the venue's switch
    // (the others keep the user's heartbeat alive), its orders expire (GTD),
    // its lease expires and its capital returns to the others
    b0.proc.kill("SIGKILL");
    const killedMs = Date.now();
    await b0.done;
    // the survivors' quotes at the venue: a replace (cancel and new order in
    // flight) may empty a market for a moment; a sweep would empty it for good
    const zeroSince = [0, 0];
    let longestGapMs = 0;
    const watch = setInterval(() => {
      const now = Date.now();
      [markets[1], markets[2]].forEach((m, i) => {
        if (ours(m).length > 0) zeroSince[i] = 0;
        else if (zeroSince[i] === 0) zeroSince[i] = now;
        else longestGapMs = Math.max(longestGapMs, now - zeroSince[i]);
      });
    }, 25);
    try {
      await until("the killed instance's orders expire", () => ours(markets[0]).length === 0);
      const goneMs = Date.now() - killedMs;
      assert.ok(goneMs <= (TTL_S + 5) * 1000, `gone after ${goneMs} ms`);
      await until(
        "its lease expires",
        async () =>
          (await ledger.snapshot(Date.now())).leases.every((l) =>
            l.market !== markets[0].ids.conditionId
          ),
      );
      await until("the survivors take its capital", async () => {
        const s = await ledger.snapshot(Date.now());
        return s.leases.length === 2 && s.leases.every((l) => l.grantedMicro >= 590e6);
      });
      // past the switch's 15 s: the survivors' orders were never swept
      await until("the dead-man window has passed", () => Date.now() - killedMs > 16_000);
    } finally {
      clearInterval(watch);
    }
    assert.ok(longestGapMs < 1000, `a survivor had no order at the venue for ${longestGapMs} ms`);
    for (const m of sim.markets) assert.equal(m.exchange.deadManSweeps, 0);

    // a loss in one market: a taker sells into its bot's best bid, then the
    // market falls to 0.10 — the bot's marked P&L (its report to the ledger)
    // passes the daily limit, and the fleet halts
    const m1 = markets[1].exchange;
    const bid = ours(markets[1]).filter((o) => o.token === 0 && o.side === "BUY")
      .sort((a, b) => b.pricePips - a.pricePips)[0];
    assert.ok(bid, "the bot quotes a YES bid");
    const hit = takerSells(m1, bid.pricePips, bid.remainingMicro);
    assert.ok(hit.ok && hit.tradeIds.length > 0);
    m1.cancelAll("maker", Date.now());
    seedBook(sim, [
      { token: 0, side: "BUY", price: 0.08, size: 200 },
      { token: 0, side: "SELL", price: 0.12, size: 200 },
    ], markets[1]);
    for (const b of [b1, b2]) {
      const r = await b.done;
      assert.equal(r.code, 4, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /portfolio halt: daily loss limit/);
    }
    const loser = (await journal(dir, markets[1])).filter((l) => l.event === "portfolio_lease");
    const breach = loser.find((l) => l.halt !== null)!;
    assert.ok((breach.dayPnlUsdc as number) < -DAILY_LOSS, JSON.stringify(breach));
    assert.match(String(breach.halt), /reported by sim-e2-1/);
    assert.deepEqual([...ours(markets[1]), ...ours(markets[2])], []);
    // a new run is refused with one line
    const again = await spawn(markets[0]).then((b) => b.done);
    assert.equal(again.code, 4);
    // (Deno's own warning about permissions in deno.json aside)
    const refusal = again.stderr.trim().split("\n")
      .filter((l) => !l.startsWith("Warning Permissions"));
    assert.equal(refusal.length, 1, again.stderr);
    assert.match(refusal[0], /^pm4 run: the portfolio is halted for \d{4}-\d\d-\d\d \(daily loss/);

    const halted = await runPm4("live", ["portfolio", cfgOf(markets[0])]);
    assert.match(halted.stdout, /HALTED since .*daily loss limit/);

    // from the journals: after every ledger commit the fleet held at most the
    // cap, every instance's exposure within its grant, and each survivor's
    // first renewal after the breach halted it (one cycle)
    const series: [number, number][][] = [];
    for (const m of markets) {
      const all = await journal(dir, m);
      const lines = all.filter((l) => l.event === "portfolio_lease");
      assert.ok(lines.length >= 1, `${m.slug}: no renewal journaled`);
      for (const l of lines) {
        assert.ok((l.fleetGrantedUsdc as number) <= CAP + 1e-6, JSON.stringify(l));
        assert.ok(
          (l.exposureUsdc as number) <= (l.grantedUsdc as number) + 1e-3,
          JSON.stringify(l),
        );
      }
      if (m !== markets[0]) {
        // the instance that lost halts at its own renewal; the other at its next one
        const after = lines.filter((l) => (l.seq as number) >= (breach.seq as number));
        assert.ok(after.length >= 1 && after.every((l) => l.halt !== null), JSON.stringify(after));
      }
      // the engine after every input, replayed from the journal: its invariants
      // (the lease's among them) and the capital it had deployed at each instant
      const points: [number, number][] = [];
      const rep = replayJournal(all, (engine, input) => {
        assert.deepEqual(
          engineViolations(engine),
          [],
          `${m.slug} after ${input.kind} at ${input.tMs}`,
        );
        points.push([input.tMs, engine.exposureMicro]);
      });
      if (m !== markets[0]) assert.equal(rep.differing, 0, JSON.stringify(rep.differences[0]));
      if (m === markets[0]) {
        // killed: what its last orders held stays until the venue retires them
        const placed = all.filter((l) => l.event === "order" && l.change === "placed");
        const lastPlacedMs = Math.max(...placed.map((l) => l.tsMs as number));
        const last = points.at(-1)!;
        points.push([Math.max(last[0], lastPlacedMs + TTL_S * 1000), 0]);
        points.push([last[0] + 1, last[1]]);
        points.sort((a, b) => a[0] - b[0]);
      }
      series.push(points);
    }
    // Σ exposure at every instant any of them changed
    const times = [...new Set(series.flatMap((p) => p.map(([t]) => t)))].sort((a, b) => a - b);
    const at = (p: [number, number][], t: number) => {
      let v = 0;
      for (const [tt, x] of p) if (tt <= t) v = x;
      return v;
    };
    let peak = 0;
    for (const t of times) peak = Math.max(peak, series.reduce((a, p) => a + at(p, t), 0));
    assert.ok(peak <= CAP * 1e6 + 1e3, `the fleet deployed ${peak / 1e6} USDC > ${CAP}`);
    assert.ok(peak > 0, "nothing was ever deployed: the check checked nothing");

    // the operator lifts the halt: new runs are admitted again
    const resumed = await runPm4("live", ["portfolio", cfgOf(markets[0]), "resume"]);
    assert.match(resumed.stdout, /^resumed: today's halt \(daily loss limit/);
    assert.equal(await ledger.admit(Date.now()), null);
  } catch (e) {
    // the journals are the evidence: kept, and named
    kept = true;
    throw new Error(`${(e as Error).message}\n(journals kept in ${dir})`, { cause: e });
  } finally {
    await killAll(bots);
    await ledger.close();
    await sim.stop();
    if (!kept && !Deno.env.get("PM4_KEEP")) {
      await Deno.remove(`${ROOT}${dir}`, { recursive: true });
    }
  }
}

Deno.test({
  name:
    "fleet on SQLite: the cap holds at every commit, kill -9 strands nothing, a daily loss halts all",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const rel = `data/test-fleet-ledger-${crypto.randomUUID().slice(0, 8)}.sqlite`;
    try {
      await fleet("sqlite", { sqlite_path: `./${rel}` }, () => openSqliteStore(`${ROOT}${rel}`));
    } finally {
      for (const s of ["", "-wal", "-shm"]) await Deno.remove(`${ROOT}${rel}${s}`).catch(() => {});
    }
  },
});

Deno.test({
  name: "fleet on PostgreSQL: the same, with the ledger on a server",
  ignore: !hasPostgres("fleet on PostgreSQL"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const server = await startPostgres();
    try {
      const url = await server.createDatabase("pm4_fleet");
      await fleet("postgres", { database_url: url }, () => openPostgresStore(url, undefined));
    } finally {
      await server.stop();
    }
  },
});

Deno.test({
  name:
    "fleet: a ledger that cannot be reached refuses the start in one line (exit 2), before any order",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = `data/test-fleet-noledger-${crypto.randomUUID().slice(0, 8)}`;
    await Deno.mkdir(`${ROOT}${dir}`, { recursive: true });
    const sim = await startSimServer({ scenario: "e2", seed: 3, agents: false });
    // a port nothing listens on
    const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (l.addr as Deno.NetAddr).port;
    l.close();
    try {
      const cfg = simRunConfig(sim, {
        bankrollUsdc: 100,
        dataDir: `./${dir}`,
        extra: {
          portfolio: {
            ledger: "postgres",
            capital_usdc: 100,
            database_url: `postgres://pm4@127.0.0.1:${port}/pm4`,
          },
        },
      });
      await Deno.writeTextFile(`${ROOT}${dir}/cfg.json`, JSON.stringify(cfg));
      const r = await spawnRun({ PK }, `${dir}/cfg.json`, ["--duration", "60s"]).done;
      assert.equal(r.code, 2, r.stderr);
      const said = r.stderr.trim().split("\n").filter((x) => !x.startsWith("Warning Permissions"));
      assert.equal(said.length, 1, r.stderr);
      assert.match(
        said[0],
        /^pm4 run: the portfolio ledger \(postgres:\/\/pm4@127\.0\.0\.1:\d+\/pm4\) cannot be used/,
      );
      assert.deepEqual(sim.market.exchange.openOrders(), []);
    } finally {
      await sim.stop();
      await Deno.remove(`${ROOT}${dir}`, { recursive: true });
    }
  },
});
