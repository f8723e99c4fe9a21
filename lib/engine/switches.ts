/**
 * The engine's trading state and what moves it: pause reasons (each cleared
 * by its own cause), the kill switches — drawdown of the marked P&L, a streak
 * of venue errors — and the probing of a venue in cancel-only mode. Every
 * change of state is journaled; what a change does to our orders is the
 * engine's.
 *
 * @module
 */

import type { EngineParams } from "./params.ts";
import type { EngineRecord } from "./records.ts";
import type { TradingState } from "./types.ts";

/** A venue in cancel-only mode is probed first after this, ms (doubling each refusal). */
const CANCEL_ONLY_PROBE_MS = 1_000;
/** The longest wait between probes of a cancel-only venue, ms. */
const CANCEL_ONLY_PROBE_MAX_MS = 30_000;

/** Trading state, pauses and kill switches. */
export class Switches {
  /** starting → active ⇄ paused → halted. */
  state: TradingState = "starting";
  /** Why paused (empty when not). */
  readonly pauses: Set<string> = new Set();
  /** Why halted. */
  haltReason = "";
  /** Halted by a kill switch (the runtime exits 4). */
  killed = false;
  /** Consecutive rejects and errors. */
  errorStreak = 0;
  /** Marked P&L since the first mark, USDC. */
  pnlUsdc = 0;
  /** Highest marked P&L, USDC. */
  peakPnlUsdc = 0;
  private equity0 = Number.NaN;
  // cancel-only venue: when to probe next, and the current backoff, ms
  private cancelOnlyProbeMs = 0;
  private cancelOnlyBackoffMs = 0;

  /**
   * Trading state before the start.
   *
   * @param limits the error streak and the drawdown that halt
   * @param journal the engine's journal sink
   */
  constructor(
    private readonly limits: Pick<EngineParams, "maxErrorStreak" | "drawdownLimitUsdc">,
    private readonly journal: (rec: EngineRecord) => void,
  ) {}

  /** Moves to `to` (journaled when it changes). */
  set(tMs: number, to: TradingState, reason: string): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    this.journal({ kind: "state", tMs, from, to, reason });
  }

  /** active or paused, from the pause reasons (never leaves starting or halted). */
  refresh(tMs: number): void {
    if (this.state === "halted" || this.state === "starting") return;
    const next: TradingState = this.pauses.size > 0 ? "paused" : "active";
    if (next !== this.state) this.set(tMs, next, [...this.pauses].join(",") || "resumed");
  }

  /** Adds a pause reason; false when halted (nothing to pause). */
  pause(tMs: number, reason: string): boolean {
    if (this.state === "halted") return false;
    this.pauses.add(reason);
    this.refresh(tMs);
    return true;
  }

  /** Halts (`killed`: by a kill switch); false when it already was. */
  halt(tMs: number, reason: string, killed: boolean): boolean {
    if (this.state === "halted") return false;
    this.haltReason = reason;
    this.killed = killed;
    this.set(tMs, "halted", reason);
    return true;
  }

  /** One more reject or error; the kill reason once the streak reaches its limit, else null. */
  error(): string | null {
    this.errorStreak++;
    return this.errorStreak >= this.limits.maxErrorStreak
      ? `kill switch: ${this.errorStreak} consecutive rejects or errors`
      : null;
  }

  /** The venue accepted an order: the error streak and the cancel-only backoff restart. */
  accepted(): void {
    this.errorStreak = 0;
    this.cancelOnlyBackoffMs = 0;
  }

  /** The venue refused an order as cancel-only at `tMs`: paused, probed again 1 s, 2 s, 4 s … 30 s later. */
  cancelOnly(tMs: number): boolean {
    if (!this.pauses.has("exchange_cancel_only")) {
      this.cancelOnlyBackoffMs = Math.min(
        CANCEL_ONLY_PROBE_MAX_MS,
        this.cancelOnlyBackoffMs * 2 || CANCEL_ONLY_PROBE_MS,
      );
      this.cancelOnlyProbeMs = tMs + this.cancelOnlyBackoffMs;
    }
    return this.pause(tMs, "exchange_cancel_only");
  }

  /** Lifts the cancel-only pause when its probe is due (the next cycle tries to quote). */
  probe(tMs: number): void {
    if (this.pauses.has("exchange_cancel_only") && tMs >= this.cancelOnlyProbeMs) {
      this.pauses.delete("exchange_cancel_only");
      this.refresh(tMs);
    }
  }

  /**
   * Marks the P&L with our equity now (USDC); returns the kill reason when
   * the drawdown from the peak passes its limit (journaled), else null.
   */
  mark(tMs: number, equityUsdc: number): string | null {
    if (Number.isNaN(this.equity0)) this.equity0 = equityUsdc;
    this.pnlUsdc = equityUsdc - this.equity0;
    if (this.pnlUsdc > this.peakPnlUsdc) this.peakPnlUsdc = this.pnlUsdc;
    const dd = this.peakPnlUsdc - this.pnlUsdc;
    const limit = this.limits.drawdownLimitUsdc;
    if (dd <= limit) return null;
    this.journal({
      kind: "pnl",
      tMs,
      equityUsdc,
      pnlUsdc: this.pnlUsdc,
      peakUsdc: this.peakPnlUsdc,
      drawdownUsdc: dd,
    });
    return `kill switch: drawdown ${dd.toFixed(2)} USDC > ${limit.toFixed(2)}`;
  }
}
