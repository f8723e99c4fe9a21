/** Fault injection, order flow and time: fills racing cancels, failed trades, tick changes, heartbeats, clock skew. */

import assert from "node:assert/strict";
import { type Scenario, scenarioTests } from "./_harness.ts";

scenarioTests([
  {
    name: "partial fills racing cancels",
    fault: "a taker fills 30 % of our best bid every 150 ms for 4 s while the bot requotes",
    inject: (c) => {
      const t = setInterval(() => c.hitOurBid(0.3), 150);
      setTimeout(() => clearInterval(t), 4000);
    },
    holdMs: 4500,
    check: (_c, lines) => {
      const fills = lines.filter((l) => l.event === "fill").length;
      assert.ok(fills >= 3, `${fills} fills`);
    },
  },
  {
    name: "trades reported, then FAILED",
    fault: "every trade fails on chain (MATCHED → FAILED, balances revert); takers fill our bid",
    sim: { settlement: { minedDelayMs: 300, confirmDelayMs: 300, failureRate: 1 } },
    inject: (c) => {
      c.hitOurBid(0.5);
      setTimeout(() => c.hitOurBid(1), 700);
    },
    holdMs: 3000,
    check: (_c, lines) => {
      const failed = lines.filter((l) =>
        l.event === "fill" && (l.fill as { status: string }).status === "FAILED"
      );
      assert.ok(failed.length > 0, "FAILED reports reached the bot");
    },
  },
  {
    name: "tick-size change mid-run",
    fault: "the tick goes from 0.01 to 0.001 (and stays)",
    inject: (c) => c.admin("tick", { tick: 0.001 }),
    tickRejectsAllowed: 20,
    check: (c) => {
      const fine = c.log.filter((e) =>
        e.ev === "order" && e.kind === "PLACEMENT" && (e.price as number) % 100 !== 0 &&
        !String(e.owner).startsWith("agent")
      );
      assert.ok(fine.length > 0, "orders on the new 0.001 grid");
    },
  },
  heartbeatLoss(),
  {
    name: "clock skew +30 s",
    fault: "the exchange's clock 30 s ahead of ours for the whole run, plus a socket drop",
    sim: { clock: () => Date.now() + 30_000 },
    inject: ({ sim }) => sim.dropSockets(),
  },
  {
    name: "clock skew −30 s",
    fault: "the exchange's clock 30 s behind ours for the whole run, plus a socket drop",
    sim: { clock: () => Date.now() - 30_000 },
    inject: ({ sim }) => sim.dropSockets(),
  },
]);

/** Heartbeat loss: the exchange's dead-man switch must sweep our book (seen at the exchange). */
function heartbeatLoss(): Scenario {
  let before = 0;
  return {
    name: "heartbeat loss",
    fault:
      "once armed, heartbeats answered but never arriving for 17 s: the exchange's dead-man switch cancels our orders",
    inject: async ({ sim }) => {
      // the switch arms with the first heartbeat, posted 5 s after orders rest
      await new Promise((r) => setTimeout(r, 6000));
      before = sim.market.exchange.deadManSweeps;
      sim.faults.heartbeatLoss = true;
    },
    holdMs: 17_000,
    clear: ({ sim }) => void (sim.faults.heartbeatLoss = false),
    check: ({ sim }) => {
      assert.ok(sim.market.exchange.deadManSweeps > before, "the dead-man switch swept our orders");
    },
  };
}
