/**
 * The scorecard on a real recording: every strategy — PM4, its ablations and
 * the baselines — through the backtest's venue (queue position, latency, the
 * recorded trades) on the same market data, with the scorecard's bankroll.
 * The simulator is not the judge here: the market is what was recorded. The
 * recorded book does not react to our orders, so this measures what each
 * strategy's quotes would have caught and what the price did afterwards.
 *
 * @module
 */

import { Backtest, type BacktestOptions, type DataItem } from "../backtest/mod.ts";
import { type Config, parseConfig } from "../config/mod.ts";
import {
  SCORECARD_BANKROLL,
  STRATEGIES,
  type Strategy,
  strategyLabel,
  strategyQuoter,
} from "./scorecard.ts";
import { markdownTable } from "../formats/mod.ts";

/** One strategy's numbers on one recording. */
export interface DataScore {
  /** Strategy id. */
  strategy: string;
  /** Marked P&L at the end (the payoff when the resolution is known), USDC. */
  pnl: number;
  /** Spread capture, USDC. */
  spreadCapture: number;
  /** Inventory P&L, USDC. */
  inventoryPnl: number;
  /** Max drawdown, USDC. */
  maxDrawdown: number;
  /** Adverse selection per filled share at 60 s, cents (−markout). */
  adverseCentsPerShare: number;
  /** Fills. */
  fills: number;
  /** Shares filled. */
  filledShares: number;
  /** Filled shares / shares sent. */
  fillRate: number;
  /** Share of the run at capacity. */
  timeAtCapacity: number;
  /** Cash-floor breaches. */
  floorBreaches: number;
  /** Net position at the end, shares. */
  finalPosition: number;
  /** Why the engine stopped. */
  stopReason: string;
}

/**
 * The config of one strategy on a recording: the user's, at `bankrollUsdc`
 * (default the scorecard's; one market), with the strategy's keys.
 */
export function dataConfig(
  cfg: Config,
  st: Strategy,
  bankrollUsdc: number = SCORECARD_BANKROLL,
): Config {
  const merged: Record<string, unknown> = {
    ...cfg,
    risk: { ...cfg.risk, bankroll_B: bankrollUsdc, n_plays: 1 },
  };
  for (const [section, keys] of Object.entries(st.overrides)) {
    merged[section] = { ...merged[section] as object, ...keys };
  }
  return parseConfig(merged);
}

/**
 * Runs the strategies (default every one, in {@link STRATEGIES} order) on the
 * recording `items` (in time order) with the venue model `venue`, each with
 * `bankrollUsdc`; their scores in that order.
 */
export function dataScorecard(
  cfg: Config,
  items: readonly DataItem[],
  venue: Partial<BacktestOptions>,
  bankrollUsdc: number = SCORECARD_BANKROLL,
  strategies: readonly Strategy[] = STRATEGIES,
): DataScore[] {
  return strategies.map((st) => {
    const bt = new Backtest(dataConfig(cfg, st, bankrollUsdc), {
      ...venue,
      quoter: strategyQuoter(st, bankrollUsdc),
    });
    for (const it of items) {
      if (it.kind === "frame") bt.frame(it.rxMs, it.text);
      else if (it.kind === "trades") bt.publicTrades(it.rxMs, it.trades);
      else bt.connection(it.rxMs, it.up);
      if (bt.done) break;
    }
    const r = bt.finish();
    const s = r.summary;
    const m60 = s.markouts.find((m) => m.horizonS === 60)!;
    return {
      strategy: st.id,
      pnl: s.pnlUsdc,
      spreadCapture: s.spreadCaptureUsdc,
      inventoryPnl: s.inventoryPnlUsdc,
      maxDrawdown: s.maxDrawdownUsdc,
      adverseCentsPerShare: -m60.perShareUsdc * 100,
      fills: s.fills,
      filledShares: s.filledShares,
      fillRate: s.fillRate,
      timeAtCapacity: s.timeAtCapacity,
      floorBreaches: s.floorBreaches,
      finalPosition: s.finalPosition,
      stopReason: r.stopReason,
    };
  });
}

/** The scores as a Markdown table, one row per strategy. */
export function renderDataTable(scores: readonly DataScore[]): string {
  const head = [
    "strategy",
    "P&L",
    "spread",
    "inventory",
    "max DD",
    "adv ¢/sh",
    "fills",
    "shares",
    "fill %",
    "cap %",
    "q end",
    "breach",
  ];
  const rows = scores.map((s) => [
    strategyLabel(s.strategy),
    s.pnl.toFixed(2),
    s.spreadCapture.toFixed(2),
    s.inventoryPnl.toFixed(2),
    s.maxDrawdown.toFixed(2),
    s.filledShares > 0 ? s.adverseCentsPerShare.toFixed(3) : "–",
    String(s.fills),
    s.filledShares.toFixed(0),
    (s.fillRate * 100).toFixed(2),
    (s.timeAtCapacity * 100).toFixed(1),
    s.finalPosition.toFixed(1),
    String(s.floorBreaches),
  ]);
  return markdownTable(head, rows, 1);
}
