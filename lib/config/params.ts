/**
 * Model parameters from a validated config: seconds become ms, keys become the
 * model's names.
 *
 * @module
 */

import type { QuoteParams, ToxicityParams } from "../model/mod.ts";
import type { Config } from "./schema.ts";

/**
 * Capital of this market, USDC: the bankroll split over the markets played
 * (`bankroll_B / n_plays`) — the cash a simulated or paper run starts with and
 * the base of the drawdown limit.
 *
 * @example
 * ```ts
 * import { marketCapitalUsdc } from "./params.ts";
 * import type { Config } from "./schema.ts";
 * const risk = { bankroll_B: 900, n_plays: 3 } as Config["risk"];
 * console.log(marketCapitalUsdc({ risk } as Config)); // 300
 * ```
 */
export function marketCapitalUsdc(c: Config): number {
  return c.risk.bankroll_B / c.risk.n_plays;
}

/** The quoting parameters of a config. */
export function quoteParams(c: Config): QuoteParams {
  const { market: m, risk: r, quote: q } = c;
  return {
    startMs: m.start_ts_ms,
    resolveMs: m.resolve_ts_ms,
    etaTime: r.eta_time,
    stopNewRiskBeforeMs: r.stop_new_risk_before_s * 1000,
    cancelAllBeforeMs: r.cancel_all_before_s * 1000,
    bankrollUsdc: r.bankroll_B,
    nPlays: r.n_plays,
    slippageBuffer: r.slippage_buffer,
    cashReserveUsdc: r.cash_reserve,
    gammaA: r.gamma_a,
    gammaMax: r.gamma_max,
    lambdaMin: r.lambda_min,
    lambdaMax: r.lambda_max,
    betaP: r.beta_p,
    alphaU: r.alpha_U,
    uRef: r.U_ref,
    aFloor: r.A_floor,
    wA: r.w_A,
    wL: r.w_L,
    sigmaMax: r.sigma_max,
    cSkew: q.c_skew,
    deltaMax: q.delta_max,
    cRisk: q.c_risk,
    cAdverse: q.c_adverse,
    cFlow: q.c_flow,
    flowMaxTicks: q.flow_max_ticks,
    minHalfSpreadTicks: q.min_half_spread_ticks,
    maxHalfSpreadLogit: q.max_half_spread_logit,
    ladderMaxLevels: q.ladder_max_levels,
    ladderStepMult: q.ladder_step_mult,
    ladderMinStepLogit: q.ladder_min_step_logit,
    ladderLevelFraction: q.ladder_level_fraction,
    ladderDecay: q.ladder_decay,
    ladderLevelMaxQmax: q.ladder_level_max_qmax,
    maxOrderNotionalSideUsdc: q.max_order_notional_side,
    rewardsOn: q.rewards === "on",
    rewardsMaxImproveTicks: q.rewards_max_improve_ticks,
  };
}

/** The toxicity-estimator parameters of a config. */
export function toxicityParams(c: Config): ToxicityParams {
  const { risk: r, calibration: k } = c;
  return {
    dtSampleMs: k.dt_sample_s * 1000,
    tauFastMs: k.tau_fast_s * 1000,
    tauSlowMs: k.tau_slow_s * 1000,
    volFloorMs: k.vol_floor_s * 1000,
    tauUpMs: k.tau_up_s * 1000,
    tauDownMs: k.tau_down_s * 1000,
    markoutH1Ms: k.markout_h1_s * 1000,
    markoutH2Ms: k.markout_h2_s * 1000,
    markoutW1: k.markout_w1,
    markoutW2: k.markout_w2,
    markoutAlpha: k.markout_alpha,
    rateRefPerMin: k.rate_ref_per_min,
    iMax: r.I_max,
    cSigma: r.c_sigma,
    nuSigma: r.nu_sigma,
    sigmaMax: r.sigma_max,
    cTox: r.c_tox,
    riskHorizonMs: c.quote.risk_horizon_s * 1000,
    timeScales: k.time_scales === "adaptive"
      ? {
        windowMs: k.time_scale_window_s * 1000,
        minFactor: k.time_scale_min,
        maxFactor: k.time_scale_max,
      }
      : null,
  };
}
