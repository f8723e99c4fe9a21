import assert from "node:assert/strict";
import {
  decideQuotes,
  edgeGivenUp,
  MICRO,
  QuoteDecision,
  type RewardInputs,
  type RewardSide,
  rewardTicks,
} from "../../lib/model/mod.ts";
import { close, inputs, params } from "./_fixtures.ts";

const RULES = {
  maxSpreadCents: 3,
  minSizeMicro: 20e6,
  dailyPoolUsdc: 5_000,
  multiplier: 1,
  scale: 3,
};

function rew(over: Partial<RewardInputs> = {}): RewardInputs {
  return {
    rules: RULES,
    midPips: 5_000,
    othersQOne: 50,
    othersQTwo: 50,
    printRateBid: 0.01,
    printRateAsk: 0.01,
    fillRateBid: 0,
    fillRateAsk: 0,
    ...over,
  };
}

function side(ticks: number, over: Partial<RewardSide> = {}): RewardSide {
  return {
    ticks,
    maxTicks: 49,
    half: 0.12,
    kappa: 20,
    printRate: 0.01,
    fillRate: 0,
    adverse: 0,
    eligible: true,
    ...over,
  };
}

Deno.test({
  name:
    "the edge given up: 0 at the model's half-spread, by hand inside it, more with adverse fills",
  permissions: "none",
  fn() {
    assert.equal(edgeGivenUp(0.12, 0.12, 20, 0.2, 0.25, 0), 0);
    // φ = 0.12 − 1/20 = 0.07; A·z·p(1−p)·[e^(−2.4)/20 − e^(−0.8)·(0.04 − 0.07)]
    const l = 0.2 * 0.25 * (Math.exp(-2.4) / 20 + Math.exp(-0.8) * 0.03);
    close(edgeGivenUp(0.04, 0.12, 20, 0.2, 0.25, 0), l, 1e-12);
    // each extra fill of the tighter quote also pays the side's adverse move
    const extra = 0.2 * 0.25 * (Math.exp(-0.8) - Math.exp(-2.4)) * 0.05;
    close(edgeGivenUp(0.04, 0.12, 20, 0.2, 0.25, 0.05), l + extra, 1e-12);
    // the model's half-spread is the optimum: wider loses too
    assert.ok(edgeGivenUp(0.2, 0.12, 20, 0.2, 0.25, 0.05) > 0);
  },
});

Deno.test({
  name: "reward prices: a rich pool pulls both quotes into the band, a poor one leaves the model's",
  permissions: "none",
  fn() {
    const out: [number, number] = [0, 0];
    // the model's 0.47 / 0.53 sit on the 3¢ band's edge: they score nothing
    rewardTicks(rew(), side(47), side(47), 0, 100, 20, 2, out);
    assert.deepEqual(out, [49, 49]);
    rewardTicks(
      rew({ rules: { ...RULES, dailyPoolUsdc: 5 } }),
      side(47),
      side(47),
      0,
      100,
      20,
      2,
      out,
    );
    assert.deepEqual(out, [47, 47]);
    // no move allowed: the model's prices
    rewardTicks(rew(), side(47), side(47), 0, 100, 20, 0, out);
    assert.deepEqual(out, [47, 47]);
    // post-only holds the bid at 48, where 2¢ from the mid scores too little to pay: the ask goes alone
    rewardTicks(rew(), side(47, { maxTicks: 48 }), side(47), 0, 100, 20, 2, out);
    assert.deepEqual(out, [47, 49]);
  },
});

Deno.test({
  name:
    "reward prices: a side that cannot rest the min size or is not quoted stays; the other may go alone",
  permissions: "none",
  fn() {
    const out: [number, number] = [0, 0];
    rewardTicks(rew(), side(47), side(47, { eligible: false }), 0, 100, 20, 2, out);
    assert.deepEqual(out, [49, 47]);
    rewardTicks(rew(), side(47), side(0), 0, 100, 20, 2, out);
    assert.deepEqual(out, [49, 0]);
    // outside [0.10, 0.90] one side alone scores nothing: it is not worth a move
    rewardTicks(rew({ midPips: 500 }), side(3, { maxTicks: 4 }), side(0), -3, 100, 20, 2, out);
    assert.deepEqual(out, [3, 0]);
  },
});

Deno.test({
  name: "a fast own fill rate makes the move cost more than the pool pays",
  permissions: "none",
  fn() {
    const out: [number, number] = [0, 0];
    const busy = side(47, { fillRate: 5 });
    rewardTicks(rew({ rules: { ...RULES, dailyPoolUsdc: 500 } }), busy, busy, 0, 100, 20, 2, out);
    assert.deepEqual(out, [47, 47]);
  },
});

Deno.test({
  name: "the rewards mode rests the min incentive size inside the band, never past q_max",
  permissions: "none",
  fn() {
    const inp = inputs({
      rewards: rew({
        rules: { ...RULES, maxSpreadCents: 10, minSizeMicro: 60 * MICRO, dailyPoolUsdc: 500 },
      }),
    });
    const off = decideQuotes(
      inp,
      params({ ladderMaxLevels: 1, ladderLevelFraction: 0.02 }),
      new QuoteDecision(3),
    );
    const on = decideQuotes(
      inp,
      params({ ladderMaxLevels: 1, ladderLevelFraction: 0.02, rewardsOn: true }),
      new QuoteDecision(3),
    );
    const size = (d: QuoteDecision) => d.toRecord().orders.map((o) => o.sizeMicro / MICRO);
    // the model's small size and prices inside the 10¢ band
    assert.ok(off.bidTicks > 40 && off.askTicks < 60, `${off.bidTicks}/${off.askTicks}`);
    assert.ok(size(off).every((s) => s < 60), String(size(off)));
    assert.deepEqual(size(on), [60, 60]);
    assert.equal(on.bidTicks, off.bidTicks);
    // a min size past the capacity: the side stays at the model's size
    const huge = inputs({
      rewards: rew({
        rules: { ...RULES, maxSpreadCents: 10, minSizeMicro: 1e6 * MICRO, dailyPoolUsdc: 500 },
      }),
    });
    const capped = decideQuotes(
      huge,
      params({ ladderMaxLevels: 1, ladderLevelFraction: 0.02, rewardsOn: true }),
      new QuoteDecision(3),
    );
    assert.deepEqual(size(capped), size(off));
  },
});
