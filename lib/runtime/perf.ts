/**
 * Aggregated timings for `logging.enable_performance`: each operation keeps a
 * count, a sum, a max and a bounded reservoir of samples (for p50/p99), and
 * {@link PerfStats.flush} turns them into one `perf_<operation>` line each —
 * once a minute, not once a call, so the journal stays small and the hot
 * path pays one clock read pair per sampled call.
 *
 * @module
 */

import { type JournalLine, line } from "../formats/mod.ts";

/** Samples kept per operation and window (a reservoir beyond that). */
const RESERVOIR = 512;

interface OpStats {
  count: number;
  sumMs: number;
  maxMs: number;
  samples: Float64Array;
  seen: number;
}

/** Timings by operation since the last flush. */
export class PerfStats {
  private readonly ops = new Map<string, OpStats>();
  private rng = 0x2545f491;

  /**
   * Empty statistics.
   *
   * @param sampleEvery what one recorded call stands for (the engine times one
   * call in this many; REST calls and reconnects are all timed: 1)
   */
  constructor(private readonly sampleEvery: Record<string, number> = {}) {}

  /** One timed call of `op`, ms. */
  record(op: string, ms: number): void {
    let s = this.ops.get(op);
    if (!s) {
      s = { count: 0, sumMs: 0, maxMs: 0, samples: new Float64Array(RESERVOIR), seen: 0 };
      this.ops.set(op, s);
    }
    s.count++;
    s.sumMs += ms;
    if (ms > s.maxMs) s.maxMs = ms;
    if (s.seen < RESERVOIR) s.samples[s.seen] = ms;
    else {
      // reservoir sampling keeps a uniform sample of the window
      this.rng = (this.rng * 1103515245 + 12345) >>> 0;
      const j = this.rng % (s.seen + 1);
      if (j < RESERVOIR) s.samples[j] = ms;
    }
    s.seen++;
  }

  /**
   * One `perf_<op>` line per operation timed since the last flush, then a
   * fresh window. `durationMs` is the mean of the timed calls.
   */
  flush(tsMs: number, windowMs: number): JournalLine[] {
    const out: JournalLine[] = [];
    for (const [op, s] of this.ops) {
      if (s.count === 0) continue;
      const n = Math.min(s.seen, RESERVOIR);
      const sorted = s.samples.slice(0, n).sort();
      const q = (f: number) => round(sorted[Math.min(n - 1, Math.floor(f * n))]);
      out.push(line(tsMs, `perf_${op}`, "info", {
        operation: op,
        durationMs: round(s.sumMs / s.count),
        p50Ms: q(0.5),
        p99Ms: q(0.99),
        maxMs: round(s.maxMs),
        count: s.count,
        sampledOneIn: this.sampleEvery[op] ?? 1,
        windowMs: windowMs,
      }));
      s.count = 0;
      s.sumMs = 0;
      s.maxMs = 0;
      s.seen = 0;
    }
    return out;
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
