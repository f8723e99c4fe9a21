/**
 * Reports of runs: one self-contained HTML page with the summary and charts.
 *
 * @module
 */

export { CHARTS, renderReport } from "./html.ts";
export type { Markout, RunResult, RunSeries, RunSummary } from "../backtest/mod.ts";
export type { ChartSpec } from "./html.ts";
