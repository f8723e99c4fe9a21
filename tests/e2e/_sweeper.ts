/**
 * An outside trader sweeping one side of the book, through Polymarket's own
 * client (`@polymarket/clob-client-v2`, FAK market orders), while pm4 quotes
 * the same simulated market in-process — and what it did to pm4, measured
 * from pm4's journal: the largest |q| against q_max, the largest exposure a
 * single fill added against q_max, and the share of the time pm4 was paused
 * for anything but a reconciliation.
 *
 * Used by the sweep test (a short run) and `deno task sweep` (2 minutes).
 *
 * @module
 */

import { OrderType, Side } from "@polymarket/clob-client-v2";
import { generatePrivateKey } from "viem/accounts";
import { simRunConfig } from "../../lib/cli/sim_cmd.ts";
import { runSession } from "../../lib/runtime/mod.ts";
import { startSimServer } from "../../lib/sim/mod.ts";
import { client } from "../sim/_client.ts";
import { addressOf } from "../../lib/exchange/mod.ts";
import { STUCK_MS, until } from "../_wait.ts";

/** What one sweep run measured. */
export interface SweepReport {
  /** Wall time of the sweep, s. */
  seconds: number;
  /** Market orders the sweeper sent, and how many filled anything. */
  sweeps: number;
  /** Sweeps that traded. */
  sweepsFilled: number;
  /** pm4's fills. */
  fills: number;
  /** Largest |q| / q_max over every fill (q_max of the decision in force). */
  maxQOverQMax: number;
  /** Largest single fill's |Δq| / q_max (flattening fills included). */
  maxFillOverQMax: number;
  /**
   * Largest exposure a single fill added, / q_max: the growth of |q| (or the
   * new side's |q| when a fill crosses zero). A fill that flattens moves q
   * toward zero and adds none.
   */
  maxAddOverQMax: number;
  /** Share of the sweep's time pm4 was paused for a reason other than reconciling. */
  pausedShare: number;
  /** Pause time by reason, s. */
  pausedByReason: Record<string, number>;
  /** pm4's exit code. */
  exitCode: number;
}

/** Options of a sweep run. */
export interface SweepOptions {
  /** How long the sweeper sweeps, ms. */
  durationMs: number;
  /**
   * Sweeps that must have traded before it stops (default 0): it keeps going
   * past `durationMs` until they have, up to {@link STUCK_MS} — the book's
   * side may stay empty for a while after a sweep (the makers step back).
   */
  minSweeps?: number;
  /** Time between sweeps, ms. */
  everyMs: number;
  /** The side swept: "bid" sells YES into every bid, "ask" buys through every ask. */
  side: "bid" | "ask";
  /** Simulator seed, scenario and speed. */
  seed?: number;
  /** Simulator speed (market time per wall time). */
  speed?: number;
  /** pm4's data directory (under ./data for the bench's permission set). */
  dataDir: string;
}

/** Runs pm4 against the simulator while an outside trader sweeps one side; measures. */
export async function sweepRun(o: SweepOptions): Promise<SweepReport> {
  const sim = await startSimServer({
    scenario: "e2",
    seed: o.seed ?? 5,
    speed: o.speed ?? 10,
    // the client waits for its trade to be mined: keep that short so the sweeper sweeps
    settlement: { minedDelayMs: 100, confirmDelayMs: 1000, failureRate: 0 },
  });
  const ac = new AbortController();
  try {
    const config = simRunConfig(sim, {
      bankrollUsdc: 300,
      dataDir: o.dataDir,
      extra: { quote: { refresh_s: 0.5 }, logging: { console: "quiet" } },
    });
    const pk = generatePrivateKey();
    const session = runSession({
      config,
      mode: "live",
      env: (k) => (k === "PK" ? pk : undefined),
      signal: ac.signal,
    });
    // the sweeper: its own wallet, funded with cash and YES to sell
    const { c, address } = await client(sim);
    sim.market.exchange.deposit(address.toLowerCase(), 1e12, 1e12, 0);
    const ids = sim.market.ids;
    const opts = { tickSize: "0.01" as const, negRisk: false };
    // pm4 quotes first
    const pm4 = addressOf(pk).toLowerCase();
    await until(
      "pm4's first quotes",
      () => sim.market.exchange.openOrders().some((x) => x.address === pm4),
    );
    const start = Date.now();
    let sweeps = 0;
    let sweepsFilled = 0;
    const more = () =>
      Date.now() - start < o.durationMs ||
      (sweepsFilled < (o.minSweeps ?? 0) && Date.now() - start < STUCK_MS);
    while (more()) {
      const book = await c.getOrderBook(ids.yesTokenId);
      const levels = o.side === "bid" ? book.bids : book.asks;
      if (levels.length > 0) {
        // every level of the side (the book lists best last)
        const size = levels.reduce((a, l) => a + Number(l.size), 0);
        const worst = Number(levels[0].price);
        const amount = o.side === "bid"
          ? Math.floor(size * 100) / 100
          : Math.floor(size * worst * 100) / 100;
        if (amount >= 1) {
          sweeps++;
          const r = await c.createAndPostMarketOrder(
            {
              tokenID: ids.yesTokenId,
              amount,
              side: o.side === "bid" ? Side.SELL : Side.BUY,
              price: worst,
            },
            opts,
            OrderType.FAK,
          ).catch(() => null);
          if (r && (r as { success?: boolean }).success) sweepsFilled++;
        }
      }
      await new Promise((r) => setTimeout(r, o.everyMs));
    }
    const seconds = (Date.now() - start) / 1000;
    ac.abort();
    const result = await session;
    const lines = (await Deno.readTextFile(result.journal)).trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    return {
      ...measure(lines, start, start + seconds * 1000),
      seconds,
      sweeps,
      sweepsFilled,
      exitCode: result.exitCode,
    };
  } finally {
    ac.abort();
    await sim.stop();
  }
}

/** The journal's fills and pauses between `fromMs` and `toMs` (wall clock, as the journal's). */
function measure(
  lines: Record<string, unknown>[],
  fromMs: number,
  toMs: number,
): Omit<SweepReport, "seconds" | "sweeps" | "sweepsFilled" | "exitCode"> {
  let qMax = 0;
  let prevQ = 0;
  let fills = 0;
  let maxQ = 0;
  let maxFill = 0;
  let maxAdd = 0;
  let pausedSince = -1;
  let reason = "";
  const paused: Record<string, number> = {};
  for (const l of lines) {
    const t = l.tsMs as number;
    if (l.event === "decision") {
      const q = l.quote as { qMax: number };
      if (q.qMax > 0) qMax = q.qMax;
    } else if (l.event === "fill" && l.effect === "applied") {
      const q = ((l.yesMicro as number) - (l.noMicro as number)) / 1e6;
      if (t >= fromMs && qMax > 0) {
        fills++;
        maxQ = Math.max(maxQ, Math.abs(q) / qMax);
        maxFill = Math.max(maxFill, Math.abs(q - prevQ) / qMax);
        const added = Math.sign(q) === Math.sign(prevQ) || prevQ === 0
          ? Math.abs(q) - Math.abs(prevQ)
          : Math.abs(q);
        maxAdd = Math.max(maxAdd, added / qMax);
      }
      prevQ = q;
    } else if (l.event === "state") {
      const at = Math.min(Math.max(t, fromMs), toMs);
      if (pausedSince >= 0) {
        paused[reason] = (paused[reason] ?? 0) + (at - pausedSince) / 1000;
        pausedSince = -1;
      }
      if (l.to === "paused") {
        pausedSince = at;
        reason = String(l.reason);
      }
    }
  }
  if (pausedSince >= 0) paused[reason] = (paused[reason] ?? 0) + (toMs - pausedSince) / 1000;
  const total = Object.entries(paused).filter(([r]) => r !== "reconciling")
    .reduce((a, [, s]) => a + s, 0);
  return {
    fills,
    maxQOverQMax: maxQ,
    maxFillOverQMax: maxFill,
    maxAddOverQMax: maxAdd,
    pausedShare: total / ((toMs - fromMs) / 1000),
    pausedByReason: paused,
  };
}
