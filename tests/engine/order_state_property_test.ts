/**
 * Model-based property test of the engine's order state: random interleavings
 * of engine decisions, venue acks and rejects, lost answers, partial fills
 * with the order UPDATE and the trade in either order, duplicated or lost,
 * FAILED trades, REST reconciliations at any point — with a reference model
 * of the exchange alongside (tests/engine/_venue_model.ts). After every input:
 *
 * - the engine's invariants (`engineViolations`: worst-case inventory within
 *   q_max plus one minimum order, orders on the grid);
 * - no order resting at the venue is untracked or marked done once the engine
 *   was told it rests (before, it may have given a silent one up for absent);
 * - the position is exactly what the trades the engine was told of make.
 *
 * Once everything in flight has arrived (and a reconciliation ran): the
 * tracked working orders are the venue's open orders, with the same remaining
 * sizes, and the position is the venue's.
 *
 * `PM4_FUZZ_RUNS` sets the number of runs (`deno task fuzz:orders` runs a
 * million on a fresh seed); the default, 10,000 on a fixed seed, is what CI
 * affords. `PM4_FUZZ_SEED` replays the seed a failure printed.
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { engineViolations } from "../../lib/engine/mod.ts";
import { engineConfig } from "./_engine.ts";
import { type Step, World } from "./_venue_model.ts";

const RUNS = Number(Deno.env.get("PM4_FUZZ_RUNS") ?? 10_000);
// the suite's 10,000 runs use one seed (a new counterexample is found by
// `deno task fuzz:orders`, on a fresh seed each time, not by a CI run failing at random)
const SEED = Deno.env.get("PM4_FUZZ_SEED") ??
  (Deno.env.get("PM4_FUZZ_RUNS") === undefined ? "20261201" : undefined);
if (!(Number.isInteger(RUNS) && RUNS > 0)) throw new Error("PM4_FUZZ_RUNS: a whole number > 0");
if (SEED !== undefined && !Number.isInteger(Number(SEED))) {
  throw new Error("PM4_FUZZ_SEED: an integer (the seed fast-check printed)");
}

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant("book" as const),
      mid: fc.integer({ min: 30, max: 70 }).map((x) => x / 100),
      spread: fc.integer({ min: 1, max: 4 }).map((x) => x / 100),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ k: "pong" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant("timer" as const),
      dt: fc.integer({ min: 100, max: 20_000 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      k: fc.constant("answerPlace" as const),
      pick: fc.nat(),
      outcome: fc.constantFrom("ok", "ok", "ok", "crosses", "transient", "lost") as fc.Arbitrary<
        "ok" | "crosses" | "transient" | "lost"
      >,
      reached: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant("answerCancel" as const),
      pick: fc.nat(),
      outcome: fc.constantFrom("ok", "ok", "ok", "failed", "lost") as fc.Arbitrary<
        "ok" | "failed" | "lost"
      >,
      processed: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant("taker" as const),
      pick: fc.nat(),
      frac: fc.double({ min: 0.05, max: 1, noNaN: true }),
      updateFirst: fc.boolean(),
      dupe: fc.boolean(),
      loseOne: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ k: fc.constant("settle" as const), pick: fc.nat(), fail: fc.boolean() }),
  },
  { weight: 5, arbitrary: fc.record({ k: fc.constant("deliver" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("lose" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ k: "reconcile" as const }) },
);

const CONFIG = engineConfig({
  risk: { bankroll_B: 300 },
  quote: { ladder_max_levels: 2, min_requote_interval_ms: 0, refresh_s: 2 },
});

/** Runs one interleaving; throws on the first broken property. */
export function runInterleaving(steps: Step[]): void {
  const w = new World(CONFIG);
  const e = w.engine;
  let label = "start";
  const check = () => {
    const broken = engineViolations(e);
    assert.deepEqual(broken, [], `after ${label}`);
    for (const r of w.ref.values()) {
      if (r.status !== "live" || !w.announced.has(r.id)) continue;
      const t = e.tracker.get(r.id);
      assert.ok(t, `${r.id} rests at the venue untracked (after ${label})`);
      assert.notEqual(t.state, "done", `${r.id} rests at the venue but is done (after ${label})`);
      assert.ok(
        t.remainingMicro >= r.o.sizeMicro - r.matchedMicro,
        `${r.id}: tracked remaining ${t.remainingMicro} < the venue's (after ${label})`,
      );
    }
    const want = w.expectedPosition();
    assert.deepEqual(
      { yes: e.inventory.yesMicro, no: e.inventory.noMicro },
      want,
      `position (after ${label})`,
    );
  };
  steps.forEach((s, i) => {
    if (w.halted) return;
    label = `step ${i} ${JSON.stringify(s)}`;
    w.step(s, check);
  });
  label = "quiescence";
  w.quiesce(check);
  if (w.halted) return;
  const venue = [...w.ref.values()].filter((r) => r.status === "live")
    .map((r) => `${r.id}:${r.o.sizeMicro - r.matchedMicro}`).sort();
  const tracked = e.tracker.working().filter((t) => t.state !== "pending")
    .map((t) => `${t.orderId}:${t.remainingMicro}`).sort();
  assert.deepEqual(tracked, venue, "tracked working orders = the venue's open orders");
  assert.deepEqual(
    { yes: e.inventory.yesMicro, no: e.inventory.noMicro },
    { yes: w.balances.yesMicro, no: w.balances.noMicro },
    "position = the venue's",
  );
}

Deno.test({
  name:
    `orders: the engine's order state against a reference exchange, any interleaving (${RUNS} runs)`,
  permissions: { env: ["PM4_FUZZ_RUNS", "PM4_FUZZ_SEED"] },
  fn() {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), runInterleaving),
      { numRuns: RUNS, ...(SEED ? { seed: Number(SEED) } : {}) },
    );
  },
});
