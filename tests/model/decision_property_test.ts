/**
 * Property tests for every invariant of pm4-model.md §9, over random markets,
 * inventories (including the odd sizes partial fills leave), cash, times and
 * parameters within the config's ranges.
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import {
  decideQuotes,
  gridFromPips,
  MICRO,
  PRICE_E8,
  QUOTE_ASK,
  QUOTE_BID,
  QuoteDecision,
  type QuoteInputs,
  type QuoteParams,
  SIDE_BUY,
  TICK_SIZES_PIPS,
  tickInLogit,
  TOKEN_NO,
  TOKEN_YES,
} from "../../lib/model/mod.ts";
import { DAY, T0 } from "./_fixtures.ts";
import { fillEffect, orders, sellTotals } from "./_ladder.ts";

const RUNS = { numRuns: Number(Deno.env.get("PM4_PROPERTY_RUNS") ?? 1000) };
const MAX_LEVELS = 5;

const paramsArb: fc.Arbitrary<QuoteParams> = fc.record({
  startMs: fc.constant(T0),
  resolveMs: fc.constant(T0 + 30 * DAY),
  etaTime: fc.double({ min: 0.25, max: 0.75, noNaN: true }),
  stopNewRiskBeforeMs: fc.constant(3_600_000),
  cancelAllBeforeMs: fc.constant(300_000),
  bankrollUsdc: fc.double({ min: 1, max: 100_000, noNaN: true }),
  nPlays: fc.integer({ min: 1, max: 10 }),
  slippageBuffer: fc.double({ min: 0, max: 1, noNaN: true }),
  cashReserveUsdc: fc.double({ min: 0, max: 100, noNaN: true }),
  gammaA: fc.double({ min: 0.1, max: 5, noNaN: true }),
  gammaMax: fc.double({ min: 1, max: 100, noNaN: true }),
  lambdaMin: fc.double({ min: 0.5, max: 2, noNaN: true }),
  lambdaMax: fc.double({ min: 2, max: 10, noNaN: true }),
  betaP: fc.double({ min: 0, max: 5, noNaN: true }),
  alphaU: fc.double({ min: 0, max: 5, noNaN: true }),
  uRef: fc.double({ min: 1, max: 1000, noNaN: true }),
  aFloor: fc.double({ min: 0, max: 1, noNaN: true }),
  wA: fc.double({ min: 0.01, max: 10, noNaN: true }),
  wL: fc.double({ min: 0, max: 10, noNaN: true }),
  sigmaMax: fc.double({ min: 1, max: 10, noNaN: true }),
  cSkew: fc.double({ min: 0, max: 5, noNaN: true }),
  deltaMax: fc.double({ min: 0, max: 5, noNaN: true }),
  cRisk: fc.double({ min: 0.001, max: 5, noNaN: true }),
  cAdverse: fc.double({ min: 0, max: 10, noNaN: true }),
  cFlow: fc.double({ min: 0, max: 10, noNaN: true }),
  flowMaxTicks: fc.double({ min: 0, max: 10, noNaN: true }),
  minHalfSpreadTicks: fc.integer({ min: 1, max: 5 }),
  maxHalfSpreadLogit: fc.double({ min: 0.01, max: 5, noNaN: true }),
  ladderMaxLevels: fc.integer({ min: 1, max: MAX_LEVELS }),
  ladderStepMult: fc.double({ min: 0, max: 5, noNaN: true }),
  ladderMinStepLogit: fc.double({ min: 0, max: 2, noNaN: true }),
  ladderLevelFraction: fc.double({ min: 0.01, max: 1, noNaN: true }),
  ladderDecay: fc.double({ min: 0.01, max: 1, noNaN: true }),
  ladderLevelMaxQmax: fc.double({ min: 0.01, max: 1, noNaN: true }),
  maxOrderNotionalSideUsdc: fc.double({ min: 1, max: 100_000, noNaN: true }),
  rewardsOn: fc.boolean(),
  rewardsMaxImproveTicks: fc.integer({ min: 0, max: 4 }),
});

interface Case {
  prm: QuoteParams;
  inp: QuoteInputs;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  prm: paramsArb,
  tickPips: fc.constantFrom(...TICK_SIZES_PIPS),
  bidFrac: fc.double({ min: 0, max: 1, noNaN: true }),
  spreadFrac: fc.double({ min: 0, max: 0.3, noNaN: true }),
  refFrac: fc.double({ min: 0, max: 1, noNaN: true }),
  // odd micro-share counts, as partial fills leave them
  yesMicro: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5_000 * MICRO })),
  noMicro: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5_000 * MICRO })),
  cashMicro: fc.integer({ min: 0, max: 20_000 * MICRO }),
  minOrderMicro: fc.integer({ min: 1, max: 20 * MICRO }),
  sigma: fc.double({ min: 0.5, max: 12, noNaN: true }),
  riskVar: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2, noNaN: true })),
  kappaBid: fc.double({ min: 0.01, max: 200, noNaN: true }),
  kappaAsk: fc.double({ min: 0.01, max: 200, noNaN: true }),
  crowdU: fc.double({ min: 0, max: 5000, noNaN: true }),
  adverseBid: fc.double({ min: -1, max: 2, noNaN: true }),
  adverseAsk: fc.double({ min: -1, max: 2, noNaN: true }),
  flow: fc.double({ min: -1.5, max: 1.5, noNaN: true }),
  // a reward program (or none): rich pools and big min sizes push hardest on the limits
  rewards: fc.option(
    fc.record({
      pool: fc.double({ min: 0, max: 100_000, noNaN: true }),
      v: fc.double({ min: 0.5, max: 10, noNaN: true }),
      minShares: fc.double({ min: 0, max: 2_000, noNaN: true }),
      midFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      others: fc.double({ min: 0, max: 5_000, noNaN: true }),
      rate: fc.double({ min: 0, max: 5, noNaN: true }),
    }),
  ),
  // anywhere in the market's life, with extra weight on the last hours (guards)
  tFrac: fc.oneof(
    fc.double({ min: -0.1, max: 1.1, noNaN: true }),
    fc.double({ min: 1 - 4 / 720, max: 1, noNaN: true }),
  ),
}).map((r) => {
  const grid = gridFromPips(r.tickPips);
  const n = grid.ticksPerUnit;
  const bid = 1 + Math.floor(r.bidFrac * (n - 3));
  const ask = Math.min(n - 1, bid + 1 + Math.floor(r.spreadFrac * n));
  // a reference between the best bid and ask (mid or microprice), as 1e-8
  const lo = (bid / n) * PRICE_E8;
  const hi = (ask / n) * PRICE_E8;
  const pRefE8 = Math.min(PRICE_E8 - 1, Math.max(1, Math.round(lo + r.refFrac * (hi - lo))));
  const span = r.prm.resolveMs - r.prm.startMs;
  return {
    prm: r.prm,
    inp: {
      tMs: Math.round(r.prm.startMs + r.tFrac * span),
      grid,
      pRefE8,
      bestBidTicks: bid,
      bestAskTicks: ask,
      minOrderMicro: r.minOrderMicro,
      yesMicro: r.yesMicro,
      noMicro: r.noMicro,
      cashMicro: r.cashMicro,
      sigma: r.sigma,
      riskVar: r.riskVar,
      kappaBid: r.kappaBid,
      kappaAsk: r.kappaAsk,
      crowdU: r.crowdU,
      adverseBid: r.adverseBid,
      adverseAsk: r.adverseAsk,
      flow: r.flow,
      tradesPerMin: 6,
      rewards: r.rewards === null ? null : {
        rules: {
          dailyPoolUsdc: r.rewards.pool,
          maxSpreadCents: r.rewards.v,
          minSizeMicro: Math.round(r.rewards.minShares * MICRO),
          multiplier: 1,
          scale: 3,
        },
        midPips: (lo + r.rewards.midFrac * (hi - lo)) / 1e4,
        othersQOne: r.rewards.others,
        othersQTwo: r.rewards.others / 2,
        printRateBid: r.rewards.rate,
        printRateAsk: r.rewards.rate / 3,
        fillRateBid: r.rewards.rate * 10,
        fillRateAsk: 0,
      },
    },
  };
});

const out = new QuoteDecision(MAX_LEVELS);

Deno.test({
  name: "prices are on the grid, inside [tick, 1 − tick], bids below asks, never crossing the book",
  permissions: "none",
  fn() {
    fc.assert(
      fc.property(caseArb, ({ prm, inp }) => {
        const d = decideQuotes(inp, prm, out);
        const n = inp.grid.ticksPerUnit;
        let maxBid = 0, minAsk = n;
        for (const o of orders(d, n)) {
          assert.ok(Number.isInteger(o.priceTicks), "integer ticks");
          assert.ok(
            o.priceTicks >= 1 && o.priceTicks <= n - 1,
            `price ${o.priceTicks} off [1, ${n - 1}]`,
          );
          if (o.quote === "bid") {
            assert.ok(o.yesTicks <= inp.bestAskTicks - 1, "bid crosses the best ask");
            maxBid = Math.max(maxBid, o.yesTicks);
          } else {
            assert.ok(o.yesTicks >= inp.bestBidTicks + 1, "ask crosses the best bid");
            minAsk = Math.min(minAsk, o.yesTicks);
          }
        }
        assert.ok(maxBid < minAsk, `bid ${maxBid} ≥ ask ${minAsk}`);
        if (d.bidTicks > 0 && d.askTicks > 0) assert.ok(d.bidTicks < d.askTicks);
      }),
      RUNS,
    );
  },
});

Deno.test({
  name: "σ, λ, γ and δ stay in their ranges and the skew opposes q",
  permissions: "none",
  fn() {
    fc.assert(
      fc.property(caseArb, ({ prm, inp }) => {
        const d = decideQuotes(inp, prm, out);
        if (d.reason !== null && d.reason !== "halted") return;
        assert.ok(d.sigma >= 1 && d.sigma <= prm.sigmaMax, `σ ${d.sigma}`);
        assert.ok(
          d.lambda >= prm.lambdaMin - 1e-12 && d.lambda <= prm.lambdaMax + 1e-12,
          `λ ${d.lambda}`,
        );
        assert.ok(d.gamma >= 1 && d.gamma <= Math.max(1, prm.gammaMax), `γ ${d.gamma}`);
        if (d.reason === "halted") return;
        assert.ok(Math.abs(d.delta) <= prm.deltaMax, `δ ${d.delta}`);
        assert.ok(d.delta * d.q >= 0, `δ ${d.delta} with q ${d.q}`);
      }),
      RUNS,
    );
  },
});

Deno.test({
  name: "sizes are whole 0.01 shares at or above the exchange minimum",
  permissions: "none",
  fn() {
    fc.assert(
      fc.property(caseArb, ({ prm, inp }) => {
        const d = decideQuotes(inp, prm, out);
        for (const o of orders(d, inp.grid.ticksPerUnit)) {
          assert.equal(o.sizeMicro % 10_000, 0, `size ${o.sizeMicro}`);
          assert.ok(
            o.sizeMicro >= inp.minOrderMicro,
            `size ${o.sizeMicro} < min ${inp.minOrderMicro}`,
          );
        }
      }),
      RUNS,
    );
  },
});

/** Capacity, notional caps, cash floor, exchange cash and holdings for one decision. */
function assertCaps(d: QuoteDecision, prm: QuoteParams, inp: QuoteInputs): void {
  const n = inp.grid.ticksPerUnit;
  const q = (inp.yesMicro - inp.noMicro) / MICRO;
  const cash = inp.cashMicro / MICRO;
  const eps = 1e-6;
  if (d.phase === "halted") {
    assert.equal(d.count, 0, "orders after T − cancel_all_before_s");
    return;
  }
  const bid = fillEffect(d, n, QUOTE_BID);
  const ask = fillEffect(d, n, QUOTE_ASK);
  // capacity toward each side (reducing phase: only flatten)
  const capBid = d.phase === "reducing" ? Math.max(0, -q) : Math.max(0, d.qMax - q);
  const capAsk = d.phase === "reducing" ? Math.max(0, q) : Math.max(0, d.qMax + q);
  assert.ok(bid.dq <= capBid + eps, `bid size ${bid.dq} > capacity ${capBid}`);
  assert.ok(-ask.dq <= capAsk + eps, `ask size ${-ask.dq} > capacity ${capAsk}`);
  // notional caps per side
  assert.ok(bid.sideNotional <= prm.maxOrderNotionalSideUsdc + eps, "bid notional cap");
  assert.ok(ask.sideNotional <= prm.maxOrderNotionalSideUsdc + eps, "ask notional cap");
  // the exchange reserves cash for every buy order on both sides
  assert.ok(
    bid.buyNotional + ask.buyNotional <= Math.max(0, cash - prm.cashReserveUsdc) + eps,
    `buy notional ${bid.buyNotional + ask.buyNotional} > cash ${cash} − reserve`,
  );
  // sells never exceed holdings
  const sells = sellTotals(d);
  assert.ok(sells.yes <= inp.yesMicro && sells.no <= inp.noMicro, "sells more than held");
  // cash floor if a whole side fills, unless that side only flattens
  const pYes = inp.pRefE8 / PRICE_E8;
  const pNo = (PRICE_E8 - inp.pRefE8) / PRICE_E8;
  const slip = 1 + prm.slippageBuffer;
  for (const side of [bid, ask]) {
    if (side.dq === 0) continue;
    const qAfter = q + side.dq;
    const flattenOnly = side.dq > 0 ? qAfter <= eps : qAfter >= -eps;
    if (flattenOnly) continue;
    const floor = Math.abs(qAfter) * (qAfter > 0 ? pNo : pYes) * slip + prm.cashReserveUsdc;
    assert.ok(cash + side.dCash >= floor - eps, `cash ${cash + side.dCash} below floor ${floor}`);
  }
}

Deno.test({
  name: "capacity, notional caps, cash and the cash floor hold for every ladder at every time",
  permissions: "none",
  fn() {
    fc.assert(
      fc.property(caseArb, ({ prm, inp }) => {
        assertCaps(decideQuotes(inp, prm, out), prm, inp);
      }),
      RUNS,
    );
  },
});

Deno.test({
  name: "the caps still hold after partial fills of the ladder",
  permissions: "none",
  fn() {
    fc.assert(
      fc.property(
        caseArb,
        fc.array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 8,
        }),
        ({ prm, inp }, fills) => {
          const state = { ...inp };
          const n = inp.grid.ticksPerUnit;
          for (const [pick, frac] of fills) {
            const d = decideQuotes(state, prm, out);
            assertCaps(d, prm, state);
            if (d.count === 0) return;
            const i = pick % d.count;
            // a partial fill of whole 0.01 shares
            const filled = Math.floor(d.sizeMicro[i] * frac / 10_000) * 10_000;
            const notional = Math.round(filled * d.priceTicks[i] / n);
            const buy = d.side[i] === SIDE_BUY;
            if (d.token[i] === TOKEN_YES) state.yesMicro += buy ? filled : -filled;
            if (d.token[i] === TOKEN_NO) state.noMicro += buy ? filled : -filled;
            state.cashMicro += buy ? -notional : notional;
            state.tMs += 1000;
          }
        },
      ),
      RUNS,
    );
  },
});

Deno.test({
  name: "more inventory never tightens the quote on the side that adds to it",
  permissions: "none",
  fn() {
    fc.assert(
      fc.property(
        caseArb,
        fc.integer({ min: 0, max: 3000 * MICRO }),
        fc.integer({ min: 1, max: 3000 * MICRO }),
        ({ prm, inp }, base, more) => {
          const a = new QuoteDecision(MAX_LEVELS);
          const b = new QuoteDecision(MAX_LEVELS);
          // long YES: the bid adds to it
          decideQuotes({ ...inp, yesMicro: base, noMicro: 0 }, prm, a);
          decideQuotes({ ...inp, yesMicro: base + more, noMicro: 0 }, prm, b);
          if (a.bidTicks > 0 && b.bidTicks > 0) {
            assert.ok(b.bidTicks <= a.bidTicks, `bid ${a.bidTicks} → ${b.bidTicks} with more YES`);
          }
          // long NO (short YES): the ask adds to it
          decideQuotes({ ...inp, yesMicro: 0, noMicro: base }, prm, a);
          decideQuotes({ ...inp, yesMicro: 0, noMicro: base + more }, prm, b);
          if (a.askTicks > 0 && b.askTicks > 0) {
            assert.ok(b.askTicks >= a.askTicks, `ask ${a.askTicks} → ${b.askTicks} with more NO`);
          }
        },
      ),
      RUNS,
    );
  },
});

Deno.test({
  name:
    "more adverse selection on a side never tightens that side; the flow moves both by its capped shift",
  permissions: "none",
  fn() {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 0, max: 1, noNaN: true }), ({ prm, inp }, more) => {
        const a = decideQuotes(inp, prm, new QuoteDecision(MAX_LEVELS));
        const b = decideQuotes(
          { ...inp, adverseBid: Math.max(0, inp.adverseBid) + more },
          prm,
          new QuoteDecision(MAX_LEVELS),
        );
        if (a.reason === null && b.reason === null) {
          assert.ok(b.halfBid >= a.halfBid, `Δ_b ${a.halfBid} → ${b.halfBid}`);
          assert.equal(b.halfAsk, a.halfAsk, "the other side is not touched");
        }
        if (a.reason === null) {
          const cap = prm.flowMaxTicks * tickInLogit(a.p, 1 - a.p, inp.grid);
          assert.ok(Math.abs(a.flowShift) <= cap * (1 + 1e-12), `shift ${a.flowShift} > ${cap}`);
          assert.ok(a.flowShift * a.flow >= 0, "the shift follows the flow's sign");
          assert.ok(Math.abs(a.r - (a.x - a.delta + a.flowShift)) < 1e-9);
        }
      }),
      RUNS,
    );
  },
});

Deno.test({
  name: "mirror symmetry: quoting NO at 1 − p with −q is quoting YES at p with q, swapped",
  permissions: "none",
  fn() {
    fc.assert(
      fc.property(caseArb, ({ prm, inp }) => {
        const n = inp.grid.ticksPerUnit;
        const a = decideQuotes(inp, prm, new QuoteDecision(MAX_LEVELS));
        const b = decideQuotes(
          {
            ...inp,
            pRefE8: PRICE_E8 - inp.pRefE8,
            bestBidTicks: n - inp.bestAskTicks,
            bestAskTicks: n - inp.bestBidTicks,
            yesMicro: inp.noMicro,
            noMicro: inp.yesMicro,
            kappaBid: inp.kappaAsk,
            kappaAsk: inp.kappaBid,
            adverseBid: inp.adverseAsk,
            adverseAsk: inp.adverseBid,
            flow: -inp.flow,
            rewards: inp.rewards && {
              ...inp.rewards,
              midPips: 10_000 - inp.rewards.midPips,
              othersQOne: inp.rewards.othersQTwo,
              othersQTwo: inp.rewards.othersQOne,
              printRateBid: inp.rewards.printRateAsk,
              printRateAsk: inp.rewards.printRateBid,
              fillRateBid: inp.rewards.fillRateAsk,
              fillRateAsk: inp.rewards.fillRateBid,
            },
          },
          prm,
          new QuoteDecision(MAX_LEVELS),
        );
        const key = (o: ReturnType<typeof orders>[number]) =>
          `${o.quote}|${o.token}|${o.side}|${o.priceTicks}|${o.sizeMicro}|${o.level}`;
        const swapped = orders(b, n).map((o) => ({
          ...o,
          token: o.token === "YES" ? "NO" as const : "YES" as const,
          quote: o.quote === "bid" ? "ask" as const : "bid" as const,
        }));
        assert.deepEqual(swapped.map(key).sort(), orders(a, n).map(key).sort());
        assert.ok(b.delta === -a.delta, `δ ${b.delta} vs ${-a.delta}`); // 0 and −0 are the same skew
        assert.equal(b.halfBid, a.halfAsk);
        assert.equal(b.halfAsk, a.halfBid);
        assert.equal(b.lambda, a.lambda);
        assert.equal(b.gamma, a.gamma);
        assert.equal(b.qMax, a.qMax);
      }),
      RUNS,
    );
  },
});
