/**
 * The fault-injection harness: `pm4 run` in a subprocess under the `live`
 * permission set against a simulator with agents, one fault injected once the
 * bot quotes both sides and cleared after a while — then the same invariants
 * after every scenario:
 *
 * 1. zero orders of ours left at the exchange after the shutdown;
 * 2. our position in the journal's last `session_end` equals the exchange's;
 * 3. no limit exceeded: every decision's ladder within `max_order_notional_side`
 *    per side, |q| within the capacity q_max, no cash-floor breach, and after
 *    every single input the engine's invariants (`engineViolations`: the
 *    worst-case inventory within q_max plus one minimum order, orders on the
 *    grid) — the journal replayed through the engine, which must also
 *    reproduce every decision exactly;
 * 4. every order the exchange accepted from us on the tick grid inside
 *    [tick, 1 − tick], none refused for its tick, none ever a taker (no
 *    order crossed the book);
 * 5. quoting resumed (both sides at the exchange) after the fault cleared.
 *
 * The exchange's own event log is the witness for 1, 2 and 4, not the bot.
 */

import assert from "node:assert/strict";
import { replayJournal } from "../../lib/backtest/mod.ts";
import { simRunConfig } from "../../lib/cli/sim_cmd.ts";
import { addressOf } from "../../lib/exchange/mod.ts";
import { engineViolations } from "../../lib/engine/mod.ts";
import { type SimServer, type SimServerOptions, startSimServer } from "../../lib/sim/mod.ts";
import { type Bot, killAll, ROOT, spawnRun } from "../e2e/_pm4_run.ts";
import { takerSells } from "../sim/_client.ts";
import { until } from "../_wait.ts";

export { until };

/** A canary key: it must never appear in any output or file of a run. */
export const CANARY_PK = "0x" + "ca11ab1e".repeat(8);
export const ADDRESS = addressOf(CANARY_PK).toLowerCase();

/** What a scenario sees. */
export interface Ctx {
  sim: SimServer;
  dir: string;
  cfgPath: string;
  /** Every line of the exchange's event log so far. */
  log: Record<string, unknown>[];
  /** `POST /admin/<path>` on the simulator. */
  admin(path: string, body: unknown): Promise<void>;
  /** Spawns `pm4 run` (the harness starts the first one itself). */
  spawn(...args: string[]): Bot;
  /** The bot the harness waits on at the end (a scenario may replace it). */
  bot: Bot;
  /**
   * A taker sells YES down to our best bid (FAK): everything priced better and
   * queued before ours, then `fraction` of our order (a partial fill of ours).
   * False when we have no bid (or the exchange refused the taker).
   */
  hitOurBid(fraction: number): boolean;
  /** The bot's journal lines so far (whole lines only: it flushes every 200 ms). */
  journal(): Promise<Record<string, unknown>[]>;
}

/** One fault. */
export interface Scenario {
  name: string;
  /** What is injected (for the table in docs/reliability.md). */
  fault: string;
  /** Simulator options (e.g. a skewed clock). */
  sim?: Partial<SimServerOptions>;
  /** Extra config. */
  config?: Record<string, unknown>;
  /** Injects the fault (after both sides are quoted). */
  inject(c: Ctx): Promise<void> | void;
  /** Holds it this long, ms (default 3000). */
  holdMs?: number;
  /**
   * The fault stays until this holds (after `holdMs`): the event the check
   * needs, waited on rather than timed, so a busy machine is only slower.
   */
  holdUntil?: { what: string; cond(c: Ctx): boolean | Promise<boolean> };
  /** Clears it. */
  clear?(c: Ctx): Promise<void> | void;
  /** Orders refused for their tick that are allowed (a tick change races orders in flight). */
  tickRejectsAllowed?: number;
  /** What this fault must have caused (checked with the invariants): every journal line, in order. */
  check?(c: Ctx, lines: Record<string, unknown>[]): void;
}

/** The numbers one scenario measured. */
export interface Measured {
  name: string;
  sessions: number;
  ordersPlaced: number;
  fills: number;
  errors: number;
  resumedMs: number;
  decisions: number;
}

/** Our live orders at the exchange. */
export function botOrders(sim: SimServer) {
  return sim.market.exchange.openOrders().filter((o) => o.address === ADDRESS);
}

function isBid(o: { token: number; side: string }): boolean {
  return (o.token === 0) === (o.side === "BUY");
}

/** Both sides of ours rest at the exchange. */
export function twoSided(sim: SimServer): boolean {
  const os = botOrders(sim);
  return os.some(isBid) && os.some((o) => !isBid(o));
}

/** The sessions of a journal file, each from its session_start (a torn last line dropped). */
export async function sessions(path: string): Promise<Record<string, unknown>[][]> {
  const out: Record<string, unknown>[][] = [];
  for (const line of (await Deno.readTextFile(path)).split("\n")) {
    let l: Record<string, unknown>;
    try {
      l = JSON.parse(line);
    } catch {
      continue; // blank, or cut by kill -9
    }
    if (l.event === "session_start") out.push([]);
    out.at(-1)?.push(l);
  }
  return out;
}

/** Runs one scenario and checks the invariants; returns what it measured. */
export async function runScenario(s: Scenario): Promise<Measured> {
  const log: Record<string, unknown>[] = [];
  const sim = await startSimServer({
    scenario: "e2",
    seed: 11,
    speed: 20,
    log: (l) => log.push(JSON.parse(l)),
    ...s.sim,
  });
  const dir = `data/test-rel-${crypto.randomUUID().slice(0, 8)}`;
  await Deno.mkdir(`${ROOT}${dir}`, { recursive: true });
  const cfg = simRunConfig(sim, {
    bankrollUsdc: 500,
    dataDir: `./${dir}`,
    extra: {
      ...s.config,
      quote: { refresh_s: 0.5, ...(s.config?.quote as object) },
      logging: { console: "plain", ...(s.config?.logging as object) },
    },
  });
  const cfgPath = `${dir}/cfg.json`;
  await Deno.writeTextFile(`${ROOT}${cfgPath}`, JSON.stringify(cfg));
  const bots: Bot[] = [];
  const spawn = (...args: string[]) => {
    const b = spawnRun({ PK: CANARY_PK }, cfgPath, args.length > 0 ? args : ["--duration", "600s"]);
    bots.push(b);
    return b;
  };
  const ctx: Ctx = {
    sim,
    dir,
    cfgPath,
    log,
    admin: async (path, body) => {
      const r = await fetch(`${sim.url}/admin/${path}`, {
        method: "POST",
        body: JSON.stringify(body),
      });
      assert.equal(r.status, 200, await r.text());
    },
    spawn,
    bot: spawn(),
    journal: async () => (await sessions(`${ROOT}${dir}/mm_events.jsonl`).catch(() => [])).flat(),
    hitOurBid: (fraction) => {
      const ex = sim.market.exchange;
      const ours = botOrders(sim).filter(isBid);
      if (ours.length === 0) return false;
      const yes = (o: { token: number; pricePips: number }) =>
        o.token === 0 ? o.pricePips : 10_000 - o.pricePips;
      const best = ours.reduce((a, o) => (yes(o) > yes(a) ? o : a));
      const px = yes(best);
      // everything priced better, and the orders before ours in the level's
      // time priority (the exchange's open orders are listed in placement order)
      let ahead = ex.bookOf(0).bids.filter(([p]) => p > px).reduce((a, [, v]) => a + v, 0);
      for (const o of ex.openOrders()) {
        if (o === best) break;
        if (isBid(o) && yes(o) === px) ahead += o.remainingMicro;
      }
      const size = ahead + Math.max(1e6, Math.round(best.remainingMicro * fraction / 1e4) * 1e4);
      return takerSells(ex, px, size).ok;
    },
  };
  try {
    const said = (e: Error) => {
      throw new Error(`${e.message}; the bot said:\n${ctx.bot.out.join("")}`);
    };
    await until("two-sided quotes before the fault", () => twoSided(sim)).catch(said);
    await s.inject(ctx);
    // the fault's own duration (what is being simulated), then its effect as an event
    await new Promise((r) => setTimeout(r, s.holdMs ?? 3000));
    if (s.holdUntil) await until(s.holdUntil.what, () => s.holdUntil!.cond(ctx)).catch(said);
    await s.clear?.(ctx);
    const resumedMs = await until("quotes resumed after the fault", () => twoSided(sim))
      .catch(said);
    ctx.bot.proc.kill("SIGTERM");
    const r = await ctx.bot.done;
    assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}\n${r.stdout}`);
    return await invariants(s, ctx, resumedMs);
  } finally {
    await killAll(bots);
    await sim.stop();
    if (!Deno.env.get("PM4_KEEP")) await Deno.remove(`${ROOT}${dir}`, { recursive: true });
  }
}

async function invariants(s: Scenario, c: Ctx, resumedMs: number): Promise<Measured> {
  const { sim } = c;
  const cfg = JSON.parse(await Deno.readTextFile(`${ROOT}${c.cfgPath}`));
  // 1. nothing of ours left at the exchange
  assert.deepEqual(botOrders(sim), [], "orders left at the exchange after the shutdown");

  const all = await sessions(`${ROOT}${c.dir}/mm_events.jsonl`);
  const last = all.at(-1)!;
  const end = last.at(-1) as { event: string; status: { q: number }; ordersLeft: number };
  assert.equal(end.event, "session_end");
  assert.equal(end.ordersLeft, 0);
  // 2. the position the bot believes is the exchange's
  const acct = sim.market.exchange.account(ADDRESS);
  assert.ok(
    Math.abs(end.status.q - (acct.yes - acct.no) / 1e6) < 1e-9,
    `position: journal ${end.status.q}, exchange ${(acct.yes - acct.no) / 1e6}`,
  );

  // 3. limits, decision by decision, and the replay
  const maxNotional = cfg.quote.max_order_notional_side;
  let decisions = 0;
  for (const lines of all) {
    for (const l of lines) {
      if (l.event !== "decision") continue;
      decisions++;
      const q = l.quote as {
        q: number;
        qMax: number;
        orders: { quote: string; priceTicks: number; sizeMicro: number }[];
      };
      const tick = (l.tickPips as number) / 10_000;
      for (const side of ["bid", "ask"]) {
        const notional = q.orders.filter((o) => o.quote === side).reduce(
          (a, o) => a + o.priceTicks * tick * o.sizeMicro / 1e6,
          0,
        );
        assert.ok(notional <= maxNotional + 1e-6, `${side} ladder ${notional} > ${maxNotional}`);
      }
      assert.ok(Math.abs(q.q) <= q.qMax * 1.01 + 1, `|q| ${q.q} beyond capacity ${q.qMax}`);
    }
    if (lines.at(-1)?.event !== "session_end") continue; // killed: the replay needs a whole run
    // the invariants at every instant, not only at the end: after each input
    let checked = 0;
    const rep = replayJournal(lines, (engine, input) => {
      checked++;
      const broken = engineViolations(engine);
      assert.deepEqual(broken, [], `after input ${checked} (${input.kind} at ${input.tMs})`);
    });
    assert.ok(checked > 0);
    assert.equal(rep.differing, 0, `replay: ${JSON.stringify(rep.differences[0])}`);
    assert.equal(rep.result.summary.floorBreaches, 0, "cash-floor breaches");
  }

  // 4. the exchange's log: our placements on the grid, none refused for its tick, none a taker
  const ours = new Set<string>();
  for (const lines of all) {
    for (const l of lines) {
      const input = l.input as { kind: string; orderId?: string } | undefined;
      if (input?.kind === "order_signed" && input.orderId) ours.add(input.orderId);
    }
  }
  let placed = 0;
  for (const e of c.log) {
    if (e.ev === "order" && e.kind === "PLACEMENT" && ours.has(String(e.id))) {
      placed++;
      const p = e.price as number;
      assert.ok(Number.isInteger(p) && p >= 10 && p <= 9990, `price ${p} pips off the grid`);
    }
    if (e.ev === "trade") assert.ok(!ours.has(String(e.taker)), "one of our orders was a taker");
  }
  assert.ok(placed > 0, "the exchange saw our orders");
  s.check?.(c, all.flat());
  const errors = all.flat().filter((l) => String(l.event).startsWith("error_"));
  const tickRejects = errors.filter((l) => /tick/i.test(String(l.message))).length;
  assert.ok(tickRejects <= (s.tickRejectsAllowed ?? 0), `${tickRejects} orders refused for tick`);
  return {
    name: s.name,
    sessions: all.length,
    ordersPlaced: placed,
    fills: all.flat().filter((l) => l.event === "fill").length,
    errors: errors.length,
    resumedMs,
    decisions,
  };
}

/** Registers the scenarios as tests (one Deno.test each). */
export function scenarioTests(list: Scenario[]): void {
  for (const s of list) {
    Deno.test({
      name: `fault: ${s.name}`,
      sanitizeOps: false,
      sanitizeResources: false,
      fn: async () => {
        const m = await runScenario(s);
        console.log(`  measured: ${JSON.stringify(m)}`);
      },
    });
  }
}
