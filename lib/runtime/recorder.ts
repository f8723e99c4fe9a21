/**
 * `pm4 record`: the market WebSocket of one market to JSONL (optionally gzip),
 * one line per frame with its receive time, plus the public trades polled from
 * the data API and every connection change (so a backtest knows where data is
 * missing). The connection heals itself (PING, dead-socket detection, backoff,
 * resubscribe — a fresh book dump follows every reconnect). Files rotate by
 * size and by age; each segment starts with the header line.
 *
 * Nothing received is dropped: lines wait in memory and are written every
 * 200 ms and at every rotation and stop, in arrival order. A `kill -9` loses
 * at most the last 200 ms; a gzip segment cut that way is readable up to its
 * last complete block.
 *
 * @module
 */

import { RECORDING_VERSION, type RecordingHeader } from "../formats/mod.ts";
import type { Config } from "../config/mod.ts";
import { fetchMarketConstants, fetchPublicTradesRaw, ResilientSocket } from "../exchange/mod.ts";
import { utcStamp } from "./stamp.ts";

/** How to record. */
export interface RecorderOptions {
  /** The market (ids, hosts). */
  config: Config;
  /** First file; later segments insert their start time before `.jsonl`. */
  path: string;
  /** Start a new segment after this many bytes of lines (uncompressed). */
  rotateBytes: number;
  /** Start a new segment after this long, ms. */
  rotateMs: number;
  /** Poll public trades this often, ms (0: never). */
  tradesEveryMs: number;
  /** Stops the recording. */
  signal: AbortSignal;
  /** Stop after this long, ms. */
  durationMs?: number;
  /** Wall clock, ms. */
  clock?: () => number;
  /** Human notices (connections, rotations). */
  onNotice?: (line: string) => void;
  /** Called after each flush with the totals so far. */
  onProgress?: (p: RecorderTotals) => void;
}

/** Totals of a recording. */
export interface RecorderTotals {
  /** Frames written. */
  frames: number;
  /** Bytes of lines written (uncompressed). */
  bytes: number;
  /** Files written, in order. */
  files: string[];
  /** Reconnections. */
  reconnects: number;
}

interface Segment {
  path: string;
  writer: WritableStreamDefaultWriter<Uint8Array>;
  done: Promise<void>;
  file: Deno.FsFile;
  bytes: number;
  startMs: number;
}

/** The path of the segment started at `ms` (the first one keeps `path`). */
export function segmentPath(path: string, ms: number, first: boolean): string {
  if (first) return path;
  const m = /^(.*?)(\.jsonl(?:\.gz)?)$/.exec(path);
  return m ? `${m[1]}.${utcStamp(ms)}${m[2]}` : `${path}.${utcStamp(ms)}`;
}

async function openSegment(path: string, startMs: number): Promise<Segment> {
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  if (path.endsWith(".gz")) {
    const gz = new CompressionStream("gzip");
    const done = gz.readable.pipeTo(file.writable);
    const writer = (gz.writable as unknown as WritableStream<Uint8Array>).getWriter();
    return { path, writer, done, file, bytes: 0, startMs };
  }
  const writer = file.writable.getWriter();
  return { path, writer, done: Promise.resolve(), file, bytes: 0, startMs };
}

async function closeSegment(s: Segment): Promise<void> {
  await s.writer.close();
  await s.done;
}

/** Records until the signal, the duration, or a write error; resolves with the totals. */
export async function record(o: RecorderOptions): Promise<RecorderTotals> {
  const c = o.config;
  const clock = o.clock ?? (() => Date.now());
  const notice = (l: string) => o.onNotice?.(l);
  const consts = await fetchMarketConstants(c).catch((e) => {
    notice(`market constants unavailable (${(e as Error).message}); the header leaves them 0`);
    return { tickPips: 0, minOrderMicro: 0 };
  });
  const enc = new TextEncoder();
  const totals: RecorderTotals = { frames: 0, bytes: 0, files: [], reconnects: 0 };
  const header = (ms: number): string => {
    const h: RecordingHeader = {
      pm4Recording: RECORDING_VERSION,
      conditionId: c.market.condition_id,
      assetIdYes: c.market.asset_id_yes,
      assetIdNo: c.market.asset_id_no,
      tickPips: consts.tickPips,
      minOrderMicro: consts.minOrderMicro,
      startedMs: ms,
      wsUrl: c.market.ws_url,
    };
    return JSON.stringify(h);
  };

  let pending: string[] = [];
  // set at the stop: a frame the socket still delivers after it would miss
  // the last flush, so it is neither counted nor kept
  let closing = false;
  let seg = await openSegment(segmentPath(o.path, clock(), true), clock());
  totals.files.push(seg.path);
  pending.push(header(seg.startMs));
  let failure: Error | null = null;
  let writing: Promise<void> = Promise.resolve();

  // lines are handed to the writer in order; a rotation happens between flushes
  const flush = (last = false) => {
    writing = writing.then(async () => {
      if (failure || pending.length === 0) return;
      // the last flush never rotates: that would leave a segment of only a header
      const lines = pending;
      pending = [];
      const text = lines.join("\n") + "\n";
      const bytes = enc.encode(text);
      try {
        await seg.writer.write(bytes);
        seg.bytes += bytes.byteLength;
        totals.bytes += bytes.byteLength;
        const now = clock();
        if (!last && (seg.bytes >= o.rotateBytes || now - seg.startMs >= o.rotateMs)) {
          await closeSegment(seg);
          seg = await openSegment(segmentPath(o.path, now, false), now);
          totals.files.push(seg.path);
          pending.unshift(header(now));
          notice(`rotated to ${seg.path}`);
        }
        o.onProgress?.(totals);
      } catch (e) {
        failure = e as Error;
      }
    });
    return writing;
  };

  const ids = [c.market.asset_id_yes, c.market.asset_id_no];
  const socket = new ResilientSocket({
    url: `${c.market.ws_url.replace(/\/$/, "")}/ws/market`,
    subscribe: () => ({
      type: "market",
      assets_ids: ids,
      initial_dump: true,
      custom_feature_enabled: true,
    }),
    onFrame: (text, rxMs) => {
      if (text === "PONG" || closing) return;
      totals.frames++;
      pending.push(JSON.stringify({ rx: rxMs, frame: text }));
    },
    onState: (up, detail) => {
      if (closing) return;
      if (up && detail === "reconnected") totals.reconnects++;
      pending.push(JSON.stringify({ rx: clock(), connection: up ? "up" : "down", detail }));
      notice(`market channel ${detail}`);
    },
    clock,
  });
  const pollTrades = async () => {
    const trades = await fetchPublicTradesRaw(c);
    if (trades.length > 0 && !closing) {
      pending.push(JSON.stringify({ rx: clock(), publicTrades: trades }));
    }
  };

  const timers: ReturnType<typeof setInterval>[] = [];
  let stop: () => void = () => {};
  const stopped = new Promise<void>((r) => (stop = r));
  socket.start();
  timers.push(setInterval(() => void flush(), 200));
  if (o.tradesEveryMs > 0) {
    void pollTrades();
    timers.push(setInterval(() => void pollTrades(), o.tradesEveryMs));
  }
  if (o.durationMs !== undefined) timers.push(setTimeout(stop, o.durationMs));
  timers.push(setInterval(() => failure && stop(), 200));
  if (o.signal.aborted) stop();
  else o.signal.addEventListener("abort", stop, { once: true });
  try {
    await stopped;
  } finally {
    o.signal.removeEventListener("abort", stop);
    closing = true;
    socket.stop();
    for (const t of timers) clearInterval(t);
    await flush(true);
    await closeSegment(seg).catch((e) => (failure ??= e as Error));
  }
  if (failure) throw failure;
  return totals;
}
