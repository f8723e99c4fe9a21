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
  /** Writes one record (a JSON object). */
  write(rec: Record<string, unknown>): void;
  /** Flushes and closes. */
  close(): Promise<void>;
}

/**
 * Opens the journal `path` (rotated at `rotateBytes`, keeping `keep` files).
 * LogTape's configuration is process-wide: one journal per process.
 */
export async function openJournal(
  path: string,
  rotateBytes: number,
  keep: number,
): Promise<Journal> {
  const file = getRotatingFileSink(path, {
    maxSize: rotateBytes,
    maxFiles: keep,
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
      { category: ["pm4", "journal"], sinks: ["journal"], lowestLevel: "debug" },
      { category: ["logtape", "meta"], sinks: [], lowestLevel: "warning" },
    ],
  });
  const log = getLogger(["pm4", "journal"]);
  return {
    path,
    write(rec) {
      log.info("{rec}", { rec });
    },
    async close() {
      await dispose();
    },
  };
}

/**
 * The journal files of `path` (a journal file or a run directory) in the
 * order they were written: the rotated segments (`.N` … `.1`), then the file.
 */
export async function journalFiles(path: string): Promise<string[]> {
  let file = path;
  try {
    if ((await Deno.stat(path)).isDirectory) file = `${path.replace(/\/$/, "")}/journal.jsonl`;
    await Deno.stat(file);
  } catch {
    throw new Deno.errors.NotFound(`${path}: no journal there (journal.jsonl)`);
  }
  const older: string[] = [];
  for (let i = 1;; i++) {
    try {
      await Deno.stat(`${file}.${i}`);
      older.push(`${file}.${i}`);
    } catch {
      break;
    }
  }
  return [...older.reverse(), file];
}

/**
 * Every record of a journal, in order. A last line cut short (a run killed
 * with -9 mid-write) is dropped; any other line that is not JSON is an error.
 */
export async function readJournal(path: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const files = await journalFiles(path);
  for (const [fi, f] of files.entries()) {
    const lines = (await Deno.readTextFile(f)).split("\n");
    for (const [i, line] of lines.entries()) {
      if (line.trim() === "") continue;
      try {
        out.push(JSON.parse(line));
      } catch {
        const last = fi === files.length - 1 && lines.slice(i + 1).every((l) => l.trim() === "");
        if (!last) throw new SyntaxError(`${f}:${i + 1}: not a JSON record`);
      }
    }
  }
  return out;
}
