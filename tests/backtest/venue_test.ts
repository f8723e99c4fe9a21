import assert from "node:assert/strict";
import { type Matcher, SimulatedVenue } from "../../lib/backtest/mod.ts";
import type { EngineInput, Fill, NewOrder } from "../../lib/engine/mod.ts";

const order = (clientId: number): NewOrder => ({
  clientId,
  token: "YES",
  side: "BUY",
  priceTicks: 45,
  tickPips: 100,
  sizeMicro: 5e6,
});

function book(live: string[]): Matcher & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    place: (t, id) => {
      calls.push(`place ${id}@${t}`);
      if (id.endsWith("2")) return "crosses_book";
      live.push(id);
      return "live";
    },
    cancel: (t, id) => {
      calls.push(`cancel ${id}@${t}`);
      const i = live.indexOf(id);
      if (i < 0) return "absent";
      live.splice(i, 1);
      return "canceled";
    },
    liveIds: () => [...live],
    state: () => ({
      openOrders: [],
      fills: [],
      balances: { cashMicro: live.length, yesMicro: 0, noMicro: 0 },
    }),
  };
}

const fill: Fill = {
  tradeId: "t",
  orderId: "0x1",
  token: "YES",
  side: "BUY",
  pricePips: 4500,
  sizeMicro: 1e6,
  feeMicro: 0,
  status: "MATCHED",
  matchMs: 1_150,
};

Deno.test("venue: orders travel, answers come back, fills and reconciliations in time order", () => {
  const live: string[] = [];
  const m = book(live);
  const got: string[] = [];
  const v = new SimulatedVenue(
    m,
    { toVenueMs: 100, answerMs: 50, fillMs: 10 },
    (i: EngineInput) => got.push(`${i.kind}@${i.tMs}`),
    (n) => `0x${n}`,
  );
  v.command(1_000, { kind: "place", orders: [order(1), order(2)] });
  // signed at once; the book sees them after 100 ms
  assert.deepEqual(got, ["order_signed@1000", "order_signed@1000"]);
  // a fill at 1150 is reported at 1160, after the answers due at 1150
  v.fills(1_150, [fill]);
  v.command(1_120, { kind: "reconcile" });
  v.advance(1_099);
  assert.deepEqual(m.calls, []);
  v.advance(2_000);
  assert.deepEqual(m.calls, ["place 0x1@1100", "place 0x2@1100"]);
  assert.deepEqual(got.slice(2), [
    "place_result@1150",
    "place_result@1150",
    "fills@1160",
    "reconciled@1220",
  ]);
  // a cancel-all reaches the book and is answered, an empty one too
  got.length = 0;
  v.command(3_000, { kind: "cancel_all" });
  v.command(3_000, { kind: "cancel_all" });
  v.advance(4_000);
  assert.deepEqual(m.calls.slice(2), ["cancel 0x1@3100"]);
  assert.deepEqual(got, ["cancel_result@3150", "cancel_result@3150"]);
  // what is not the venue's is left to the caller
  assert.equal(v.command(5_000, { kind: "stop", killed: false, reason: "x" }), false);
});

Deno.test("venue: something due earlier than what is queued is delivered first", () => {
  const got: string[] = [];
  const v = new SimulatedVenue(
    book([]),
    { toVenueMs: 500, answerMs: 500, fillMs: 10 },
    (i: EngineInput) => got.push(`${i.kind}@${i.tMs}`),
    (n) => `0x${n}`,
  );
  v.command(0, { kind: "place", orders: [order(1)] }); // answered at 1000
  v.fills(100, [fill]); // reported at 110
  v.advance(2_000);
  assert.deepEqual(got, ["order_signed@0", "fills@110", "place_result@1000"]);
});
