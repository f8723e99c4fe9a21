/**
 * Reports of runs: one self-contained HTML page with the summary and charts.
 *
 * @module
 */

export { CHARTS, renderReport } from "./html.ts";
