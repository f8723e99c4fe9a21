/**
 * The strategy scorecard: every marchetype × seeds × strategies in the
 * simulator (no sockets), each run from the start of the window to the
 * resolution, measured with the run analytics. PM4 and its ablations (one
 * term switched off each: `pm4-<term>`) against the baselines that popular
 * bots use.
 *
 * @module
 */

import { type Config, parseConfig } from "../config/mod.ts";
import type { Quoter } from "../engine/mod.ts";
import { markdownTable } from "../formats/mod.ts";
import { type ScenarioName, SCENARIOS, type SimMarket } from "../sim/mod.ts";
import {
  avellanedaStoikovPrice,
  bands,
  type BaselineBudget,
  fixedSpread,
  glftPrice,
  hummingbotAs,
  polyMaker,
} from "./baselines.ts";
import { simRun, type SimRunResult } from "./sim_run.ts";

/** Bankroll of every run, USDC (one market). */
export const SCORECARD_BANKROLL = 1000;

/** A strategy of the scorecard. */
export interface Strategy {
  /** Short id (`pm4`, `fixed`, …). */
  id: string;
  /** Label for tables. */
  label: string;
  /** Config keys over the marchetype's defaults. */
  overrides: Record<string, Record<string, unknown>>;
  /** Quoting model for a bankroll (default PM4). */
  quoter?: (budget: BaselineBudget) => Quoter;
  /** A PM4 variant that is not a model term's ablation (the verdict's ablations leave it out). */
  variant?: true;
}

/** What a baseline quotes per order, USDC, whatever the bankroll (as its users configure it). */
const BASELINE_ORDER_USDC = 50;

/** The strategies, PM4 first. */
export const STRATEGIES: readonly Strategy[] = [
  { id: "pm4", label: "PM4", overrides: {} },
  { id: "pm4-sigma1", label: "PM4, σ ≡ 1", overrides: { risk: { c_sigma: 0 } } },
  { id: "pm4-lambda1", label: "PM4, λ ≡ 1", overrides: { risk: { lambda_min: 1, lambda_max: 1 } } },
  { id: "pm4-adverse0", label: "PM4, no adverse term", overrides: { quote: { c_adverse: 0 } } },
  { id: "pm4-gamma1", label: "PM4, γ ≡ 1", overrides: { risk: { gamma_max: 1 } } },
  { id: "pm4-tf1", label: "PM4, tf ≡ 1", overrides: { risk: { eta_time: 0 } } },
  { id: "pm4-vol0", label: "PM4, no risk variance", overrides: { quote: { risk_horizon_s: 0 } } },
  {
    id: "pm4-rewards",
    label: "PM4, rewards mode on",
    overrides: { quote: { rewards: "on" } },
    variant: true,
  },
  {
    id: "pm4-adaptive",
    label: "PM4, adaptive time scales",
    overrides: { calibration: { time_scales: "adaptive" } },
    variant: true,
  },
  {
    id: "fixed",
    label: "fixed spread ±2 ticks",
    overrides: {},
    quoter: (b) => fixedSpread(b, 2),
  },
  {
    id: "as-price",
    label: "A–S in price space",
    overrides: {},
    quoter: (b) =>
      avellanedaStoikovPrice(b, { gamma: 1, kappa: 100, horizonS: 3600, varianceTauS: 300 }),
  },
  {
    id: "hummingbot-as",
    label: "hummingbot A–S",
    overrides: {},
    quoter: (b) =>
      hummingbotAs(b, {
        riskFactor: 1,
        orderShares: 100,
        minSpreadPct: 2,
        inventoryTargetBasePct: 0,
        volTauS: 300,
      }),
  },
  {
    id: "glft",
    label: "GLFT",
    overrides: {},
    quoter: (b) => glftPrice(b, { gamma: 0.1, orderShares: 100, volTauS: 300 }),
  },
  {
    id: "poly-maker",
    label: "poly-maker",
    overrides: {},
    quoter: (b) =>
      polyMaker(b, {
        tradeShares: 100,
        maxShares: 250,
        maxSpread: 0.03,
        stopLossUsdc: 20,
        sleepMs: 3_600_000,
        volatilityThreshold: 0.3,
        volTauS: 3 * 3_600,
      }),
  },
  {
    id: "bands",
    label: "bands ±1/3/5 ¢",
    overrides: {},
    quoter: (b) =>
      bands(b, [
        { margin: 0.01, usdc: 20 },
        { margin: 0.03, usdc: 30 },
        { margin: 0.05, usdc: 50 },
      ]),
  },
];

/** The table label of a strategy id (the id itself when unknown). */
export function strategyLabel(id: string): string {
  return STRATEGIES.find((s) => s.id === id)?.label ?? id;
}

/** A strategy's quoting model at a bankroll (USDC): PM4's own (undefined) or a baseline's. */
export function strategyQuoter(st: Strategy, bankrollUsdc: number): Quoter | undefined {
  return st.quoter?.({ bankrollUsdc, orderUsdc: BASELINE_ORDER_USDC });
}

/**
 * The config of one run: the market of the simulator, a marchetype's
 * presets, overrides, at `bankrollUsdc` (one market: `n_plays` 1).
 */
export function scorecardConfig(
  market: SimMarket,
  type: ScenarioName,
  overrides: Record<string, Record<string, unknown>>,
  bankrollUsdc: number = SCORECARD_BANKROLL,
): Config {
  return parseConfig({
    ...overrides,
    market: {
      condition_id: market.ids.conditionId,
      asset_id_yes: market.ids.yesTokenId,
      asset_id_no: market.ids.noTokenId,
      start_ts_ms: market.openMs,
      resolve_ts_ms: market.resolveMs,
      marchetype: type,
      ...overrides.market,
    },
    risk: { bankroll_B: bankrollUsdc, n_plays: 1, ...overrides.risk },
  });
}

/** One run's numbers. */
export interface RunScore {
  /** Strategy id. */
  strategy: string;
  /** Marchetype. */
  type: ScenarioName;
  /** Seed of the market and its agents (same seed, same run). */
  seed: number;
  /** Marked P&L at the resolution, USDC. */
  pnl: number;
  /** Max drawdown, USDC. */
  maxDrawdown: number;
  /** Markout at 60 s per filled share, USDC (negative: adverse selection). */
  markout60PerShare: number;
  /** Shares filled. */
  filledShares: number;
  /** Fills per hour of the run. */
  fillRate: number;
  /** Share of the run with |q| at q_max, 0–1. */
  timeAtCapacity: number;
  /** Cash-floor breaches. */
  floorBreaches: number;
  /** Liquidity rewards earned (in the P&L), USDC. */
  rewards: number;
  /** Share of the venue's reward samples in which our orders scored, 0–1. */
  rewardScoredShare: number;
  /** Why the run's engine stopped. */
  stopReason: string;
}

/** One run as the scorecard hands it to a worker: {@link runOne}'s arguments. */
export type ScorecardJob = [
  strategy: string,
  type: ScenarioName,
  seed: number,
  bankrollUsdc: number,
];

/** Runs one strategy on one market, every strategy with `bankrollUsdc` (default the scorecard's). */
export function runOne(
  strategyId: string,
  type: ScenarioName,
  seed: number,
  bankrollUsdc: number = SCORECARD_BANKROLL,
): RunScore {
  const st = STRATEGIES.find((s) => s.id === strategyId);
  if (!st) throw new Error(`unknown strategy ${strategyId}`);
  const r: SimRunResult = simRun({
    scenario: SCENARIOS[type],
    seed,
    config: (m) => scorecardConfig(m, type, st.overrides, bankrollUsdc),
    quoter: strategyQuoter(st, bankrollUsdc),
  });
  const s = r.summary;
  const m60 = s.markouts.find((m) => m.horizonS === 60)!;
  return {
    strategy: st.id,
    type,
    seed,
    pnl: s.pnlUsdc,
    maxDrawdown: s.maxDrawdownUsdc,
    markout60PerShare: m60.perShareUsdc,
    filledShares: s.filledShares,
    fillRate: s.fillRate,
    timeAtCapacity: s.timeAtCapacity,
    floorBreaches: s.floorBreaches,
    rewards: s.rewardsUsdc,
    rewardScoredShare: s.rewardScoredShare,
    stopReason: r.stopReason,
  };
}

/** A strategy's numbers on one marchetype, over the seeds. */
export interface Cell {
  /** Strategy id. */
  strategy: string;
  /** Marchetype. */
  type: ScenarioName;
  /** Simulated runs behind the row. */
  runs: number;
  /** Mean P&L, USDC. */
  pnlMean: number;
  /** Standard deviation of P&L, USDC. */
  pnlSd: number;
  /** Mean / sd (0 when sd is 0). */
  riskAdjusted: number;
  /** Mean max drawdown, USDC. */
  maxDrawdown: number;
  /** Adverse selection per filled share, cents (share-weighted −markout at 60 s). */
  adverseCentsPerShare: number;
  /** Adverse selection per run, USDC (mean −markout at 60 s over the fills). */
  adverseUsdc: number;
  /** Mean fill rate. */
  fillRate: number;
  /** Mean time at capacity. */
  timeAtCapacity: number;
  /** Total cash-floor breaches. */
  floorBreaches: number;
  /** Mean liquidity rewards per run (in the P&L), USDC. */
  rewardsMean: number;
  /** Mean share of reward samples in which our orders scored, 0–1. */
  rewardScoredShare: number;
}

/** Mean and sample standard deviation (0 for one value) of a non-empty list. */
function meanSd(xs: readonly number[]): [number, number] {
  const n = xs.length;
  const mean = xs.reduce((a, x) => a + x, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : 0;
  return [mean, sd];
}

/** Aggregates runs into cells, in strategy order then type order. */
export function aggregate(runs: readonly RunScore[]): Cell[] {
  const out: Cell[] = [];
  const types = [...new Set(runs.map((r) => r.type))].sort();
  for (const st of STRATEGIES) {
    for (const type of types) {
      const rs = runs.filter((r) => r.strategy === st.id && r.type === type);
      if (rs.length === 0) continue;
      const n = rs.length;
      const [mean, sd] = meanSd(rs.map((r) => r.pnl));
      const shares = rs.reduce((a, r) => a + r.filledShares, 0);
      const markout = rs.reduce((a, r) => a + r.markout60PerShare * r.filledShares, 0);
      out.push({
        strategy: st.id,
        type,
        runs: n,
        pnlMean: mean,
        pnlSd: sd,
        riskAdjusted: sd > 0 ? mean / sd : 0,
        maxDrawdown: rs.reduce((a, r) => a + r.maxDrawdown, 0) / n,
        adverseCentsPerShare: shares > 0 ? -markout / shares * 100 : 0,
        adverseUsdc: -markout / n,
        fillRate: rs.reduce((a, r) => a + r.fillRate, 0) / n,
        timeAtCapacity: rs.reduce((a, r) => a + r.timeAtCapacity, 0) / n,
        floorBreaches: rs.reduce((a, r) => a + r.floorBreaches, 0),
        rewardsMean: rs.reduce((a, r) => a + r.rewards, 0) / n,
        rewardScoredShare: rs.reduce((a, r) => a + r.rewardScoredShare, 0) / n,
      });
    }
  }
  return out;
}

/**
 * A PM4 variant's P&L against PM4's on one marchetype, paired by seed: the
 * runs of one seed share the market's truth and its 1/0 payoff, so the
 * difference has far less variance than either P&L — it says which
 * ablation verdicts are more than noise.
 */
export interface PairedDiff {
  /** Strategy id (an ablation or variant of PM4). */
  strategy: string;
  /** Marchetype. */
  type: ScenarioName;
  /** Seeds with both runs. */
  n: number;
  /** Mean of (strategy − PM4) P&L over the seeds, USDC per run. */
  meanUsdc: number;
  /** Its standard error, sd/√n (0 with one seed), USDC. */
  seUsdc: number;
}

/** Each PM4 ablation and variant against PM4, per marchetype, paired by seed. */
export function pairedVsPm4(runs: readonly RunScore[]): PairedDiff[] {
  const pm4 = new Map<string, number>();
  for (const r of runs) if (r.strategy === "pm4") pm4.set(`${r.type} ${r.seed}`, r.pnl);
  const types = [...new Set(runs.map((r) => r.type))].sort();
  const out: PairedDiff[] = [];
  for (const st of STRATEGIES) {
    if (st.quoter !== undefined || st.id === "pm4") continue;
    for (const type of types) {
      const d: number[] = [];
      for (const r of runs) {
        if (r.strategy !== st.id || r.type !== type) continue;
        const base = pm4.get(`${type} ${r.seed}`);
        if (base !== undefined) d.push(r.pnl - base);
      }
      if (d.length === 0) continue;
      const [mean, sd] = meanSd(d);
      out.push({
        strategy: st.id,
        type,
        n: d.length,
        meanUsdc: mean,
        seUsdc: sd / Math.sqrt(d.length),
      });
    }
  }
  return out;
}

/**
 * The paired differences as a grid: the types, then a row per strategy
 * (its label, then `mean ± se` per type, starred when |mean| ≥ 2 se; ""
 * where it did not run).
 */
export function pairedGrid(diffs: readonly PairedDiff[]): { types: string[]; rows: string[][] } {
  const types = [...new Set(diffs.map((d) => d.type))].sort();
  const ids = [...new Set(diffs.map((d) => d.strategy))];
  const rows = ids.map((id) => [
    strategyLabel(id),
    ...types.map((t) => {
      const d = diffs.find((x) => x.strategy === id && x.type === t);
      if (!d) return "";
      const sig = d.seUsdc > 0 && Math.abs(d.meanUsdc) >= 2 * d.seUsdc ? " *" : "";
      return `${d.meanUsdc.toFixed(2)} ± ${d.seUsdc.toFixed(2)}${sig}`;
    }),
  ]);
  return { types, rows };
}

/** The paired differences as a Markdown table (the console's), after a line that reads it. */
export function pairedTable(diffs: readonly PairedDiff[]): string {
  const { types, rows } = pairedGrid(diffs);
  return "\nAgainst PM4 on the same seeds: USDC per run, mean ± standard error; * where the mean is " +
    "2 standard errors or more from 0.\n\n" +
    markdownTable(["P&L − PM4's, paired by seed", ...types], rows, 1);
}

/**
 * The issue's targets, checked: where PM4 beats the baselines, and what σ
 * does. A check whose strategies did not run (`--strategies`) is null, an
 * ablation that did not run is absent: nothing is reported as lost that was
 * not measured.
 */
export interface Verdict {
  /** Types where PM4's risk-adjusted P&L beats every baseline measured there (null: none ran). */
  pm4Wins: ScenarioName[] | null;
  /**
   * Types of informed flow where σ lowered adverse selection in USDC (per
   * run, not per share); null when σ ≡ 1 did not run.
   */
  sigmaHelps: ScenarioName[] | null;
  /** Per ablation that ran (`pm4-<term>`): the types where full PM4's mean/sd is at least the ablation's. */
  ablationsLost: Record<string, ScenarioName[]>;
  /** Informed-flow types measured. */
  informedTypes: ScenarioName[];
  /** PM4's cash-floor breaches (must be 0). */
  pm4Breaches: number;
  /**
   * Types where quoting for rewards paid: `pm4-rewards`' mean P&L (spread,
   * inventory, fees and rebates, rewards) above PM4's (rewards mode off) at
   * no worse mean max drawdown and with no floor breach (null: it did not run).
   */
  rewardsHelp: ScenarioName[] | null;
  /**
   * Types where σ's adaptive time scales (`pm4-adaptive`) have mean/sd ≥
   * PM4's fixed ones: the meta-calibration's ablation (null: it did not run).
   */
  adaptiveHelps: ScenarioName[] | null;
}

/** Informed-flow marchetypes: insiders lead (1) or news jumps (2) — where σ should help. */
export const INFORMED_TYPES: readonly ScenarioName[] = ["a1", "a2", "e1"];

/** Checks the targets on aggregated cells. */
export function verdict(cells: readonly Cell[]): Verdict {
  const at = (s: string, t: ScenarioName) => cells.find((c) => c.strategy === s && c.type === t);
  const types = [...new Set(cells.map((c) => c.type))];
  const ran = new Set(cells.map((c) => c.strategy));
  // a check runs only on what was measured
  const when = (id: string, check: () => ScenarioName[]) => ran.has(id) ? check() : null;
  const baselines = STRATEGIES.filter((s) => s.quoter !== undefined && ran.has(s.id)).map((s) =>
    s.id
  );
  const pm4Wins = baselines.length === 0 ? null : types.filter((t) => {
    const p = at("pm4", t);
    const others = baselines.map((id) => at(id, t)).filter((c) => c !== undefined);
    return p !== undefined && others.length > 0 &&
      others.every((c) => p.riskAdjusted > c.riskAdjusted);
  });
  const informedTypes = types.filter((t) => INFORMED_TYPES.includes(t));
  const sigmaHelps = when("pm4-sigma1", () =>
    informedTypes.filter((t) => {
      const p = at("pm4", t);
      const s1 = at("pm4-sigma1", t);
      return p !== undefined && s1 !== undefined && p.adverseUsdc < s1.adverseUsdc;
    }));
  const ablationsLost: Record<string, ScenarioName[]> = {};
  for (const s of STRATEGIES) {
    if (s.quoter !== undefined || s.variant || s.id === "pm4" || !ran.has(s.id)) continue;
    ablationsLost[s.id] = types.filter((t) => {
      const p = at("pm4", t);
      const a = at(s.id, t);
      return p !== undefined && a !== undefined && p.riskAdjusted >= a.riskAdjusted;
    });
  }
  const pm4Breaches = cells.filter((c) => c.strategy === "pm4").reduce(
    (a, c) => a + c.floorBreaches,
    0,
  );
  const rewardsHelp = when("pm4-rewards", () =>
    types.filter((t) => {
      const on = at("pm4-rewards", t);
      const off = at("pm4", t);
      return on !== undefined && off !== undefined && on.pnlMean > off.pnlMean &&
        on.maxDrawdown <= off.maxDrawdown && on.floorBreaches === 0;
    }));
  const adaptiveHelps = when("pm4-adaptive", () =>
    types.filter((t) => {
      const on = at("pm4-adaptive", t);
      const off = at("pm4", t);
      return on !== undefined && off !== undefined && on.riskAdjusted >= off.riskAdjusted;
    }));
  return {
    pm4Wins,
    sigmaHelps,
    ablationsLost,
    informedTypes,
    pm4Breaches,
    rewardsHelp,
    adaptiveHelps,
  };
}

/**
 * The verdict in one paragraph of plain text (the CLI's last line, the
 * report's header); a check whose strategies did not run is left out.
 */
export function verdictText(v: Verdict, types: number): string {
  const count = (ts: readonly string[], of: number, what = "types") =>
    `${ts.length}/${of} ${what} (${ts.join(", ") || "none"})`;
  const parts: string[] = [];
  if (v.pm4Wins !== null) {
    parts.push(`PM4 beats every baseline (risk-adjusted) in ${count(v.pm4Wins, types)}`);
  }
  const ablations = Object.entries(v.ablationsLost);
  if (ablations.length > 0) {
    parts.push(
      `PM4's mean/sd ≥ its ablation's: ${
        ablations.map(([id, ts]) => `${strategyLabel(id)} ${ts.length}/${types}`).join(", ")
      }`,
    );
  }
  if (v.sigmaHelps !== null) {
    parts.push(
      `σ lowers adverse selection (USDC) in ${
        count(v.sigmaHelps, v.informedTypes.length, "informed-flow types")
      }`,
    );
  }
  if (v.rewardsHelp !== null) {
    parts.push(
      `quoting for rewards pays (more P&L, no deeper drawdown) in ${count(v.rewardsHelp, types)}`,
    );
  }
  if (v.adaptiveHelps !== null) {
    parts.push(`adaptive time scales ≥ fixed (mean/sd) in ${count(v.adaptiveHelps, types)}`);
  }
  parts.push(`PM4 floor breaches: ${v.pm4Breaches}.`);
  return parts.join("; ");
}
