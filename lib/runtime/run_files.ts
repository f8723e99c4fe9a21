/**
 * A session's place on disk: the data directories, the market's lock (one
 * instance per market), the journal's lock (one writer per journal file),
 * the run's id and directory with its `run.json` pointer.
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import { type RunPointer } from "./journal.ts";
import { acquireLock } from "./lock.ts";
import { utcStamp } from "./stamp.ts";

/** Another process runs this market. */
export class LockedError extends Error {
  /**
   * The market or its journal is locked by another instance.
   *
   * @param message which market and which lock file
   */
  constructor(message: string) {
    super(message);
    this.name = "LockedError";
  }
}

/** A run's files, held until {@link RunFiles.release}. */
export interface RunFiles {
  /** The data directory, without a trailing slash. */
  dataDir: string;
  /** The journal's path. */
  journalPath: string;
  /** The run's id: UTC start stamp and the market's short id. */
  run: string;
  /** The run's directory (`run.json`; reports go here). */
  runDir: string;
  /** Where the market's calibration is saved. */
  calPath: string;
  /** Releases both locks. */
  release(): void;
}

/** The journal path of a config: `logging.journal` with `{data_dir}` and `{market}` filled in. */
export function journalPathOf(c: Config): string {
  return c.logging.journal
    .replaceAll("{data_dir}", c.paths.data_dir.replace(/\/$/, ""))
    .replaceAll("{market}", c.market.condition_id);
}

/** Takes the locks and creates the run's directory at `startMs`; throws {@link LockedError}. */
export async function openRunFiles(c: Config, startMs: number): Promise<RunFiles> {
  const cid = c.market.condition_id;
  const dataDir = c.paths.data_dir.replace(/\/$/, "");
  for (const d of ["locks", "calibration", "runs"]) {
    await Deno.mkdir(`${dataDir}/${d}`, { recursive: true });
  }
  const lockPath = `${dataDir}/locks/${cid}.lock`;
  const lock = await acquireLock(lockPath);
  if (!lock) {
    throw new LockedError(`another pm4 instance is running market ${cid} (lock ${lockPath})`);
  }
  const journalPath = journalPathOf(c);
  // the journal is one per market instance: two markets appending to one
  // file (and rotating it) would interleave and lose lines
  let journalLock: Awaited<ReturnType<typeof acquireLock>>;
  try {
    await Deno.mkdir(journalPath.replace(/\/[^/]*$/, "") || ".", { recursive: true });
    journalLock = await acquireLock(`${journalPath}.lock`);
  } catch (e) {
    lock.release();
    throw e;
  }
  if (!journalLock) {
    lock.release();
    throw new LockedError(
      `the journal ${journalPath} is in use by another pm4 instance; give each market its own ` +
        `logging.journal (e.g. "{data_dir}/{market}/mm_events.jsonl")`,
    );
  }
  const release = () => {
    journalLock.release();
    lock.release();
  };
  const run = `${utcStamp(startMs)}-${cid.slice(2, 10)}`;
  const runDir = `${dataDir}/runs/${run}`;
  try {
    await Deno.mkdir(runDir, { recursive: true });
    const pointer: RunPointer = { run, journal: journalPath };
    await Deno.writeTextFile(`${runDir}/run.json`, JSON.stringify(pointer) + "\n");
  } catch (e) {
    release();
    throw e;
  }
  return {
    dataDir,
    journalPath,
    run,
    runDir,
    calPath: `${dataDir}/calibration/${cid}.json`,
    release,
  };
}
