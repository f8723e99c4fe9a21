/**
 * A progress bar for long runs, drawn on the terminal's current line (and
 * nothing at all when the output is not a terminal).
 *
 * @module
 */

import type { CliIo } from "./io.ts";

const WIDTH = 30;
const REDRAW_MS = 100;

function eta(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "--:--";
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, "0")}`;
}

/** A bar from 0 to `total` units (bytes, events, runs). */
export class ProgressBar {
  private lastDraw = -Infinity;
  private readonly t0: number;

  /**
   * @param io where to draw (only when it is a terminal)
   * @param label what is progressing
   * @param total units at completion
   * @param now clock, ms
   */
  constructor(
    private readonly io: CliIo,
    private readonly label: string,
    private readonly total: number,
    private readonly now: () => number,
  ) {
    this.t0 = now();
  }

  /** `done` units so far; `extra` is shown after the bar (a rate, a count). */
  update(done: number, extra = ""): void {
    if (!this.io.isTerminal) return;
    const t = this.now();
    if (t - this.lastDraw < REDRAW_MS && done < this.total) return;
    this.lastDraw = t;
    const f = this.total > 0 ? Math.min(1, done / this.total) : 0;
    const filled = Math.round(f * WIDTH);
    const elapsed = t - this.t0;
    const left = f > 0 ? elapsed * (1 - f) / f : Infinity;
    this.io.live(
      `${this.label} [${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${
        (f * 100).toFixed(0).padStart(3)
      }%  ETA ${eta(left)}${extra ? `  ${extra}` : ""}`,
    );
  }

  /** Clears the bar. */
  done(): void {
    if (this.io.isTerminal) this.io.live("");
  }
}
