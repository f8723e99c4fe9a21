/** Fault injection, network: WebSocket drops and silent stalls, duplicated and reordered frames. */

import assert from "node:assert/strict";
import { scenarioTests } from "./_harness.ts";

scenarioTests([
  {
    name: "WebSocket drop (market and user), twice",
    fault: "every WebSocket closed by the exchange, twice 1 s apart",
    inject: async ({ sim }) => {
      sim.dropSockets();
      await new Promise((r) => setTimeout(r, 1000));
      sim.dropSockets();
    },
  },
  {
    name: "WebSocket silent stall (market and user)",
    fault: "both sockets stay open but send nothing and answer no PING for 33 s",
    inject: ({ sim }) => void (sim.faults.wsSilent = true),
    holdMs: 33_000,
    clear: ({ sim }) => void (sim.faults.wsSilent = false),
    check: (_c, lines) => {
      assert.ok(lines.some((l) => l.event === "state" && /stale_data/.test(String(l.reason))));
    },
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
    check: (_c, lines) => {
      assert.equal(lines.filter((l) => l.event === "session_start").length, 2);
    },
  },
]);
