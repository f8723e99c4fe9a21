/** Fault injection, REST: rate limits, server errors, slowness, reject storms, cancel-only mode. */

import assert from "node:assert/strict";
import { scenarioTests } from "./_harness.ts";

scenarioTests([
  {
    name: "REST 429 burst",
    fault: "the next 20 REST requests answered 429 Too Many Requests",
    inject: ({ sim }) => void Object.assign(sim.faults, { errorBurst: 20, errorStatus: 429 }),
  },
  {
    name: "REST 5xx burst",
    fault: "the next 20 REST requests answered 503",
    inject: ({ sim }) => void Object.assign(sim.faults, { errorBurst: 20, errorStatus: 503 }),
  },
  {
    name: "slow REST",
    fault: "every REST answer delayed 4 s for 6 s",
    inject: ({ sim }) => void (sim.faults.latencyMs = 4000),
    holdMs: 6000,
    clear: ({ sim }) => void (sim.faults.latencyMs = 0),
  },
  {
    name: "reject storm",
    fault: "the next 6 order posts refused (500 could not run the execution)",
    inject: ({ sim }) => void (sim.faults.rejectStorm = 6),
    holdUntil: {
      what: "a refusal in the journal",
      cond: async (c) => (await c.journal()).some((l) => l.event === "error_place"),
    },
    check: (_c, lines) => {
      const refused = lines.filter((l) => l.event === "error_place").length;
      assert.ok(refused >= 1 && refused <= 6 * 15, `${refused} refusals journaled`);
    },
  },
  {
    name: "exchange cancel-only mode",
    fault: "the exchange in cancel-only mode for 4 s, then open",
    inject: (c) => c.admin("mode", { mode: "cancel_only" }),
    holdMs: 4000,
    holdUntil: {
      what: "a pause",
      cond: async (c) => (await c.journal()).some((l) => l.event === "state" && l.to === "paused"),
    },
    check: (_c, lines) => {
      // the venue swept every book (a pause: no book), and a placement it refused paused us
      // until the timer's probe: never a retry loop against a closed venue
      const refused = lines.filter((l) =>
        l.event === "error_place" && /cancel-only/.test(String(l.message))
      ).length;
      assert.ok(refused <= 6 * 3, `${refused} cancel-only refusals`);
      assert.ok(lines.some((l) => l.event === "state" && l.to === "paused"), "paused");
    },
    clear: (c) => c.admin("mode", { mode: "open" }),
  },
]);
