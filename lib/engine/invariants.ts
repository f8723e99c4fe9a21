/**
 * What must hold in the engine after every input, whatever the venue reported
 * and in whatever order: the orders it keeps or adds never let the position
 * reach past q_max plus one minimum order (old orders count until their
 * cancel is acknowledged; those being cancelled are on their way out), the
 * capital deployed by what stays never passes the fleet's lease, every
 * tracked order is a sane quantity on the grid, and the balances are real
 * numbers. The fault-injection suite checks these after each journaled input,
 * the property test after each of its random steps.
 *
 * @module
 */

import type { Engine } from "./engine.ts";

/**
 * The invariants `e` breaks now, one line each (empty: none).
 *
 * @example
 * ```ts
 * import { type Engine, engineViolations } from "./mod.ts";
 * // after every input the engine handles (a property test, a replay):
 * function check(engine: Engine): void {
 *   const broken = engineViolations(engine);
 *   if (broken.length > 0) throw new Error(broken.join("; "));
 * }
 * ```
 */
export function engineViolations(e: Engine): string[] {
  const out: string[] = [];
  const inv = e.inventory;
  for (const [k, v] of [["cash", inv.cashMicro], ["YES", inv.yesMicro], ["NO", inv.noMicro]]) {
    if (!Number.isFinite(v as number)) out.push(`${k} balance is ${v}`);
  }
  const minOrder = e.marketInfo.minOrderMicro;
  const qMax = e.decision.qMax;
  // what stays and may still fill, by side, and whether a buy does (a matched
  // part not yet reported is in the worst case and the capital already, but
  // adds nothing more)
  let bids = 0;
  let asks = 0;
  let buying = false;
  for (const o of e.tracker.working()) {
    const n = 10_000 / o.tickPips;
    if (!(Number.isInteger(o.priceTicks) && o.priceTicks >= 1 && o.priceTicks <= n - 1)) {
      out.push(`order #${o.clientId} at ${o.priceTicks} ticks of ${o.tickPips} pips: off the grid`);
    }
    if (!(o.remainingMicro >= 0 && o.remainingMicro <= o.sizeMicro)) {
      out.push(`order #${o.clientId}: remaining ${o.remainingMicro} of ${o.sizeMicro}`);
    }
    if (o.leaving) continue;
    if (o.isBid) bids += o.remainingMicro;
    else asks += o.remainingMicro;
    if (o.side === "BUY" && o.remainingMicro > 0) buying = true;
  }
  // the orders that stay (not those on their way out: a cancel sent or due once placed)
  const { long, short } = e.tracker.worstCase(inv.netMicro, true);
  // only once a decision has set q_max and while quoting (a pause cancels
  // everything); a position already past q_max (a lease or p that shrank it)
  // keeps no order on its side that may still fill
  if (qMax > 0 && e.switches.state === "active") {
    const limit = qMax * 1e6 + minOrder + 1;
    if (long > limit && bids > 0) {
      out.push(`worst-case long ${long / 1e6} > q_max ${qMax} + ${minOrder / 1e6}`);
    }
    if (short > limit && asks > 0) {
      out.push(`worst-case short ${short / 1e6} > q_max ${qMax} + ${minOrder / 1e6}`);
    }
  }
  // the lease: the position's cost plus the cash of the buys that stay; past
  // it (a lease that shrank below the position, matched buys not yet
  // reported), no buy that may still fill stays
  const lease = e.capitalLimitMicro;
  if (lease !== Infinity && e.switches.state === "active" && buying) {
    const deployed = inv.costMicro + e.tracker.buyCashMicro(true);
    if (deployed > lease + CAPITAL_SLACK_MICRO) {
      out.push(`capital deployed ${deployed / 1e6} > lease ${lease / 1e6} USDC`);
    }
  }
  return out;
}

/** Rounding of fills to whole micro-USDC against the buys' exact cash, micro-USDC. */
const CAPITAL_SLACK_MICRO = 1_000;
