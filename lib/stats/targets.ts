/**
 * What each simulated scenario must look like: ranges of the stylized facts,
 * set from the real recordings in `../shared/data` (docs/simulator.md has the
 * measurements and says where the data is too thin to set a range).
 *
 * Books: thin (a1, a2, e1 — opaque, wide 4–6-tick spreads) or deep (a3, e2,
 * e3 — a 1-tick market with depth behind). Flow: underlying-driven markets
 * (a3, e3: an observable price moves the mid every few minutes, trades come
 * 10 a minute) or news- and insider-driven ones (the rest: quiet spells, the
 * mid unchanged for minutes).
 *
 * @module
 */

import type { FactId, StylizedFacts } from "./facts.ts";

/** Inclusive range of a fact. */
export type Range = readonly [lo: number, hi: number];

/** Ranges by fact (a fact without a range is not pinned). */
export type Targets = Partial<Record<FactId, Range>>;

const ANY_TRADES: Targets = {
  trade_size_median: [7, 20],
  top10_volume_pct: [42, 72],
  interarrival_cv: [1.3, 2.2],
  token_buy_pct: [70, 87],
  mid2m_kurtosis: [8, Infinity],
  jumps5_per_hour: [0.3, 6],
};

const THIN: Targets = {
  ...ANY_TRADES,
  spread_1tick_pct: [0, 20],
  spread_median_ticks: [4, 6],
  spread_p90_ticks: [8, 30],
  best_size_median: [25, 60],
  best_size_p10: [5, 40],
  best_size_p90: [80, 300],
  depth3_median: [80, 250],
  trade_size_p99: [150, 550],
  fano_1m: [2, 15],
  clears_best_pct: [15, 50],
  impact_60s_ticks: [0.2, 1.2],
  mid2m_unchanged_pct: [40, 90],
  vol_ratio_10m_2m: [1.2, 2.1],
  churn_per_traded: [5, 90],
};

const DEEP: Targets = {
  ...ANY_TRADES,
  spread_1tick_pct: [50, 100],
  spread_median_ticks: [1, 1],
  spread_p90_ticks: [1, 3],
  best_size_median: [50, 150],
  best_size_p10: [5, 40],
  best_size_p90: [200, 1000],
  depth3_median: [600, 2300],
  trade_size_p99: [230, 550],
  clears_best_pct: [10, 37],
  churn_per_traded: [30, 90],
};

const NEWS_DEEP: Targets = {
  ...DEEP,
  fano_1m: [2, 15],
  impact_60s_ticks: [0.2, 1.2],
  mid2m_unchanged_pct: [40, 85],
  vol_ratio_10m_2m: [1.2, 2.1],
};

const UNDERLYING_DEEP: Targets = {
  ...DEEP,
  fano_1m: [4.5, 15],
  impact_60s_ticks: [0.4, 1.1],
  mid2m_unchanged_pct: [5, 60],
  mid2m_kurtosis: [5, Infinity],
  vol_ratio_10m_2m: [1.5, 2.6],
};

/** Target ranges per scenario. */
export const SCENARIO_TARGETS: Readonly<Record<string, Targets>> = {
  a1: THIN,
  a2: THIN,
  e1: THIN,
  e2: NEWS_DEEP,
  a3: UNDERLYING_DEEP,
  e3: UNDERLYING_DEEP,
};

/** One fact outside its range. */
export interface Miss {
  /** The fact. */
  id: FactId;
  /** Its value (null: not measurable). */
  value: number | null;
  /** The target's range, inclusive. */
  range: Range;
}

/**
 * The facts of `facts` outside `targets`. A fact the data is too thin for is
 * a miss, unless `measurableOnly` (a recording that cannot show every fact).
 */
export function misses(facts: StylizedFacts, targets: Targets, measurableOnly = false): Miss[] {
  const out: Miss[] = [];
  for (const [id, range] of Object.entries(targets) as [FactId, Range][]) {
    const v = facts.facts[id].value;
    if (v === null ? !measurableOnly : v < range[0] || v > range[1]) {
      out.push({ id, value: v, range });
    }
  }
  return out;
}

/** A range as printed: `4–6`, or `≥ 8` when it is open above. */
export function formatRange([lo, hi]: Range): string {
  return hi === Infinity ? `≥ ${lo}` : `${lo}–${hi}`;
}
