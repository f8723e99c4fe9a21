/**
 * The run journal: JSONL through LogTape's rotating file sink, one record per
 * line (every input, every decision, every order, fill and error), with
 * secret-looking fields redacted as a second line of defence (no record is
 * meant to carry one).
 *
 * @module
 */

import { getRotatingFileSink } from "@logtape/file";
import { configure, dispose, getLogger, type LogRecord } from "@logtape/logtape";
import { redactByField } from "@logtape/redaction";
import { type JournalLevel, type JournalLine, passes, upgradeLine } from "../formats/mod.ts";

/** Fields never written, whatever record carries them. */
export const REDACTED_FIELDS: RegExp[] = [
  /secret/i,
  /passphrase/i,
  /^pk$/i,
  /private.?key/i,
  /^auth$/i,
  /^api.?key$/i,
];

/** An open journal. */
export interface Journal {
  /** Path of the current file. */
  readonly path: string;
  /** Lowest level written. */
  readonly level: JournalLevel;
  /** True when a line of level `l` would be written (build it only then). */
  wants(l: JournalLevel): boolean;
  /** Writes one line when its level passes; `context` fields are appended when given. */
  write(line: JournalLine): void;
  /** Writes one line whatever the level (`session_start`, `session_end`: they delimit sessions). */
  always(line: JournalLine): void;
  /** Flushes and closes. */
  close(): Promise<void>;
}

/** How to open a journal. */
export interface JournalOptions {
  /** Rotate at this size, bytes. */
  rotateBytes: number;
  /** Rotated files kept. */
  keep: number;
  /** Lowest level written. */
  level: JournalLevel;
  /** Fields appended to every line (context tracking), or none. */
  context?: () => Record<string, unknown>;
}

const LOGTAPE_LEVEL = {
  debug: "debug",
  info: "info",
  warning: "warning",
  error: "error",
  critical: "fatal",
} as const;

/**
 * Opens (appends to) the journal `path`. LogTape's configuration is
 * process-wide: one journal per process.
 */
export async function openJournal(path: string, o: JournalOptions): Promise<Journal> {
  const file = getRotatingFileSink(path, {
    maxSize: o.rotateBytes,
    maxFiles: o.keep,
    // the sink's blocking mode fsyncs on the event loop; non-blocking writes
    // a batch every 200 ms and syncs off-thread, so a kill -9 loses at most
    // that much journal (the exchange, not the journal, is what a restart
    // reconciles against)
    nonBlocking: true,
    flushInterval: 200,
    bufferSize: 1 << 16,
    formatter: (r: LogRecord) => JSON.stringify(r.properties.rec) + "\n",
  });
  await configure({
    reset: true,
    sinks: {
      journal: redactByField(file, { fieldPatterns: REDACTED_FIELDS, action: () => "[redacted]" }),
    },
    loggers: [
      { category: ["pm4", "journal"], sinks: ["journal"], lowestLevel: LOGTAPE_LEVEL[o.level] },
      { category: ["logtape", "meta"], sinks: [], lowestLevel: "warning" },
    ],
  });
  const log = getLogger(["pm4", "journal"]);
  const wants = (l: JournalLevel) => passes(l, o.level);
  const always = (line: JournalLine) => {
    const rec = o.context ? Object.assign(line, o.context()) : line;
    const props = { rec };
    // the logger's own threshold is the journal's: a boundary line goes out at the lowest level it passes
    switch (wants(line.level) ? line.level : o.level) {
      case "debug":
        return log.debug("{rec}", props);
      case "info":
        return log.info("{rec}", props);
      case "warning":
        return log.warn("{rec}", props);
      case "error":
        return log.error("{rec}", props);
      case "critical":
        return log.fatal("{rec}", props);
    }
  };
  return {
    path,
    level: o.level,
    wants,
    write(line) {
      if (wants(line.level)) always(line);
    },
    always,
    async close() {
      await dispose();
    },
  };
}

/**
 * The journal files of `path` in the order they were written: the rotated
 * segments (`.N` … `.1`), then the file.
 */
export async function journalFiles(path: string): Promise<string[]> {
  try {
    if (!(await Deno.stat(path)).isFile) throw new Deno.errors.NotFound();
  } catch {
    throw new Deno.errors.NotFound(`${path}: no journal there`);
  }
  const older: string[] = [];
  for (let i = 1;; i++) {
    try {
      await Deno.stat(`${path}.${i}`);
      older.push(`${path}.${i}`);
    } catch {
      break;
    }
  }
  return [...older.reverse(), path];
}

/** What a run directory says about its session (`run.json`). */
export interface RunPointer {
  /** The session's id (its `session_start` carries it). */
  run: string;
  /** The journal it wrote to. */
  journal: string;
}

/** One session of a journal: its `session_start` line first. */
export interface JournalSession {
  /** The session's id. */
  run: string;
  /** Its lines, in order. */
  lines: JournalLine[];
}

/**
 * Every session in a journal (a file, with its rotated segments), in order.
 * A last line cut short (a run killed with -9 mid-write) is dropped; any
 * other line that is not JSON is an error. Lines before the first
 * `session_start` (rotated away) are dropped.
 */
export async function readSessions(path: string): Promise<JournalSession[]> {
  const out: JournalSession[] = [];
  const files = await journalFiles(path);
  for (const [fi, f] of files.entries()) {
    const lines = (await Deno.readTextFile(f)).split("\n");
    for (const [i, text] of lines.entries()) {
      if (text.trim() === "") continue;
      let l: JournalLine;
      try {
        l = upgradeLine(JSON.parse(text));
      } catch {
        const last = fi === files.length - 1 && lines.slice(i + 1).every((x) => x.trim() === "");
        if (last) continue;
        throw new SyntaxError(`${f}:${i + 1}: not a JSON record`);
      }
      if (l.event === "session_start") out.push({ run: String(l.run), lines: [] });
      out.at(-1)?.lines.push(l);
    }
  }
  return out;
}

/**
 * The lines of one session. `path` is a journal file (the session `run`, or
 * its last one) or a run directory (its `run.json` names journal and run).
 */
export async function readJournal(path: string, run?: string): Promise<JournalLine[]> {
  let file = path;
  let id = run;
  let isDir = false;
  try {
    isDir = (await Deno.stat(path)).isDirectory;
  } catch {
    throw new Deno.errors.NotFound(`${path}: no such journal or run directory`);
  }
  if (isDir) {
    let ptr: RunPointer;
    try {
      ptr = JSON.parse(await Deno.readTextFile(`${path.replace(/\/$/, "")}/run.json`));
    } catch {
      throw new Deno.errors.NotFound(`${path}: not a run directory (no run.json)`);
    }
    file = ptr.journal;
    id ??= ptr.run;
  }
  const sessions = await readSessions(file);
  const s = id === undefined ? sessions.at(-1) : sessions.find((x) => x.run === id);
  if (!s) {
    throw new Deno.errors.NotFound(
      id === undefined ? `${file}: no session in this journal` : `${file}: no session ${id}`,
    );
  }
  return s.lines;
}
