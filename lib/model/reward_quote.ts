/**
 * Quoting for liquidity rewards (docs/model.md §10): how far inside the
 * model's own prices to move the innermost quotes so that they earn a
 * share of the market's reward pool, when the reward is worth the edge it
 * gives up.
 *
 * Per side, the model's half-spread δ* is the optimum of the exponential
 * fill model `Λ(δ) = A·e^(−κδ)` against a required edge φ: `f(δ) = Λ(δ)(δ − φ)`
 * peaks at `δ* = φ + 1/κ`, so `φ = δ* − 1/κ`. Quoting at δ < δ* loses
 *
 *   L(δ) = A·z·p(1−p)·[e^(−κδ*)/κ − e^(−κδ)·(δ − φ) + (e^(−κδ) − e^(−κδ*))·Â]
 *
 * USDC/s, ≥ 0 (z the order's size, shares; p(1−p) turns logit into price;
 * Â the side's measured adverse selection per fill: the extra fills of a
 * tighter quote are charged it on top of the spread given up). The reward
 * of a pair of innermost prices is our share of the pool against the other
 * makers, who are scored as one:
 *
 *   R = pool/86 400 · Q/(Q + Q_others),  Q = Q_min(S_b·z, S_a·z)      USDC/s
 *
 * and the pair chosen maximises `R − L_bid − L_ask` over the model's prices
 * and up to `max_improve` ticks inside each, never crossing the book nor
 * each other. Both sides are chosen together: with c = 3 a lone side earns
 * a third, so a second side inside the band may be worth more than the first.
 *
 * @module
 */

import { logit, sigmoid } from "./logit.ts";
import { priceScore, type RewardRules, sampleScore } from "./rewards.ts";

/** What the rewards mode reads of the market (docs/model.md §10). */
export interface RewardInputs {
  /** The market's reward program. */
  rules: RewardRules;
  /** The size-cutoff-adjusted YES midpoint, pips. */
  midPips: number;
  /** The other makers' Q_one (their YES bids in the band, Σ S·size), shares. */
  othersQOne: number;
  /** The other makers' Q_two (their YES asks in the band), shares. */
  othersQTwo: number;
  /** Prints reaching the bid side (takers selling YES), per second. */
  printRateBid: number;
  /** Prints reaching the ask side (takers buying YES), per second. */
  printRateAsk: number;
  /** Our own recent fills on the bid side, shares per second. */
  fillRateBid: number;
  /** Our own recent fills on the ask side, shares per second. */
  fillRateAsk: number;
}

/** One side of the choice, in its own frame (YES for the bid, NO for the ask). */
export interface RewardSide {
  /** The model's innermost price, frame ticks (< 1: the side is not quoted). */
  ticks: number;
  /** Highest price post-only allows, frame ticks. */
  maxTicks: number;
  /** The model's half-spread δ* before the grid, logit units. */
  half: number;
  /** κ of the side, 1/logit. */
  kappa: number;
  /** Prints reaching the side, per second. */
  printRate: number;
  /** Our own recent fills on the side, shares per second. */
  fillRate: number;
  /** Adverse selection of the side's fills, Â ≥ 0, logit units: what each extra fill costs besides. */
  adverse: number;
  /** The side can rest the min incentive size (false: it stays at the model's price, scoring nothing). */
  eligible: boolean;
}

/**
 * Reward of a pair of YES prices (0: that side not quoted) resting `z` shares
 * each, USDC/s: our share of the pool against the other makers scored as one.
 */
function rewardRate(rew: RewardInputs, bidYesPips: number, askYesPips: number, z: number): number {
  const r = rew.rules;
  const mid = rew.midPips;
  const sb = bidYesPips > 0 ? priceScore(r, mid, true, bidYesPips) : 0;
  const sa = askYesPips > 0 ? priceScore(r, mid, false, askYesPips) : 0;
  const q = sampleScore(sb * z, sa * z, mid, r.scale);
  if (!(q > 0)) return 0;
  const others = sampleScore(rew.othersQOne, rew.othersQTwo, mid, r.scale);
  return r.dailyPoolUsdc / 86_400 * q / (q + others);
}

/**
 * The edge a side gives up by quoting `delta` from the reservation price
 * instead of the model's `half`, USDC/s (0 at the model's price).
 */
export function edgeGivenUp(
  delta: number,
  half: number,
  kappa: number,
  arrivals: number,
  pq: number,
  adverse: number,
): number {
  const phi = half - 1 / kappa;
  const atHalf = Math.exp(-kappa * half);
  const here = Math.exp(-kappa * delta);
  // the GLFT objective's loss, plus the adverse move of each extra fill: the
  // fills a tighter quote adds are the informed ones at least as often
  const extra = here > atHalf ? (here - atHalf) * adverse : 0;
  const l = arrivals * pq * (atHalf / kappa - here * (delta - phi) + extra);
  return l > 0 ? l : 0;
}

/**
 * The innermost prices that maximise reward minus edge given up (written
 * to `out` as `[bid frame ticks, ask frame ticks]`); the model's own prices
 * when nothing inside them pays. `r` is the reservation price (logit),
 * `n` the grid's ticks per unit, `z` the size each side would rest
 * (shares), `maxImprove` the most ticks a side may move inside.
 *
 * @example
 * ```ts
 * import { rewardTicks } from "./reward_quote.ts";
 * const rules = { maxSpreadCents: 3, minSizeMicro: 20e6, dailyPoolUsdc: 5_000, multiplier: 1, scale: 3 };
 * const rew = {
 *   rules,
 *   midPips: 5_000,
 *   othersQOne: 50,
 *   othersQTwo: 50,
 *   printRateBid: 0.01,
 *   printRateAsk: 0.01,
 *   fillRateBid: 0,
 *   fillRateAsk: 0,
 * };
 * // the model quotes 0.47 / 0.53, outside the 3¢ band: a rich pool pulls both in
 * const side = (t: number) => ({
 *   ticks: t,
 *   maxTicks: 49,
 *   half: 0.12,
 *   kappa: 20,
 *   printRate: 0.01,
 *   fillRate: 0,
 *   adverse: 0,
 *   eligible: true,
 * });
 * const out: [number, number] = [0, 0];
 * rewardTicks(rew, side(47), side(47), 0, 100, 20, 2, out);
 * // out: [49, 49]
 * ```
 */
export function rewardTicks(
  rew: RewardInputs,
  bid: RewardSide,
  ask: RewardSide,
  r: number,
  n: number,
  z: number,
  maxImprove: number,
  out: [number, number],
): void {
  out[0] = bid.ticks;
  out[1] = ask.ticks;
  const pips = 10_000 / n;
  const p = sigmoid(r);
  const pq = p * (1 - p);
  let best = -Infinity;
  const nb = bid.ticks >= 1 && bid.eligible ? maxImprove : 0;
  const na = ask.ticks >= 1 && ask.eligible ? maxImprove : 0;
  // the loss of each move is counted from the model's own (snapped) price:
  // a move earns nothing by itself, even toward the unsnapped δ*
  const lb0 = bid.ticks >= 1 ? sideLoss(bid, r - logit(bid.ticks / n), z, pq) : 0;
  const la0 = ask.ticks >= 1 ? sideLoss(ask, logit(1 - ask.ticks / n) - r, z, pq) : 0;
  for (let i = 0; i <= nb; i++) {
    const tb = bid.ticks + i;
    if (bid.ticks >= 1 && tb > bid.maxTicks && i > 0) break;
    const lb = i > 0 ? positive(sideLoss(bid, r - logit(tb / n), z, pq) - lb0) : 0;
    for (let j = 0; j <= na; j++) {
      const ta = ask.ticks + j;
      if (ask.ticks >= 1 && ta > ask.maxTicks && j > 0) break;
      // our own bid and ask never meet
      if (bid.ticks >= 1 && ask.ticks >= 1 && tb + ta >= n && (i > 0 || j > 0)) break;
      const la = j > 0 ? positive(sideLoss(ask, logit(1 - ta / n) - r, z, pq) - la0) : 0;
      const reward = rewardRate(
        rew,
        bid.ticks >= 1 && bid.eligible ? tb * pips : 0,
        ask.ticks >= 1 && ask.eligible ? (n - ta) * pips : 0,
        z,
      );
      const v = reward - lb - la;
      // ties keep the smaller move (the model's own price first)
      if (v > best + 1e-15) {
        best = v;
        out[0] = bid.ticks >= 1 ? tb : bid.ticks;
        out[1] = ask.ticks >= 1 ? ta : ask.ticks;
      }
    }
  }
}

function positive(v: number): number {
  return v > 0 ? v : 0;
}

function sideLoss(s: RewardSide, delta: number, z: number, pq: number): number {
  // A·z, the shares the exponential model fills at δ = 0: the prints reaching
  // the side, each taking the whole order, or what our own fills at about
  // the model's price say, whichever is more
  const fromPrints = s.printRate * z;
  const fromFills = s.fillRate * Math.exp(s.kappa * s.half);
  return edgeGivenUp(
    delta,
    s.half,
    s.kappa,
    fromPrints > fromFills ? fromPrints : fromFills,
    pq,
    s.adverse,
  );
}
