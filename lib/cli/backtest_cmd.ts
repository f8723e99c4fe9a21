/**
 * `pm4 backtest CONFIG --data FILE...` and `pm4 backtest --replay JOURNAL`.
 *
 * @module
 */

import {
  Backtest,
  type BacktestOptions,
  type BacktestResult,
  DEFAULT_BACKTEST,
  JournalError,
  replayJournal,
  type RunResult,
} from "../backtest/mod.ts";
import type { Config } from "../config/mod.ts";
import { encodeRecord } from "../engine/mod.ts";
import { line } from "../formats/mod.ts";
import { DataFileError, type DataSet, openDataSet, readJournal, utcStamp } from "../runtime/mod.ts";
import { type Command, type CommandContext, valued } from "./command.ts";
import { loadConfigFile } from "./config_cmd.ts";
import { UsageError } from "./errors.ts";
import { EXIT_FAILURE, EXIT_KILLED, EXIT_OK } from "./exit_codes.ts";
import { makeDir, writeText } from "./files.ts";
import { numberFlag } from "./flags.ts";
import { ProgressBar } from "./progress.ts";
import { summaryTable } from "./result_table.ts";
import { checkWritable } from "./permissions.ts";

function num(
  v: unknown,
  flag: string,
  lo: number,
  hi: number,
  def: number,
  command: string,
): number {
  return numberFlag(v, { flag, lo, hi }, command) ?? def;
}

async function writeResult(dir: string, result: RunResult, flag: string): Promise<string> {
  await makeDir(dir, flag, "backtest");
  const path = `${dir}/result.json`;
  await writeText(path, JSON.stringify(result) + "\n", flag, "backtest");
  return path;
}

/** The venue model from the flags of `command` (those it does not take keep their defaults). */
export function venueOptions(
  values: Record<string, unknown>,
  command: string,
): Partial<BacktestOptions> {
  const d = DEFAULT_BACKTEST;
  const resolution = values.resolution as string | undefined;
  if (resolution !== undefined && !/^(yes|no)$/i.test(resolution)) {
    throw new UsageError(
      `--resolution: expected yes or no, got ${JSON.stringify(resolution)}`,
      command,
    );
  }
  return {
    feedLatencyMs: num(
      values["feed-latency-ms"],
      "--feed-latency-ms",
      0,
      60_000,
      d.feedLatencyMs,
      command,
    ),
    orderLatencyMs: num(
      values["order-latency-ms"],
      "--order-latency-ms",
      0,
      60_000,
      d.orderLatencyMs,
      command,
    ),
    takerFeeRate: num(values["taker-fee"], "--taker-fee", 0, 1, d.takerFeeRate, command),
    feeExponent: num(values["fee-exponent"], "--fee-exponent", 0, 4, d.feeExponent, command),
    makerRebateRate: num(
      values["maker-rebate"],
      "--maker-rebate",
      0,
      1,
      d.makerRebateRate,
      command,
    ),
    resolution: resolution ? (resolution.toUpperCase() as "YES" | "NO") : undefined,
  };
}

/**
 * The market data `files` for `cfg` (a file that cannot be read is a usage
 * error of `command`), with the tick and minimum order the config or the
 * recording's header give.
 */
export async function openMarketData(
  ctx: CommandContext,
  cfg: Config,
  files: string[],
  command: string,
): Promise<{ data: DataSet; tickPips: number; minOrderMicro: number }> {
  const ids = {
    conditionId: cfg.market.condition_id,
    yes: cfg.market.asset_id_yes,
    no: cfg.market.asset_id_no,
  };
  let data;
  try {
    data = await openDataSet(files, ids);
  } catch (e) {
    if (e instanceof DataFileError) throw new UsageError(e.message, command);
    throw e;
  }
  const h = data.header;
  if (h && h.conditionId !== cfg.market.condition_id) {
    ctx.io.err(
      `warning: ${data.files[0].path} records market ${h.conditionId}, the config trades ` +
        `${cfg.market.condition_id}: only frames of the config's tokens count`,
    );
  }
  const tickPips = cfg.market.tick_size
    ? Math.round(cfg.market.tick_size * 10_000)
    : h?.tickPips || 0;
  const minOrderMicro = cfg.market.min_order_size
    ? Math.round(cfg.market.min_order_size * 1e6)
    : h?.minOrderMicro || DEFAULT_BACKTEST.minOrderMicro;
  return { data, tickPips, minOrderMicro };
}

async function runBacktest(
  ctx: CommandContext,
  cfg: Config,
  files: string[],
  values: Record<string, unknown>,
): Promise<number> {
  const venue = venueOptions(values, "backtest");
  const { data, tickPips, minOrderMicro } = await openMarketData(ctx, cfg, files, "backtest");
  const lines: string[] = [];
  const journal = values.journal === true;
  const bt = new Backtest(
    cfg,
    { ...venue, tickPips, minOrderMicro },
    journal
      ? (rec) =>
        lines.push(JSON.stringify(
          rec.kind === "input"
            ? line(rec.input.tMs, "input", "info", { input: rec.input })
            : encodeRecord(rec),
        ))
      : undefined,
  );
  const bar = new ProgressBar(ctx.io, "backtest", data.bytes, ctx.now);
  const t0 = ctx.now();
  let bytes = 0;
  for await (const batch of data.batches((b) => (bytes = b))) {
    for (const it of batch) {
      if (it.kind === "frame") bt.frame(it.rxMs, it.text);
      else if (it.kind === "trades") bt.publicTrades(it.rxMs, it.trades);
      else bt.connection(it.rxMs, it.up);
    }
    const ev = bt.engine.feed.parser.stats.events;
    const secs = Math.max(0.001, (ctx.now() - t0) / 1000);
    bar.update(bytes, `${(ev / secs / 1e6).toFixed(2)}M events/s`);
    if (bt.done || ctx.signal.aborted) break;
  }
  bar.done();
  const result: BacktestResult = bt.finish();
  const out = (values.out as string | undefined) ??
    `${cfg.paths.data_dir.replace(/\/$/, "")}/backtests/${utcStamp(ctx.now())}-${
      cfg.market.condition_id.slice(2, 10)
    }`;
  const path = await writeResult(out, result, "--out");
  if (journal) {
    await writeText(`${out}/mm_events.jsonl`, lines.join("\n") + "\n", "--out", "backtest");
  }
  const secs = Math.max(0.001, (ctx.now() - t0) / 1000);
  if (values.json) {
    ctx.io.out(JSON.stringify({ ...result, series: undefined }, null, 2));
  } else {
    ctx.io.out(
      `backtest of ${cfg.market.condition_id.slice(0, 10)}… on ${data.files.length} file(s): ` +
        `${result.frames} frames, ${result.events} events in ${secs.toFixed(1)} s ` +
        `(${(result.events / secs / 1e6).toFixed(2)}M events/s); stopped: ${result.stopReason}`,
    );
    const c = data.counters;
    if (c.bad_json + c.bad_shape + c.bad_hash + result.outOfOrder > 0) {
      ctx.io.out(
        `skipped: ${c.bad_json} bad JSON, ${c.bad_shape} bad shape, ${c.bad_hash} hash mismatches; ` +
          `${result.outOfOrder} frames out of time order`,
      );
    }
    ctx.io.out(summaryTable(result.summary));
    ctx.io.out(`result: ${path}   report: pm4 report ${out}`);
  }
  return result.killed ? EXIT_KILLED : EXIT_OK;
}

async function runReplay(
  ctx: CommandContext,
  journalPath: string,
  values: Record<string, unknown>,
): Promise<number> {
  let records;
  try {
    records = await readJournal(journalPath, values.session as string | undefined);
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable) throw e;
    throw new UsageError(`--replay: ${(e as Error).message}`, "backtest");
  }
  let report;
  try {
    report = replayJournal(records);
  } catch (e) {
    if (e instanceof JournalError) {
      throw new UsageError(`--replay ${journalPath}: ${e.message}`, "backtest");
    }
    throw e;
  }
  ctx.io.out(
    `replayed ${report.inputs} inputs of ${journalPath}: ${report.compared} engine records ` +
      `(${report.decisions} decisions) compared, ${report.differing} differ`,
  );
  for (const d of report.differences) {
    ctx.io.out(
      `  #${d.index}\n    journal: ${d.journal.slice(0, 400)}\n    replay:  ${
        d.replay.slice(0, 400)
      }`,
    );
  }
  if (values.out) {
    const path = await writeResult(String(values.out), report.result, "--out");
    ctx.io.out(`result: ${path}`);
  }
  return report.differing === 0 ? EXIT_OK : EXIT_FAILURE;
}

/** `pm4 backtest`. */
export const backtestCommand: Command = {
  name: "backtest",
  summary: "Replay recordings, or a session's journal, through the engine",
  usage: "pm4 backtest CONFIG --data FILE... [options] | pm4 backtest --replay JOURNAL",
  description: [
    "Recordings (pm4 record files, raw market-channel JSONL, recorder envelopes with payload",
    "hashes, JSON arrays of L2 snapshots and trades; .gz accepted) run through the live engine",
    "against an in-process venue: queue position (the back of the level; trades and, pro rata,",
    "cancels ahead), feed and order latency, maker rebates, the 0/1 payoff when the resolution",
    "is known. Deterministic. Writes result.json (summary and chart series) to --out (default",
    "<data_dir>/backtests/<stamp>-<market>); `pm4 report DIR` draws it.",
    "--replay JOURNAL re-runs a live or paper session (a run directory, or a journal file: its",
    "last session, or --session RUN) and checks that every decision comes out the same: exit 0",
    "when none differs, 1 otherwise. The journal must have been written at level INFO or DEBUG.",
  ].join("\n"),
  options: {
    data: { type: "string", multiple: true, arg: "FILE", help: "market data file (repeatable)" },
    replay: valued("JOURNAL", "a run directory, or a journal (mm_events.jsonl)"),
    session: valued("RUN", "with --replay JOURNAL: which session (its run id; default the last)"),
    out: valued("DIR", "where to write result.json (and mm_events.jsonl)"),
    journal: { type: "boolean", help: "also write the engine's records as journal lines (large)" },
    json: { type: "boolean", help: "print the result as JSON instead of a table" },
    "feed-latency-ms": valued(
      "MS",
      `age of the engine's market view when it acts (default ${DEFAULT_BACKTEST.feedLatencyMs})`,
    ),
    "order-latency-ms": valued(
      "MS",
      `one-way order and answer time (default ${DEFAULT_BACKTEST.orderLatencyMs})`,
    ),
    "taker-fee": valued("RATE", "the market's taker fee rate, e.g. 0.07 (default 0)"),
    "fee-exponent": valued("E", "fee = size·rate·(p(1−p))^E (default 1)"),
    "maker-rebate": valued("SHARE", "share of the taker fee paid to makers, e.g. 0.2 (default 0)"),
    resolution: valued("yes|no", "the outcome, when the data does not carry it"),
  },
  async run(ctx, { values, positionals }) {
    if (values.out !== undefined) checkWritable(String(values.out), "--out"); // before the replay
    if (values.replay !== undefined) {
      if (positionals.length > 0 || values.data) {
        throw new UsageError("--replay takes no CONFIG and no --data", "backtest");
      }
      return await runReplay(ctx, String(values.replay), values);
    }
    const [file, ...more] = positionals;
    if (!file) throw new UsageError("missing CONFIG file (or --replay JOURNAL)", "backtest");
    // `--data a b c` as the synopsis reads: parseArgs leaves b and c as positionals
    const data = [...((values.data as string[] | undefined) ?? []), ...more];
    if (!values.data) {
      throw new UsageError(
        more.length > 0 ? `unexpected argument ${more[0]}` : "missing --data FILE",
        "backtest",
      );
    }
    const cfg = await loadConfigFile(file, "backtest");
    return await runBacktest(ctx, cfg, data, values);
  },
};
