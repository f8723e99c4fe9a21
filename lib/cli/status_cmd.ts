/**
 * `pm4 status PATH`: a running or finished instance summarised from its
 * journal. PATH is a journal file, a run directory (its run.json) or a data
 * directory (its mm_events.jsonl).
 *
 * @module
 */

import { formatSummary, readSessions, type RunPointer, summarizeSession } from "../runtime/mod.ts";
import { type Command, valued } from "./command.ts";
import { UsageError } from "./errors.ts";
import { EXIT_OK } from "./exit_codes.ts";

async function isFile(p: string): Promise<boolean> {
  try {
    return (await Deno.stat(p)).isFile;
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable) throw e;
    return false;
  }
}

/** The journal and the run a PATH designates. */
async function locate(path: string): Promise<{ journal: string; run?: string }> {
  const d = path.replace(/\/$/, "");
  if (await isFile(d)) return { journal: d };
  if (await isFile(`${d}/run.json`)) {
    const p = JSON.parse(await Deno.readTextFile(`${d}/run.json`)) as RunPointer;
    return { journal: p.journal, run: p.run };
  }
  if (await isFile(`${d}/mm_events.jsonl`)) return { journal: `${d}/mm_events.jsonl` };
  throw new UsageError(
    `${path}: no journal there (a journal file, a run directory with run.json, or a data directory with mm_events.jsonl)`,
    "status",
  );
}

/** True while a pm4 instance holds the journal's lock (it is running). */
async function running(journal: string): Promise<boolean> {
  let f: Deno.FsFile;
  try {
    f = await Deno.open(`${journal}.lock`, { read: true });
  } catch {
    return false;
  }
  try {
    // a shared lock is refused while the instance holds its exclusive one
    const free = await f.tryLock(false);
    if (free) await f.unlock();
    return !free;
  } finally {
    f.close();
  }
}

/** `pm4 status`. */
export const statusCommand: Command = {
  name: "status",
  summary: "Summarise a running or finished instance from its journal",
  usage: "pm4 status PATH [--run ID] [--all] [--json]",
  description: [
    "PATH is a journal (mm_events.jsonl), a run directory (data/runs/…, its run.json) or a data",
    "directory. Prints the last session (or --run ID, or --all of them): running or how it ended,",
    "state, the last quote and model terms (p, bid/ask, q, σ λ γ δ), fills and position, order,",
    "warning and error counts and the last error. Exit 0; 2 when there is no journal.",
  ].join("\n"),
  options: {
    run: valued("ID", "which session (its run id; default the last)"),
    all: { type: "boolean", help: "every session in the journal" },
    json: { type: "boolean", help: "the summaries as JSON" },
  },
  async run(ctx, { values, positionals }) {
    const [path, ...extra] = positionals;
    if (!path) throw new UsageError("missing PATH", "status");
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`, "status");
    const where = await locate(path);
    let sessions;
    try {
      sessions = await readSessions(where.journal);
    } catch (e) {
      if (e instanceof Deno.errors.NotCapable) throw e;
      throw new UsageError(`${where.journal}: ${(e as Error).message}`, "status");
    }
    const id = (values.run as string | undefined) ?? where.run;
    const chosen = values.all
      ? sessions
      : id !== undefined
      ? sessions.filter((s) => s.run === id)
      : sessions.slice(-1);
    if (chosen.length === 0) {
      throw new UsageError(
        `${where.journal}: ${id !== undefined ? `no session ${id}` : "no session in it"}`,
        "status",
      );
    }
    const live = await running(where.journal);
    const last = sessions.at(-1);
    const summaries = chosen.map((s) => summarizeSession(s.lines));
    if (values.json) {
      ctx.io.out(JSON.stringify(
        summaries.map((s) => ({ ...s, running: live && s.run === last?.run && s.end === null })),
        null,
        2,
      ));
      return EXIT_OK;
    }
    ctx.io.out(`journal ${where.journal}: ${sessions.length} session(s)`);
    for (const s of summaries) {
      const isLive = live && s.run === last?.run && s.end === null;
      for (const l of formatSummary(s, isLive, ctx.now())) ctx.io.out(l);
    }
    return EXIT_OK;
  },
};
