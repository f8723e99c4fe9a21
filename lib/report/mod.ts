/**
 * Reports of runs: one self-contained HTML page with the summary and charts.
 *
 * @module
 */

export { CHARTS, renderReport } from "./html.ts";
export type { RunResult } from "../backtest/mod.ts";
export type { RunSeries, RunSummary } from "../backtest/mod.ts";
export type { Markout } from "../backtest/mod.ts";
export type { ChartSpec } from "./html.ts";
