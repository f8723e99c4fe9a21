/**
 * The fleet's lease inside the engine: the capital deployed (the position's
 * cost — tested with the inventory — and the cash of our buys) kept within
 * the lease at every input, buys cancelled when the lease shrinks, and the
 * fleet's halt.
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { engineViolations } from "../../lib/engine/mod.ts";
import { Driver, engineConfig } from "./_engine.ts";

Deno.test("engine: a lease bounds the buys; a shrinking lease cancels the outermost; a fleet halt is a kill switch", () => {
  const d = new Driver(engineConfig({ risk: { bankroll_B: 1000 } }));
  d.settle(d.start());
  d.settle(d.book(0.45, 0.55));
  const buys = () => d.engine.tracker.buyCashMicro(true);
  const before = buys();
  assert.ok(before > 10e6, `quotes at a 1000 USDC bankroll hold ${before / 1e6} USDC`);
  // the ledger grants 10 USDC: the buys that stay fit in it
  d.settle(d.feed({ kind: "lease", tMs: d.tMs + 1, limitMicro: 10e6, halt: null }));
  assert.ok(buys() <= 10e6 + 1000, `${buys() / 1e6} USDC of buys under a 10 USDC lease`);
  assert.ok(d.engine.exposureMicro <= 10e6 + 1000);
  assert.deepEqual(engineViolations(d.engine), []);
  // the fleet halts: everything is cancelled and the engine stops, killed
  const out = d.feed({ kind: "lease", tMs: d.tMs + 2, limitMicro: 10e6, halt: "daily loss" });
  assert.ok(out.some((c) => c.kind === "cancel_all"));
  const stop = out.find((c) => c.kind === "stop");
  assert.ok(stop && stop.kind === "stop" && stop.killed);
  assert.match(stop.reason, /portfolio halt: daily loss/);
});

const step = fc.oneof(
  fc.record({ k: fc.constant("book" as const), mid: fc.integer({ min: 5, max: 95 }) }),
  fc.record({ k: fc.constant("fill" as const), pick: fc.nat() }),
  // the venue matches an order whole and says so (an UPDATE); its trade comes later
  fc.record({ k: fc.constant("match" as const), pick: fc.nat() }),
  fc.record({ k: fc.constant("lease" as const), usdc: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ k: fc.constant("timer" as const), dt: fc.integer({ min: 100, max: 5000 }) }),
);

Deno.test("engine property: the capital deployed by what stays never passes the lease, after every input", () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
      const d = new Driver(engineConfig({ risk: { bankroll_B: 500 } }));
      d.settle(d.start());
      d.settle(d.feed({ kind: "lease", tMs: d.tMs, limitMicro: 200e6, halt: null }));
      let n = 0;
      const matched = new Set<string>();
      for (const s of steps) {
        if (s.k === "book") d.settle(d.book((s.mid - 2) / 100, (s.mid + 2) / 100));
        else if (s.k === "lease") {
          d.settle(d.feed({ kind: "lease", tMs: d.tMs, limitMicro: s.usdc * 1e6, halt: null }));
        } else if (s.k === "fill") {
          const ids = [...d.venue.keys()];
          if (ids.length === 0) continue;
          const id = ids[s.pick % ids.length];
          d.settle(d.fill(id, d.venue.get(id)!.sizeMicro, "MATCHED", `t${++n}`));
          d.venue.delete(id);
        } else if (s.k === "match") {
          const ids = [...d.venue.keys()].filter((id) => !matched.has(id));
          if (ids.length === 0) continue;
          const id = ids[s.pick % ids.length];
          matched.add(id);
          d.settle(d.feed({
            kind: "order_update",
            tMs: d.tMs,
            orderId: id,
            type: "UPDATE",
            matchedMicro: d.venue.get(id)!.sizeMicro,
          }));
        } else {
          d.tMs += s.dt;
          d.settle(d.feed({ kind: "timer", tMs: d.tMs }));
        }
        assert.deepEqual(engineViolations(d.engine), []);
      }
      // the trades of the matched orders arrive at last
      for (const id of matched) {
        const o = d.venue.get(id);
        if (!o) continue;
        d.settle(d.fill(id, o.sizeMicro, "MATCHED", `m-${id}`));
        d.venue.delete(id);
        assert.deepEqual(engineViolations(d.engine), []);
      }
    }),
    { numRuns: 200 },
  );
});
