/**
 * Reading market data files for a backtest: plain or gzip, any of the
 * formats `lib/backtest/formats.ts` knows, streamed in batches (a recording
 * can be larger than memory). Several files are read in time order: line
 * files one after another by their first time (recordings are consecutive
 * segments), array files (snapshot and trade dumps) merged in memory.
 *
 * @module
 */

import {
  type DataFormat,
  type DataItem,
  type DecodeCounters,
  detectFormat,
  LineDecoder,
  snapshotItems,
  type TokenIds,
  tradeItems,
} from "../backtest/mod.ts";
import type { RecordingHeader } from "../formats/mod.ts";

/** A data file that cannot be read (missing, unknown format). */
export class DataFileError extends Error {
  /**
   * A data file that cannot be read.
   *
   * @param message which file and what is wrong
   */
  constructor(message: string) {
    super(message);
    this.name = "DataFileError";
  }
}

/** One opened data file. */
interface Source {
  path: string;
  format: DataFormat;
  bytes: number;
  firstMs: number;
}

/** The files of a backtest, ready to stream. */
export interface DataSet {
  /** Files and their formats, in reading order. */
  files: { path: string; format: DataFormat; bytes: number }[];
  /** Total bytes (for progress). */
  bytes: number;
  /** The header of the first `pm4` recording, if any. */
  header: RecordingHeader | null;
  /** Skipped lines by reason, summed over files (filled while streaming). */
  counters: DecodeCounters;
  /**
   * Item batches in time order; `onBytes` learns how many bytes of the input
   * have been consumed so far.
   */
  batches(onBytes?: (bytes: number) => void): AsyncGenerator<DataItem[]>;
}

const BATCH = 4096;

function isGzip(path: string): boolean {
  return path.endsWith(".gz");
}

async function* textChunks(
  path: string,
  onBytes: (n: number) => void,
): AsyncGenerator<string> {
  const file = await Deno.open(path, { read: true });
  let stream: ReadableStream<Uint8Array> = file.readable.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        onBytes(chunk.byteLength);
        ctl.enqueue(chunk);
      },
    }),
  );
  if (isGzip(path)) {
    stream = stream.pipeThrough(
      new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
    );
  }
  for await (const s of stream.pipeThrough(new TextDecoderStream())) yield s;
}

async function* lines(path: string, onBytes: (n: number) => void): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of textChunks(path, onBytes)) {
    const text = rest + chunk;
    let start = 0;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", start)) {
      yield text.slice(start, i);
      start = i + 1;
    }
    rest = text.slice(start);
  }
  if (rest !== "") yield rest;
}

async function readAll(path: string): Promise<string> {
  let s = "";
  for await (const c of textChunks(path, () => {})) s += c;
  return s;
}

async function firstLine(path: string): Promise<string> {
  for await (const l of lines(path, () => {})) {
    if (l.trim() !== "") return l;
  }
  return "";
}

async function firstLineStart(path: string): Promise<string> {
  // an array file may be one huge line: its first few KB are enough to detect it
  for await (const c of textChunks(path, () => {})) {
    const s = c.trimStart();
    if (s !== "") return s.slice(0, 4000);
  }
  return "";
}

/**
 * Opens data files: detects each format, and for id-less dumps uses `ids`
 * (a file whose name says `down` or `no` is the NO token's).
 * @throws {DataFileError} naming the file
 */
export async function openDataSet(paths: string[], ids: TokenIds): Promise<DataSet> {
  if (paths.length === 0) throw new DataFileError("no data files given (--data FILE...)");
  const sources: Source[] = [];
  const counters: DecodeCounters = { bad_json: 0, bad_shape: 0, bad_hash: 0 };
  let header: RecordingHeader | null = null;
  for (const path of paths) {
    let bytes: number;
    try {
      bytes = (await Deno.stat(path)).size;
    } catch (e) {
      throw new DataFileError(
        `${path}: ${e instanceof Deno.errors.NotFound ? "no such file" : (e as Error).message}`,
      );
    }
    let start: string;
    try {
      start = await firstLineStart(path);
    } catch (e) {
      throw new DataFileError(`${path}: cannot read it (${(e as Error).message})`);
    }
    const format = detectFormat(start.startsWith("[") ? start : await firstLine(path));
    if (!format) {
      throw new DataFileError(
        `${path}: not a known market data format (pm4 recording, WebSocket frames JSONL, ` +
          `recorder envelopes, or JSON arrays of L2 snapshots or trades)`,
      );
    }
    let firstMs = Infinity;
    if (format === "pm4" || format === "ws_envelope" || format === "ws_jsonl") {
      const dec = new LineDecoder(format);
      for await (const l of lines(path, () => {})) {
        const item = dec.line(l);
        if (item) {
          firstMs = item.rxMs;
          break;
        }
      }
      header ??= dec.header;
    }
    sources.push({ path, format, bytes, firstMs });
  }
  const isArray = (s: Source) => s.format === "l2_snapshots" || s.format === "l2_trades";
  const lineSources = sources.filter((s) => !isArray(s)).sort((a, b) => a.firstMs - b.firstMs);
  const arraySources = sources.filter(isArray);
  const ordered = [...arraySources, ...lineSources];
  return {
    files: ordered.map(({ path, format, bytes }) => ({ path, format, bytes })),
    bytes: ordered.reduce((a, s) => a + s.bytes, 0),
    header,
    counters,
    async *batches(onBytes = () => {}) {
      let read = 0;
      const bump = (n: number) => {
        read += n;
        onBytes(read);
      };
      // array dumps: decoded whole, merged by time (stable), then streamed
      if (arraySources.length > 0) {
        const items: DataItem[] = [];
        for (const s of arraySources) {
          const doc = JSON.parse(await readAll(s.path));
          const token = /(^|[^a-z])(down|no)([^a-z]|$)/i.test(s.path.split("/").pop() ?? "")
            ? "NO"
            : "YES";
          items.push(
            ...(s.format === "l2_snapshots"
              ? snapshotItems(doc, ids, token, counters)
              : tradeItems(doc, ids, token, counters)),
          );
          bump(s.bytes);
        }
        const merged = items.map((x, i) => [x, i] as const)
          .sort((a, b) => a[0].rxMs - b[0].rxMs || a[1] - b[1]).map(([x]) => x);
        for (let i = 0; i < merged.length; i += BATCH) yield merged.slice(i, i + BATCH);
      }
      for (const s of lineSources) {
        const dec = new LineDecoder(s.format as "pm4" | "ws_envelope" | "ws_jsonl");
        let batch: DataItem[] = [];
        for await (const l of lines(s.path, bump)) {
          const item = dec.line(l);
          if (!item) continue;
          batch.push(item);
          if (batch.length >= BATCH) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length > 0) yield batch;
        counters.bad_json += dec.counters.bad_json;
        counters.bad_shape += dec.counters.bad_shape;
        counters.bad_hash += dec.counters.bad_hash;
      }
    },
  };
}
