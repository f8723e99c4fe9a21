/**
 * Feeding an engine from a driver (a live session, a backtest, a simulated
 * run): inputs are handled one at a time, in arrival order. An input raised
 * while one is being handled — an order signed while its placement is
 * dispatched — waits its turn instead of re-entering the engine, so the
 * order the engine saw is the order a journal records and a replay repeats.
 *
 * @module
 */

import type { Engine } from "./engine.ts";
import type { EngineCommand, EngineInput } from "./types.ts";

/** The driver's side: what to do with each input's commands, and after it. */
export interface InputHandlers {
  /** Called before the engine sees `input`. */
  before?: (input: EngineInput) => void;
  /** Each command the input produced, in order. */
  command: (input: EngineInput, cmd: EngineCommand) => void;
  /** Called once the input's commands are dispatched. */
  after?: (input: EngineInput) => void;
}

/** The input queue of one engine. */
export class InputQueue {
  private readonly queue: EngineInput[] = [];
  private handling = false;

  /**
   * A queue in front of `engine`, its commands and records handed to `h`.
   *
   * @param engine the engine
   * @param h the driver's handlers
   */
  constructor(private readonly engine: Engine, private readonly h: InputHandlers) {}

  /** Handles `ev` now, or after the input being handled. */
  push(ev: EngineInput): void {
    this.queue.push(ev);
    if (this.handling) return;
    this.handling = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        this.h.before?.(next);
        this.engine.handle(next);
        for (const cmd of this.engine.drain()) this.h.command(next, cmd);
        this.h.after?.(next);
      }
    } finally {
      this.handling = false;
    }
  }
}
