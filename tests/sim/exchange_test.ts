import assert from "node:assert/strict";
import fc from "fast-check";
import type { Placement, Rejection, SimExchange } from "../../lib/sim/mod.ts";
import { exchange, M, T } from "./_exchange.ts";

function ok(r: Placement | Rejection): Placement {
  if (!r.ok) assert.fail(`rejected: ${r.message}`);
  return r;
}

function rejected(r: Placement | Rejection): Rejection {
  if (r.ok) assert.fail("expected a rejection");
  return r;
}

Deno.test({
  name: "price-time priority: the better price first, then the older order at a price",
  permissions: "none",
  fn() {
    const { ex, order } = exchange();
    const a1 = ok(ex.place(order({ owner: "alice", side: "SELL", pricePips: 5200 }), T)).order;
    const a2 = ok(ex.place(order({ owner: "bob", side: "SELL", pricePips: 5100 }), T + 1)).order;
    const a3 = ok(ex.place(order({ owner: "carol", side: "SELL", pricePips: 5100 }), T + 2)).order;
    const take = ok(
      ex.place(order({ owner: "alice", side: "BUY", pricePips: 5200, sizeMicro: 15 * M }), T + 3),
    );
    assert.equal(take.status, "matched");
    assert.deepEqual([a2.matchedMicro, a3.matchedMicro, a1.matchedMicro], [10 * M, 5 * M, 0]);
    // the taker paid the makers' price: 10 × 0.51 + 5 × 0.51 = 7.65
    assert.equal(take.makingMicro, 7_650_000);
    assert.equal(take.takingMicro, 15 * M);
    assert.deepEqual(ex.best(), [0, 51]);
  },
});

Deno.test({
  name: "BUY YES against a resting BUY NO mints a pair at complementary prices",
  permissions: "none",
  fn() {
    const { ex, order } = exchange();
    const before = { a: { ...ex.account("alice") }, b: { ...ex.account("bob") } };
    // bob bids 0.45 for NO: a YES ask at 0.55
    ok(ex.place(order({ owner: "bob", token: 1, side: "BUY", pricePips: 4500 }), T));
    assert.deepEqual(ex.best(), [0, 55]);
    ok(ex.place(order({ owner: "alice", token: 0, side: "BUY", pricePips: 6000 }), T + 1));
    const a = ex.account("alice");
    const b = ex.account("bob");
    // alice pays 0.55 × 10 for 10 YES; bob pays 0.45 × 10 for 10 NO: 10 pairs minted
    assert.equal(a.collateral, before.a.collateral - 5_500_000);
    assert.equal(a.yes, before.a.yes + 10 * M);
    assert.equal(b.collateral, before.b.collateral - 4_500_000);
    assert.equal(b.no, before.b.no + 10 * M);
    assert.equal(b.resCollateral, 0);
  },
});

Deno.test({
  name: "SELL YES against a resting SELL NO merges a pair back into cash",
  permissions: "none",
  fn() {
    const { ex, order } = exchange();
    // carol sells NO at 0.40: a YES bid at 0.60
    ok(ex.place(order({ owner: "carol", token: 1, side: "SELL", pricePips: 4000 }), T));
    assert.deepEqual(ex.best(), [60, 0]);
    ok(ex.place(order({ owner: "alice", token: 0, side: "SELL", pricePips: 5500 }), T + 1));
    const a = ex.account("alice");
    const c = ex.account("carol");
    assert.equal(a.yes, 990 * M);
    assert.equal(a.collateral, 10_000 * M + 6 * M); // sold at the maker's 0.60
    assert.equal(c.no, 990 * M);
    assert.equal(c.collateral, 10_000 * M + 4 * M);
    assert.equal(c.resNo, 0);
  },
});

Deno.test({
  name: "post-only orders that would match are refused with the venue's text",
  permissions: "none",
  fn() {
    const { ex, order } = exchange();
    ok(ex.place(order({ owner: "bob", side: "SELL", pricePips: 5100 }), T));
    const r = rejected(
      ex.place(order({ id: "0xabc", owner: "alice", pricePips: 5100, postOnly: true }), T),
    );
    assert.deepEqual([r.httpStatus, r.code, r.message], [
      400,
      "INVALID_POST_ONLY_ORDER",
      "order 0xabc crosses the book",
    ]);
    // a NO bid at 0.49 is a YES ask at 0.51 = crossing our own... the venue does not care whose
    const r2 = rejected(
      ex.place(
        order({ owner: "alice", token: 1, side: "SELL", pricePips: 4900, postOnly: true }),
        T,
      ),
    );
    assert.equal(r2.code, "INVALID_POST_ONLY_ORDER");
    const r3 = rejected(ex.place(order({ owner: "alice", type: "FOK", postOnly: true }), T));
    assert.equal(r3.code, "INVALID_POST_ONLY_ORDER_TYPE");
  },
});

Deno.test({
  name: "FOK fills entirely or not at all; FAK takes what is there and drops the rest",
  permissions: "none",
  fn() {
    const { ex, order } = exchange();
    ok(ex.place(order({ owner: "bob", side: "SELL", pricePips: 5100, sizeMicro: 6 * M }), T));
    const fok = rejected(
      ex.place(order({ owner: "alice", pricePips: 5200, sizeMicro: 10 * M, type: "FOK" }), T),
    );
    assert.equal(fok.code, "FOK_ORDER_NOT_FILLED_ERROR");
    const fak = ok(
      ex.place(order({ owner: "alice", pricePips: 5200, sizeMicro: 10 * M, type: "FAK" }), T),
    );
    assert.equal(fak.order.matchedMicro, 6 * M);
    assert.equal(fak.order.status, "MATCHED");
    assert.equal(ex.openOrders().length, 0);
    const none = rejected(ex.place(order({ owner: "alice", pricePips: 5200, type: "FAK" }), T));
    assert.equal(none.code, "FAK_ORDER_NOT_FILLED_ERROR");
  },
});

Deno.test({
  name: "GTD orders live until 60 s before their expiration",
  permissions: "none",
  fn() {
    const { ex, order } = exchange();
    const bad = rejected(
      ex.place(order({ owner: "alice", type: "GTD", expirationMs: T + 59_000 }), T),
    );
    assert.equal(bad.code, "INVALID_ORDER_EXPIRATION");
    assert.equal(
      rejected(ex.place(order({ owner: "alice", expirationMs: T + 100_000 }), T)).code,
      "INVALID_ORDER_EXPIRATION",
    );
    const o =
      ok(ex.place(order({ owner: "alice", type: "GTD", expirationMs: T + 90_000 }), T)).order;
    ex.advance(T + 29_999);
    assert.equal(o.status, "LIVE");
    ex.advance(T + 30_000);
    assert.equal(o.status, "CANCELED");
    assert.equal(ex.account("alice").resCollateral, 0);
  },
});

Deno.test({
  name: "open orders reserve cash and shares; cancel releases; too little is refused",
  permissions: "none",
  fn() {
    const { ex, order } = exchange();
    ex.deposit("dan", 10 * M);
    const o = ok(ex.place(order({ owner: "dan", pricePips: 5000, sizeMicro: 10 * M }), T)).order;
    assert.equal(ex.account("dan").resCollateral, 5 * M);
    const r = rejected(ex.place(order({ owner: "dan", pricePips: 5100, sizeMicro: 10 * M }), T));
    assert.deepEqual([r.code, r.message], [
      "INVALID_ORDER_NOT_ENOUGH_BALANCE",
      "not enough balance / allowance",
    ]);
    const s = rejected(ex.place(order({ owner: "dan", side: "SELL", pricePips: 6000 }), T));
    assert.equal(s.code, "INVALID_ORDER_NOT_ENOUGH_BALANCE");
    assert.ok(ex.cancel(o.id, "dan", T));
    assert.equal(ex.account("dan").resCollateral, 0);
    assert.equal(ex.cancel(o.id, "dan", T), false);
    assert.equal(ex.cancel("nope", "dan", T), false);
    ex.account("dan").allowance = false;
    assert.equal(
      rejected(ex.place(order({ owner: "dan" }), T)).message,
      "not enough balance / allowance",
    );
  },
});

Deno.test({
  name: "size, tick and duplicate rules",
  permissions: "none",
  fn() {
    const { ex, order } = exchange();
    const small = rejected(ex.place(order({ id: "0x1", owner: "alice", sizeMicro: 4 * M }), T));
    assert.equal(small.message, "order 0x1 is invalid. Size (4) lower than the minimum: 5");
    assert.equal(
      rejected(ex.place(order({ owner: "alice", pricePips: 5050 }), T)).code,
      "INVALID_ORDER_MIN_TICK_SIZE",
    );
    assert.equal(
      rejected(ex.place(order({ owner: "alice", pricePips: 10_000 }), T)).code,
      "INVALID_ORDER_MIN_TICK_SIZE",
    );
    assert.equal(
      rejected(ex.place(order({ owner: "alice", sizeMicro: 10_005_000 }), T)).code,
      "INVALID_ORDER_ERROR",
    );
    ok(ex.place(order({ id: "dup", owner: "alice" }), T));
    assert.equal(
      rejected(ex.place(order({ id: "dup", owner: "alice" }), T)).code,
      "INVALID_ORDER_DUPLICATED",
    );
    // market orders need $1 of notional instead of the share minimum
    assert.equal(
      rejected(
        ex.place(
          order({ owner: "bob", side: "SELL", pricePips: 1000, sizeMicro: 5 * M, type: "FAK" }),
          T,
        ),
      ).code,
      "INVALID_ORDER_MIN_SIZE",
    );
  },
});

Deno.test({
  name: "takers pay size · rate · p(1−p); makers pay nothing",
  permissions: "none",
  fn() {
    const { ex, order } = exchange({ feeRate: 0.02 });
    ok(ex.place(order({ owner: "bob", side: "SELL", pricePips: 4000, sizeMicro: 100 * M }), T));
    const bob0 = ex.account("bob").collateral;
    const r = ok(ex.place(order({ owner: "alice", pricePips: 4000, sizeMicro: 100 * M }), T));
    const tr = ex.trades.get(r.tradeIds[0])!;
    // 100 × 0.02 × 0.4 × 0.6 = 0.48 USDC
    assert.equal(tr.feeMicro, 480_000);
    assert.equal(ex.account("alice").collateral, 10_000 * M - 40 * M - 480_000);
    assert.equal(ex.account("bob").collateral, bob0 + 40 * M);
    assert.equal(ex.feesMicro, 480_000);
  },
});

Deno.test({
  name: "a finer tick keeps every order on the new grid; a coarser one cancels those off it",
  permissions: "none",
  fn() {
    const { ex, order, events } = exchange();
    const a = ok(ex.place(order({ owner: "alice", pricePips: 9500 }), T)).order;
    ex.setTick(10, T + 1);
    assert.deepEqual(ex.best(), [950, 0]);
    const b = ok(ex.place(order({ owner: "bob", pricePips: 9550 }), T + 2)).order;
    assert.deepEqual(ex.best(), [955, 0]);
    assert.ok(events.some((e) => e.type === "tick_size" && e.oldPips === 100 && e.newPips === 10));
    ex.setTick(100, T + 3);
    assert.equal(a.status, "LIVE");
    assert.equal(b.status, "CANCELED");
    assert.deepEqual(ex.best(), [95, 0]);
  },
});

Deno.test({
  name: "resolution cancels everything and pays 1 per winning share",
  permissions: "none",
  fn() {
    const { ex, order } = exchange();
    ok(ex.place(order({ owner: "alice", pricePips: 4000 }), T));
    ex.resolve(1, T + 1);
    const a = ex.account("alice");
    assert.deepEqual([a.collateral, a.yes, a.no, a.resCollateral], [
      10_000 * M + 1000 * M,
      0,
      0,
      0,
    ]);
    assert.equal(ex.openOrders().length, 0);
    assert.equal(rejected(ex.place(order({ owner: "alice" }), T + 2)).code, "MARKET_NOT_READY");
  },
});

Deno.test({
  name: "the heartbeat dead-man switch cancels an owner's orders after 15 s of silence",
  permissions: "none",
  fn() {
    const { ex, order } = exchange();
    const first = ex.heartbeat("alice", "", T);
    assert.ok(first.ok);
    ok(ex.place(order({ owner: "alice" }), T));
    ok(ex.place(order({ owner: "bob", pricePips: 4000 }), T)); // bob never started heartbeats
    const second = ex.heartbeat("alice", first.id, T + 5000);
    assert.ok(second.ok);
    const stale = ex.heartbeat("alice", first.id, T + 6000);
    assert.deepEqual(stale, { ok: false, id: second.id });
    ex.advance(T + 20_000);
    assert.equal(ex.openOrders("alice").length, 1);
    ex.advance(T + 20_001);
    assert.equal(ex.openOrders("alice").length, 0);
    assert.equal(ex.openOrders("bob").length, 1);
  },
});

Deno.test({
  name: "trades go MATCHED → MINED → CONFIRMED; a failed one reverts the balances",
  permissions: "none",
  fn() {
    const { ex, order, events } = exchange();
    ok(ex.place(order({ owner: "bob", side: "SELL", pricePips: 5000 }), T));
    const r = ok(ex.place(order({ owner: "alice", pricePips: 5000 }), T));
    const tr = ex.trades.get(r.tradeIds[0])!;
    assert.equal(tr.status, "MATCHED");
    ex.advance(T + 2000);
    assert.equal(tr.status, "MINED");
    assert.match(tr.txHash, /^0x[0-9a-f]{64}$/);
    ex.advance(T + 5000);
    assert.equal(tr.status, "CONFIRMED");
    const statuses = events.filter((e) => e.type === "trade").map((e) =>
      e.type === "trade" && e.trade.status
    );
    assert.deepEqual(statuses, ["CONFIRMED", "CONFIRMED", "CONFIRMED"]); // the same object, now confirmed

    const f = exchange({ failureRate: 1 });
    ok(f.ex.place(f.order({ owner: "bob", side: "SELL", pricePips: 5000 }), T));
    const before = { ...f.ex.account("alice") };
    ok(f.ex.place(f.order({ owner: "alice", pricePips: 5000 }), T));
    f.ex.advance(T + 2000);
    assert.deepEqual(f.ex.account("alice"), before);
    assert.equal(f.ex.account("bob").yes, 1000 * M);
  },
});

Deno.test({
  name: "cancel-only and disabled modes refuse new orders but allow cancels",
  permissions: "none",
  fn() {
    const { ex, order } = exchange();
    const o = ok(ex.place(order({ owner: "alice" }), T)).order;
    ex.setMode("cancel_only", T);
    const r = rejected(ex.place(order({ owner: "alice" }), T));
    assert.deepEqual([r.httpStatus, r.message], [
      503,
      "Trading is currently cancel-only. Check back soon.",
    ]);
    assert.ok(ex.cancel(o.id, "alice", T));
    ex.setMode("disabled", T);
    assert.equal(rejected(ex.place(order({ owner: "alice" }), T)).httpStatus, 503);
  },
});

Deno.test({
  name: "book views: the NO book mirrors the unified book, best last; events carry both tokens",
  permissions: "none",
  fn() {
    const { ex, order, events } = exchange();
    ok(ex.place(order({ owner: "alice", pricePips: 4800 }), T));
    ok(ex.place(order({ owner: "alice", pricePips: 4900, sizeMicro: 20 * M }), T));
    ok(ex.place(order({ owner: "bob", token: 1, side: "BUY", pricePips: 4700 }), T)); // YES ask 0.53
    const yes = ex.bookOf(0);
    const no = ex.bookOf(1);
    assert.deepEqual(yes.bids, [[4800, 10 * M], [4900, 20 * M]]);
    assert.deepEqual(yes.asks, [[5300, 10 * M]]);
    assert.deepEqual(no.asks, [[5200, 10 * M], [5100, 20 * M]]);
    assert.deepEqual(no.bids, [[4700, 10 * M]]);
    assert.deepEqual(ex.bestPips(), [4900, 5300, 4700, 5100]);
    const last = events.filter((e) => e.type === "book").at(-1)!;
    assert.ok(last.type === "book");
    assert.deepEqual(last.changes, [
      { token: 0, side: "SELL", pricePips: 5300, sizeMicro: 10 * M },
      { token: 1, side: "BUY", pricePips: 4700, sizeMicro: 10 * M },
    ]);
  },
});

/** Balances and reservations add up; nothing negative; the book is never crossed. */
function assertConsistent(
  ex: SimExchange,
  total: { cashPlusYes: number; yesMinusNo: number },
): void {
  let cash = 0, yes = 0, no = 0;
  const res = new Map<string, [number, number, number]>();
  for (const o of ex.openOrders()) {
    const r = res.get(o.address) ?? [0, 0, 0];
    if (o.side === "BUY") r[0] += o.pricePips * o.remainingMicro / 10_000;
    else r[o.token === 0 ? 1 : 2] += o.remainingMicro;
    res.set(o.address, r);
  }
  for (const [addr, a] of ex.accounts) {
    cash += a.collateral;
    yes += a.yes;
    no += a.no;
    const r = res.get(addr) ?? [0, 0, 0];
    assert.deepEqual([a.resCollateral, a.resYes, a.resNo], r, `reservations of ${addr}`);
    assert.ok(
      a.collateral - a.resCollateral >= 0 && a.yes - a.resYes >= 0 && a.no - a.resNo >= 0,
      `overdrawn ${addr}`,
    );
  }
  assert.equal(cash + ex.feesMicro + yes, total.cashPlusYes, "cash + fees + YES is conserved");
  assert.equal(yes - no, total.yesMinusNo, "YES − NO is conserved (mints and merges move both)");
  const [b, a] = ex.best();
  assert.ok(b === 0 || a === 0 || b < a, `crossed book ${b} ≥ ${a}`);
}

Deno.test({
  name: "random order flow conserves cash and shares and keeps reservations exact",
  permissions: "none",
  fn() {
    const op = fc.record({
      who: fc.constantFrom("alice", "bob", "carol"),
      token: fc.constantFrom(0 as const, 1 as const),
      side: fc.constantFrom("BUY" as const, "SELL" as const),
      price: fc.integer({ min: 40, max: 60 }),
      size: fc.integer({ min: 5, max: 80 }),
      type: fc.constantFrom(
        "GTC" as const,
        "GTC" as const,
        "FAK" as const,
        "FOK" as const,
        "GTD" as const,
      ),
      postOnly: fc.boolean(),
      cancel: fc.nat(20),
      dt: fc.integer({ min: 0, max: 20_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        fc.constantFrom(0, 0.3, 1),
        (ops, fees, failureRate) => {
          const { ex, order } = exchange({ feeRate: fees ? 0.05 : 0, failureRate });
          const total = { cashPlusYes: 3 * (10_000 * M + 1000 * M), yesMinusNo: 0 };
          let t = T;
          const ids: string[] = [];
          for (const o of ops) {
            t += o.dt;
            ex.advance(t);
            if (o.cancel < 4 && ids.length > 0) {
              ex.cancel(ids[o.cancel % ids.length], o.who, t);
            } else {
              const r = ex.place(
                order({
                  owner: o.who,
                  token: o.token,
                  side: o.side,
                  pricePips: o.price * 100,
                  sizeMicro: o.size * M,
                  type: o.type,
                  postOnly: o.postOnly && (o.type === "GTC" || o.type === "GTD"),
                  expirationMs: o.type === "GTD" ? t + 70_000 : 0,
                }),
                t,
              );
              if (r.ok) ids.push(r.order.id);
            }
            assertConsistent(ex, total);
          }
        },
      ),
      { numRuns: 500 },
    );
  },
});

Deno.test({
  name: "a trade whose proceeds were spent cannot fail (no overdraft)",
  permissions: "none",
  fn() {
    const { ex, order } = exchange({ failureRate: 1 });
    ok(ex.place(order({ owner: "bob", side: "SELL", pricePips: 5000, sizeMicro: 1000 * M }), T));
    ok(ex.place(order({ owner: "alice", pricePips: 5000, sizeMicro: 1000 * M }), T));
    // alice sells the shares she just bought, and more
    ok(ex.place(order({ owner: "alice", side: "SELL", pricePips: 5000, sizeMicro: 2000 * M }), T));
    ok(ex.place(order({ owner: "carol", pricePips: 5000, sizeMicro: 2000 * M }), T));
    ex.advance(T + 2000);
    for (const a of ex.accounts.values()) assert.ok(a.yes >= 0 && a.no >= 0 && a.collateral >= 0);
    // the later trade failed first… or not: either way every balance is whole
    const statuses = [...ex.trades.values()].map((t) => t.status).sort();
    assert.ok(statuses.includes("FAILED"));
  },
});
