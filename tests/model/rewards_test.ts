import assert from "node:assert/strict";
import {
  adjustedMidPips,
  orderScore,
  type RewardRules,
  RewardTally,
  sampleRewardUsdc,
  sampleScore,
  sampleShare,
  scoredOrder,
  sideScores,
} from "../../lib/model/mod.ts";
import { close } from "./_fixtures.ts";

// Polymarket's liquidity-rewards rules in the docs' notation: v = 3¢, min size
// 20 shares, b = 1, c = 3; a pool of 1440 USDC/day pays 1 USDC a minute
const RULES: RewardRules = {
  maxSpreadCents: 3,
  minSizeMicro: 20e6,
  dailyPoolUsdc: 1_440,
  multiplier: 1,
  scale: 3,
};

// The worked example around an adjusted midpoint of 0.50: a maker's book on
// both tokens, scored in YES terms (a NO ask is a YES bid, a NO bid a YES ask)
const EXAMPLE = [
  scoredOrder("YES", "BUY", 4_900, 100e6), // s = 1¢: (2/3)²·100 = 44.44
  scoredOrder("YES", "BUY", 4_800, 200e6), // s = 2¢: (1/3)²·200 = 22.22
  scoredOrder("NO", "SELL", 5_100, 100e6), // = YES bid 0.49, s = 1¢: 44.44
  scoredOrder("YES", "SELL", 5_100, 100e6), // YES ask, s = 1¢: 44.44
  scoredOrder("NO", "BUY", 4_850, 100e6), // = YES ask 0.515, s = 1.5¢: (1/2)²·100 = 25
];

Deno.test({
  name: "S(v, s) = ((v − s)/v)²·b: 1 at the midpoint, 0 at and past the band, scaled by b",
  permissions: "none",
  fn() {
    close(orderScore(3, 0, 1), 1);
    close(orderScore(3, 1, 1), 4 / 9);
    close(orderScore(3, 1.5, 1), 1 / 4);
    close(orderScore(3, 2, 1), 1 / 9);
    assert.equal(orderScore(3, 3, 1), 0);
    assert.equal(orderScore(3, 3.5, 1), 0);
    close(orderScore(3, 1, 2), 8 / 9);
    // a price on the far side of the adjusted midpoint counts as at it
    close(orderScore(3, -0.5, 1), 1);
    // no band, no score
    assert.equal(orderScore(0, 0, 1), 0);
  },
});

Deno.test({
  name: "the worked example: Q_one = 111.1 (YES bids and NO asks), Q_two = 69.4, Q_min = 69.4",
  permissions: "none",
  fn() {
    const q = sideScores(EXAMPLE, 5_000, RULES);
    close(q.qOne, 400 / 9 + 200 / 9 + 400 / 9);
    close(q.qTwo, 400 / 9 + 25);
    // both sides inside [0.10, 0.90]: the smaller side, since it beats a third of the larger
    close(sampleScore(q.qOne, q.qTwo, 5_000, RULES.scale), 400 / 9 + 25);
    // a competitor with twice our score: we take a third of each minute's pool
    const ours = sampleScore(q.qOne, q.qTwo, 5_000, 3);
    close(sampleShare(ours, 2 * ours), 1 / 3);
    close(sampleRewardUsdc(1 / 3, RULES.dailyPoolUsdc), 1 / 3);
  },
});

Deno.test({
  name:
    "single-sided inside [0.10, 0.90] scores a c-th; outside it, nothing; the bounds are inside",
  permissions: "none",
  fn() {
    const bids = EXAMPLE.filter((o) => o.yesBid);
    const q = sideScores(bids, 5_000, RULES);
    assert.equal(q.qTwo, 0);
    close(sampleScore(q.qOne, q.qTwo, 5_000, 3), q.qOne / 3);
    close(sampleScore(q.qOne, 0, 1_000, 3), q.qOne / 3);
    close(sampleScore(q.qOne, 0, 9_000, 3), q.qOne / 3);
    assert.equal(sampleScore(q.qOne, 0, 999, 3), 0);
    assert.equal(sampleScore(q.qOne, 0, 9_001, 3), 0);
    // two-sided outside the band: the smaller side, with no c-th of the larger
    assert.equal(sampleScore(90, 10, 500, 3), 10);
    // inside, a lopsided book: a third of the larger side beats the smaller
    assert.equal(sampleScore(90, 10, 5_000, 3), 30);
  },
});

Deno.test({
  name: "orders below the min size or at the band's edge score nothing; the size scales the score",
  permissions: "none",
  fn() {
    const small = sideScores([scoredOrder("YES", "BUY", 4_900, 19_999_999)], 5_000, RULES);
    assert.equal(small.qOne, 0);
    const atMin = sideScores([scoredOrder("YES", "BUY", 4_900, 20e6)], 5_000, RULES);
    close(atMin.qOne, 20 * 4 / 9);
    const edge = sideScores([scoredOrder("YES", "BUY", 4_700, 100e6)], 5_000, RULES);
    assert.equal(edge.qOne, 0);
    // no two-sided book, no midpoint, no score
    const none = sideScores(EXAMPLE, Number.NaN, RULES);
    assert.deepEqual(none, { qOne: 0, qTwo: 0 });
  },
});

Deno.test({
  name: "the adjusted midpoint skips depth under the min size at the touch",
  permissions: "none",
  fn() {
    // plain touch 0.49/0.51; the 5 shares at 0.49 are under the 20-share cutoff
    const bids: [number, number][] = [[4_900, 5e6], [4_800, 15e6], [4_700, 100e6]];
    const asks: [number, number][] = [[5_100, 30e6]];
    // bids reach 20 shares at 0.48: mid (0.48 + 0.51)/2
    assert.equal(adjustedMidPips(bids, asks, 20e6), 4_950);
    // a 1-share cutoff is the plain mid
    assert.equal(adjustedMidPips(bids, asks, 1e6), 5_000);
    // a side that never reaches the cutoff uses its deepest price
    assert.equal(adjustedMidPips(bids, asks, 200e6), (4_700 + 5_100) / 2);
    assert.ok(Number.isNaN(adjustedMidPips([], asks, 20e6)));
  },
});

Deno.test({
  name:
    "the day's tally: earned per sample, scored samples counted, a day under 1 USDC is not paid",
  permissions: "none",
  fn() {
    const day = 86_400_000;
    const t = new RewardTally();
    t.sample(day - 120_000, 0.25, 1_440); // 0.25 USDC
    t.sample(day - 60_000, 0, 1_440);
    t.sample(day, 1, 1_440); // a new UTC day: yesterday's 0.25 is under the minimum
    t.sample(day + 60_000, 1, 1_440);
    assert.equal(t.samples, 4);
    assert.equal(t.scored, 3);
    close(t.earnedUsdc, 2.25);
    assert.equal(t.paidUsdc, 0);
    close(t.todayUsdc, 2);
    close(t.earnedOn(0), 0.25);
    close(t.earnedOn(1), 2);
    t.closeDay();
    close(t.paidUsdc, 2);
    assert.equal(t.todayUsdc, 0);
    // each day's rewards stay readable (the venue's earnings by date)
    close(t.earnedOn(0), 0.25);
    close(t.earnedOn(1), 2);
    assert.equal(t.earnedOn(2), 0);
  },
});
