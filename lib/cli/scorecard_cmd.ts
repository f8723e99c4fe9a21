/**
 * `pm4 scorecard [--seeds N] [--types a1,…]`: PM4 against its ablations and
 * popular baselines in the simulator, one worker thread per core.
 *
 * @module
 */

import {
  aggregate,
  type AsPaperRow,
  type Cell,
  dataScorecard,
  pairedTable,
  pairedVsPm4,
  renderAsPaperTable,
  renderDataTable,
  renderScorecard,
  type RunScore,
  SCORECARD_BANKROLL,
  type ScorecardJob,
  simulateAsPaper,
  STRATEGIES,
  type Strategy,
  strategyLabel,
  verdict,
  verdictText,
} from "../scorecard/mod.ts";
import type { DataItem } from "../scorecard/mod.ts";
import { utcStamp } from "../runtime/mod.ts";
import { SCENARIO_NAMES, type ScenarioName } from "../sim/mod.ts";
import { type Command, type CommandContext, valued } from "./command.ts";
import { UsageError } from "./errors.ts";
import { EXIT_OK } from "./exit_codes.ts";
import { makeDir, writeText } from "./files.ts";
import { listFlag, numberFlag } from "./flags.ts";
import { ProgressBar } from "./progress.ts";
import { openMarketData, venueOptions } from "./backtest_cmd.ts";
import { loadConfigFile } from "./config_cmd.ts";
import { checkWritable } from "./permissions.ts";
import { markdownTable } from "../formats/mod.ts";

/** Default seeds per marchetype: docs/scorecard.md's table, in about 5 minutes on 2 cores. */
export const DEFAULT_SEEDS = 12;

/** `--bankroll`: every strategy's bankroll, USDC (default the scorecard's). */
function bankrollFlag(values: Record<string, unknown>): number {
  return numberFlag(values.bankroll, { flag: "--bankroll", lo: 1, hi: 1e9 }, "scorecard") ??
    SCORECARD_BANKROLL;
}

/**
 * `--strategies`: the strategies to run, in the table's order — PM4 always,
 * since every other is measured against it.
 */
function strategiesFlag(values: Record<string, unknown>): Strategy[] {
  const ids = listFlag(
    values.strategies,
    STRATEGIES.map((s) => s.id),
    "--strategies",
    "scorecard",
  );
  if (ids === undefined) return [...STRATEGIES];
  return STRATEGIES.filter((s) => s.id === "pm4" || ids.includes(s.id));
}

/** A run's relative cost by marchetype (measured: e3 ≈ 3 s, a3 ≈ 1.5 s, the rest 0.7–1 s). */
const RUN_COST: Record<ScenarioName, number> = { e3: 6, a3: 5, e2: 4, e1: 3, a2: 2, a1: 1 };

/**
 * Runs the jobs on `threads` workers; `onRun` sees each result as it lands.
 * Each worker is handed its next job when it reports one, so a thread never
 * idles while another still has a queue (runs differ several-fold in cost).
 */
async function runJobs(
  jobs: ScorecardJob[],
  threads: number,
  onRun: (r: RunScore) => void,
): Promise<RunScore[]> {
  const out: RunScore[] = [];
  let next = 0;
  await Promise.all(
    Array.from(
      { length: Math.min(threads, jobs.length) },
      () =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(new URL("../scorecard/worker.ts", import.meta.url), {
            type: "module",
          });
          const feed = () => {
            if (next < jobs.length) return w.postMessage(jobs[next++]);
            w.terminate();
            resolve();
          };
          w.onmessage = (e: MessageEvent<RunScore>) => {
            out.push(e.data);
            onRun(e.data);
            feed();
          };
          w.onerror = (e) => {
            e.preventDefault();
            w.terminate();
            reject(new Error(`scorecard worker: ${e.message}`));
          };
          feed();
        }),
    ),
  );
  return out;
}

function table(cells: readonly Cell[]): string {
  const head = [
    "type",
    "strategy",
    "P&L mean",
    "sd",
    "mean/sd",
    "max DD",
    "adv ¢/sh",
    "adv $",
    "rewards $",
    "scored %",
    "fill %",
    "cap %",
    "breach",
  ];
  const rows = cells.map((c) => [
    c.type,
    strategyLabel(c.strategy),
    c.pnlMean.toFixed(2),
    c.pnlSd.toFixed(2),
    c.riskAdjusted.toFixed(2),
    c.maxDrawdown.toFixed(2),
    c.adverseCentsPerShare.toFixed(3),
    c.adverseUsdc.toFixed(2),
    c.rewardsMean.toFixed(2),
    (c.rewardScoredShare * 100).toFixed(0),
    (c.fillRate * 100).toFixed(2),
    (c.timeAtCapacity * 100).toFixed(1),
    String(c.floorBreaches),
  ]);
  return markdownTable(head, rows, 2);
}

/** Every strategy on one real recording (`--config CONFIG --data FILE...`). */
async function realData(
  ctx: CommandContext,
  values: Record<string, unknown>,
  positionals: string[],
): Promise<number> {
  // `--data a b c` as the synopsis reads: parseArgs leaves b and c as positionals
  const files = [...(values.data as string[]), ...positionals];
  const cfg = await loadConfigFile(String(values.config), "scorecard");
  const venue = venueOptions(values, "scorecard");
  const { data, tickPips, minOrderMicro } = await openMarketData(ctx, cfg, files, "scorecard");
  const items: DataItem[] = [];
  for await (const batch of data.batches()) items.push(...batch);
  const t0 = ctx.now();
  const bankrollUsdc = bankrollFlag(values);
  const scores = dataScorecard(
    cfg,
    items,
    { ...venue, tickPips, minOrderMicro },
    bankrollUsdc,
    strategiesFlag(values),
  );
  const seconds = (ctx.now() - t0) / 1000;
  if (values.json) {
    // no wall time in it: the same data gives the same bytes
    ctx.io.out(JSON.stringify({ files, bankrollUsdc, scores }, null, 2));
    return EXIT_OK;
  }
  const frames = items.filter((i) => i.kind === "frame").length;
  ctx.io.out(
    `scorecard on ${files.length} file(s) of ${cfg.market.condition_id.slice(0, 10)}…: ` +
      `${frames} frames, ${scores.length} strategies, ${seconds.toFixed(1)} s`,
  );
  ctx.io.out(renderDataTable(scores));
  const pm4 = scores.find((s) => s.strategy === "pm4")!;
  ctx.io.out(`PM4 floor breaches: ${pm4.floorBreaches}.`);
  return EXIT_OK;
}

/** `pm4 scorecard`. */
export const scorecardCommand: Command = {
  name: "scorecard",
  summary: "PM4 against baseline strategies across marchetypes, in simulation",
  usage: "pm4 scorecard [--seeds N] [--types a1,...] [--strategies ID,...] [--bankroll USDC]\n" +
    "                     [--out DIR] [--json]\n" +
    "       pm4 scorecard --config CONFIG --data FILE... [--resolution yes|no] [--strategies ID,...]\n" +
    "                     [--bankroll USDC] [--json]\n" +
    "       pm4 scorecard --paper [--paths N]",
  description: [
    "Every marchetype × seeds × strategy runs in the simulator without sockets — the live engine",
    "trading against seeded noise and informed traders and competing makers, from 12 h before",
    "the resolution to the 1/0 payoff. Strategies: PM4; its ablations, one term off each",
    "(σ ≡ 1, λ ≡ 1, no adverse-selection term, γ ≡ 1, tf ≡ 1, no risk variance); PM4 with",
    "the rewards mode on, and with adaptive time scales; a fixed ±2-tick spread;",
    "Avellaneda–Stoikov in price space;",
    "hummingbot's A–S as shipped; Guéant–Lehalle–Fernandez-Tapia's closed form; a",
    "poly-maker-style reward-band maker; a bands maker — the baselines with PM4's guards",
    "(no new risk near the resolution, no fill past the cash floor). Every market has a",
    "liquidity-reward program, scored by the simulated venue each minute: each strategy's P&L",
    "includes its rewards (and, on fee markets, its maker rebates).",
    "Prints the table and each PM4 ablation's and variant's P&L against PM4's on the same seeds",
    "(mean ± standard error; Markdown), writes scorecard.json and scorecard.html to --out",
    "(default ./data/scorecard/<stamp>).",
    `Every strategy has the same bankroll: --bankroll (default ${SCORECARD_BANKROLL} USDC; the`,
    "baselines' orders stay their own size, their position cap scales with it); --strategies",
    "runs a subset (PM4 always) and the verdict checks only what ran. Strategy ids:",
    STRATEGIES.map((st) => st.id).join(", ") + ".",
    "--config CONFIG --data FILE... runs every strategy through the backtest's venue on a real",
    "recording instead (any format pm4 backtest reads; the config names the market), with the",
    "same bankroll, and prints one row per strategy.",
    "--paper runs the price-space A–S baseline's formula in Avellaneda & Stoikov (2008)'s own",
    "simulation (γ 0.1, 0.01, 0.5; inventory vs symmetric) and prints it beside the paper's tables.",
  ].join("\n"),
  options: {
    seeds: valued("N", `seeds per marchetype (default ${DEFAULT_SEEDS})`),
    types: valued(
      "LIST",
      `marchetypes, comma-separated (default all: ${SCENARIO_NAMES.join(",")})`,
    ),
    out: valued("DIR", "where to write scorecard.json and scorecard.html"),
    json: { type: "boolean", help: "print the cells as JSON instead of the table" },
    paper: { type: "boolean", help: "Avellaneda & Stoikov (2008)'s simulation beside its tables" },
    paths: valued("N", "paths per γ for --paper (default 1000, as the paper)"),
    config: valued("CONFIG", "with --data: the market's config"),
    data: { type: "string", multiple: true, arg: "FILE", help: "a recording's file (repeatable)" },
    resolution: valued("yes|no", "with --data: the outcome, when the data does not carry it"),
    strategies: valued("LIST", "strategy ids, comma-separated (default all; PM4 always)"),
    bankroll: valued("USDC", `every strategy's bankroll (default ${SCORECARD_BANKROLL})`),
  },
  async run(ctx: CommandContext, { values, positionals }) {
    if (positionals.length > 0 && values.data === undefined) {
      throw new UsageError(`unexpected argument ${positionals[0]}`, "scorecard");
    }
    if ((values.config !== undefined) !== (values.data !== undefined)) {
      throw new UsageError("--config and --data go together", "scorecard");
    }
    if (values.resolution !== undefined && values.data === undefined) {
      throw new UsageError("--resolution goes with --data", "scorecard");
    }
    if (values.data !== undefined) return await realData(ctx, values, positionals);
    if (values.paths !== undefined && !values.paper) {
      throw new UsageError("--paths goes with --paper", "scorecard");
    }
    if (values.paper && (values.strategies !== undefined || values.bankroll !== undefined)) {
      throw new UsageError("--strategies and --bankroll do not go with --paper", "scorecard");
    }
    if (values.paper) {
      const paths = numberFlag(
        values.paths,
        { flag: "--paths", lo: 10, hi: 100_000, int: true },
        "scorecard",
      ) ??
        1000;
      const rows: AsPaperRow[] = [];
      for (const gamma of [0.1, 0.01, 0.5]) rows.push(...simulateAsPaper(gamma, paths, 1));
      ctx.io.out(values.json ? JSON.stringify(rows, null, 2) : renderAsPaperTable(rows, paths));
      return EXIT_OK;
    }
    const seeds =
      numberFlag(values.seeds, { flag: "--seeds", lo: 1, hi: 1000, int: true }, "scorecard") ??
        DEFAULT_SEEDS;
    const bankroll = bankrollFlag(values);
    const strategies = strategiesFlag(values);
    const types = listFlag(values.types, SCENARIO_NAMES, "--types", "scorecard") ??
      [...SCENARIO_NAMES];
    if (values.out !== undefined) checkWritable(String(values.out), "--out"); // before minutes of work
    const jobs: ScorecardJob[] = [];
    // the slowest markets first (the busiest flow: e3, a3, e2), so that no
    // long run is left for one thread at the end
    const order = [...types].sort((a, b) => RUN_COST[b] - RUN_COST[a]);
    for (const t of order) {
      for (let seed = 1; seed <= seeds; seed++) {
        for (const s of strategies) jobs.push([s.id, t, seed, bankroll]);
      }
    }
    const threads = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, jobs.length));
    ctx.io.out(
      `scorecard: ${jobs.length} runs (${types.length} types × ${seeds} seeds × ${strategies.length} strategies) on ${threads} threads, ${bankroll} USDC each`,
    );
    const t0 = ctx.now();
    const bar = new ProgressBar(ctx.io, "scorecard", jobs.length, ctx.now);
    let done = 0;
    const runs = await runJobs(
      jobs,
      threads,
      () => bar.update(++done, `${done}/${jobs.length} runs`),
    );
    bar.done();
    // order-independent: sort the runs as the jobs were listed
    runs.sort((a, b) =>
      a.type.localeCompare(b.type) || a.seed - b.seed || a.strategy.localeCompare(b.strategy)
    );
    const cells = aggregate(runs);
    const paired = pairedVsPm4(runs);
    const v = verdict(cells);
    const seconds = (ctx.now() - t0) / 1000;
    const command = `pm4 scorecard --seeds ${seeds}${
      values.types === undefined ? "" : ` --types ${types.join(",")}`
    }${
      values.strategies === undefined
        ? ""
        : ` --strategies ${strategies.map((s) => s.id).join(",")}`
    }${values.bankroll === undefined ? "" : ` --bankroll ${bankroll}`}`;
    const dir = (values.out as string | undefined) ?? `./data/scorecard/${utcStamp(ctx.now())}`;
    await makeDir(dir, "--out", "scorecard");
    // no wall time in the JSON: the same seeds give the same bytes (the
    // console and the HTML report say how long it took)
    await writeText(
      `${dir}/scorecard.json`,
      JSON.stringify(
        {
          command,
          seeds,
          types,
          bankrollUsdc: bankroll,
          strategies: strategies.map((s) => s.id),
          verdict: v,
          cells,
          paired,
          runs,
        },
        null,
        1,
      ) + "\n",
      "--out",
      "scorecard",
    );
    await writeText(
      `${dir}/scorecard.html`,
      renderScorecard(cells, paired, v, {
        seeds,
        types,
        seconds,
        command,
      }),
      "--out",
      "scorecard",
    );
    if (values.json) {
      ctx.io.out(JSON.stringify({ verdict: v, cells, paired }, null, 2));
    } else {
      ctx.io.out(table(cells));
      ctx.io.out(pairedTable(paired));
      ctx.io.out(verdictText(v, types.length));
    }
    ctx.io.out(`${seconds.toFixed(0)} s; wrote ${dir}/scorecard.json and ${dir}/scorecard.html`);
    return EXIT_OK;
  },
};
