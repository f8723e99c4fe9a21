/**
 * `pm4 report DIR`: the HTML report of a run directory — a backtest's
 * result.json, or a live or paper session's journal (replayed to measure it).
 *
 * @module
 */

import { JournalError, replayJournal, type RunResult } from "../backtest/mod.ts";
import { renderReport } from "../report/mod.ts";
import { readJournal } from "../runtime/mod.ts";
import { type Command, valued } from "./command.ts";
import { UsageError } from "./errors.ts";
import { EXIT_OK } from "./exit_codes.ts";
import { writeText } from "./files.ts";

/** The run result of a directory: its result.json, else its journal replayed. */
export async function runResultOf(dir: string, command: string): Promise<RunResult> {
  const d = dir.replace(/\/$/, "");
  try {
    const r = JSON.parse(await Deno.readTextFile(`${d}/result.json`)) as RunResult;
    if (r.version !== 1 || !r.summary || !r.series) {
      throw new UsageError(`${d}/result.json is not a pm4 run result`, command);
    }
    return r;
  } catch (e) {
    if (e instanceof UsageError || e instanceof Deno.errors.NotCapable) throw e;
    if (!(e instanceof Deno.errors.NotFound)) {
      throw new UsageError(`${d}/result.json: ${(e as Error).message}`, command);
    }
  }
  let records;
  try {
    records = await readJournal(d);
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable) throw e;
    throw new UsageError(
      `${d}: neither result.json (a backtest) nor a journal (a live or paper run): ${
        (e as Error).message
      }`,
      command,
    );
  }
  try {
    return replayJournal(records).result;
  } catch (e) {
    if (e instanceof JournalError) throw new UsageError(`${d}: ${e.message}`, command);
    throw e;
  }
}

/** Writes `DIR/report.html` (or `out`); returns its path and the run's result. */
export async function writeReport(
  dir: string,
  out: string | undefined,
  command: string,
): Promise<{ path: string; result: RunResult }> {
  const result = await runResultOf(dir, command);
  const path = out ?? `${dir.replace(/\/$/, "")}/report.html`;
  const title = dir.replace(/\/$/, "").split("/").pop() ?? dir;
  await writeText(path, renderReport(result, title), "--out", command);
  return { path, result };
}

/** `pm4 report`. */
export const reportCommand: Command = {
  name: "report",
  summary: "Write the HTML report of a run",
  usage: "pm4 report DIR [--out FILE]",
  description: [
    "DIR is a backtest's output (result.json) or a live or paper run directory (its journal is",
    "replayed through the engine to measure the run). Writes one self-contained HTML file",
    "(no network needed to view it): the summary, price with our quotes and fills, inventory,",
    "cash, marked P&L, the P&L split, σ/λ/γ and δ over time. Default: DIR/report.html.",
  ].join("\n"),
  options: {
    out: valued("FILE", "where to write the HTML (default DIR/report.html)"),
  },
  async run(ctx, { values, positionals }) {
    const [dir, ...extra] = positionals;
    if (!dir) throw new UsageError("missing DIR", "report");
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`, "report");
    const { path } = await writeReport(dir, values.out as string | undefined, "report");
    ctx.io.out(`wrote ${path}`);
    return EXIT_OK;
  },
};
