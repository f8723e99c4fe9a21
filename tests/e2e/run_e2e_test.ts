/**
 * `pm4 run` as an operator runs it: `main.ts` in a subprocess under the
 * `live` permission set — the one the binary bakes in (the venue's hosts and
 * 127.0.0.1, the named env vars only, writes under ./data) — against the
 * simulator started here on an OS-assigned port. The
 * tests watch the exchange's own state, not the bot's word for it.
 */

import assert from "node:assert/strict";
import { simRunConfig } from "../../lib/cli/sim_cmd.ts";
import { addressOf } from "../../lib/exchange/mod.ts";
import { type SimServer, startSimServer } from "../../lib/sim/mod.ts";
import { client, seedBook, takerSells } from "../sim/_client.ts";
import { type Bot, killAll, ROOT, runPm4, spawnRun } from "./_pm4_run.ts";
import { until } from "../_wait.ts";

/** A canary key: it must never appear in any output or file of a run. */
const CANARY_PK = "0x" + "c0ffee11".repeat(8);
const ADDRESS = addressOf(CANARY_PK).toLowerCase();

/** A simulator with a resting two-sided book from another maker and no agents. */
async function market(dir: string): Promise<{ sim: SimServer; cfgPath: string }> {
  const sim = await startSimServer({ scenario: "e2", seed: 5, agents: false });
  // a wide book: the bot quotes inside it, so a taker can hit the bot alone
  // and the book stays two-sided after the bot's orders are gone
  seedBook(sim, [
    { token: 0, side: "BUY", price: 0.3, size: 200 },
    { token: 0, side: "SELL", price: 0.7, size: 200 },
  ]);
  const cfg = simRunConfig(sim, {
    bankrollUsdc: 500,
    dataDir: `./${dir}`,
    extra: { quote: { refresh_s: 0.5 }, logging: { console: "plain" } },
  });
  const cfgPath = `${dir}/cfg.json`;
  await Deno.writeTextFile(`${ROOT}${cfgPath}`, JSON.stringify(cfg));
  return { sim, cfgPath };
}

/** The bot's live orders at the exchange. */
function botOrders(sim: SimServer) {
  return sim.market.exchange.openOrders().filter((o) => o.address === ADDRESS);
}

/** YES-view side of a sim order (token 0 = YES). */
function isBid(o: { token: number; side: string }): boolean {
  return (o.token === 0) === (o.side === "BUY");
}

function twoSided(sim: SimServer): boolean {
  const os = botOrders(sim);
  return os.some(isBid) && os.some((o) => !isBid(o));
}

/**
 * A taker sells YES down to `pricePips` (FAK, in-process), taking every bid
 * at or above it — ours at that price included.
 */
function takerSellsThrough(sim: SimServer, pricePips: number, sizeMicro?: number): void {
  const ex = sim.market.exchange;
  sizeMicro ??= ex.bookOf(0).bids.filter(([p]) => p >= pricePips).reduce((a, [, s]) => a + s, 0);
  const r = takerSells(ex, pricePips, sizeMicro);
  if (!r.ok) throw new Error(r.message);
}

/** YES-view price (pips) of the bot's best bid. */
function bestBotBid(sim: SimServer): { pips: number; o: ReturnType<typeof botOrders>[number] } {
  let best = { pips: 0, o: null as unknown as ReturnType<typeof botOrders>[number] };
  for (const o of botOrders(sim)) {
    if (!isBid(o)) continue;
    const pips = o.token === 0 ? o.pricePips : 10_000 - o.pricePips;
    if (pips > best.pips) best = { pips, o };
  }
  return best;
}

/** The sessions of the data directory's journal, in order (each from its session_start). */
async function readJournal(dir: string): Promise<Record<string, unknown>[][]> {
  const parse = (l: string) => {
    try {
      return [JSON.parse(l)];
    } catch {
      return []; // a run killed with -9 may end in a partly written line
    }
  };
  const sessions: Record<string, unknown>[][] = [];
  for (
    const l of (await Deno.readTextFile(`${ROOT}${dir}/mm_events.jsonl`)).split("\n").flatMap(parse)
  ) {
    if (l.event === "session_start") sessions.push([]);
    sessions.at(-1)?.push(l);
  }
  return sessions;
}

async function allFilesText(dir: string): Promise<string> {
  let text = "";
  const walk = async (d: string) => {
    for await (const e of Deno.readDir(d)) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory) await walk(p);
      else text += await Deno.readTextFile(p);
    }
  };
  await walk(`${ROOT}${dir}`);
  return text;
}

interface MarketCtx {
  sim: SimServer;
  dir: string;
  /** Spawns `pm4 run cfg …` (killed at the end of the test if still running). */
  run(env: Record<string, string>, ...args: string[]): Bot;
}

/** A test with its own simulator, data directory and bots, all cleaned up after. */
function marketTest(name: string, fn: (m: MarketCtx) => Promise<void>): void {
  Deno.test({
    name,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async () => {
      const dir = `data/test-run-${crypto.randomUUID().slice(0, 8)}`;
      await Deno.mkdir(`${ROOT}${dir}`, { recursive: true });
      const { sim, cfgPath } = await market(dir);
      const bots: Bot[] = [];
      try {
        await fn({
          sim,
          dir,
          run: (env, ...args) => {
            const b = spawnRun(env, cfgPath, args);
            bots.push(b);
            return b;
          },
        });
      } finally {
        await killAll(bots);
        await sim.stop();
        await Deno.remove(`${ROOT}${dir}`, { recursive: true });
      }
    },
  });
}

const LIVE = { PK: CANARY_PK };

marketTest(
  "pm4 run: two-sided quotes within 2 s of the first book; a fill skews them; a WebSocket drop cancels and resumes; SIGTERM leaves nothing",
  async ({ sim, dir, run }) => {
    const bot = run(LIVE, "--duration", "600s");
    await until("two-sided quotes", () => twoSided(sim));
    const firstQuotes = botOrders(sim);

    // a taker sells into our best bid: we are long YES
    const before = bestBotBid(sim);
    takerSellsThrough(sim, before.pips);
    const acct = sim.market.exchange.account(ADDRESS);
    assert.ok(acct.yes - acct.no > 0, "the bot is long YES");
    // the quotes move down (skew against the long position), both sides again
    await until(
      "skewed quotes",
      () => twoSided(sim) && bestBotBid(sim).pips > 0 && bestBotBid(sim).pips < before.pips,
    );

    // a network drop: every socket closes; the bot cancels, reconciles and quotes again
    sim.dropSockets();
    await until("orders cancelled after the drop", () => botOrders(sim).length === 0);
    await until("quotes resumed", () => twoSided(sim)).catch((e) => {
      throw new Error(`${e.message}; the bot said:\n${bot.out.join("")}`);
    });

    bot.proc.kill("SIGTERM");
    const r = await bot.done;
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(botOrders(sim), [], "SIGTERM leaves zero open orders at the exchange");
    assert.match(r.stdout, /stopped: stop: signal/);

    const [journal] = await readJournal(dir);
    const inputs = journal.filter((x) => x.event === "input").map((x) =>
      x.input as Record<string, unknown>
    );
    const firstBook = inputs.find((i) =>
      i.kind === "market_frame" && String(i.text).includes('"book"')
    )!;
    const firstQuoteMs = Math.max(
      Math.min(...firstQuotes.filter(isBid).map((o) => o.createdMs)),
      Math.min(...firstQuotes.filter((o) => !isBid(o)).map((o) => o.createdMs)),
    );
    const latency = firstQuoteMs - (firstBook.tMs as number);
    assert.ok(
      latency >= 0 && latency <= 2000,
      `first two-sided quote ${latency} ms after the book`,
    );
    // the first decision that knows the fill: on the user channel's report ("fill"), or on a
    // reconciliation that read it first ("reconciled")
    const fillDecision = journal.find((x) =>
      x.event === "decision" && (x.quote as { q: number }).q > 0
    ) as { why: string; quote: { q: number; delta: number } } | undefined;
    assert.ok(fillDecision, "a decision on the fill");
    assert.match(fillDecision.why, /^(fill|reconciled)/);
    assert.ok(fillDecision.quote.q > 0 && fillDecision.quote.delta > 0);
    const paused = journal.findIndex((x) =>
      x.event === "state" && x.to === "paused" && /disconnected/.test(String(x.reason))
    );
    assert.ok(paused > 0, "paused on the drop");
    assert.ok(journal.slice(paused).some((x) => x.event === "state" && x.to === "active"));
    const summary = journal.at(-1) as { event: string; ordersLeft: number; exitCode: number };
    assert.deepEqual([summary.event, summary.ordersLeft, summary.exitCode], [
      "session_end",
      0,
      0,
    ]);

    // the canary key (and anything derived from it) never leaves the process
    const everything = r.stdout + r.stderr + await allFilesText(dir);
    assert.ok(!everything.includes(CANARY_PK.slice(2)), "private key leaked");
    // the API credentials the bot derived (the venue derives the same ones again)
    const { creds } = await client(sim, CANARY_PK as `0x${string}`);
    assert.ok(creds.secret.length > 10 && creds.passphrase.length > 10);
    assert.ok(!everything.includes(creds.secret), "the API secret leaked");
    assert.ok(!everything.includes(creds.passphrase), "the passphrase leaked");
  },
);

marketTest(
  "pm4 run: kill -9 then restart reconciles to zero orphans and the exchange's exact position; a second instance exits 3",
  async ({ sim, dir, run }) => {
    const first = run(LIVE, "--duration", "600s");
    await until("two-sided quotes", () => twoSided(sim));
    const bid = bestBotBid(sim);
    takerSellsThrough(sim, bid.pips);
    await until("requote after the fill", () => twoSided(sim) && botOrders(sim).length > 1);
    first.proc.kill("SIGKILL");
    await first.done;
    const orphans = botOrders(sim).map((o) => o.id).sort();
    assert.ok(orphans.length > 0, "kill -9 leaves orders resting");

    // long enough for any machine: it is stopped with SIGTERM below
    const second = run(LIVE, "--duration", "600s");
    await until("restart quotes", () => {
      const ids = new Set(botOrders(sim).map((o) => o.id));
      return orphans.every((id) => !ids.has(id)) && twoSided(sim);
    }).catch((e) => {
      throw new Error(`${e.message}; restart said:\n${second.out.join("")}`);
    });

    // while it runs, a second instance on the same market is refused
    const third = run(LIVE, "--duration", "4s");
    const refused = await third.done;
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /another pm4 instance is running market 0x[0-9a-f]{64}/);

    second.proc.kill("SIGTERM");
    const r = await second.done;
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(botOrders(sim), []);
    const journals = await readJournal(dir);
    const restart = journals.at(-1)!;
    const started = restart.find((x) =>
      x.event === "input" && (x.input as { kind: string }).kind === "started"
    )!.input as { openOrders: { id: string }[] };
    assert.deepEqual(started.openOrders.map((o) => o.id).sort(), orphans, "all orphans found");
    assert.ok(
      restart.some((x) =>
        x.event === "leftovers" && x.message === `cancelling ${orphans.length} leftover order(s)`
      ),
    );
    const acct = sim.market.exchange.account(ADDRESS);
    const summary = restart.at(-1) as { event: string; status: { q: number } };
    assert.equal(summary.event, "session_end");
    assert.equal(summary.status.q, (acct.yes - acct.no) / 1e6, "position = the exchange's");
    assert.ok(summary.status.q > 0);
  },
);

marketTest(
  "pm4 run --paper: no keys, quotes kept virtually, fills from the public tape, clean stop",
  async ({ sim, dir, run }) => {
    const journal = async () => (await readJournal(dir).catch(() => [[]]))[0] ?? [];

    const bot = run({}, "--paper", "--duration", "600s");
    let j: Record<string, unknown>[] = [];
    await until("paper quotes", () => {
      journal().then((x) => (j = x));
      return j.some((r) => r.event === "order" && r.change === "placed");
    });
    assert.deepEqual(sim.market.exchange.openOrders().filter((o) => o.owner !== "maker"), []);
    // a public trade at 0.30 goes through every paper bid above it
    takerSellsThrough(sim, 3000, 10e6);
    await until("a paper fill", () => {
      journal().then((x) => (j = x));
      return j.some((r) => r.event === "fill");
    });
    bot.proc.kill("SIGTERM");
    const r = await bot.done;
    assert.equal(r.code, 0, r.stderr);
    j = await journal();
    assert.equal((j[0] as { mode: string }).mode, "paper");
    const fill = j.find((r) => r.event === "fill") as { fill: { token: string; side: string } };
    assert.deepEqual([fill.fill.token, fill.fill.side], ["YES", "BUY"]);
    assert.equal((j.at(-1) as { ordersLeft: number }).ordersLeft, 0);
  },
);

marketTest(
  "pm4 run --metrics-port: Prometheus metrics scraped over loopback; pm4 status while running and after",
  async ({ sim, dir, run }) => {
    const bot = run(LIVE, "--duration", "600s", "--metrics-port", "0");
    await until("two-sided quotes", () => twoSided(sim));
    let url = "";
    await until("the metrics URL", () => {
      url = /metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(bot.out.join(""))?.[1] ?? "";
      return url !== "";
    });
    // the bot requotes while we read: scrape until the page and the exchange agree
    let text = "";
    const working = () => Number(/^pm4_orders_working\{market="[^"]+"\} (\S+)$/m.exec(text)?.[1]);
    await until("a scrape that agrees with the exchange", async () => {
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
      text = await res.text();
      return working() === botOrders(sim).length;
    });
    const value = (name: string) => {
      const m = new RegExp(`^${name}\\{market="[^"]+"\\} (\\S+)$`, "m").exec(text);
      assert.ok(m, `${name} in\n${text}`);
      return Number(m[1]);
    };
    assert.match(text, /^# TYPE pm4_fills_total counter$/m);
    assert.match(text, /^pm4_state\{market="[^"]+",state="active"\} 1$/m);
    assert.match(
      text,
      /^pm4_info\{market="0x[0-9a-f]{8}",condition_id="0x[0-9a-f]{64}",mode="live",version="[^"]+",run="[^"]+"\} 1$/m,
    );
    const bid = value("pm4_quote_bid_price");
    const ask = value("pm4_quote_ask_price");
    assert.ok(bid > 0.3 && bid < ask && ask < 0.7, `${bid} ${ask}`);
    assert.match(text, /^pm4_orders_total\{market="[^"]+",event="placed"\} [1-9]\d*$/m);
    for (
      const name of ["pm4_inventory_shares", "pm4_pnl_usdc", "pm4_sigma", "pm4_lambda", "pm4_gamma"]
    ) {
      assert.ok(Number.isFinite(value(name)), name);
    }
    assert.ok(value("pm4_feed_age_seconds") >= 0);
    assert.match(
      text,
      /^pm4_feed_skipped_total\{market="[^"]+",reason="skipped_invalid_json"\} 0$/m,
    );
    assert.ok(value("pm4_feed_frames_total") > 0);
    assert.equal((await fetch(url.replace("/metrics", "/nope"))).status, 404);

    // the journal is written in batches: its placements may land after the scrape
    let during: Awaited<ReturnType<typeof runPm4>> | undefined;
    await until("the journal's placements", async () => {
      during = await runPm4("live", ["status", dir]);
      return /orders: placed \d+/.test(during.stdout);
    });
    assert.ok(during);
    assert.equal(during.code, 0, during.stderr);
    assert.match(during.stdout, /RUNNING/);
    assert.match(during.stdout, /state active/);
    assert.match(during.stdout, /orders: placed \d+/);

    bot.proc.kill("SIGTERM");
    const r = await bot.done;
    assert.equal(r.code, 0, r.stderr);
    await assert.rejects(fetch(url), "the endpoint stops with the run");
    const after = await runPm4("live", ["status", dir]);
    assert.equal(after.code, 0, after.stderr);
    assert.match(after.stdout, /FINISHED/);
    assert.match(
      after.stdout,
      /ended: exit 0 \(stop: signal\), P&L -?\d+\.\d\d USDC, 0 order\(s\) left/,
    );
    const json = JSON.parse((await runPm4("live", ["status", dir, "--json"])).stdout);
    assert.equal(json[0].running, false);
    assert.equal(json[0].end.exitCode, 0);
    const none = await runPm4("live", ["status", `${dir}/nothing-here`]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^pm4 status: .*no journal there/m);
  },
);
