/**
 * The engine's settings, read from the config once: the model's parameters,
 * the order diff's, the features' windows and every time and money limit in
 * the units the engine computes in (ms, micro-units).
 *
 * @module
 */

import { type Config, marketCapitalUsdc, quoteParams, toxicityParams } from "../config/mod.ts";
import type { FeatureParams } from "../market/mod.ts";
import { type AdverseParams, MICRO, type QuoteParams, type ToxicityParams } from "../model/mod.ts";
import type { DiffParams } from "./order_diff.ts";

/** Trade-rate window for the intensity I, ms. */
const RATE_WINDOW_MS = 60_000;

/** Markout horizons of the adverse selection per side: a minute, 5 minutes, 30 minutes. */
const ADVERSE_HORIZONS_MS = [60_000, 300_000, 1_800_000] as const;

/** What the engine reads from its config, in its own units. */
export interface EngineParams {
  /** The quoting model's parameters. */
  quote: QuoteParams;
  /** The order diff's (its `sizeOverMicro` is set at the start, from the venue's minimum order). */
  diff: DiffParams;
  /** The trade-flow features' windows and κ prior. */
  features: FeatureParams;
  /** σ's parameters. */
  toxicity: ToxicityParams;
  /** The per-side adverse-selection estimator's. */
  adverse: AdverseParams;
  /** The tick from the config, pips (0: the venue's). */
  tickPips: number;
  /** The capital this market may use, micro-USDC. */
  capitalMicro: number;
  /** Drawdown from the peak that halts, USDC. */
  drawdownLimitUsdc: number;
  /** Rejects and errors in a row that halt (`risk.max_error_streak`). */
  maxErrorStreak: number;
  /** Quote around the microprice (else the mid). */
  micro: boolean;
  /** A swept side's reference is held this long, ms. */
  oneSidedHoldMs: number;
  /** No frame for this long pauses quoting, ms. */
  staleAfterMs: number;
  /** At most one cancel/replace wave per this, ms. */
  minRequoteMs: number;
  /** Everything is cancelled and the engine halts this long before resolution, ms. */
  cancelAllBeforeMs: number;
  /** The calibration is saved this often, ms. */
  saveEveryMs: number;
}

/**
 * How old an order may grow before it is replaced, ms: `max_quote_age_s`
 * (0: never for its age alone — queue priority is worth keeping), and a GTD
 * order in any case while min(60 s, half its life) is left before the venue
 * retires it (`order_ttl_s`), so the ladder never has a hole at expiry.
 */
export function maxQuoteAgeMs(maxAgeS: number, ttlS: number): number {
  const age = maxAgeS > 0 ? maxAgeS * 1000 : Infinity;
  return ttlS > 0 ? Math.min(age, (ttlS - Math.min(60, ttlS / 2)) * 1000) : age;
}

/** The engine's parameters for `c`. */
export function engineParams(c: Config): EngineParams {
  const q = c.quote;
  return {
    quote: quoteParams(c),
    diff: {
      sizeTolerance: q.size_tolerance,
      sizeOverMicro: 0,
      requoteTicks: q.requote_ticks,
      maxQuoteAgeMs: maxQuoteAgeMs(q.max_quote_age_s, q.order_ttl_s),
    },
    features: {
      rateWindowMs: RATE_WINDOW_MS,
      kappa0: q.kappa0,
      kappaPriorN: c.calibration.kappa_prior_n,
      kappaTauMs: c.calibration.kappa_tau_s * 1000,
      crowdWindowMs: c.risk.U_window_s * 1000,
      flowTauMs: c.calibration.flow_tau_s * 1000,
      flowPriorShares: c.calibration.flow_prior_shares,
    },
    toxicity: toxicityParams(c),
    adverse: {
      horizonsMs: ADVERSE_HORIZONS_MS,
      tauMs: c.calibration.adverse_tau_s * 1000,
      priorFills: c.calibration.adverse_prior_n,
    },
    tickPips: c.market.tick_size ? Math.round(c.market.tick_size * 10_000) : 0,
    capitalMicro: marketCapitalUsdc(c) * MICRO,
    drawdownLimitUsdc: c.risk.max_drawdown_frac * marketCapitalUsdc(c),
    maxErrorStreak: c.risk.max_error_streak,
    micro: q.reference === "micro",
    oneSidedHoldMs: q.one_sided_hold_s * 1000,
    staleAfterMs: q.stale_after_s * 1000,
    minRequoteMs: q.min_requote_interval_ms,
    cancelAllBeforeMs: c.risk.cancel_all_before_s * 1000,
    saveEveryMs: c.calibration.save_interval_s * 1000,
  };
}
