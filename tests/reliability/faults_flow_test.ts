/** Fault injection, order flow and time: fills racing cancels, failed trades, tick changes, heartbeats, clock skew. */

import assert from "node:assert/strict";
import { type Ctx, type Scenario, scenarioTests, until } from "./_harness.ts";

type Line = Record<string, unknown>;
const fills = (lines: Line[]) => lines.filter((l) => l.event === "fill").length;
const failed = (lines: Line[]) =>
  lines.filter((l) => l.event === "fill" && (l.fill as { status: string }).status === "FAILED")
    .length;
/**
 * True once every trade the exchange logged against one of our orders has
 * gone FAILED there and reached the bot as a FAILED fill (the position is
 * then settled on both sides; a shutdown before would end on a stale one).
 */
function everyTradeFailed(c: Ctx, lines: Line[]): boolean {
  const ours = new Set<string>();
  for (const l of lines) {
    const input = l.input as { kind: string; orderId?: string } | undefined;
    if (input?.kind === "order_signed" && input.orderId) ours.add(input.orderId);
  }
  const trades = new Set<string>();
  const failedAtVenue = new Set<string>();
  for (const e of c.log) {
    if (e.ev !== "trade") continue;
    const makers = e.makers as [string, number, number][];
    if (makers.some(([id]) => ours.has(id))) trades.add(String(e.id));
    if (e.status === "FAILED") failedAtVenue.add(String(e.id));
  }
  const reported = new Set(
    lines.filter((l) => l.event === "fill" && (l.fill as { status: string }).status === "FAILED")
      .map((l) => (l.fill as { tradeId: string }).tradeId),
  );
  return trades.size > 0 && [...trades].every((id) => failedAtVenue.has(id) && reported.has(id));
}

/** Our placements at the exchange on a 0.001 grid (off the 0.01 one). */
const fineGrid = (c: Ctx) =>
  c.log.filter((e) =>
    e.ev === "order" && e.kind === "PLACEMENT" && (e.price as number) % 100 !== 0 &&
    !String(e.owner).startsWith("agent")
  ).length;

scenarioTests([
  {
    name: "partial fills racing cancels",
    fault: "a taker fills 30 % of our best bid every 150 ms for 4 s while the bot requotes",
    inject: (c) => {
      const t = setInterval(() => c.hitOurBid(0.3), 150);
      setTimeout(() => clearInterval(t), 4000);
    },
    holdMs: 4500,
    holdUntil: { what: "3 fills in the journal", cond: async (c) => fills(await c.journal()) >= 3 },
    check: (_c, lines) => assert.ok(fills(lines) >= 3, `${fills(lines)} fills`),
  },
  {
    name: "trades reported, then FAILED",
    fault: "every trade fails on chain (MATCHED → FAILED, balances revert); takers fill our bid",
    sim: { settlement: { minedDelayMs: 300, confirmDelayMs: 300, failureRate: 1 } },
    inject: async (c) => {
      await until("a bid to hit", () => c.hitOurBid(0.5));
      // the second taker comes once the bot saw the first fill and requoted
      await until("the first fill", async () => fills(await c.journal()) >= 1);
      await until("a bid again", () => c.hitOurBid(1));
    },
    holdMs: 0,
    holdUntil: {
      what: "every trade of ours FAILED at the venue and reported so in the journal",
      cond: async (c) => everyTradeFailed(c, await c.journal()),
    },
    check: (_c, lines) => assert.ok(failed(lines) > 0, "FAILED reports reached the bot"),
  },
  {
    name: "user channel out of order, duplicated and delayed",
    fault:
      "half of the user events (order updates, trades) held behind the next, 30 % sent twice, " +
      "each delayed up to 300 ms; takers fill 40 % of our best bid, three times",
    inject: async (c) => {
      Object.assign(c.sim.faults, {
        userReorderRate: 0.5,
        userDuplicateRate: 0.3,
        userDelayMs: 300,
      });
      for (let i = 1; i <= 3; i++) {
        await until("a bid to hit", () => c.hitOurBid(0.4));
        await until(`fill ${i} in the journal`, async () => fills(await c.journal()) >= i);
      }
    },
    holdMs: 1000,
    clear: (c) =>
      void Object.assign(c.sim.faults, {
        userReorderRate: 0,
        userDuplicateRate: 0,
        userDelayMs: 0,
      }),
    check: (_c, lines) => assert.ok(fills(lines) >= 3, `${fills(lines)} fills`),
  },
  {
    name: "tick-size change mid-run",
    fault: "the tick goes from 0.01 to 0.001 (and stays)",
    inject: (c) => c.admin("tick", { tick: 0.001 }),
    tickRejectsAllowed: 20,
    holdUntil: { what: "an order of ours on the 0.001 grid", cond: (c) => fineGrid(c) > 0 },
    check: (c) => assert.ok(fineGrid(c) > 0, "orders on the new 0.001 grid"),
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
      await until("the dead-man switch armed", () => sim.market.exchange.armedHeartbeats > 0);
      before = sim.market.exchange.deadManSweeps;
      sim.faults.heartbeatLoss = true;
    },
    holdMs: 0,
    holdUntil: {
      what: "the dead-man switch's sweep",
      cond: ({ sim }) => sim.market.exchange.deadManSweeps > before,
    },
    clear: ({ sim }) => void (sim.faults.heartbeatLoss = false),
    check: ({ sim }) => {
      assert.ok(sim.market.exchange.deadManSweeps > before, "the dead-man switch swept our orders");
    },
  };
}
