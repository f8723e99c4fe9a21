import assert from "node:assert/strict";
import { decideQuotes, gridFromTick, MICRO, PRICE_E8, QuoteDecision } from "../../lib/model/mod.ts";
import { close, DAY, inputs, params, T0 } from "./_fixtures.ts";
import { orders } from "./_ladder.ts";

const N = 100;

Deno.test({
  name: "flat at 0.50: hand-computed metrics, prices and sizes of a 3-level ladder",
  permissions: "none",
  fn() {
    const d = decideQuotes(inputs(), params(), new QuoteDecision(3));
    // tf = 1 at T0; B_side = 0.5 · 200 = 100; q_max = 100 · 1 / (1 · 0.5) = 200
    assert.deepEqual(d.phase, "active");
    assert.deepEqual(d.tf, 1);
    assert.deepEqual(d.qMax, 200);
    assert.deepEqual(d.qHat, 0);
    assert.deepEqual(d.gamma, 1);
    // A(0.5) = 1, L(U = 0) = 1 → λ = 1 + (2 − 1) · 1 = 2
    assert.deepEqual(d.lambda, 2);
    assert.deepEqual(d.delta, 0);
    // Δ = 0.1 · 1 · 2 · 1 + ln(1 + 1/20) = 0.2 + 0.04879016416943205
    close(d.halfBid, 0.24879016416943205, 1e-15);
    close(d.halfAsk, 0.24879016416943205, 1e-15);
    // bid = σ(−0.2488) = 0.43812 → 43 ticks; step = max(0.5·0.2488, 0.02, 0.04) = 0.12440
    // level 1 = σ(−0.3732) = 0.40778 → 40; level 2 = σ(−0.4976) = 0.37811 → 37
    // sizes: 25/0.43 = 58.139 → 58.13; 12.5/0.40 = 31.25; 6.25/0.37 = 16.891 → 16.89
    const got = orders(d, N).map((
      o,
    ) => [o.quote, o.token, o.side, o.priceTicks, o.sizeMicro / MICRO]);
    assert.deepEqual(got, [
      ["bid", "YES", "BUY", 43, 58.13],
      ["ask", "NO", "BUY", 43, 58.13],
      ["bid", "YES", "BUY", 40, 31.25],
      ["ask", "NO", "BUY", 40, 31.25],
      ["bid", "YES", "BUY", 37, 16.89],
      ["ask", "NO", "BUY", 37, 16.89],
    ]);
    assert.deepEqual([d.bidTicks, d.askTicks], [43, 57]);
    assert.deepEqual([d.bidLimit, d.askLimit], ["none", "none"]);
  },
});

Deno.test({
  name: "the risk variance V_H widens both half-spreads by V_H·γ·λ·σ (A–S's σ²τ term)",
  permissions: "none",
  fn() {
    const d = decideQuotes(inputs({ riskVar: 0.05 }), params(), new QuoteDecision(3));
    assert.equal(d.riskVar, 0.05);
    // Δ = (0.1 + 0.05) · 1 · 2 · 1 + ln(1 + 1/20) = 0.3 + 0.04879016416943205
    close(d.halfBid, 0.34879016416943205, 1e-15);
    close(d.halfAsk, 0.34879016416943205, 1e-15);
    // bid = σ(−0.3488) = 0.41368 → 41; the skew is untouched (flat)
    assert.deepEqual([d.bidTicks, d.askTicks, d.delta], [41, 59, 0]);
    // a negative or missing variance is none
    const z = decideQuotes(inputs({ riskVar: -1 }), params(), new QuoteDecision(3));
    assert.equal(z.riskVar, 0);
    close(z.halfBid, 0.24879016416943205, 1e-15);
  },
});

Deno.test({
  name: "long 100 YES: skew 0.5 lowers both quotes and the ask sells held YES",
  permissions: "none",
  fn() {
    const d = decideQuotes(inputs({ yesMicro: 100 * MICRO }), params(), new QuoteDecision(3));
    // q̂ = 100/200 = 0.5 → γ = 2; δ = 0.25 · 0.5 · 2 · 2 · 1 = 0.5
    assert.deepEqual(d.qHat, 0.5);
    assert.deepEqual(d.gamma, 2);
    close(d.delta, 0.5, 1e-15);
    close(d.r, -0.5, 1e-15);
    // Δ = 0.1 · 2 · 2 + ln(1 + 2/20)/2 = 0.4 + 0.047655089902162
    close(d.halfBid, 0.447655089902162, 1e-12);
    // bid = σ(−0.5 − 0.4477) = σ(−0.9477) = 0.2794 → 27
    // NO bid = σ(0 + 0.5 − 0.4477) = σ(0.0523) = 0.5131 → 51 → YES ask 49 (≥ best bid 30 + 1)
    assert.deepEqual([d.bidTicks, d.askTicks], [27, 49]);
    const first = orders(d, N).find((o) => o.quote === "ask")!;
    // flattening part, no time decay: 25 / 0.51 = 49.0196 → 49.01 sold as YES at 0.49
    assert.deepEqual([first.token, first.side, first.priceTicks, first.sizeMicro], [
      "YES",
      "SELL",
      49,
      49_010_000,
    ]);
  },
});

Deno.test({
  name: "quotes stay one tick inside the opposite best (post-only never crosses)",
  permissions: "none",
  fn() {
    const d = decideQuotes(
      inputs({ bestBidTicks: 41, bestAskTicks: 42 }),
      params(),
      new QuoteDecision(3),
    );
    // model bid 43 > best ask 42 − 1 → 41; model ask 57 < best bid 41 + 1? no: 57 stays
    assert.deepEqual(d.bidTicks, 41);
    assert.deepEqual(d.askTicks, 57);
    const d2 = decideQuotes(
      inputs({ bestBidTicks: 58, bestAskTicks: 59 }),
      params(),
      new QuoteDecision(3),
    );
    // model ask 57 < best bid 58 + 1 → 59
    assert.deepEqual(d2.askTicks, 59);
    const lv = orders(d, N).filter((o) => o.quote === "bid").map((o) => o.priceTicks);
    assert.deepEqual(lv, [41, 40, 37]);
  },
});

Deno.test({
  name: "no orders after T − cancel_all_before_s, and a reason",
  permissions: "none",
  fn() {
    const prm = params();
    const d = decideQuotes(inputs({ tMs: prm.resolveMs - 100_000 }), prm, new QuoteDecision(3));
    assert.deepEqual(d.count, 0);
    assert.deepEqual(d.reason, "halted");
    assert.deepEqual(d.phase, "halted");
  },
});

Deno.test({
  name: "reducing phase: only orders that reduce |q|, sized without time decay",
  permissions: "none",
  fn() {
    const prm = params();
    const d = decideQuotes(
      inputs({ tMs: prm.resolveMs - 1_000_000, yesMicro: 20 * MICRO }),
      prm,
      new QuoteDecision(3),
    );
    assert.deepEqual(d.phase, "reducing");
    assert.deepEqual(d.bidLimit, "phase");
    const os = orders(d, N);
    assert.ok(os.every((o) => o.quote === "ask" && o.token === "YES" && o.side === "SELL"));
    assert.deepEqual(os.reduce((s, o) => s + o.sizeMicro, 0), 20 * MICRO);
  },
});

Deno.test({
  name: "the cash floor limits the side that adds risk: 10 USDC backs 10.75 shares at 0.43",
  permissions: "none",
  fn() {
    const d = decideQuotes(inputs({ cashMicro: 10 * MICRO }), params(), new QuoteDecision(3));
    // slack(s) = 10 − 0.43·s − 0.5·s (floor grows at (1+0)·(1−p) = 0.5 per share) ≥ 0 → s ≤ 10.7527 → 10.75
    const bids = orders(d, N).filter((o) => o.quote === "bid");
    assert.deepEqual(bids.map((o) => [o.priceTicks, o.sizeMicro / MICRO]), [[43, 10.75]]);
    assert.deepEqual(d.bidLimit, "floor");
    // level 1 would need 0.0025/0.9 shares more: dropped
  },
});

Deno.test({
  name: "no quotes without a usable book or reference",
  permissions: "none",
  fn() {
    const out = new QuoteDecision(3);
    assert.deepEqual(
      decideQuotes(inputs({ bestBidTicks: 0 }), params(), out).reason,
      "one_sided_book",
    );
    assert.deepEqual(
      decideQuotes(inputs({ bestAskTicks: 100 }), params(), out).reason,
      "one_sided_book",
    );
    assert.deepEqual(
      decideQuotes(inputs({ bestBidTicks: 50, bestAskTicks: 50 }), params(), out).reason,
      "crossed_book",
    );
    assert.deepEqual(decideQuotes(inputs({ pRefE8: 0 }), params(), out).reason, "no_reference");
    assert.deepEqual(decideQuotes(inputs({ pRefE8: PRICE_E8 }), params(), out).count, 0);
  },
});

Deno.test({
  name: "held NO is sold first on the bid side (SELL NO at 1 − bid)",
  permissions: "none",
  fn() {
    const d = decideQuotes(inputs({ noMicro: 30 * MICRO }), params(), new QuoteDecision(3));
    const bids = orders(d, N).filter((o) => o.quote === "bid");
    assert.deepEqual(bids[0].token, "NO");
    assert.deepEqual(bids[0].side, "SELL");
    assert.deepEqual(bids[0].priceTicks, N - d.bidTicks);
    const soldNo = bids.filter((o) => o.side === "SELL").reduce((s, o) => s + o.sizeMicro, 0);
    assert.ok(soldNo <= 30 * MICRO);
  },
});

Deno.test({
  name: "deeper levels below the exchange minimum are dropped; the innermost is raised to it",
  permissions: "none",
  fn() {
    const d = decideQuotes(inputs({ minOrderMicro: 20 * MICRO }), params(), new QuoteDecision(3));
    // 58.13 and 31.25 pass, 16.89 < 20 is dropped on both sides
    assert.deepEqual(orders(d, N).map((o) => o.sizeMicro / MICRO), [58.13, 58.13, 31.25, 31.25]);
    // a bankroll of 20: level 0 is 2.5 USDC = 5.81 shares at 0.43, raised to the minimum 20
    // (capacity 40 shares, cash 1000); level 1's 3.12 shares are dropped
    const small = decideQuotes(
      inputs({ minOrderMicro: 20 * MICRO }),
      params({ bankrollUsdc: 20 }),
      new QuoteDecision(3),
    );
    assert.deepEqual(orders(small, N).map((o) => [o.level, o.sizeMicro / MICRO]), [[0, 20], [
      0,
      20,
    ]]);
    // where the capacity is below the minimum, nothing: the raise never breaks q_max
    const tiny = decideQuotes(
      inputs({ minOrderMicro: 20 * MICRO }),
      params({ bankrollUsdc: 10 }),
      new QuoteDecision(3),
    );
    assert.equal(tiny.count, 0);
  },
});

Deno.test({
  name: "the notional cap per side truncates the ladder",
  permissions: "none",
  fn() {
    const d = decideQuotes(
      inputs(),
      params({ maxOrderNotionalSideUsdc: 30 }),
      new QuoteDecision(3),
    );
    // level 0: 58.13 · 0.43 = 24.9959 USDC; level 1: 30 − 24.9959 = 5.0041 left → /0.40 = 12.51; level 2: none
    const bids = orders(d, N).filter((o) => o.quote === "bid").map((
      o,
    ) => [o.priceTicks, o.sizeMicro / MICRO]);
    assert.deepEqual(bids, [[43, 58.13], [40, 12.51]]);
    assert.deepEqual(d.bidLimit, "notional");
  },
});

Deno.test({
  name: "time decay shrinks capacity and level sizes: halfway with η = 0.5",
  permissions: "none",
  fn() {
    const d = decideQuotes(inputs({ tMs: T0 + 50 * DAY }), params(), new QuoteDecision(3));
    // tf = 0.5^0.5 = 0.70711; q_max = 200 · 0.70711 = 141.42; level 0: 25 · 0.70711 / 0.43 = 41.11
    close(d.tf, Math.SQRT1_2, 1e-12);
    close(d.qMax, 200 * Math.SQRT1_2, 1e-9);
    assert.deepEqual(orders(d, N)[0].sizeMicro, 41_110_000);
  },
});

Deno.test({
  name: "a 0.001 grid near the extremes keeps prices inside [tick, 1 − tick]",
  permissions: "none",
  fn() {
    const g = gridFromTick(0.001);
    const d = decideQuotes(
      inputs({ pRefE8: 99_850_000, bestBidTicks: 998, bestAskTicks: 999 }, g),
      params(),
      new QuoteDecision(3),
    );
    for (const o of orders(d, 1000)) {
      assert.ok(o.priceTicks >= 1 && o.priceTicks <= 999, `price ${o.priceTicks}`);
    }
    assert.ok(d.bidTicks <= 998);
  },
});

Deno.test({
  name: "toRecord lists every metric and order for the journal",
  permissions: "none",
  fn() {
    const d = decideQuotes(inputs(), params(), new QuoteDecision(3));
    const r = d.toRecord();
    assert.deepEqual(r.orders.length, 6);
    assert.deepEqual(r.orders[1], {
      token: "NO",
      side: "BUY",
      priceTicks: 43,
      sizeMicro: 58_130_000,
      quote: "ask",
      level: 0,
    });
    assert.deepEqual(r.lambda, 2);
    assert.deepEqual(r.phase, "active");
  },
});
