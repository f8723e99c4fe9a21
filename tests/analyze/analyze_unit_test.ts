import assert from "node:assert/strict";
import { AnalyzeError, parseReference } from "../../lib/analyze/analyze.ts";
import { suggestMarchetype } from "../../lib/analyze/marchetype.ts";
import { rewardEstimate } from "../../lib/analyze/rewards.ts";
import {
  bookMetrics,
  type MarketMetrics,
  marketStatus,
  realizedVolLogit,
  tradeMetrics,
} from "../../lib/analyze/metrics.ts";

const CID = "0x" + "ab".repeat(32);

Deno.test("references: URLs, slugs and condition ids; anything else is refused", () => {
  assert.deepEqual(parseReference(CID.toUpperCase().replace("0X", "0x")), {
    kind: "condition",
    conditionId: CID,
  });
  assert.deepEqual(parseReference("will-btc-hit-100k"), {
    kind: "slug",
    slug: "will-btc-hit-100k",
  });
  assert.deepEqual(parseReference("https://polymarket.com/event/fed-decision?tid=1"), {
    kind: "slug",
    slug: "fed-decision",
    marketSlug: undefined,
  });
  assert.deepEqual(parseReference("polymarket.com/fr/event/fed-decision/fed-cuts-50"), {
    kind: "slug",
    slug: "fed-decision",
    marketSlug: "fed-cuts-50",
  });
  assert.deepEqual(parseReference("https://www.polymarket.com/market/fed-cuts-50"), {
    kind: "slug",
    slug: "fed-cuts-50",
  });
  assert.throws(
    () => parseReference("https://kalshi.com/markets/fed"),
    (e: Error) => e instanceof AnalyzeError && /kalshi\.com is not Polymarket/.test(e.message),
  );
  assert.throws(
    () => parseReference("https://polymarket.com/leaderboard"),
    /not a Polymarket market URL/,
  );
  assert.throws(() => parseReference("what is this?"), AnalyzeError);
});

Deno.test("marchetype suggestion: resolution from the wording, information from the underlying", () => {
  const s = (question: string, tags: string[] = [], description = "") =>
    suggestMarchetype({ question, description, tags });
  assert.equal(s("Will Bitcoin close above $100,000 on December 31?").marchetype, "e3");
  assert.equal(s("Will the CEO resign before 2027?").marchetype, "a1");
  assert.equal(s("Will the incumbent win the election?", ["Politics"]).marchetype, "e2");
  assert.equal(s("Will Pump.fun perform an airdrop by December 31, 2026?").marchetype, "a1");
  assert.equal(s("Will BTC hit $150k by June 30?", ["Crypto"]).marchetype, "a3");
  const e = s("Will the Fed cut rates in December?", ["Economy"]);
  assert.equal(e.marchetype, "e2");
  assert.ok(e.evidence.some((l) => /information: medium/.test(l)));
  assert.ok(e.evidence.some((l) => /tags: Economy/.test(l)));
});

Deno.test("metrics: book, volatility in logit units, traders", () => {
  const b = bookMetrics(
    [{ price: 0.48, size: 100 }, { price: 0.45, size: 200 }, { price: 0.4, size: 1000 }],
    [{ price: 0.52, size: 50 }, { price: 0.6, size: 500 }],
    0.01,
  );
  assert.deepEqual([b.bestBid, b.bestAsk, b.mid], [0.48, 0.52, 0.5]);
  assert.equal(b.spreadTicks, 4);
  // within 2¢ of 0.50: 100 @ 0.48 + 50 @ 0.52; within 5¢: + 200 @ 0.45
  assert.ok(Math.abs(b.depthUsdc.within2c - (48 + 26)) < 1e-9);
  assert.ok(Math.abs(b.depthUsdc.within5c - (48 + 26 + 90)) < 1e-9);
  // logit 0 → logit(0.6) over one day: |r| = ln(1.5) per √day
  const v = realizedVolLogit([[0, 0.5], [86_400, 0.6]]);
  assert.ok(Math.abs(v.vol - Math.log(1.5)) < 1e-12);
  assert.ok(Number.isNaN(realizedVolLogit([[0, 0.5]]).vol));
  const t = tradeMetrics([
    { wallet: "0xA", price: 0.5, size: 10, t: 1000 },
    { wallet: "0xa", price: 0.5, size: 10, t: 4600 },
    { wallet: "0xb", price: 0.4, size: 5, t: 8200 },
  ]);
  assert.deepEqual(t, { distinctTraders: 2, trades: { count: 3, spanHours: 2, volumeUsdc: 12 } });
});

Deno.test("status: NO_DATA, LIMITED, MARGINAL, VIABLE — with the reasons printed", () => {
  const m = (over: Partial<MarketMetrics> = {}): MarketMetrics => ({
    bestBid: 0.48,
    bestAsk: 0.52,
    mid: 0.5,
    spread: 0.04,
    spreadTicks: 4,
    depthUsdc: { within2c: 2000, within5c: 5000 },
    levels: { bids: 5, asks: 5 },
    volLogitPerSqrtDay: 0.3,
    historyPoints: 168,
    distinctTraders: 80,
    trades: { count: 500, spanHours: 24, volumeUsdc: 20_000 },
    hoursToResolution: 24 * 30,
    ...over,
  });
  const ok = { closed: false, acceptingOrders: true, bookLive: true };
  assert.equal(marketStatus(m(), ok).status, "VIABLE");
  assert.deepEqual(marketStatus(m(), { ...ok, closed: true }), {
    status: "NO_DATA",
    reasons: ["the market is closed"],
  });
  assert.deepEqual(marketStatus(m(), { ...ok, bookLive: false }).reasons, [
    "the order book is not live yet",
  ]);
  const lim = marketStatus(m({ distinctTraders: 2 }), ok);
  assert.equal(lim.status, "LIMITED");
  assert.match(lim.reasons[0], /2 distinct traders/);
  const mar = marketStatus(m({ spreadTicks: 1 }), ok);
  assert.equal(mar.status, "MARGINAL");
  assert.match(mar.reasons[0], /one tick/);
});

Deno.test("reward estimate: our min-size quotes against the book's, by the venue's scoring", () => {
  const base = {
    bids: [{ price: 0.49, size: 100 }, { price: 0.45, size: 300 }],
    asks: [{ price: 0.51, size: 100 }],
    tick: 0.01,
    minOrderShares: 5,
    dailyPoolUsdc: 100,
    maxSpreadCents: 3,
    minSizeShares: 50,
    takerFeeRate: 0,
    volume24hUsdc: Number.NaN,
    timeFactor: 1,
    slippageBuffer: 0.1,
  };
  const e = rewardEstimate(base)!;
  // at the touch, 1¢ from 0.50: (2/3)²·50 a side against the book's (2/3)²·100 (0.45 is out)
  assert.deepEqual([e.bid, e.ask, e.sizeShares, e.mid], [0.49, 0.51, 50, 0.5]);
  assert.ok(Math.abs(e.share - 1 / 3) < 1e-12);
  assert.ok(Math.abs(e.rewardsPerDay - 100 / 3) < 1e-9);
  assert.ok(Math.abs(e.capitalUsdc - 49) < 1e-9);
  assert.equal(e.rebatesPerDay, 0);
  // q_max = 0.5·B·tf/(1.1·max(p, 1 − p)) = B/1.1 reaches 50 shares at B = 55 USDC
  assert.ok(Math.abs(e.bankrollUsdc - 55) < 1e-9);
  assert.ok(Math.abs(e.perDollarDay - 100 / 3 / 55) < 1e-12);
  // a touch outside the 3¢ band: quote at the band's inner edge, alone there
  const wide = rewardEstimate({
    ...base,
    bids: [{ price: 0.40, size: 100 }],
    asks: [{ price: 0.60, size: 100 }],
  })!;
  assert.deepEqual([wide.bid, wide.ask], [0.48, 0.52]);
  assert.equal(wide.share, 1);
  // fees: 20 % of a day's taker fees (volume·rate·(1 − p)) by our part of the touch
  const fees = rewardEstimate({ ...base, takerFeeRate: 0.02, volume24hUsdc: 10_000 })!;
  assert.ok(Math.abs(fees.rebatesPerDay - 0.2 * 10_000 * 0.02 * 0.5 * 100 / (100 + 200)) < 1e-9);
  // the last 12 h of a 60-day market: tf = √(0.5/60); the bankroll that rests 50 shares
  // grows by 1/tf, the yield per dollar of it falls by as much
  const late = rewardEstimate({ ...base, timeFactor: Math.sqrt(0.5 / 60) })!;
  assert.ok(Math.abs(late.bankrollUsdc - 55 / Math.sqrt(0.5 / 60)) < 1e-9);
  assert.equal(late.rewardsPerDay, e.rewardsPerDay);
  assert.ok(Math.abs(late.perDollarDay - e.perDollarDay * Math.sqrt(0.5 / 60)) < 1e-12);
  // a dear side (p = 0.80): the larger of p and 1 − p sizes q_max
  const dear = rewardEstimate({
    ...base,
    bids: [{ price: 0.79, size: 100 }],
    asks: [{ price: 0.81, size: 100 }],
  })!;
  assert.ok(Math.abs(dear.bankrollUsdc - 2 * 50 * 1.1 * 0.8) < 1e-9);
  // resolved (tf 0): no bankroll rests anything, and it yields nothing
  const over = rewardEstimate({ ...base, timeFactor: 0 })!;
  assert.equal(over.bankrollUsdc, Infinity);
  assert.equal(over.perDollarDay, 0);
  // no time decay, no buffer: 2·50·0.5 = 50 USDC, just above the 49 the orders hold
  const cheap = rewardEstimate({ ...base, slippageBuffer: 0 })!;
  assert.ok(Math.abs(cheap.bankrollUsdc - 50) < 1e-9);
  assert.ok(cheap.bankrollUsdc >= cheap.capitalUsdc);
  // no program, no book: nothing to estimate
  assert.equal(rewardEstimate({ ...base, dailyPoolUsdc: 0 }), null);
  assert.equal(rewardEstimate({ ...base, maxSpreadCents: Number.NaN }), null);
  assert.equal(rewardEstimate({ ...base, asks: [] }), null);
});
