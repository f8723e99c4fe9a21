/** Fault injection, network: WebSocket drops and silent stalls, duplicated and reordered frames. */

import assert from "node:assert/strict";
import { scenarioTests, until } from "./_harness.ts";

type Line = Record<string, unknown>;
const staleSeen = (lines: Line[]) =>
  lines.some((l) => l.event === "state" && /stale_data/.test(String(l.reason)));
const starts = (lines: Line[]) => lines.filter((l) => l.event === "session_start").length;

scenarioTests([
  {
    name: "WebSocket drop (market and user), twice",
    fault: "every WebSocket closed by the exchange, twice 1 s apart",
    inject: async ({ sim }) => {
      const subs = sim.subscriptions;
      sim.dropSockets();
      // the second drop hits the reconnected sockets (market and user)
      await until("both channels subscribed again", () => sim.subscriptions >= subs + 2);
      sim.dropSockets();
    },
  },
  {
    name: "WebSocket silent stall (market and user)",
    fault: "both sockets stay open but send nothing and answer no PING for 33 s",
    inject: ({ sim }) => void (sim.faults.wsSilent = true),
    holdMs: 0,
    holdUntil: { what: "a stale_data pause", cond: async (c) => staleSeen(await c.journal()) },
    clear: ({ sim }) => void (sim.faults.wsSilent = false),
    check: (_c, lines) => assert.ok(staleSeen(lines), "stale_data pause"),
  },
  {
    name: "duplicated and out-of-order market frames",
    fault: "30 % of market frames sent twice, 30 % held back behind the next one, for 4 s",
    inject: ({ sim }) =>
      void Object.assign(sim.faults, { wsDuplicateRate: 0.3, wsReorderRate: 0.3 }),
    holdMs: 4000,
    clear: ({ sim }) => void Object.assign(sim.faults, { wsDuplicateRate: 0, wsReorderRate: 0 }),
  },
  {
    name: "kill -9 at a random point, then a restart",
    fault: "SIGKILL 0–2 s into quoting (orders resting), then `pm4 run` again",
    inject: async (c) => {
      await new Promise((r) => setTimeout(r, Math.random() * 2000));
      c.bot.proc.kill("SIGKILL");
      await c.bot.done;
      c.bot = c.spawn();
    },
    holdMs: 0,
    // the restart has quoted (the killed one's leftovers alone would look two-sided,
    // and its last 200 ms of journal may be lost with it)
    holdUntil: {
      what: "the restart's own quotes",
      cond: async (c) => {
        const lines = await c.journal();
        const second = lines.findLastIndex((l) => l.event === "session_start");
        return starts(lines) === 2 &&
          lines.slice(second).some((l) => l.event === "order" && l.change === "placed");
      },
    },
    check: (_c, lines) => assert.equal(starts(lines), 2),
  },
]);
