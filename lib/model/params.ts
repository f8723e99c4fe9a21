/**
 * Parameters of one quoting decision, in the model's own units (ms, USDC,
 * shares, logit units). The config layer builds them from the user's config.
 *
 * @module
 */

/** Everything {@link decideQuotes} needs besides the market state. */
export interface QuoteParams {
  /** Market start T0, ms since the epoch (§1). */
  readonly startMs: number;
  /** Resolution time T, ms since the epoch (§1). */
  readonly resolveMs: number;
  /** Time-decay exponent η of `tf` (§1). */
  readonly etaTime: number;
  /** Only reducing orders from `T − this`, ms (§1). */
  readonly stopNewRiskBeforeMs: number;
  /** No orders from `T − this`, ms (§1). */
  readonly cancelAllBeforeMs: number;

  /** Total bankroll B, USDC (§2). */
  readonly bankrollUsdc: number;
  /** Number of markets sharing the bankroll (§2). */
  readonly nPlays: number;
  /** Execution cost buffer, fraction (§2, §3). */
  readonly slippageBuffer: number;
  /** Fixed cash kept aside, USDC (§3). */
  readonly cashReserveUsdc: number;
  /** Curvature of γ (§3). */
  readonly gammaA: number;
  /** Cap of γ (§3). */
  readonly gammaMax: number;

  /** Lower bound of λ (§4). */
  readonly lambdaMin: number;
  /** Upper bound of λ (§4). */
  readonly lambdaMax: number;
  /** Ambiguity exponent β_p (§4). */
  readonly betaP: number;
  /** Crowd exponent α_U (§4). */
  readonly alphaU: number;
  /** Crowd reference size U_ref, distinct traders (§4). */
  readonly uRef: number;
  /** Floor of the ambiguity score A, in [0, 1] (§4, a3). */
  readonly aFloor: number;
  /** Weight of ambiguity in λ (§4). */
  readonly wA: number;
  /** Weight of crowd weakness in λ (§4). */
  readonly wL: number;
  /** Cap of the toxicity multiplier σ (§5). */
  readonly sigmaMax: number;

  /** Skew scale c_skew (§6). */
  readonly cSkew: number;
  /** Cap of |δ|, logit units (§6). */
  readonly deltaMax: number;
  /** Risk term scale c_risk of the half-spread, logit units (§6). */
  readonly cRisk: number;
  /** Weight c_adverse of a side's adverse selection Â_s in its half-spread (§6). */
  readonly cAdverse: number;
  /** Shift c_flow of the reservation price with the flow imbalance, mean half-spreads (§6). */
  readonly cFlow: number;
  /** Largest shift of the reservation price by the flow, ticks (§6). */
  readonly flowMaxTicks: number;
  /** Minimum half-spread in ticks, ≥ 1 (§6). */
  readonly minHalfSpreadTicks: number;
  /** Maximum half-spread, logit units (§6). */
  readonly maxHalfSpreadLogit: number;
  /** Levels per side, ≥ 1 (§6). */
  readonly ladderMaxLevels: number;
  /** Level step as a multiple of the mean half-spread (§6). */
  readonly ladderStepMult: number;
  /** Minimum level step, logit units (§6). */
  readonly ladderMinStepLogit: number;
  /** Notional of level 0 as a fraction of `B_side · tf` (§6). */
  readonly ladderLevelFraction: number;
  /** Geometric decay of level notional with depth (§6). */
  readonly ladderDecay: number;
  /** Largest level size as a fraction of q_max (never below the exchange minimum). */
  readonly ladderLevelMaxQmax: number;
  /** Cap on the notional resting on one side, USDC (§6). */
  readonly maxOrderNotionalSideUsdc: number;
  /** Quote for the market's liquidity rewards when it has a program (§10). */
  readonly rewardsOn: boolean;
  /** Most ticks the rewards mode moves a quote inside the model's price (§10). */
  readonly rewardsMaxImproveTicks: number;
}
