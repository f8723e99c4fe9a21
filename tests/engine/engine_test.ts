import assert from "node:assert/strict";
import { CID, Driver, engineConfig, NO, placed, T0, YES, yesView } from "./_engine.ts";
import { MAX_BATCH } from "../../lib/engine/mod.ts";

Deno.test("engine: no quotes before a two-sided book, then a two-sided ladder inside the grid", () => {
  const d = new Driver();
  assert.deepEqual(d.start(), []);
  assert.equal(d.engine.switches.state, "active");
  const cmds = d.book(0.48, 0.52);
  const orders = placed(cmds);
  assert.ok(orders.length >= 2);
  const views = orders.map(yesView);
  assert.ok(views.some((v) => v.bid) && views.some((v) => !v.bid), "both sides");
  for (const o of orders) {
    assert.ok(o.priceTicks >= 1 && o.priceTicks <= 99, "inside [tick, 1 − tick]");
    assert.equal(o.tickPips, 100);
    assert.ok(o.sizeMicro >= 5e6 && o.sizeMicro % 10_000 === 0, "whole 0.01 shares ≥ min size");
    assert.equal(o.side, "BUY", "flat: both sides are buys (YES bid, NO bid as the ask)");
  }
  // post-only: nothing at or through the opposite best
  for (const v of views) assert.ok(v.bid ? v.yesTicks <= 48 : v.yesTicks >= 52);
  const dec = d.last();
  assert.equal(dec.why, "book");
  assert.equal(dec.quote.p, 0.5);
  assert.ok(dec.place.length === orders.length);
});

Deno.test("engine: a diff keeps unchanged orders and does not churn on an identical book", () => {
  const d = new Driver();
  d.start();
  d.settle(d.book(0.48, 0.52));
  const working = d.engine.tracker.working().length;
  assert.ok(working > 0);
  const again = d.book(0.48, 0.52);
  assert.deepEqual(placed(again), []);
  assert.equal(again.filter((c) => c.kind === "cancel").length, 0);
  assert.equal(d.engine.tracker.working().length, working);
});

Deno.test("engine: a fill moves inventory and skews the quotes away from the position", () => {
  const d = new Driver();
  d.start();
  d.settle(d.book(0.48, 0.52));
  const before = d.last().quote;
  assert.equal(before.delta, 0);
  // our best YES bid is hit for its full size
  const bid = [...d.venue.entries()].filter(([, o]) => o.token === "YES" && o.side === "BUY")
    .sort((a, b) => b[1].priceTicks - a[1].priceTicks)[0];
  const cmds = d.fill(bid[0], bid[1].sizeMicro);
  assert.equal(d.engine.inventory.yesMicro, bid[1].sizeMicro);
  assert.equal(
    d.engine.inventory.cashMicro,
    1000e6 - bid[1].priceTicks * 100 * bid[1].sizeMicro / 10_000,
  );
  const after = d.last().quote;
  assert.equal(d.last().why, "fill");
  assert.ok(after.q > 0 && after.qHat > 0);
  assert.ok(after.delta > 0, "long YES: positive skew");
  assert.ok(after.r < before.r, "reservation price below the mid");
  d.settle(cmds);
  // the ask side may now sell the YES we hold instead of buying NO
  const bestBid = Math.max(
    ...[...d.venue.values()].map(yesView).filter((v) => v.bid).map((v) => v.yesTicks),
  );
  assert.ok(bestBid <= bid[1].priceTicks, "no higher bid after buying");
  assert.equal(d.engine.fills, 1);
});

Deno.test("engine: duplicate fills count once; FAILED reverts", () => {
  const d = new Driver();
  d.start();
  d.settle(d.book(0.48, 0.52));
  const [id, o] = [...d.venue.entries()].find(([, o]) => o.token === "YES")!;
  d.fill(id, 5e6, "MATCHED", "tr1");
  d.fill(id, 5e6, "MINED", "tr1");
  d.fill(id, 5e6, "CONFIRMED", "tr1");
  assert.equal(d.engine.inventory.yesMicro, 5e6);
  d.fill(id, 5e6, "MATCHED", "tr2");
  assert.equal(d.engine.inventory.yesMicro, 10e6);
  d.fill(id, 5e6, "FAILED", "tr2");
  assert.equal(d.engine.inventory.yesMicro, 5e6);
  assert.equal(d.engine.inventory.cashMicro, 1000e6 - o.priceTicks * 100 * 5e6 / 10_000);
});

Deno.test("engine: stale data pauses and cancels; fresh data resumes", () => {
  const d = new Driver(engineConfig({ quote: { stale_after_s: 5 } }));
  d.start();
  d.settle(d.book(0.48, 0.52));
  const n = d.engine.tracker.working().length;
  d.tMs += 6_000;
  const cmds = d.feed({ kind: "timer", tMs: d.tMs });
  assert.equal(d.engine.switches.state, "paused");
  assert.ok(d.engine.switches.pauses.has("stale_data"));
  const cancel = cmds.find((c) => c.kind === "cancel");
  assert.ok(cancel && cancel.kind === "cancel" && cancel.orderIds.length === n);
  d.settle(cmds);
  assert.equal(d.engine.tracker.working().length, 0);
  const resumed = d.book(0.48, 0.52);
  assert.equal(d.engine.switches.state, "active");
  assert.ok(placed(resumed).length > 0);
  // the silence may have hidden fills: the exchange is asked
  assert.ok(resumed.some((c) => c.kind === "reconcile"), "a reconciliation after the stall");
});

Deno.test("engine: a reconciliation at least once a minute, one at a time", () => {
  const d = new Driver();
  d.start();
  d.settle(d.book(0.48, 0.52));
  const asked = (cmds: { kind: string }[]) => cmds.filter((c) => c.kind === "reconcile").length;
  let n = 0;
  for (let s = 2; s <= 180; s += 2) {
    d.tMs += 2000;
    n += asked(d.feed({ kind: "timer", tMs: d.tMs }));
  }
  assert.equal(n, 1, "the first one is still unanswered: no second request");
  d.feed({
    kind: "reconciled",
    tMs: d.tMs,
    openOrders: [],
    fills: [],
    balances: { cashMicro: 1000e6, yesMicro: 0, noMicro: 0 },
  });
  for (let s = 2; s <= 60; s += 2) {
    d.tMs += 2000;
    n += asked(d.feed({ kind: "timer", tMs: d.tMs }));
  }
  assert.equal(n, 2);
});

Deno.test("engine: a market-channel drop pauses, cancels and reconciles before quoting again", () => {
  const d = new Driver();
  d.start();
  d.settle(d.book(0.48, 0.52));
  const down = d.feed({ kind: "connection", tMs: d.tMs, channel: "market", up: false });
  assert.equal(d.engine.switches.state, "paused");
  assert.ok(down.some((c) => c.kind === "cancel"));
  d.settle(down);
  const up = d.feed({ kind: "connection", tMs: d.tMs + 1000, channel: "market", up: true });
  assert.ok(up.some((c) => c.kind === "reconcile"));
  assert.ok(d.engine.switches.pauses.has("reconciling"));
  // the books were cleared: no quote until the snapshot and the reconciliation
  assert.deepEqual(placed(d.book(0.47, 0.51)), []);
  const rec = d.feed({
    kind: "reconciled",
    tMs: d.tMs,
    openOrders: d.openOrders(),
    fills: [],
    balances: { cashMicro: 1000e6, yesMicro: 0, noMicro: 0 },
  });
  assert.equal(d.engine.switches.state, "active");
  assert.ok(placed(rec).length > 0);
});

Deno.test("engine: reconciliation cancels orders it does not know and proves absent ones done", () => {
  const d = new Driver();
  d.start();
  d.settle(d.book(0.48, 0.52));
  const mine = d.openOrders();
  const gone = mine[0].id;
  const cmds = d.feed({
    kind: "reconciled",
    tMs: d.tMs + 10_000,
    openOrders: [
      ...mine.slice(1),
      {
        id: "0xstranger",
        token: "YES",
        side: "BUY",
        pricePips: 4000,
        originalMicro: 10e6,
        matchedMicro: 0,
      },
    ],
    fills: [],
    balances: { cashMicro: 1000e6, yesMicro: 0, noMicro: 0 },
  });
  assert.equal(d.engine.tracker.get(gone)?.state, "done");
  assert.equal(d.engine.tracker.get(gone)?.doneReason, "absent");
  const cancel = cmds.find((c) => c.kind === "cancel");
  assert.ok(cancel?.kind === "cancel" && cancel.orderIds.includes("0xstranger"));
});

Deno.test("engine: leftovers of an earlier run are cancelled at start", () => {
  const d = new Driver();
  const cmds = d.start(undefined, [{
    id: "0xold",
    token: "NO",
    side: "BUY",
    pricePips: 4500,
    originalMicro: 20e6,
    matchedMicro: 5e6,
  }]);
  assert.deepEqual(cmds, [{ kind: "cancel", orderIds: ["0xold"] }]);
  assert.equal(d.engine.tracker.get("0xold")?.remainingMicro, 15e6);
});

Deno.test("engine: balances are adopted from the exchange only when nothing is unsettled", () => {
  const d = new Driver();
  d.start();
  d.settle(d.book(0.48, 0.52));
  const [id] = [...d.venue.entries()].find(([, o]) => o.token === "YES")!;
  d.fill(id, 5e6, "MATCHED", "tr1");
  const exch = { cashMicro: 900e6, yesMicro: 7e6, noMicro: 0 };
  d.feed({ kind: "reconciled", tMs: d.tMs, openOrders: d.openOrders(), fills: [], balances: exch });
  assert.notDeepEqual(d.engine.inventory.balances(), exch, "MATCHED fill still settling");
  d.fill(id, 5e6, "CONFIRMED", "tr1");
  d.feed({ kind: "reconciled", tMs: d.tMs, openOrders: d.openOrders(), fills: [], balances: exch });
  assert.deepEqual(d.engine.inventory.balances(), exch);
  assert.ok(d.records.some((r) => r.kind === "notice" && r.code === "balances_adopted"));
});

Deno.test("engine: kill switches halt with cancel_all, a calibration save and stop", async (t) => {
  await t.step("error streak", () => {
    const d = new Driver(
      engineConfig({ risk: { max_error_streak: 3 }, quote: { ladder_max_levels: 3 } }),
    );
    d.start();
    const cmds = d.book(0.48, 0.52);
    const out = [];
    for (const o of placed(cmds).slice(0, 3)) {
      out.push(...d.feed({
        kind: "place_result",
        tMs: d.tMs,
        clientId: o.clientId,
        outcome: "rejected",
      }));
    }
    assert.equal(d.engine.switches.state, "halted");
    assert.deepEqual(out.map((c) => c.kind), ["cancel_all", "save_calibration", "stop"]);
    assert.deepEqual(out[2], {
      kind: "stop",
      killed: true,
      reason: "kill switch: 3 consecutive rejects or errors",
    });
  });
  await t.step("drawdown", () => {
    const d = new Driver(engineConfig({ risk: { max_drawdown_frac: 0.01 } }));
    d.start({ cashMicro: 500e6, yesMicro: 1000e6, noMicro: 0 });
    d.settle(d.book(0.48, 0.52));
    const cmds = d.book(0.30, 0.34); // 1000 YES lose 180 USDC > 10
    assert.equal(d.engine.switches.state, "halted");
    const stop = cmds.find((c) => c.kind === "stop");
    assert.ok(stop?.kind === "stop" && stop.killed && /drawdown/.test(stop.reason));
    assert.ok(cmds.some((c) => c.kind === "cancel_all"));
  });
  await t.step("market resolved", () => {
    const d = new Driver();
    d.start();
    d.settle(d.book(0.48, 0.52));
    const cmds = d.feed({
      kind: "market_frame",
      tMs: d.tMs,
      text: JSON.stringify({
        event_type: "market_resolved",
        market: "0x" + "cd".repeat(32),
        assets_ids: ["111", "222"],
        outcomes: ["Yes", "No"],
        winning_asset_id: "111",
        winning_outcome: "Yes",
        timestamp: String(d.tMs),
      }),
    });
    const stop = cmds.find((c) => c.kind === "stop");
    assert.deepEqual(stop, { kind: "stop", killed: false, reason: "market resolved" });
  });
  await t.step("resolution guard", () => {
    const d = new Driver(engineConfig({
      market: { resolve_ts_ms: T0 + 400_000 },
      risk: { stop_new_risk_before_s: 300, cancel_all_before_s: 200 },
    }));
    d.start();
    d.settle(d.book(0.48, 0.52));
    d.tMs = T0 + 150_000; // 250 s to go: reducing only, and we are flat
    const reduce = d.book(0.47, 0.52, 0);
    assert.equal(d.last().quote.phase, "reducing");
    assert.deepEqual(placed(reduce), []);
    d.settle(reduce);
    assert.equal(d.engine.tracker.working().length, 0);
    d.tMs = T0 + 201_000;
    const cmds = d.feed({ kind: "timer", tMs: d.tMs });
    assert.equal(d.engine.switches.state, "halted");
    assert.ok(cmds.some((c) => c.kind === "stop" && !c.killed));
  });
  await t.step("stop requested", () => {
    const d = new Driver();
    d.start();
    const cmds = d.feed({ kind: "stop_requested", tMs: d.tMs, reason: "signal" });
    assert.deepEqual(cmds.at(-1), { kind: "stop", killed: false, reason: "stop: signal" });
    assert.deepEqual(d.book(0.48, 0.52), [], "halted engines do nothing");
  });
});

Deno.test("engine: exchange cancel-only mode cancels what rests and pauses; the timer probes again", () => {
  const d = new Driver();
  d.start();
  const [first, ...rest] = placed(d.book(0.48, 0.52));
  d.ack([{ kind: "place", orders: rest }]);
  const out = d.feed({
    kind: "place_result",
    tMs: d.tMs,
    clientId: first.clientId,
    outcome: "cancel_only",
  });
  assert.equal(d.engine.switches.state, "paused");
  assert.ok(d.engine.switches.pauses.has("exchange_cancel_only"));
  assert.equal(d.engine.switches.errorStreak, 0, "not an error of ours");
  const cancel = out.find((c) => c.kind === "cancel");
  assert.ok(cancel?.kind === "cancel");
  assert.deepEqual(cancel.orderIds.sort(), rest.map((o) => `0xo${o.clientId}`).sort());
  d.settle(out);
  d.tMs += 2000;
  const probe = d.feed({ kind: "timer", tMs: d.tMs });
  assert.equal(d.engine.switches.state, "active");
  assert.ok(placed(probe).length > 0, "tries to quote again");
});

Deno.test("engine: a transient placement failure leaves the order unknown until a reconcile", () => {
  const d = new Driver();
  d.start();
  const cmds = d.book(0.48, 0.52);
  const [o] = placed(cmds);
  d.feed({ kind: "order_signed", tMs: d.tMs, clientId: o.clientId, orderId: "0xmaybe" });
  const out = d.feed({
    kind: "place_result",
    tMs: d.tMs,
    clientId: o.clientId,
    outcome: "transient",
  });
  assert.equal(d.engine.tracker.get("0xmaybe")?.state, "unknown");
  assert.ok(out.some((c) => c.kind === "reconcile"));
  d.feed({
    kind: "reconciled",
    tMs: d.tMs,
    openOrders: [{
      id: "0xmaybe",
      token: o.token,
      side: o.side,
      pricePips: o.priceTicks * 100,
      originalMicro: o.sizeMicro,
      matchedMicro: 0,
    }],
    fills: [],
    balances: { cashMicro: 1000e6, yesMicro: 0, noMicro: 0 },
  });
  assert.equal(d.engine.tracker.get("0xmaybe")?.state, "live", "it did reach the book");
});

Deno.test("engine: orders that would cross our own working orders wait for the cancels", () => {
  const d = new Driver();
  d.start();
  d.settle(d.book(0.48, 0.52));
  const oldAsk = Math.min(
    ...[...d.venue.values()].map(yesView).filter((v) => !v.bid).map((v) => v.yesTicks),
  );
  // the market jumps up: the new bids would cross our resting asks until they are cancelled
  const cmds = d.book(0.85, 0.89);
  const rec = d.last();
  assert.ok(rec.cancel.length > 0);
  const crossing = placed(cmds).map(yesView).filter((v) => v.bid && v.yesTicks >= oldAsk);
  assert.deepEqual(crossing, [], "no bid at or above our old asks while they rest");
  assert.ok(rec.deferred > 0);
  d.settle(cmds);
  const views = [...d.venue.values()].map(yesView);
  assert.ok(
    views.some((v) => v.bid && v.yesTicks >= oldAsk),
    "placed once the cancels were answered",
  );
});

Deno.test("engine: batches hold at most 15 orders", () => {
  const d = new Driver(engineConfig({ quote: { ladder_max_levels: 12 } }));
  d.start();
  for (const c of d.book(0.48, 0.52)) {
    if (c.kind === "place") assert.ok(c.orders.length <= MAX_BATCH);
  }
});

Deno.test("engine: the same inputs give the same decisions (replayable)", () => {
  const run = () => {
    const d = new Driver();
    d.start();
    d.settle(d.book(0.48, 0.52));
    const [id] = [...d.venue.keys()];
    d.settle(d.fill(id, 5e6));
    d.settle(d.book(0.47, 0.50));
    d.settle(d.feed({ kind: "timer", tMs: d.tMs + 2000 }));
    return JSON.stringify(d.records);
  };
  assert.equal(run(), run());
});

Deno.test("engine: fills found at the start are in the balances already and never count twice", () => {
  const d = new Driver();
  const f = {
    tradeId: "old",
    orderId: "0xprev",
    token: "YES" as const,
    side: "BUY" as const,
    pricePips: 4000,
    sizeMicro: 15e6,
    feeMicro: 0,
    status: "MINED" as const,
    matchMs: T0 - 5000,
  };
  d.feed({
    kind: "started",
    tMs: d.tMs,
    market: { tickPips: 100, minOrderMicro: 5e6, ownOrdersInBook: false },
    balances: { cashMicro: 994e6, yesMicro: 15e6, noMicro: 0 },
    openOrders: [],
    knownFills: [f],
    calibration: null,
    warm: null,
  });
  d.feed({
    kind: "reconciled",
    tMs: d.tMs,
    openOrders: [],
    fills: [{ ...f, status: "CONFIRMED" }],
    balances: { cashMicro: 994e6, yesMicro: 15e6, noMicro: 0 },
  });
  assert.equal(d.engine.inventory.yesMicro, 15e6);
  assert.equal(d.engine.fills, 0);
});

Deno.test("engine: decisions are journaled when they act, when a side's limit changes, and once a minute", () => {
  const d = new Driver(engineConfig({ quote: { requote_ticks: 2 } }));
  d.start();
  d.settle(d.book(0.40, 0.44));
  const first = d.decisions().length;
  assert.ok(first >= 1 && d.last().place.length > 0, "the first ladder acts");
  // the top moves half a tick back and forth: every target moves less than requote_ticks,
  // so every order holds — the steady state writes nothing
  for (let k = 0; k < 20; k++) d.settle(d.book(k % 2 === 0 ? 0.41 : 0.40, 0.44, 1000));
  assert.equal(d.decisions().length, first, "no line for a ladder that holds");
  // a minute after the last line, one more (the model's state, for the operator)
  d.settle(d.book(0.41, 0.44, 60_000));
  assert.equal(d.decisions().length, first + 1);
  const beat = d.last();
  assert.deepEqual([beat.place, beat.cancel], [[], []]);
  // a move that re-prices the orders acts, and is journaled
  d.settle(d.book(0.45, 0.49, 1000));
  assert.equal(d.decisions().length, first + 2);
  assert.ok(d.last().cancel.length > 0 && d.last().place.length > 0);
});

Deno.test("engine: decoded events act as the frames that carry them (levels and a print)", () => {
  const text = new Driver();
  const typed = new Driver();
  for (const d of [text, typed]) {
    d.start();
    d.book(0.48, 0.52);
  }
  // the YES bid at 0.49 appears (and the NO ask at 0.51 with it), then the 0.48 bid goes
  const changes: [string, "bid" | "ask", number, number, number, number][] = [
    [YES, "bid", 4900, 300e6, 4900, 5200],
    [NO, "ask", 5100, 300e6, 4800, 5100],
    [YES, "bid", 4800, 0, 4900, 5200],
  ];
  const t = T0 + 1000;
  const frame = JSON.stringify([{
    market: CID,
    event_type: "price_change",
    timestamp: String(t),
    price_changes: changes.map(([asset, side, price, size, bb, ba]) => ({
      asset_id: asset,
      price: String(price / 10000),
      size: String(size / 1e6),
      side: side === "bid" ? "BUY" : "SELL",
      hash: "h",
      best_bid: String(bb / 10000),
      best_ask: String(ba / 10000),
    })),
  }, {
    // a taker sells 20 YES into the new 0.49 bid
    asset_id: YES,
    event_type: "last_trade_price",
    fee_rate_bps: "0",
    market: CID,
    price: "0.49",
    side: "SELL",
    size: "20",
    timestamp: String(t),
    transaction_hash: "",
  }]);
  const a = text.feed({ kind: "market_frame", tMs: t, text: frame });
  const b = typed.feed({
    kind: "market_events",
    tMs: t,
    events: [
      ...changes.map(([assetId, side, pricePips, sizeMicro, bestBidPips, bestAskPips]) => ({
        kind: "level" as const,
        assetId,
        market: CID,
        tMs: t,
        rxMs: t,
        side,
        pricePips,
        sizeMicro,
        bestBidPips,
        bestAskPips,
      })),
      {
        kind: "trade",
        assetId: YES,
        market: CID,
        tMs: t,
        rxMs: t,
        pricePips: 4900,
        sizeMicro: 20e6,
        takerSide: "sell",
        feeRateBps: 0,
      },
    ],
  });
  assert.ok(a.length > 0, "the top moved: the engine requotes");
  assert.deepEqual(b, a);
  for (const side of [0, 1]) {
    assert.deepEqual(typed.engine.feed.yes.levels(side), text.engine.feed.yes.levels(side));
    assert.deepEqual(typed.engine.feed.no.levels(side), text.engine.feed.no.levels(side));
  }
  assert.equal(typed.engine.feed.lastRxMs, t);
  assert.deepEqual(typed.engine.feed.counters, text.engine.feed.counters);
  // the print reached the features in both
  assert.equal(text.engine.features.tradeRatePerMin(t), typed.engine.features.tradeRatePerMin(t));
  assert.ok(typed.engine.features.tradeRatePerMin(t) > 0);
});
