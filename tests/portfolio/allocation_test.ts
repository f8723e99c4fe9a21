import assert from "node:assert/strict";
import fc from "fast-check";
import { type Caps, grantFor, leaseSeconds, type LeaseView } from "../../lib/portfolio/mod.ts";
import { engineConfig } from "../engine/_engine.ts";

const M = 1e6;
const caps = (total: number, event = 0, category = 0): Caps => ({
  totalMicro: total * M,
  eventMicro: event * M,
  categoryMicro: category * M,
});
const lease = (
  instance: string,
  want: number,
  granted: number,
  event = "",
  category = "",
): LeaseView => ({ instance, event, category, wantMicro: want * M, grantedMicro: granted * M });
const req = (want: number, hold = 0, event = "", category = "") => ({
  event,
  category,
  wantMicro: want * M,
  holdMicro: hold * M,
});

Deno.test("grant: the want when the caps leave room", () => {
  const g = grantFor(caps(1000), [lease("a", 200, 200)], req(300));
  assert.deepEqual(g, { grantedMicro: 300 * M, targetMicro: 300 * M, boundBy: "" });
});

Deno.test("grant: what the total cap leaves free after the others", () => {
  // 500 − (200 + 150) = 150 free; fair share 500/3 ≈ 166.7 — nobody starved
  const g = grantFor(caps(500), [lease("a", 200, 200), lease("b", 150, 150)], req(300));
  assert.equal(g.grantedMicro, 150 * M);
  assert.equal(g.boundBy, "total");
});

Deno.test("grant: the event cap binds the siblings of a neg-risk event only", () => {
  const others = [lease("a", 100, 100, "ev"), lease("b", 300, 300, "other")];
  // total leaves 1000 − 400 = 600; the event 250 − 100 = 150
  const g = grantFor(caps(1000, 250), others, req(400, 0, "ev"));
  assert.deepEqual(g, { grantedMicro: 150 * M, targetMicro: 150 * M, boundBy: "event" });
  // another event has its own cap; outside any event only the total binds
  assert.equal(grantFor(caps(1000, 250), others, req(400, 0, "x")).grantedMicro, 250 * M);
  assert.equal(grantFor(caps(1000, 250), others, req(400)).grantedMicro, 400 * M);
});

Deno.test("grant: the category cap", () => {
  const g = grantFor(
    caps(1000, 0, 120),
    [lease("a", 100, 100, "", "sports")],
    req(50, 0, "", "sports"),
  );
  assert.deepEqual(g, { grantedMicro: 20 * M, targetMicro: 20 * M, boundBy: "category" });
});

Deno.test("grant: above its fair share with another starved, an instance shrinks to it", () => {
  // b holds 100 of the 300 it wants; fair share 500/2 = 250
  const g = grantFor(caps(500), [lease("b", 300, 100)], req(400, 0));
  assert.deepEqual(g, { grantedMicro: 250 * M, targetMicro: 250 * M, boundBy: "fair_share" });
});

Deno.test("grant: never below what the instance holds (its exposure, its engine's limit)", () => {
  const g = grantFor(caps(500), [lease("b", 300, 100)], req(400, 380));
  // the target is the fair share, but 380 are still out: the grant keeps them
  assert.deepEqual(g, { grantedMicro: 380 * M, targetMicro: 250 * M, boundBy: "fair_share" });
  // an idle instance asks for nothing and keeps only what it holds
  assert.equal(grantFor(caps(500), [], req(0, 40)).grantedMicro, 40 * M);
});

Deno.test("grant: renewals in any order keep Σ granted ≤ the caps, and each grant ≥ its hold", () => {
  const arb = fc.record({
    total: fc.integer({ min: 1, max: 1000 }),
    eventCap: fc.integer({ min: 0, max: 600 }),
    steps: fc.array(
      fc.record({
        who: fc.integer({ min: 0, max: 4 }),
        want: fc.integer({ min: 0, max: 800 }),
        // the instance's engine uses a fraction of its current limit
        use: fc.double({ min: 0, max: 1, noNaN: true }),
        die: fc.boolean(),
      }),
      { maxLength: 60 },
    ),
  });
  fc.assert(
    fc.property(arb, ({ total, eventCap, steps }) => {
      const c = caps(total, eventCap);
      const leases = new Map<number, LeaseView & { limit: number; exposure: number }>();
      for (const s of steps) {
        const me = leases.get(s.who);
        if (s.die && me) {
          // a dead instance's lease expires (its orders are gone by then)
          leases.delete(s.who);
          continue;
        }
        const event = s.who < 3 ? "ev" : "";
        // exposure is bounded by the engine's limit, which the grant always covers
        const exposure = me ? Math.floor(me.limit * s.use) : 0;
        const hold = me ? Math.max(exposure, me.limit) : 0;
        const others = [...leases.entries()].filter(([k]) => k !== s.who).map(([, v]) => v);
        const g = grantFor(c, others, {
          event,
          category: "",
          wantMicro: s.want * M,
          holdMicro: hold,
        });
        assert.ok(g.grantedMicro >= hold);
        assert.ok(g.targetMicro <= g.grantedMicro);
        leases.set(s.who, {
          instance: String(s.who),
          event,
          category: "",
          wantMicro: s.want * M,
          grantedMicro: g.grantedMicro,
          limit: g.targetMicro,
          exposure,
        });
        const all = [...leases.values()];
        const sum = all.reduce((a, l) => a + l.grantedMicro, 0);
        assert.ok(sum <= c.totalMicro, `Σ granted ${sum} > ${c.totalMicro}`);
        if (eventCap > 0) {
          const ev = all.filter((l) => l.event === "ev").reduce((a, l) => a + l.grantedMicro, 0);
          assert.ok(ev <= c.eventMicro, `Σ event ${ev} > ${c.eventMicro}`);
        }
        for (const l of all) assert.ok(l.exposure <= l.grantedMicro);
      }
    }),
    { numRuns: 500 },
  );
});

Deno.test("lease: it outlives the orders it paid for (order_ttl_s + 3 renewals), never shorter than lease_s", () => {
  const cfg = (quote: Record<string, unknown>, portfolio: Record<string, unknown>) =>
    engineConfig({ quote, portfolio });
  assert.equal(leaseSeconds(cfg({ order_ttl_s: 900 }, { lease_s: 30, renew_s: 5 })), 915);
  assert.equal(leaseSeconds(cfg({ order_ttl_s: 8 }, { lease_s: 30, renew_s: 0.5 })), 30);
  // GTC orders outlive any lease: lease_s alone
  assert.equal(leaseSeconds(cfg({ order_ttl_s: 0 }, { lease_s: 30, renew_s: 5 })), 30);
});
