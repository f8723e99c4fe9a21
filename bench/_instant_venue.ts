/**
 * A venue that answers the engine's commands at once and keeps nothing:
 * every order placed live, every cancel done, a reconciliation finding the
 * engine's own balances and no open orders — for benches that time the
 * engine, not an exchange.
 *
 * @module
 */

import type { Engine, EngineCommand, Started } from "../lib/engine/mod.ts";

/**
 * A fresh start at `tMs` with `cashMicro` of collateral, no shares, no
 * leftovers, no calibration, on a 0.01 tick with a 5-share minimum (the
 * book does not show our orders).
 */
export function started(tMs: number, cashMicro: number): Started {
  return {
    kind: "started",
    tMs,
    market: { tickPips: 100, minOrderMicro: 5e6, ownOrdersInBook: false },
    balances: { cashMicro, yesMicro: 0, noMicro: 0 },
    openOrders: [],
    knownFills: [],
    calibration: null,
    warm: null,
  };
}

/** Answers `cmds` at `tMs` (ms); returns how many orders were placed. */
export function answerAtOnce(e: Engine, cmds: EngineCommand[], tMs: number): number {
  let placed = 0;
  for (const c of cmds) {
    if (c.kind === "place") {
      for (const o of c.orders) {
        placed++;
        e.handle({ kind: "order_signed", tMs, clientId: o.clientId, orderId: `0x${o.clientId}` });
        e.handle({
          kind: "place_result",
          tMs,
          clientId: o.clientId,
          outcome: "live",
        });
      }
    } else if (c.kind === "cancel") {
      e.handle({
        kind: "cancel_result",
        tMs,
        canceled: c.orderIds,
        notCanceled: {},
        failed: [],
      });
    } else if (c.kind === "reconcile") {
      const balances = e.inventory.balances();
      e.handle({ kind: "reconciled", tMs, openOrders: [], fills: [], balances });
    }
  }
  return placed;
}
