/**
 * Where the model's estimators start: a persisted calibration when it is
 * fresh and of this market (model §8), else a warm start from history — σ
 * from the price path, κ and the crowd U from recent trades — else the
 * priors.
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import type { MarketFeatures } from "../market/mod.ts";
import {
  type AdverseMarkouts,
  gridFromPips,
  PRICE_E8,
  tickInLogit,
  type Toxicity,
} from "../model/mod.ts";
import type { CalibrationSnapshot, WarmStartData } from "./types.ts";

/** The estimators a calibration holds: σ's, κ's (with the features), the adverse selection's. */
export interface Estimators {
  /** σ. */
  readonly toxicity: Toxicity;
  /** κ per side, U. */
  readonly features: MarketFeatures;
  /** Adverse selection per side. */
  readonly adverse: AdverseMarkouts;
}

/** The calibration to persist at `tMs`. */
export function calibrationSnapshot(
  conditionId: string,
  tMs: number,
  { toxicity, features, adverse }: Estimators,
): CalibrationSnapshot {
  return {
    version: 1,
    conditionId,
    savedMs: tMs,
    toxicity: toxicity.snapshot(tMs),
    kappaBid: features.kappaBid.snapshot(tMs),
    kappaAsk: features.kappaAsk.snapshot(tMs),
    adverse: adverse.snapshot(tMs),
  };
}

/**
 * Starts σ and κ at `tMs` from `cal` when it is this market's and younger
 * than `calibration.max_age_s`, else from `warm` (when `warm_start` is on).
 * Returns the notice to journal (code and message), or null (the priors).
 */
export function startEstimators(
  cfg: Config,
  tMs: number,
  tickPips: number,
  cal: CalibrationSnapshot | null,
  warm: WarmStartData | null,
  { toxicity, features, adverse }: Estimators,
): { code: string; message: string } | null {
  if (
    cal && cal.version === 1 && cal.conditionId === cfg.market.condition_id &&
    tMs - cal.savedMs <= cfg.calibration.max_age_s * 1000
  ) {
    toxicity.restore(cal.toxicity, tMs);
    features.kappaBid.restore(cal.kappaBid);
    features.kappaAsk.restore(cal.kappaAsk);
    if (cal.adverse) adverse.restore(cal.adverse, tMs);
    const age = Math.round((tMs - cal.savedMs) / 1000);
    return { code: "calibration_restored", message: `calibration restored (${age} s old)` };
  }
  if (!warm || !cfg.calibration.warm_start) return null;
  const grid = gridFromPips(tickPips || 100);
  const prices = warm.prices.filter(([t, p]) => t <= tMs && p > 0 && p < 1)
    .sort((a, b) => a[0] - b[0]);
  for (const [t, p] of prices) {
    toxicity.observe(t, Math.log(p / (1 - p)), tickInLogit(p, 1 - p, grid), 0);
  }
  const m = cfg.market;
  let j = 0;
  for (const tr of [...warm.trades].sort((a, b) => a.tMs - b.tMs)) {
    while (j + 1 < prices.length && prices[j + 1][0] <= tr.tMs) j++;
    const ref = prices.length > 0 ? prices[j][1] : 0;
    const yes = tr.assetId === "" || tr.assetId === m.asset_id_yes;
    features.onTrade(
      {
        kind: "trade",
        assetId: yes ? m.asset_id_yes : m.asset_id_no,
        market: m.condition_id,
        tMs: tr.tMs,
        rxMs: tr.tMs,
        pricePips: tr.pricePips,
        sizeMicro: tr.sizeMicro,
        takerSide: tr.side,
        feeRateBps: 0,
      },
      Math.round(ref * PRICE_E8),
    );
    features.crowd.observe(tr.wallet, tr.tMs);
  }
  return {
    code: "warm_start",
    message: `warm start from ${prices.length} prices and ${warm.trades.length} trades`,
  };
}
