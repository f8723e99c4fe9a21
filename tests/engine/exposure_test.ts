/**
 * Orders and exposure exact at every instant (issue: a partly filled order
 * dropped while it rests, a requote doubling exposure, a quiet market taken
 * for stale, swept sides, NaN, one level taking most of q_max).
 */

import assert from "node:assert/strict";
import { Driver, engineConfig, placed } from "./_engine.ts";
import { type EngineCommand, engineViolations } from "../../lib/engine/mod.ts";

/** Our best YES bid resting at the venue: [id, order]. */
function bestBid(d: Driver) {
  return [...d.venue.entries()].filter(([, o]) => o.token === "YES" && o.side === "BUY")
    .sort((a, b) => b[1].priceTicks - a[1].priceTicks)[0];
}

function update(
  d: Driver,
  id: string,
  matchedMicro: number,
  type: "UPDATE" | "CANCELLATION" = "UPDATE",
) {
  return d.feed({ kind: "order_update", tMs: d.tMs, orderId: id, type, matchedMicro });
}

for (const order of ["update, then trade", "trade, then update"] as const) {
  Deno.test(`engine: a partial fill reported ${order} leaves the exact remainder tracked, through a reconciliation`, () => {
    const d = new Driver();
    d.start();
    d.settle(d.book(0.48, 0.52));
    const [id, o] = bestBid(d);
    const part = Math.round(o.sizeMicro * 0.55 / 10_000) * 10_000;
    if (order === "update, then trade") {
      update(d, id, part);
      d.fill(id, part);
    } else {
      d.fill(id, part);
      update(d, id, part);
    }
    // replays change nothing
    d.fill(id, part);
    update(d, id, part);
    const t = d.engine.tracker.get(id)!;
    assert.notEqual(t.state, "done", "still resting");
    assert.equal(t.remainingMicro, o.sizeMicro - part);
    assert.equal(d.engine.inventory.yesMicro, part, "the position counts the trade once");
    // the venue's view: the same order open with `part` matched
    const open = d.openOrders().map((x) => (x.id === id ? { ...x, matchedMicro: part } : x));
    d.feed({
      kind: "reconciled",
      tMs: d.tMs,
      openOrders: open,
      fills: [],
      balances: d.engine.inventory.balances(),
    });
    assert.notEqual(t.state, "done");
    assert.equal(t.remainingMicro, o.sizeMicro - part);
    assert.ok(d.engine.tracker.working().includes(t), "inside reservations and the cross check");
    // the rest fills: done, and counted once
    update(d, id, o.sizeMicro);
    assert.equal(t.state, "done");
    assert.equal(t.outstandingMicro, o.sizeMicro - part, "awaited as a trade");
    d.fill(id, o.sizeMicro - part, "MATCHED", "t2");
    assert.equal(t.outstandingMicro, 0);
    assert.equal(d.engine.inventory.yesMicro, o.sizeMicro);
  });
}

Deno.test("engine: a FAILED trade reverts the position, not the order's consumed size", () => {
  const d = new Driver();
  d.start();
  d.settle(d.book(0.48, 0.52));
  const [id, o] = bestBid(d);
  d.fill(id, 5e6, "MATCHED", "t1");
  d.fill(id, 5e6, "FAILED", "t1");
  const t = d.engine.tracker.get(id)!;
  assert.equal(d.engine.inventory.yesMicro, 0);
  assert.equal(t.remainingMicro, o.sizeMicro - 5e6);
  // a trade first seen as FAILED consumed the order too
  d.fill(id, 5e6, "FAILED", "t2");
  assert.equal(t.remainingMicro, o.sizeMicro - 10e6);
  assert.equal(d.engine.inventory.yesMicro, 0);
});

Deno.test("engine: a requote never lets the worst-case inventory past q_max + one minimum order", () => {
  const d = new Driver(engineConfig({ risk: { bankroll_B: 300 } }));
  d.start();
  d.settle(d.book(0.30, 0.32));
  let cmds: EngineCommand[] = [];
  // the orders we keep or add (not those whose cancel is on its way) stay within
  // q_max + one minimum order; q_max itself moves with the price
  const check = () => {
    const limit = d.engine.decision.qMax * 1e6 + 5e6;
    let long = d.engine.inventory.netMicro;
    let short = -long;
    for (const w of d.engine.tracker.working()) {
      if (w.state === "canceling" || w.cancelWhenPlaced) continue;
      if (w.isBid) long += w.outstandingMicro;
      else short += w.outstandingMicro;
    }
    assert.ok(long <= limit + 1 && short <= limit + 1, `${long} / ${short} > ${limit}`);
  };
  // the price walks down a tick at a time; cancels are acknowledged only later,
  // so the old and the new ladders coexist at the venue for a while
  for (let i = 0; i < 12; i++) {
    const bid = 0.30 - i * 0.01;
    cmds = d.book(bid, bid + 0.02);
    check();
    // only places are answered at once; the cancels wait
    for (const c of cmds) if (c.kind === "place") d.ack([c]);
    check();
  }
  d.settle(cmds.filter((c) => c.kind === "cancel"));
  check();
});

Deno.test("engine: a quiet market with a live socket keeps its orders (PONGs, 1 h, 0 cancels)", () => {
  // GTC: nothing expires (GTD renewals are the next test's)
  const d = new Driver(engineConfig({ quote: { refresh_s: 2, order_ttl_s: 0 } }));
  d.start();
  d.settle(d.book(0.48, 0.52));
  const before = d.engine.tracker.working().map((o) => o.orderId).sort();
  const start = d.commands.length;
  for (let s = 0; s < 3600; s += 2) {
    d.tMs += 2000;
    if (s % 10 === 0) d.feed({ kind: "market_frame", tMs: d.tMs, text: "PONG" });
    d.settle(d.feed({ kind: "timer", tMs: d.tMs }));
    assert.equal(d.engine.switches.state, "active", `at ${s} s: ${[...d.engine.switches.pauses]}`);
  }
  const later = d.commands.slice(start);
  assert.equal(later.filter((c) => c.kind === "cancel").length, 0, "no cancel in an hour");
  assert.deepEqual(d.engine.tracker.working().map((o) => o.orderId).sort(), before);
});

Deno.test("engine: GTD orders are replaced a minute before the venue retires them, and only then", () => {
  const d = new Driver(engineConfig({ quote: { refresh_s: 2, order_ttl_s: 900 } }));
  d.start();
  d.settle(d.book(0.48, 0.52));
  const first = d.engine.tracker.working().map((o) => o.orderId);
  const start = d.commands.length;
  const cancelsAt: number[] = [];
  for (let s = 2; s <= 1800; s += 2) {
    d.tMs += 2000;
    if (s % 10 === 0) d.feed({ kind: "market_frame", tMs: d.tMs, text: "PONG" });
    const n = d.commands.length;
    d.settle(d.feed({ kind: "timer", tMs: d.tMs }));
    if (d.commands.slice(n).some((c) => c.kind === "cancel")) cancelsAt.push(s);
  }
  assert.ok(d.commands.slice(start).some((c) => c.kind === "cancel"));
  // each wave at 840 s of age (900 − 60), none before; the ladder stays full
  assert.deepEqual(cancelsAt, [840, 1680]);
  assert.equal(d.engine.tracker.working().length, first.length);
  assert.ok(d.engine.tracker.working().every((o) => !first.includes(o.orderId)));
});

Deno.test("engine: a silent socket (no frame at all, no PONG) is stale; a frame ends it", () => {
  const d = new Driver();
  d.start();
  d.settle(d.book(0.48, 0.52));
  d.tMs += 31_000;
  const cmds = d.feed({ kind: "timer", tMs: d.tMs });
  assert.equal(d.engine.switches.state, "paused");
  assert.ok(d.engine.switches.pauses.has("stale_data"));
  assert.ok(cmds.some((c) => c.kind === "cancel"));
  d.settle(cmds);
  d.tMs += 100;
  d.settle(d.feed({ kind: "market_frame", tMs: d.tMs, text: "PONG" }));
  d.settle(d.feed({ kind: "timer", tMs: d.tMs }));
  assert.equal(d.engine.switches.pauses.has("stale_data"), false);
});

Deno.test("engine: a swept bid side keeps the asks and, while long, quotes nothing that adds", () => {
  const d = new Driver(engineConfig({ quote: { one_sided_hold_s: 30 } }));
  d.start();
  d.settle(d.book(0.48, 0.52));
  const [id, o] = bestBid(d);
  d.settle(d.fill(id, o.sizeMicro)); // swept into our bid: long YES
  // the public bids are gone
  d.tMs += 100;
  const f = (x: number) => x.toFixed(2);
  const swept = JSON.stringify([
    {
      event_type: "book",
      asset_id: "111",
      market: d.config.market.condition_id,
      bids: [],
      asks: [{ price: f(0.52), size: "500" }],
      timestamp: String(d.tMs),
      hash: "0x1",
      tick_size: "0.01",
    },
    {
      event_type: "book",
      asset_id: "222",
      market: d.config.market.condition_id,
      bids: [{ price: f(0.48), size: "500" }],
      asks: [],
      timestamp: String(d.tMs),
      hash: "0x1",
      tick_size: "0.01",
    },
  ]);
  const cmds = d.feed({ kind: "market_frame", tMs: d.tMs, text: swept });
  d.settle(cmds);
  assert.equal(d.engine.switches.state, "active", "no pause within the hold");
  const working = d.engine.tracker.working();
  assert.ok(working.some((w) => !w.isBid), "the asks (inventory-reducing) stay");
  assert.ok(working.every((w) => !w.isBid), "no bid adds to the long position");
  assert.match(d.last().why, /bid side swept/);
  // after the hold: paused, everything pulled
  d.tMs += 31_000;
  d.feed({ kind: "market_frame", tMs: d.tMs, text: "PONG" });
  d.settle(d.feed({ kind: "timer", tMs: d.tMs }));
  assert.equal(d.engine.switches.state, "paused");
  assert.ok(d.engine.switches.pauses.has("no_book"));
  assert.equal(d.engine.tracker.working().length, 0);
});

Deno.test("engine: a non-finite σ is a typed denial with an error_quote, never a silent empty ladder", () => {
  const d = new Driver();
  d.start();
  d.settle(d.book(0.48, 0.52));
  assert.ok(d.engine.tracker.working().length > 0);
  // deno-lint-ignore no-explicit-any
  (d.engine.toxicity as any).sigma = Number.NaN;
  const cmds = d.book(0.47, 0.51);
  assert.deepEqual(placed(cmds), []);
  assert.ok(cmds.some((c) => c.kind === "cancel"), "what rests is pulled");
  const err = d.records.findLast((r) => r.kind === "error");
  assert.ok(err && err.kind === "error");
  assert.equal(err.operation, "quote");
  assert.equal(err.errorType, "non_finite");
  assert.match(err.message, /non-finite sigma/);
});

Deno.test("engine: no ladder level adds more than 25 % of q_max (a sweep of one level)", () => {
  const d = new Driver(
    engineConfig({ risk: { bankroll_B: 300 }, quote: { ladder_level_fraction: 1 } }),
  );
  d.start();
  const orders = placed(d.book(0.29, 0.31));
  const qMax = d.engine.decision.qMax;
  assert.ok(orders.length > 0);
  for (const o of orders) {
    assert.ok(o.sizeMicro / 1e6 <= 0.25 * qMax + 0.01, `${o.sizeMicro / 1e6} > 25 % of ${qMax}`);
  }
  assert.equal(d.last().quote.bidLimit, "level");
});

Deno.test("engine: a throttled wave still sends the cancels that reduce exposure", () => {
  // a ladder that uses the whole capacity, then q_max shrinks (the price leaves
  // 0.5) inside the throttle window: the excess must go at once
  const d = new Driver(engineConfig({
    risk: { bankroll_B: 300 },
    quote: { min_requote_interval_ms: 60_000, ladder_level_fraction: 1, ladder_max_levels: 4 },
  }));
  d.start();
  d.settle(d.book(0.49, 0.51));
  const placedBefore = d.commands.filter((c) => c.kind === "place").length;
  const cmds = d.book(0.71, 0.73);
  assert.equal(d.commands.filter((c) => c.kind === "place").length, placedBefore, "throttled");
  assert.ok(cmds.some((c) => c.kind === "cancel"), "the excess is cancelled despite the throttle");
  assert.deepEqual(engineViolations(d.engine), []);
  // a mere re-pricing inside the window (same sizes) waits for the throttle
  const d2 = new Driver(engineConfig({ quote: { min_requote_interval_ms: 60_000 } }));
  d2.start();
  d2.settle(d2.book(0.48, 0.52));
  const moved = d2.book(0.47, 0.51);
  assert.deepEqual(moved, [], "nothing sent: no exposure to shed");
});
