/**
 * The scorecard as one self-contained HTML page: per marchetype, bar charts
 * of risk-adjusted P&L, mean P&L with its spread, and adverse selection per
 * filled share, plus the full table. Static SVG: no script, no network.
 *
 * @module
 */

import type { ScenarioName } from "../sim/mod.ts";
import {
  type Cell,
  type PairedDiff,
  pairedGrid,
  STRATEGIES,
  strategyLabel,
  type Verdict,
  verdictText,
} from "./scorecard.ts";

const COLORS: Record<string, string> = {
  "pm4": "#0f766e",
  "pm4-sigma1": "#14b8a6",
  "pm4-lambda1": "#5eead4",
  "fixed": "#dc2626",
  "as-price": "#ea580c",
  "bands": "#a16207",
};

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A horizontal bar chart: one bar per strategy (value ± err), zero line, labels. */
function bars(
  title: string,
  unit: string,
  rows: { id: string; v: number; err?: number }[],
): string {
  const W = 460, rowH = 22, L = 150, R = 60, T = 26;
  const H = T + rows.length * rowH + 8;
  const ext = Math.max(1e-9, ...rows.map((r) => Math.abs(r.v) + (r.err ?? 0)));
  const x0 = L + (W - L - R) / 2;
  const X = (v: number) => x0 + v / ext * (W - L - R) / 2;
  const parts = rows.map((r, i) => {
    const y = T + i * rowH;
    const a = Math.min(X(0), X(r.v));
    const w = Math.max(1, Math.abs(X(r.v) - X(0)));
    const label = strategyLabel(r.id);
    const err = r.err
      ? `<line x1="${X(r.v - r.err)}" x2="${X(r.v + r.err)}" y1="${y + 9}" y2="${
        y + 9
      }" stroke="#0f172a"/>`
      : "";
    return `<text x="${L - 6}" y="${y + 13}" text-anchor="end" class="l">${esc(label)}</text>` +
      `<rect x="${a}" y="${y + 3}" width="${w}" height="12" fill="${
        COLORS[r.id] ?? "#64748b"
      }" data-value="${r.v}"/>` +
      err +
      `<text x="${W - R + 4}" y="${y + 13}" class="v">${r.v.toFixed(2)}</text>`;
  });
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">` +
    `<text x="4" y="14" class="t">${esc(title)} <tspan class="u">${esc(unit)}</tspan></text>` +
    `<line x1="${X(0)}" x2="${X(0)}" y1="${T}" y2="${H - 6}" class="z"/>${parts.join("")}</svg>`;
}

function pairedRows(paired: readonly PairedDiff[]): string {
  const { types, rows } = pairedGrid(paired);
  const head = `<tr><th>strategy</th>${types.map((t) => `<th>${esc(t)}</th>`).join("")}</tr>`;
  return head + rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("");
}

/** The page. */
export function renderScorecard(
  cells: readonly Cell[],
  paired: readonly PairedDiff[],
  v: Verdict,
  meta: { seeds: number; types: ScenarioName[]; seconds: number; command: string },
): string {
  const sections = meta.types.map((t) => {
    const cs = STRATEGIES.map((s) => cells.find((c) => c.type === t && c.strategy === s.id))
      .filter((c): c is Cell => c !== undefined);
    return `<section><h2>${esc(t)}</h2><div class="row">` +
      bars(
        "risk-adjusted P&L",
        "mean / sd",
        cs.map((c) => ({ id: c.strategy, v: c.riskAdjusted })),
      ) +
      bars(
        "P&L",
        "USDC, mean ± sd",
        cs.map((c) => ({ id: c.strategy, v: c.pnlMean, err: c.pnlSd })),
      ) +
      bars(
        "adverse selection",
        "USDC per run, 60 s markout",
        cs.map((c) => ({ id: c.strategy, v: c.adverseUsdc })),
      ) +
      `</div></section>`;
  }).join("\n");
  const head =
    "<tr><th>type</th><th>strategy</th><th>P&amp;L mean</th><th>sd</th><th>mean/sd</th><th>max DD</th><th>adverse ¢/sh</th><th>adverse USDC</th><th>rewards USDC</th><th>scored</th><th>fill rate</th><th>at capacity</th><th>floor breaches</th></tr>";
  const body = cells.map((c) =>
    `<tr><td>${c.type}</td><td>${esc(strategyLabel(c.strategy))}</td>` +
    `<td>${c.pnlMean.toFixed(2)}</td><td>${c.pnlSd.toFixed(2)}</td><td>${
      c.riskAdjusted.toFixed(2)
    }</td>` +
    `<td>${c.maxDrawdown.toFixed(2)}</td><td>${c.adverseCentsPerShare.toFixed(3)}</td>` +
    `<td>${c.adverseUsdc.toFixed(2)}</td><td>${c.rewardsMean.toFixed(2)}</td>` +
    `<td>${(c.rewardScoredShare * 100).toFixed(0)} %</td>` +
    `<td>${(c.fillRate * 100).toFixed(2)} %</td><td>${(c.timeAtCapacity * 100).toFixed(1)} %</td>` +
    `<td>${c.floorBreaches}</td></tr>`
  ).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>pm4 scorecard</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}
main{max-width:1440px;margin:0 auto;padding:24px}h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:0 0 6px}
.sub{color:#475569;margin-bottom:16px}section{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:12px;margin-bottom:14px}
.row{display:grid;grid-template-columns:repeat(3,1fr);gap:12px}svg{width:100%;height:auto}
.t{font-size:12px;font-weight:600}.u{font-weight:normal;fill:#64748b}.l{font-size:11px;fill:#334155}.v{font-size:11px;fill:#334155}
.z{stroke:#94a3b8}table{border-collapse:collapse;background:#fff;width:100%;font-size:13px}
th,td{border:1px solid #e2e8f0;padding:3px 8px;text-align:right}td:nth-child(-n+2),th:nth-child(-n+2){text-align:left}
</style></head><body><main>
<h1>pm4 scorecard</h1>
<div class="sub">${meta.types.length} marchetypes × ${meta.seeds} seeds × ${
    new Set(cells.map((c) => c.strategy)).size
  } strategies in the simulator, each run to the resolution; ${
    meta.seconds.toFixed(0)
  } s. Reproduce: <code>${esc(meta.command)}</code><br>
${esc(verdictText(v, meta.types.length))}</div>
${sections}
<section><h2>All numbers</h2><table>${head}${body}</table></section>
<section><h2>Against PM4, paired by seed</h2><div class="sub">P&amp;L − PM4's P&amp;L on the same seed, USDC per run: mean ± standard error; * where |mean| ≥ 2 standard errors. The runs of a seed share the market's truth and payoff, so these differences are far less noisy than the P&amp;Ls themselves.</div><table>${
    pairedRows(paired)
  }</table></section>
</main></body></html>
`;
}
