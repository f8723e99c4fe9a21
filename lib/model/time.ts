/**
 * Time factor and time guards (pm4-model.md §1).
 *
 * @module
 */

import { clip } from "./logit.ts";

/**
 * What the market maker may do at a given time:
 * - `active`: quote both sides;
 * - `reducing`: only orders that reduce |q| (from `T − stop_new_risk_before_s`);
 * - `halted`: no orders at all (from `T − cancel_all_before_s`, or resolved).
 */
export type TradingPhase = "active" | "reducing" | "halted";

/**
 * `tf(t) = clip((T − t)/(T − T0), 0, 1) ^ eta`, dimensionless in [0, 1]:
 * 1 at the start, 0 at resolution. Times in ms since the epoch.
 */
export function timeFactor(tMs: number, startMs: number, resolveMs: number, eta: number): number {
  const span = resolveMs - startMs;
  if (!(span > 0)) return 0;
  return clip((resolveMs - tMs) / span, 0, 1) ** eta;
}

/** Guard windows before resolution, in ms. */
export interface TimeGuards {
  /** Resolution time T, ms since the epoch. */
  readonly resolveMs: number;
  /** From `T − this` on only reducing orders (ms). */
  readonly stopNewRiskBeforeMs: number;
  /** From `T − this` on no orders at all (ms). */
  readonly cancelAllBeforeMs: number;
}

/** The {@link TradingPhase} at time `tMs` (ms since the epoch). */
export function tradingPhase(tMs: number, guards: TimeGuards): TradingPhase {
  const toGo = guards.resolveMs - tMs;
  if (toGo <= guards.cancelAllBeforeMs) return "halted";
  if (toGo <= guards.stopNewRiskBeforeMs) return "reducing";
  return "active";
}
