import assert from "node:assert/strict";
import { PlaceBudget } from "../../lib/engine/guards.ts";
import { Ladder } from "../../lib/engine/ladder.ts";
import { LoggedDecision } from "../../lib/engine/records.ts";
import { QuoteDecision, SIDE_BUY, SIDE_SELL, TOKEN_NO, TOKEN_YES } from "../../lib/model/mod.ts";

/** A budget of 100 USDC, 20 YES, 0 NO; q_max 50; our bid at YES 40, ask at YES 45 (cent ticks). */
function budget(): PlaceBudget {
  const b = new PlaceBudget();
  b.free.cashMicro = 100e6;
  b.free.yesMicro = 20e6;
  b.free.noMicro = 0;
  b.longMicro = 30e6;
  b.shortMicro = 0;
  b.limitMicro = 50e6;
  b.tickPips = 100;
  b.ticksPerUnit = 100;
  b.maxBidTicks = 40;
  b.minAskTicks = 45;
  return b;
}

Deno.test("place guards: each denial is typed, and what passes is spent", () => {
  const b = budget();
  // BUY NO at 55 is a YES ask at 45 — fine; at 56 (YES 44) also fine; SELL YES at 40 crosses our bid
  assert.equal(
    b.take({ token: "YES", side: "SELL", priceTicks: 40, sizeMicro: 5e6 }),
    "crosses_own",
  );
  // BUY YES at 45 crosses our ask at 45
  assert.equal(
    b.take({ token: "YES", side: "BUY", priceTicks: 45, sizeMicro: 5e6 }),
    "crosses_own",
  );
  // 30 long + 25 > 50
  assert.equal(
    b.take({ token: "YES", side: "BUY", priceTicks: 39, sizeMicro: 25e6 }),
    "over_q_max",
  );
  // 20 shares at 0.39 = 7.80 USDC: passes, long 50, cash 92.20
  assert.equal(b.take({ token: "YES", side: "BUY", priceTicks: 39, sizeMicro: 20e6 }), null);
  assert.equal(b.longMicro, 50e6);
  assert.equal(b.free.cashMicro, 92.2e6);
  // a bid more is over q_max; SELL NO is a bid too
  assert.equal(b.take({ token: "NO", side: "SELL", priceTicks: 62, sizeMicro: 1e6 }), "over_q_max");
  // SELL YES 25 > 20 held
  assert.equal(
    b.take({ token: "YES", side: "SELL", priceTicks: 50, sizeMicro: 25e6 }),
    "no_shares",
  );
  assert.equal(b.take({ token: "YES", side: "SELL", priceTicks: 50, sizeMicro: 20e6 }), null);
  assert.equal(b.free.yesMicro, 0);
  assert.equal(b.shortMicro, 20e6);
  // BUY NO at 0.50 × 200 = 100 USDC > 92.20
  assert.equal(
    b.take({ token: "NO", side: "BUY", priceTicks: 50, sizeMicro: 200e6 }),
    "over_q_max",
  );
  b.limitMicro = 1000e6;
  assert.equal(b.take({ token: "NO", side: "BUY", priceTicks: 50, sizeMicro: 200e6 }), "no_cash");
});

function decision(rows: [token: number, side: number, ticks: number, size: number][]) {
  const d = new QuoteDecision(5);
  d.count = rows.length;
  rows.forEach(([token, side, ticks, size], i) => {
    d.token[i] = token;
    d.side[i] = side;
    d.priceTicks[i] = ticks;
    d.sizeMicro[i] = size;
  });
  return d;
}

Deno.test("ladder: the decision's columns once as targets; a swept side only reduces |q|", () => {
  const ladder = new Ladder();
  const d = decision([
    [TOKEN_YES, SIDE_BUY, 40, 10e6], // bid
    [TOKEN_NO, SIDE_SELL, 61, 10e6], // bid (SELL NO at 61 = YES bid 39)
    [TOKEN_YES, SIDE_SELL, 45, 10e6], // ask
  ]);
  ladder.build(d, null, 0, 5e6);
  assert.deepEqual(ladder.targets.map((t) => [t.token, t.side, t.priceTicks]), [
    ["YES", "BUY", 40],
    ["NO", "SELL", 61],
    ["YES", "SELL", 45],
  ]);
  // the bid side swept while short 12.345 shares: bids only up to 12.34, innermost first,
  // each at least the 5-share minimum
  ladder.build(d, "bid", -12.345e6, 5e6);
  assert.deepEqual(ladder.targets.map((t) => [t.token, t.side, t.sizeMicro]), [
    ["YES", "BUY", 10e6],
    ["YES", "SELL", 10e6],
  ]);
  // long: nothing to reduce on the bid side
  ladder.build(d, "bid", 3e6, 5e6);
  assert.deepEqual(ladder.targets.map((t) => t.side), ["SELL"]);
});

Deno.test("logged decision: the position, what bounds a side, the phase, a no-quote reason or a swept side is news", () => {
  const d = decision([[TOKEN_YES, SIDE_BUY, 40, 10e6]]);
  d.phase = "active";
  const logged = new LoggedDecision();
  assert.equal(logged.differs(d, null), true, "nothing journaled yet");
  logged.set(1000, d, null);
  assert.equal(logged.tMs, 1000);
  d.priceTicks[0] = 41; // prices and sizes are not news: a wave that acts on them is
  assert.equal(logged.differs(d, null), false);
  assert.equal(logged.differs(d, "ask"), true);
  d.bidLimit = "capacity";
  assert.equal(logged.differs(d, null), true);
  logged.set(2000, d, null);
  d.reason = "one_sided_book";
  assert.equal(logged.differs(d, null), true);
  d.reason = null;
  d.phase = "reducing";
  assert.equal(logged.differs(d, null), true);
  logged.set(3000, d, null);
  d.q = 5; // a fill moved the position
  assert.equal(logged.differs(d, null), true);
});
