import assert from "node:assert/strict";
import fc from "fast-check";
import { Driver, engineConfig, yesView } from "./_engine.ts";

const step = fc.oneof(
  fc.record({
    k: fc.constant("book" as const),
    mid: fc.integer({ min: 3, max: 97 }),
    w: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    k: fc.constant("fill" as const),
    pick: fc.nat(),
    frac: fc.double({ min: 0.1, max: 1, noNaN: true }),
  }),
  fc.record({ k: fc.constant("timer" as const), dt: fc.integer({ min: 100, max: 10_000 }) }),
);

Deno.test("engine property: orders stay on the grid, never cross each other, never overspend", () => {
  fc.assert(
    fc.property(
      fc.array(step, { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 20, max: 2000 }),
      (steps, cash) => {
        const d = new Driver(engineConfig({ risk: { bankroll_B: cash } }));
        const filled = new Map<string, number>();
        d.settle(d.start({ cashMicro: cash * 1e6, yesMicro: 0, noMicro: 0 }));
        for (const s of steps) {
          if (s.k === "book") {
            const bid = Math.max(1, s.mid - s.w) / 100;
            const ask = Math.min(99, s.mid + s.w) / 100;
            d.settle(d.book(bid, ask));
          } else if (s.k === "fill") {
            const ids = [...d.venue.keys()];
            if (ids.length === 0) continue;
            const id = ids[s.pick % ids.length];
            const o = d.venue.get(id)!;
            // never more than what is left of the order (a venue cannot overfill)
            const left = o.sizeMicro - (filled.get(id) ?? 0);
            const size = Math.min(
              left,
              Math.max(10_000, Math.round(o.sizeMicro * s.frac / 10_000) * 10_000),
            );
            d.settle(d.fill(id, size, "MATCHED", `t${d.tMs}-${id}`));
            filled.set(id, (filled.get(id) ?? 0) + size);
            if (size >= left) d.venue.delete(id);
          } else {
            d.tMs += s.dt;
            d.settle(d.feed({ kind: "timer", tMs: d.tMs }));
          }
          const inv = d.engine.inventory;
          let cashHeld = 0;
          let yesHeld = 0;
          let noHeld = 0;
          let maxBid = 0;
          let minAsk = 100;
          for (const o of d.engine.tracker.working()) {
            assert.ok(o.priceTicks >= 1 && o.priceTicks <= 99 && Number.isInteger(o.priceTicks));
            assert.ok(o.sizeMicro % 10_000 === 0);
            const v = yesView(o);
            if (v.bid) maxBid = Math.max(maxBid, v.yesTicks);
            else minAsk = Math.min(minAsk, v.yesTicks);
            if (o.side === "BUY") cashHeld += o.pricePips * o.remainingMicro / 10_000;
            else if (o.token === "YES") yesHeld += o.remainingMicro;
            else noHeld += o.remainingMicro;
          }
          assert.ok(maxBid < minAsk, `self-cross: bid ${maxBid} ≥ ask ${minAsk}`);
          assert.ok(cashHeld <= inv.cashMicro + 1, `cash ${cashHeld} > ${inv.cashMicro}`);
          assert.ok(yesHeld <= inv.yesMicro && noHeld <= inv.noMicro, "selling shares we lack");
          assert.ok(inv.yesMicro >= 0 && inv.noMicro >= 0);
        }
      },
    ),
    { numRuns: 150 },
  );
});
