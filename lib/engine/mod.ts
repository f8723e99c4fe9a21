/**
 * The engine: one deterministic event loop for live, paper, simulator and
 * backtest; order tracking, inventory, order diff, kill switches.
 *
 * @module
 */

export { Engine } from "./engine.ts";
export { MAX_BATCH } from "./order_desk.ts";
export type { EngineOptions, EngineRecord, EngineStatus, PerfProbe, Quoter } from "./records.ts";
export { type InputHandlers, InputQueue } from "./input_queue.ts";
export { type FillEffect, Inventory } from "./inventory.ts";
export { engineViolations } from "./invariants.ts";
export { diffOrders, type DiffParams, type OrderDiff, type TargetOrder } from "./order_diff.ts";
export { type OrderState, OrderTracker, type Reservations, TrackedOrder } from "./order_tracker.ts";
// every input, command and venue type: the engine's vocabulary
export type * from "./types.ts";
export {
  CONTEXT_FIELDS,
  encodeRecord,
  isSessionEvent,
  type JournalLevel,
  journalLevel,
  type JournalLine,
  line,
  passes,
  recordLevel,
} from "./journal_format.ts";
