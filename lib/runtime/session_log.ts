/**
 * What a session writes besides the engine's decisions: the journal lines of
 * inputs and the records they caused (in that order), venue failures and
 * refusals as `error_<operation>`, timings (`perf_*`, `venue_call`), the
 * counters `/metrics` serves, and the human notices of the console.
 *
 * @module
 */

import {
  encodeRecord,
  type Engine,
  type EngineInput,
  type EngineRecord,
  type PerfProbe,
  recordLevel,
} from "../engine/mod.ts";
import { type JournalLevel, line, passes } from "../formats/mod.ts";
import { ExchangeError } from "../exchange/mod.ts";
import type { Journal } from "./journal.ts";
import type { MetricsSnapshot } from "./metrics.ts";
import { PerfStats } from "./perf.ts";

/** The engine times one market message, decision and diff in this many. */
const ENGINE_SAMPLE_EVERY = 32;
const ENGINE_SAMPLED: Record<string, number> = {
  market_message: ENGINE_SAMPLE_EVERY,
  quote_decision: ENGINE_SAMPLE_EVERY,
  order_diff: ENGINE_SAMPLE_EVERY,
};

/** A session's journal, counters and console notices. */
export class SessionLog {
  /** Orders by change (placed, rejected, done…), since the start. */
  readonly orderCounts: Record<string, number> = {};
  /** Errors by operation, since the start. */
  readonly errorCounts: Record<string, number> = {};
  /** Reconnects by channel, since the start. */
  readonly reconnects: Record<string, number> = {};
  /** Timings, when `logging.enable_performance` is on. */
  readonly perf: PerfStats | null;
  // the engine's records of the input being handled, written after it
  private readonly held: EngineRecord[] = [];
  private readonly debug: boolean;
  private perfSinceMs: number;

  /**
   * @param journal the open journal
   * @param clock wall clock, ms
   * @param minLevel `logging.level`: notices below it are not shown
   * @param onNotice the console's sink of notices
   * @param enablePerf `logging.enable_performance`
   */
  constructor(
    readonly journal: Journal,
    private readonly clock: () => number,
    private readonly minLevel: JournalLevel,
    private readonly onNotice: ((line: string) => void) | undefined,
    enablePerf: boolean,
  ) {
    this.perf = enablePerf ? new PerfStats(ENGINE_SAMPLED) : null;
    this.debug = journal.wants("debug");
    this.perfSinceMs = clock();
  }

  /** One human line for the console, at or above `logging.level`. */
  notice(text: string, level: JournalLevel = "info"): void {
    if (passes(level, this.minLevel)) this.onNotice?.(text);
  }

  /** Counts one more `k` in `counts`. */
  count(counts: Record<string, number>, k: string): void {
    counts[k] = (counts[k] ?? 0) + 1;
  }

  /** The engine's journal sink: held until its input is written; counted; noticed. */
  readonly record = (rec: EngineRecord): void => {
    this.held.push(rec);
    if (rec.kind === "order") this.count(this.orderCounts, rec.change);
    else if (rec.kind === "error") this.count(this.errorCounts, rec.operation);
    if (rec.kind === "state") {
      this.notice(`state ${rec.from} → ${rec.to} (${rec.reason})`, recordLevel(rec));
    } else if (rec.kind === "notice") this.notice(rec.message, rec.level);
    else if (rec.kind === "error" && rec.errorType !== "crosses_book") {
      // a post-only race is market life: journaled and counted (status line, summary)
      this.notice(`error: ${rec.operation}: ${rec.message}`.trim(), "error");
    }
  };

  /** Writes an input the engine handled, then the records it caused. */
  readonly afterInput = (input: EngineInput): void => {
    this.journal.write(line(input.tMs, "input", "info", { input }));
    for (const rec of this.held) this.journal.write(encodeRecord(rec));
    this.held.length = 0;
  };

  /** The engine's timing probe (one call in 32), or undefined when timing is off. */
  enginePerf(): PerfProbe | undefined {
    const perf = this.perf;
    if (!perf) return undefined;
    return {
      now: () => performance.now(),
      every: ENGINE_SAMPLE_EVERY,
      record: (op, ms) => perf.record(op, ms),
    };
  }

  /** A failed venue call: `error_<operation>`, the stack only at DEBUG. */
  failure(operation: string, e: unknown, inputs: Record<string, unknown>): void {
    const err = e instanceof Error ? e : new Error(String(e));
    const ex = err instanceof ExchangeError ? err : null;
    this.journal.write(line(this.clock(), `error_${operation}`, "error", {
      operation,
      errorType: err.name,
      message: err.message,
      status: ex?.status ?? 0,
      response: ex?.venueMessage ?? "",
      inputs,
      ...(this.debug ? { stack: err.stack ?? "" } : {}),
    }));
    this.count(this.errorCounts, operation);
    this.notice(`error: ${operation}: ${err.message}`, "error");
  }

  /**
   * The venue refused an order or a cancel failed: `error_<operation>` with
   * the adapter's judgement, the venue's status and words. A post-only race
   * (crosses_book) is market life: journaled and counted, never printed.
   */
  refusal(
    operation: string,
    errorType: string,
    message: string,
    status: number,
    inputs: Record<string, unknown>,
  ): void {
    this.journal.write(line(this.clock(), `error_${operation}`, "error", {
      operation,
      errorType,
      message,
      status,
      inputs,
    }));
    if (errorType === "crosses_book") return;
    this.count(this.errorCounts, operation);
    this.notice(`error: ${operation}: ${status || ""} ${message}`.trim(), "error");
  }

  /** Times a venue call: perf_<operation>, and a venue_call line at DEBUG. */
  async timed<T>(operation: string, call: () => Promise<T>): Promise<T> {
    if (!this.perf && !this.debug) return call();
    const t0 = performance.now();
    let ok = false;
    try {
      const r = await call();
      ok = true;
      return r;
    } finally {
      const ms = performance.now() - t0;
      this.perf?.record(operation, ms);
      if (this.debug) {
        this.journal.write(line(this.clock(), "venue_call", "debug", {
          operation,
          durationMs: Math.round(ms * 1000) / 1000,
          ok,
        }));
      }
    }
  }

  /** Writes the `perf_*` lines of the window since the last flush. */
  flushPerf(): void {
    if (!this.perf) return;
    const now = this.clock();
    for (const l of this.perf.flush(now, now - this.perfSinceMs)) this.journal.write(l);
    this.perfSinceMs = now;
  }

  /** What `/metrics` serves now. */
  metrics(eng: Engine, info: MetricsSnapshot["info"], startMs: number): MetricsSnapshot {
    const now = this.clock();
    const inv = eng.inventory;
    return {
      info,
      status: eng.status(),
      yesShares: inv.yesMicro / 1e6,
      noShares: inv.noMicro / 1e6,
      cashUsdc: inv.cashMicro / 1e6,
      peakPnlUsdc: eng.switches.peakPnlUsdc,
      errorStreak: eng.switches.errorStreak,
      orders: this.orderCounts,
      errors: this.errorCounts,
      reconnects: this.reconnects,
      feedAgeS: (now - eng.feed.lastRxMs) / 1000,
      feedLagS: eng.feed.lagMs / 1000,
      feedSkips: eng.feed.allCounters(),
      uptimeS: (now - startMs) / 1000,
    };
  }
}
