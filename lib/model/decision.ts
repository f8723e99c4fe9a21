/**
 * One quoting decision (pm4-model.md §0–§6): market state, inventory and
 * calibrated state in, a ladder of post-only orders on integer ticks plus every
 * intermediate metric out.
 *
 * The ask side is computed as the bid side of the NO outcome (price `1 − p`,
 * inventory `−q`) by the very same code, so YES/NO mirror symmetry holds to the
 * bit: quoting NO at `1 − p` with `−q` swaps the two sides exactly.
 *
 * @module
 */

import { capacity, normalizedInventory, sideBudget } from "./capacity.ts";
import { floorLimitCenti, solvencyFear } from "./fear.ts";
import { logOdds, sigmoid } from "./logit.ts";
import type { QuoteParams } from "./params.ts";
import { halfSpread, kappaFloor, skew } from "./spread.ts";
import { ambiguity, crowdWeakness, structuralRisk } from "./structural.ts";
import { type RewardInputs, type RewardSide, rewardTicks } from "./reward_quote.ts";
import { priceScore } from "./rewards.ts";
import { PIPS_PER_UNIT, snapDown, type TickGrid, tickInLogit } from "./tick_grid.ts";
import { timeFactor, type TradingPhase, tradingPhase } from "./time.ts";

/** Outcome token of an order: YES. */
export const TOKEN_YES = 0;
/** Outcome token of an order: NO. */
export const TOKEN_NO = 1;
/** Order side on the exchange: BUY. */
export const SIDE_BUY = 0;
/** Order side on the exchange: SELL. */
export const SIDE_SELL = 1;
/** Economic side of a quote in YES terms: bid (adds YES exposure). */
export const QUOTE_BID = 0;
/** Economic side of a quote in YES terms: ask (adds NO exposure). */
export const QUOTE_ASK = 1;

/** Scale of {@link QuoteInputs.pRefE8}: the reference price is an integer count of 1e-8. */
export const PRICE_E8 = 100_000_000;

/** Micro-units (1e-6) per share or per USDC. */
export const MICRO = 1_000_000;

/** Micro-shares in one exchange size increment (0.01 share). */
export const MICRO_PER_CENTI = 10_000;

/** Why a decision produced no orders at all. */
export type NoQuoteReason = "halted" | "no_reference" | "one_sided_book" | "crossed_book";

/**
 * What bounded the size of one side of the ladder (first binding limit):
 * `none` (full level notionals), `phase` (reducing-only), `level` (one level's
 * share of q_max), `capacity` (q_max),
 * `notional` (max_order_notional_side), `floor` (cash floor), `cash` (cash to
 * back buy orders), `min_size` (levels below the exchange minimum), `price`
 * (no valid tick left on this side).
 */
export type SideLimit =
  | "none"
  | "phase"
  | "level"
  | "capacity"
  | "notional"
  | "floor"
  | "cash"
  | "min_size"
  | "price";

/** Market state, inventory and calibrated state for one decision. */
export interface QuoteInputs {
  /** Decision time, ms since the epoch (injected clock). */
  tMs: number;
  /** Current price grid (changes at run time). */
  grid: TickGrid;
  /**
   * Reference YES price × 1e8 as an integer in (0, 1e8) — mid or microprice.
   * Integer so that `p` and `1 − p` are both exact divisions.
   */
  pRefE8: number;
  /** Best bid of YES, consolidated with the NO book (`max(yesBid, 1 − noAsk)`), in ticks. */
  bestBidTicks: number;
  /** Best ask of YES, consolidated with the NO book (`min(yesAsk, 1 − noBid)`), in ticks. */
  bestAskTicks: number;
  /** Exchange minimum order size, micro-shares. */
  minOrderMicro: number;
  /** YES shares held, micro-shares (free of open sell orders of other markets). */
  yesMicro: number;
  /** NO shares held, micro-shares. */
  noMicro: number;
  /** Free cash to back this ladder, micro-USDC. */
  cashMicro: number;
  /** Toxicity multiplier σ (§5), ≥ 1. */
  sigma: number;
  /** Risk variance V_H: the measured variance of x over the risk horizon, logit² (≥ 0). */
  riskVar: number;
  /** Order-arrival decay on the bid side, 1/logit (§6). */
  kappaBid: number;
  /** Order-arrival decay on the ask side, 1/logit (§6). */
  kappaAsk: number;
  /** Distinct traders in the trailing window, U (§4). */
  crowdU: number;
  /** Adverse selection Â of our bid fills, logit units (≤ 0: none). */
  adverseBid: number;
  /** Adverse selection Â of our ask fills, logit units (≤ 0: none). */
  adverseAsk: number;
  /** Taker flow imbalance F ∈ [−1, 1] in YES terms (+: net buying). */
  flow: number;
  /** Public trades per minute, both sides (the baselines' arrival intensity). */
  tradesPerMin: number;
  /** The market's reward program and book, for the rewards mode (absent: no program). */
  rewards?: RewardInputs | null;
}

/** The plain-object form of a decision, as journaled. */
export interface QuoteRecord {
  /** Decision time, ms since the epoch. */
  tMs: number;
  /** Trading phase (§1). */
  phase: TradingPhase;
  /** Why no orders at all, or null. */
  reason: NoQuoteReason | null;
  /** Time factor tf ∈ [0, 1]. */
  tf: number;
  /** Reference YES price. */
  p: number;
  /** logit(p), logit units. */
  x: number;
  /** Net position YES − NO, shares. */
  q: number;
  /** Capacity q_max, shares. */
  qMax: number;
  /** Normalised inventory q̂ ∈ [−1, 1]. */
  qHat: number;
  /** Solvency fear γ. */
  gamma: number;
  /** Ambiguity A ∈ (0, 1]. */
  ambiguity: number;
  /** Crowd weakness L ∈ (0, 1]. */
  crowdWeakness: number;
  /** Structural risk λ. */
  lambda: number;
  /** Toxicity σ used. */
  sigma: number;
  /** Risk variance V_H used, logit². */
  riskVar: number;
  /** κ on the bid side, 1/logit. */
  kappaBid: number;
  /** κ on the ask side, 1/logit. */
  kappaAsk: number;
  /** Adverse selection of our bid fills used, logit units. */
  adverseBid: number;
  /** Adverse selection of our ask fills used, logit units. */
  adverseAsk: number;
  /** Flow imbalance F used. */
  flow: number;
  /** Shift of the reservation price by the flow, logit units. */
  flowShift: number;
  /** Ticks the rewards mode moved the innermost bid inside the model's price. */
  rewardShiftBid: number;
  /** Ticks the rewards mode moved the innermost ask inside the model's price. */
  rewardShiftAsk: number;
  /** Sides (0–2) the rewards mode quotes to score: inside the band at the min incentive size. */
  rewardSides: number;
  /** Skew δ, logit units. */
  delta: number;
  /** Reservation price r, logit units. */
  r: number;
  /** Bid half-spread Δ_b, logit units. */
  halfBid: number;
  /** Ask half-spread Δ_a, logit units. */
  halfAsk: number;
  /** Innermost bid, YES ticks (0 = none). */
  bidTicks: number;
  /** Innermost ask, YES ticks (0 = none). */
  askTicks: number;
  /** Cash floor F of the position, USDC. */
  floorUsdc: number;
  /** What bounded the bid side. */
  bidLimit: SideLimit;
  /** What bounded the ask side. */
  askLimit: SideLimit;
  /** The ladder, innermost level first. */
  orders: {
    /** Outcome token traded. */
    token: "YES" | "NO";
    /** Exchange side. */
    side: "BUY" | "SELL";
    /** Price of that token, ticks. */
    priceTicks: number;
    /** Size, micro-shares. */
    sizeMicro: number;
    /** Economic side in YES terms. */
    quote: "bid" | "ask";
    /** Ladder level, 0 = innermost. */
    level: number;
  }[];
}

/**
 * The output of {@link decideQuotes}: a ladder of orders in parallel typed
 * arrays (allocated once, reused every decision) and the metrics behind it.
 * Order `i` is `token[i]` `side[i]` at `priceTicks[i]` (the price of that
 * token) for `sizeMicro[i]` micro-shares (a multiple of 0.01 share).
 */
export class QuoteDecision {
  /** Most orders one decision can emit: two sides × levels × (sell part + buy part). */
  readonly maxOrders: number;
  /** {@link TOKEN_YES} or {@link TOKEN_NO} per order. */
  readonly token: Uint8Array;
  /** {@link SIDE_BUY} or {@link SIDE_SELL} per order. */
  readonly side: Uint8Array;
  /** {@link QUOTE_BID} or {@link QUOTE_ASK} per order (economic side in YES terms). */
  readonly quoteSide: Uint8Array;
  /** Ladder level (0 = innermost) per order. */
  readonly level: Uint8Array;
  /** Price of the order's own token, in ticks of the decision's grid. */
  readonly priceTicks: Int32Array;
  /** Size in micro-shares, a multiple of {@link MICRO_PER_CENTI}. */
  readonly sizeMicro: Float64Array;
  /** Number of valid orders. */
  count = 0;

  /** Decision time, ms. */
  tMs = 0;
  /** Trading phase at `tMs`. */
  phase: TradingPhase = "halted";
  /** Why no orders at all, or null. */
  reason: NoQuoteReason | null = null;
  /** Time factor tf ∈ [0, 1]. */
  tf = 0;
  /** Reference YES price p. */
  p = 0;
  /** logit(p), logit units. */
  x = 0;
  /** Net position q = YES − NO, shares. */
  q = 0;
  /** Capacity q_max, shares. */
  qMax = 0;
  /** Normalised inventory q̂ ∈ [−1, 1]. */
  qHat = 0;
  /** Solvency fear γ. */
  gamma = 1;
  /** Ambiguity A = (4p(1−p))^beta_p, floored at A_floor. */
  ambiguity = 1;
  /** Crowd weakness L. */
  crowdWeakness = 1;
  /** Structural risk λ. */
  lambda = 1;
  /** Toxicity σ used (clipped to [1, sigma_max]). */
  sigma = 1;
  /** Risk variance V_H used, logit². */
  riskVar = 0;
  /** κ used on the bid side (after the floor), 1/logit. */
  kappaBid = 0;
  /** κ used on the ask side (after the floor), 1/logit. */
  kappaAsk = 0;
  /** Adverse selection Â of our bid fills used (clipped at 0), logit units. */
  adverseBid = 0;
  /** Adverse selection Â of our ask fills used (clipped at 0), logit units. */
  adverseAsk = 0;
  /** Flow imbalance F used. */
  flow = 0;
  /** Shift of the reservation price by the flow, c_flow·F·Δ̄ capped, logit units. */
  flowShift = 0;
  /** Ticks the rewards mode moved the innermost bid inside the model's price (§10). */
  rewardShiftBid = 0;
  /** Ticks the rewards mode moved the innermost ask inside the model's price (§10). */
  rewardShiftAsk = 0;
  /** Sides (0–2) the rewards mode quotes to score (§10). */
  rewardSides = 0;
  /**
   * The min incentive size of each side the rewards mode quotes to score
   * (`[bid, ask]`, micro-shares; 0: none): a resting innermost order below
   * it earns nothing, so it is not kept below it.
   */
  readonly rewardKeepMicro: [number, number] = [0, 0];
  /** Skew δ, logit units. */
  delta = 0;
  /** Reservation price r = x − δ, logit units. */
  r = 0;
  /** Bid half-spread Δ_b, logit units. */
  halfBid = 0;
  /** Ask half-spread Δ_a, logit units. */
  halfAsk = 0;
  /** Innermost bid in YES ticks (0 when the bid side is empty). */
  bidTicks = 0;
  /** Innermost ask in YES ticks (0 when the ask side is empty). */
  askTicks = 0;
  /** Cash floor F of the current position, USDC. */
  floorUsdc = 0;
  /** What bounded the bid side. */
  bidLimit: SideLimit = "none";
  /** What bounded the ask side. */
  askLimit: SideLimit = "none";

  // Scratch per frame (0 = YES bid frame, 1 = NO bid frame = YES ask).
  /** Scratch: level ticks of the YES-bid and NO-bid frames, each in its own price. */
  readonly frameTicks: [Int32Array, Int32Array];
  /** Scratch: level counts of the two frames. */
  readonly frameLevels: Int32Array = new Int32Array(2);

  /**
   * Allocates the arrays once.
   * @param maxLevels largest `ladder_max_levels` this object will serve
   */
  constructor(readonly maxLevels: number) {
    this.maxOrders = 4 * maxLevels;
    this.token = new Uint8Array(this.maxOrders);
    this.side = new Uint8Array(this.maxOrders);
    this.quoteSide = new Uint8Array(this.maxOrders);
    this.level = new Uint8Array(this.maxOrders);
    this.priceTicks = new Int32Array(this.maxOrders);
    this.sizeMicro = new Float64Array(this.maxOrders);
    this.frameTicks = [new Int32Array(maxLevels), new Int32Array(maxLevels)];
  }

  /**
   * Appends an order of `token` and `side` (codes) at `priceTicks` for
   * `sizeMicro`, on quote side `quote`, ladder level `level`; ignored when
   * the ladder is full.
   */
  add(
    token: number,
    side: number,
    priceTicks: number,
    sizeMicro: number,
    quote: number,
    level: number,
  ): void {
    if (this.count >= this.maxOrders) return;
    const i = this.count++;
    this.token[i] = token;
    this.side[i] = side;
    this.priceTicks[i] = priceTicks;
    this.sizeMicro[i] = sizeMicro;
    this.quoteSide[i] = quote;
    this.level[i] = level;
  }

  /** A plain object with every metric and order, for the journal. */
  toRecord(): QuoteRecord {
    const orders: QuoteRecord["orders"] = [];
    for (let i = 0; i < this.count; i++) {
      orders.push({
        token: this.token[i] === TOKEN_YES ? "YES" : "NO",
        side: this.side[i] === SIDE_BUY ? "BUY" : "SELL",
        priceTicks: this.priceTicks[i],
        sizeMicro: this.sizeMicro[i],
        quote: this.quoteSide[i] === QUOTE_BID ? "bid" : "ask",
        level: this.level[i],
      });
    }
    return {
      tMs: this.tMs,
      phase: this.phase,
      reason: this.reason,
      tf: this.tf,
      p: this.p,
      x: this.x,
      q: this.q,
      qMax: this.qMax,
      qHat: this.qHat,
      gamma: this.gamma,
      ambiguity: this.ambiguity,
      crowdWeakness: this.crowdWeakness,
      lambda: this.lambda,
      sigma: this.sigma,
      riskVar: this.riskVar,
      kappaBid: this.kappaBid,
      kappaAsk: this.kappaAsk,
      adverseBid: this.adverseBid,
      adverseAsk: this.adverseAsk,
      flow: this.flow,
      flowShift: this.flowShift,
      rewardShiftBid: this.rewardShiftBid,
      rewardShiftAsk: this.rewardShiftAsk,
      rewardSides: this.rewardSides,
      delta: this.delta,
      r: this.r,
      halfBid: this.halfBid,
      halfAsk: this.halfAsk,
      bidTicks: this.bidTicks,
      askTicks: this.askTicks,
      floorUsdc: this.floorUsdc,
      bidLimit: this.bidLimit,
      askLimit: this.askLimit,
      orders,
    };
  }
}

// Per-frame working state, reused across decisions (module-level scratch is
// safe: decideQuotes is synchronous and never re-entered).
class Frame {
  pOwn = 0; // price of this frame's own outcome
  pOther = 0;
  qOwn = 0; // net position in this frame's outcome, shares
  heldOtherCenti = 0; // other outcome held and sellable, 0.01 shares
  cash = 0; // worst-case cash if this side fills, USDC
  notional = 0; // resting notional on this side, USDC
  capLeft = 0; // capacity left, shares
  limit: SideLimit = "none";
  innerMinCenti = 0; // the innermost level's least size (exchange or reward minimum), 0.01 shares
  // level being built
  price = 0;
  sellCenti = 0;
  buyCenti = 0;
}
const FRAMES = [new Frame(), new Frame()] as const;

/** What sizes every level of one decision (module-level scratch: no allocation per decision). */
const SIZING = {
  /** Time factor tf. */
  tf: 0,
  /** Exchange minimum order, 0.01 shares. */
  minCenti: 0,
  /** 1 + slippage_buffer. */
  slip: 0,
  /** Cash reserve, USDC. */
  reserve: 0,
  /** Most new exposure one level may add, shares. */
  levelCap: 0,
};

/** The rewards mode's scratch (no allocation per decision). */
const REWARD_BID: RewardSide = {
  ticks: 0,
  maxTicks: 0,
  half: 0,
  kappa: 0,
  printRate: 0,
  fillRate: 0,
  adverse: 0,
  eligible: true,
};
const REWARD_ASK: RewardSide = { ...REWARD_BID };
const REWARD_PAIR: [number, number] = [0, 0];

/**
 * Computes the quote ladder for one decision into `out` (no allocation).
 *
 * Steps (pm4-model.md): phase and tf (§1); q_max and q̂ (§2); γ and the cash
 * floor (§3); λ (§4); σ as given (§5); skew δ, reservation r, GLFT half-spreads
 * and the ladder (§6). Prices are snapped to the grid (bids down, asks up),
 * kept in `[tick, 1 − tick]`, never crossing the book or each other; sizes are
 * whole 0.01 shares, never inflated to the exchange minimum.
 */
export function decideQuotes(
  inp: QuoteInputs,
  prm: QuoteParams,
  out: QuoteDecision,
): QuoteDecision {
  // a side moved into the reward band that cannot rest the min incentive
  // size (capacity, cash, floor) would take the fills and earn nothing:
  // decide again with that side at the model's own price and size
  const short = decideOnce(inp, prm, out, 0);
  if (short !== 0) decideOnce(inp, prm, out, short);
  return out;
}

/** Reward sides (bit 0 the bid, bit 1 the ask) that are left out of the rewards mode. */
const REWARD_BID_BIT = 1;
const REWARD_ASK_BIT = 2;

/**
 * One pass of {@link decideQuotes}, the reward sides in `noReward` left at
 * the model's prices. Returns the reward sides whose innermost level fell
 * short of the min incentive size (0: none).
 */
function decideOnce(
  inp: QuoteInputs,
  prm: QuoteParams,
  out: QuoteDecision,
  noReward: number,
): number {
  const grid = inp.grid;
  const n = grid.ticksPerUnit;
  out.count = 0;
  out.tMs = inp.tMs;
  out.bidTicks = 0;
  out.askTicks = 0;
  out.bidLimit = "none";
  out.askLimit = "none";
  out.rewardShiftBid = 0;
  out.rewardShiftAsk = 0;
  out.rewardSides = 0;
  out.rewardKeepMicro[0] = 0;
  out.rewardKeepMicro[1] = 0;
  out.phase = tradingPhase(inp.tMs, {
    resolveMs: prm.resolveMs,
    stopNewRiskBeforeMs: prm.stopNewRiskBeforeMs,
    cancelAllBeforeMs: prm.cancelAllBeforeMs,
  });

  const e8 = inp.pRefE8;
  const pYes = e8 / PRICE_E8;
  const pNo = (PRICE_E8 - e8) / PRICE_E8;
  const y = inp.yesMicro / MICRO;
  const no = inp.noMicro / MICRO;
  const q = y - no;
  out.p = pYes;
  out.q = q;
  out.reason = null;
  if (!(e8 > 0 && e8 < PRICE_E8)) out.reason = "no_reference";
  else if (inp.bestBidTicks < 1 || inp.bestAskTicks > n - 1) out.reason = "one_sided_book";
  else if (inp.bestBidTicks >= inp.bestAskTicks) out.reason = "crossed_book";
  else if (out.phase === "halted") out.reason = "halted";
  if (out.reason !== null && out.reason !== "halted") return 0;

  // §1–§4
  const x = logOdds(pYes, pNo);
  const tf = timeFactor(inp.tMs, prm.startMs, prm.resolveMs, prm.etaTime);
  const bSide = sideBudget(prm.bankrollUsdc, prm.nPlays);
  const qMax = capacity(bSide, tf, pYes, pNo, prm.slippageBuffer);
  const qHat = normalizedInventory(q, qMax);
  const gamma = solvencyFear(qHat, prm.gammaA, prm.gammaMax);
  const a = ambiguity(pYes, pNo, prm.betaP, prm.aFloor);
  const l = crowdWeakness(inp.crowdU > 0 ? inp.crowdU : 0, prm.uRef, prm.alphaU);
  const lambda = structuralRisk(a, l, prm.lambdaMin, prm.lambdaMax, prm.wA, prm.wL);
  const sigma = inp.sigma < 1 ? 1 : inp.sigma > prm.sigmaMax ? prm.sigmaMax : inp.sigma;
  out.x = x;
  out.tf = tf;
  out.qMax = qMax;
  out.qHat = qHat;
  out.gamma = gamma;
  out.ambiguity = a;
  out.crowdWeakness = l;
  out.lambda = lambda;
  out.sigma = sigma;
  const riskVar = inp.riskVar > 0 ? inp.riskVar : 0;
  out.riskVar = riskVar;
  const slip = 1 + prm.slippageBuffer;
  out.floorUsdc = Math.abs(q) * (q > 0 ? pNo : pYes) * slip + prm.cashReserveUsdc;
  if (out.reason === "halted") return 0;

  // §6: skew, reservation price, half-spreads
  const kFloor = kappaFloor(prm.cRisk, prm.lambdaMin);
  const kBid = inp.kappaBid > kFloor ? inp.kappaBid : kFloor;
  const kAsk = inp.kappaAsk > kFloor ? inp.kappaAsk : kFloor;
  const delta = skew(prm.cSkew, qHat, gamma, lambda, sigma, prm.deltaMax);
  const tickLogit = tickInLogit(pYes, pNo, grid);
  const minHalf = (prm.minHalfSpreadTicks > 1 ? prm.minHalfSpreadTicks : 1) * tickLogit;
  // a side is never quoted tighter for fills that went our way
  const advBid = inp.adverseBid > 0 ? inp.adverseBid : 0;
  const advAsk = inp.adverseAsk > 0 ? inp.adverseAsk : 0;
  // the risk term's constant grows with the variance of x over the holding
  // horizon (Avellaneda–Stoikov's γσ²τ): a fast market is quoted wider
  const cRisk = prm.cRisk + riskVar;
  const halfBid = halfSpread(
    cRisk,
    gamma,
    lambda,
    sigma,
    kBid,
    minHalf,
    prm.maxHalfSpreadLogit,
    prm.cAdverse * advBid,
  );
  const halfAsk = halfSpread(
    cRisk,
    gamma,
    lambda,
    sigma,
    kAsk,
    minHalf,
    prm.maxHalfSpreadLogit,
    prm.cAdverse * advAsk,
  );
  out.adverseBid = advBid;
  out.adverseAsk = advAsk;
  // the flow moves the reservation price toward where it is pushing the price
  const f = inp.flow > 1 ? 1 : inp.flow < -1 ? -1 : inp.flow;
  const capShift = prm.flowMaxTicks * tickLogit;
  let shift = prm.cFlow * f * (halfBid + halfAsk) / 2;
  if (shift > capShift) shift = capShift;
  else if (shift < -capShift) shift = -capShift;
  out.flow = f;
  out.flowShift = shift;
  out.kappaBid = kBid;
  out.kappaAsk = kAsk;
  out.delta = delta;
  out.r = x - delta + shift;
  out.halfBid = halfBid;
  out.halfAsk = halfAsk;

  // Innermost price of each frame: the YES bid, and the NO bid (= 1 − YES ask),
  // each at most one tick inside the opposite best so a post-only order never
  // crosses. In the NO frame logit(1−p) = −x and the skew flips sign.
  const ticks0 = out.frameTicks[0];
  const ticks1 = out.frameTicks[1];
  const xb = x - delta + shift - halfBid;
  const xa = logOdds(pNo, pYes) + delta - shift - halfAsk;
  let t0 = snapDown(sigmoid(xb), grid);
  let t1 = snapDown(sigmoid(xa), grid);
  const max0 = inp.bestAskTicks - 1;
  const max1 = n - inp.bestBidTicks - 1;
  if (t0 > max0) t0 = max0;
  if (t1 > max1) t1 = max1;
  // Our own bid and ask must not meet: a float tie at a grid point can make
  // them equal; widen both (symmetrically) until they are apart.
  while (t0 + t1 >= n) {
    t0 -= 1;
    t1 -= 1;
  }
  // §10: inside the reward band when the pool pays for the edge given up; a
  // side that then scores rests at least the min incentive size
  let rewardMin0 = 0;
  let rewardMin1 = 0;
  const rew = inp.rewards;
  if (prm.rewardsOn && rew && rew.rules.dailyPoolUsdc > 0 && rew.midPips > 0) {
    const zMicro = Math.max(rew.rules.minSizeMicro, inp.minOrderMicro);
    const bidOn = (noReward & REWARD_BID_BIT) === 0;
    const askOn = (noReward & REWARD_ASK_BIT) === 0;
    setRewardSide(
      REWARD_BID,
      t0,
      max0,
      halfBid,
      kBid,
      rew.printRateBid,
      rew.fillRateBid,
      advBid,
      bidOn,
    );
    setRewardSide(
      REWARD_ASK,
      t1,
      max1,
      halfAsk,
      kAsk,
      rew.printRateAsk,
      rew.fillRateAsk,
      advAsk,
      askOn,
    );
    rewardTicks(
      rew,
      REWARD_BID,
      REWARD_ASK,
      out.r,
      n,
      zMicro / MICRO,
      prm.rewardsMaxImproveTicks,
      REWARD_PAIR,
    );
    out.rewardShiftBid = REWARD_PAIR[0] - t0;
    out.rewardShiftAsk = REWARD_PAIR[1] - t1;
    t0 = REWARD_PAIR[0];
    t1 = REWARD_PAIR[1];
    const pips = PIPS_PER_UNIT / n;
    const zCenti = Math.ceil(zMicro / MICRO_PER_CENTI - 1e-9);
    if (bidOn && t0 >= 1 && priceScore(rew.rules, rew.midPips, true, t0 * pips) > 0) {
      rewardMin0 = zCenti;
    }
    if (askOn && t1 >= 1 && priceScore(rew.rules, rew.midPips, false, (n - t1) * pips) > 0) {
      rewardMin1 = zCenti;
    }
  }
  const step = Math.max(
    prm.ladderStepMult * (halfBid + halfAsk) / 2,
    prm.ladderMinStepLogit,
    tickLogit,
  );
  const levels0 = ladderTicks(t0, xb, step, prm.ladderMaxLevels, grid, ticks0);
  const levels1 = ladderTicks(t1, xa, step, prm.ladderMaxLevels, grid, ticks1);
  out.frameLevels[0] = levels0;
  out.frameLevels[1] = levels1;
  if (levels0 > 0) out.bidTicks = ticks0[0];
  if (levels1 > 0) out.askTicks = n - ticks1[0];

  // Sizes, level by level on both sides in lockstep, so that the shared cash
  // budget is split symmetrically.
  const fb = FRAMES[0];
  const fa = FRAMES[1];
  const cash = inp.cashMicro / MICRO;
  const reducing = out.phase === "reducing";
  initFrame(fb, pYes, pNo, q, inp.noMicro, cash, qMax, reducing);
  initFrame(fa, pNo, pYes, -q, inp.yesMicro, cash, qMax, reducing);
  if (levels0 === 0) fb.limit = "price";
  if (levels1 === 0) fa.limit = "price";
  const minCenti = Math.ceil(inp.minOrderMicro / MICRO_PER_CENTI - 1e-9);
  fb.innerMinCenti = rewardMin0 > minCenti ? rewardMin0 : minCenti;
  fa.innerMinCenti = rewardMin1 > minCenti ? rewardMin1 : minCenti;
  const reserve = prm.cashReserveUsdc;
  let budget = cash - reserve; // cash left to back buy orders (exchange reservation)
  let levelNotional = prm.ladderLevelFraction * bSide; // before time decay
  // one level adds at most this many shares of new exposure: a sweep of one
  // level moves q away from zero by at most that fraction of q_max (never
  // below the exchange minimum, or nothing could be quoted at a small capacity)
  const minShares = minCenti / 100;
  const capShares = prm.ladderLevelMaxQmax * qMax;
  const levelCap = capShares > minShares ? capShares : minShares;
  const maxLevels = levels0 > levels1 ? levels0 : levels1;
  let short = 0;
  const z = SIZING;
  z.tf = tf;
  z.minCenti = minCenti;
  z.slip = slip;
  z.reserve = reserve;
  z.levelCap = levelCap;
  for (let i = 0; i < maxLevels; i++) {
    sizeLevel(fb, i < levels0 ? ticks0[i] / n : 0, levelNotional, i === 0, prm, z);
    sizeLevel(fa, i < levels1 ? ticks1[i] / n : 0, levelNotional, i === 0, prm, z);
    // Split what is left of the cash among the two buy legs symmetrically:
    // each gets its want if the other leaves room, and at least half.
    const wantB = fb.buyCenti * fb.price / 100;
    const wantA = fa.buyCenti * fa.price / 100;
    if (wantB + wantA > budget) {
      const half = budget > 0 ? budget / 2 : 0;
      const allowB = Math.max(half, budget - wantA);
      const allowA = Math.max(half, budget - wantB);
      if (wantB > allowB) {
        fb.buyCenti = Math.max(0, Math.floor(allowB / fb.price * 100 - 1e-6));
        if (fb.limit === "none") fb.limit = "cash";
      }
      if (wantA > allowA) {
        fa.buyCenti = Math.max(0, Math.floor(allowA / fa.price * 100 - 1e-6));
        if (fa.limit === "none") fa.limit = "cash";
      }
    }
    if (i === 0) {
      if (rewardMin0 > 0 && Math.max(fb.sellCenti, fb.buyCenti) < rewardMin0) {
        short |= REWARD_BID_BIT;
      }
      if (rewardMin1 > 0 && Math.max(fa.sellCenti, fa.buyCenti) < rewardMin1) {
        short |= REWARD_ASK_BIT;
      }
    }
    budget -= emitLevel(out, fb, i, QUOTE_BID, ticks0[i], n, minCenti);
    budget -= emitLevel(out, fa, i, QUOTE_ASK, ticks1[i], n, minCenti);
    levelNotional *= prm.ladderDecay;
  }
  out.bidLimit = fb.limit;
  out.askLimit = fa.limit;
  out.rewardKeepMicro[0] = rewardMin0 > 0 && (short & REWARD_BID_BIT) === 0
    ? rewardMin0 * MICRO_PER_CENTI
    : 0;
  out.rewardKeepMicro[1] = rewardMin1 > 0 && (short & REWARD_ASK_BIT) === 0
    ? rewardMin1 * MICRO_PER_CENTI
    : 0;
  out.rewardSides = (out.rewardKeepMicro[0] > 0 ? 1 : 0) + (out.rewardKeepMicro[1] > 0 ? 1 : 0);
  return short;
}

/**
 * Fills `dst` with up to `maxLevels` strictly decreasing tick indices of one
 * frame: level 0 at `t0` (already clamped), deeper levels `step` logit units
 * apart from the unclamped innermost price `x0` (logit). Returns the level count.
 */
function ladderTicks(
  t0: number,
  x0: number,
  step: number,
  maxLevels: number,
  grid: TickGrid,
  dst: Int32Array,
): number {
  if (t0 < 1) return 0;
  dst[0] = t0;
  let count = 1;
  for (let i = 1; i < maxLevels; i++) {
    let t = snapDown(sigmoid(x0 - i * step), grid);
    const prev = dst[count - 1];
    if (t >= prev) t = prev - 1;
    if (t < 1) break;
    dst[count++] = t;
  }
  return count;
}

function initFrame(
  f: Frame,
  pOwn: number,
  pOther: number,
  qOwn: number,
  heldOtherMicro: number,
  cash: number,
  qMax: number,
  reducing: boolean,
): void {
  f.pOwn = pOwn;
  f.pOther = pOther;
  f.qOwn = qOwn;
  f.heldOtherCenti = Math.floor(heldOtherMicro / MICRO_PER_CENTI + 1e-9);
  f.cash = cash;
  f.notional = 0;
  f.limit = "none";
  if (reducing) {
    f.capLeft = qOwn < 0 ? -qOwn : 0;
    if (f.capLeft === 0) f.limit = "phase";
  } else {
    f.capLeft = qMax - qOwn > 0 ? qMax - qOwn : 0;
  }
}

/**
 * Sizes one level of a frame at frame price `price` (0 = no level): level
 * notional, the level cap (`z.levelCap` of new exposure), capacity, notional
 * cap and cash floor (§3, §6). Sets `sellCenti`
 * (selling the other outcome that is held) and `buyCenti` (buying this frame's
 * outcome).
 *
 * The level notional is `ladder_level_fraction · B_side · decay^i · tf` (§6);
 * the innermost level (`inner`) is raised to the exchange minimum when smaller.
 * Time decay limits new risk, not the unwinding of risk already held: the part
 * of a level that only flattens the position is sized without `tf` (else a
 * position could not be reduced near resolution, when `tf` → 0 shrinks every
 * level below the exchange minimum).
 */
function sizeLevel(
  f: Frame,
  price: number,
  notionalUsdc: number,
  inner: boolean,
  prm: QuoteParams,
  z: typeof SIZING,
): void {
  const { tf, minCenti, slip, reserve, levelCap } = z;
  f.price = price;
  f.sellCenti = 0;
  f.buyCenti = 0;
  if (price <= 0) return;
  const flatten = f.qOwn < 0 ? -f.qOwn : 0;
  const full = notionalUsdc / price;
  const sFlat = flatten < full ? flatten : full;
  const newRisk = notionalUsdc * tf - sFlat * price;
  let s = sFlat + (newRisk > 0 ? newRisk / price : 0);
  // the innermost level is at least the exchange minimum (a small bankroll's
  // quote would otherwise vanish) or, quoting for rewards, the min incentive
  // size; capacity, notional, floor and cash still bound it below. A deeper
  // level below the minimum is dropped.
  const innerMin = f.innerMinCenti / 100;
  if (inner && s < innerMin) s = innerMin;
  // one level adds at most levelCap of new exposure; only flattening (and
  // the innermost level's minimum) may exceed it (a fill of that part moves
  // q toward zero)
  let cap = levelCap > sFlat ? levelCap : sFlat;
  if (inner && innerMin > cap) cap = innerMin;
  if (s > cap) {
    s = cap;
    if (f.limit === "none") f.limit = reducingOr(f, "level");
  }
  if (s > f.capLeft) {
    s = f.capLeft;
    if (f.limit === "none") f.limit = reducingOr(f, "capacity");
  }
  const notionalLeft = prm.maxOrderNotionalSideUsdc - f.notional;
  if (s * price > notionalLeft) {
    s = notionalLeft > 0 ? notionalLeft / price : 0;
    if (f.limit === "none") f.limit = "notional";
  }
  let centi = Math.floor(s * 100 + 1e-9);
  // Sell the other outcome first when enough of it is held to make an order.
  const sellAvail = f.heldOtherCenti >= minCenti ? f.heldOtherCenti : 0;
  const floorCenti = floorLimitCenti(
    f.qOwn,
    f.cash,
    f.pOther,
    centi,
    sellAvail,
    price,
    slip,
    reserve,
  );
  if (floorCenti < centi) {
    centi = floorCenti;
    if (f.limit === "none") f.limit = "floor";
  }
  f.sellCenti = centi < sellAvail ? centi : sellAvail;
  f.buyCenti = centi - f.sellCenti;
}

function setRewardSide(
  s: RewardSide,
  ticks: number,
  maxTicks: number,
  half: number,
  kappa: number,
  printRate: number,
  fillRate: number,
  adverse: number,
  eligible: boolean,
): void {
  s.fillRate = fillRate;
  s.adverse = adverse;
  s.ticks = ticks;
  s.maxTicks = maxTicks;
  s.half = half;
  s.kappa = kappa;
  s.printRate = printRate;
  s.eligible = eligible;
}

function reducingOr(f: Frame, limit: SideLimit): SideLimit {
  return f.limit === "phase" ? "phase" : limit;
}

/**
 * Writes the sell and buy orders of one frame level into `out`, drops parts
 * below the exchange minimum, updates the frame's running totals. Returns the
 * USDC spent by the buy part (for the shared cash budget).
 */
function emitLevel(
  out: QuoteDecision,
  f: Frame,
  level: number,
  quote: number,
  ticks: number,
  n: number,
  minCenti: number,
): number {
  if (f.price <= 0) return 0;
  let sell = f.sellCenti;
  let buy = f.buyCenti;
  if (sell < minCenti) sell = 0;
  if (buy < minCenti) buy = 0;
  if (sell + buy === 0) {
    if (f.limit === "none") f.limit = "min_size";
    return 0;
  }
  const own = quote === QUOTE_BID ? TOKEN_YES : TOKEN_NO;
  const other = own === TOKEN_YES ? TOKEN_NO : TOKEN_YES;
  if (sell > 0) out.add(other, SIDE_SELL, n - ticks, sell * MICRO_PER_CENTI, quote, level);
  if (buy > 0) out.add(own, SIDE_BUY, ticks, buy * MICRO_PER_CENTI, quote, level);
  const s = (sell + buy) / 100;
  f.qOwn += s;
  f.cash += sell / 100 * (1 - f.price) - buy / 100 * f.price;
  f.notional += s * f.price;
  f.capLeft -= s;
  f.heldOtherCenti -= sell;
  return buy / 100 * f.price;
}
