/**
 * The HTML report of a run: one self-contained file (no CDN, no network, works
 * offline) with the summary table and charts — price with our quotes and
 * fills, inventory, cash, marked P&L, the P&L split, σ/λ/γ and δ over time.
 * The data is embedded as JSON and drawn into SVG by a small inline script;
 * each chart marks how many points it drew (`data-drawn`), which is what the
 * browser test checks.
 *
 * @module
 */

import type { RunResult } from "../backtest/mod.ts";

/** A chart: which columns it draws. */
export interface ChartSpec {
  /** Element id. */
  id: string;
  /** Heading. */
  title: string;
  /** Unit of the y axis. */
  unit: string;
  /** Series: column, legend, colour, drawn as steps or not. */
  lines: { col: string; label: string; color: string; step?: boolean }[];
  /** Marks our fills on it. */
  fills?: boolean;
}

/** The charts, in page order. */
export const CHARTS: readonly ChartSpec[] = [
  {
    id: "price",
    title: "Price, our quotes and fills",
    unit: "YES price",
    lines: [
      { col: "mid", label: "mid", color: "#334155" },
      { col: "bid", label: "our bid", color: "#16a34a", step: true },
      { col: "ask", label: "our ask", color: "#dc2626", step: true },
    ],
    fills: true,
  },
  {
    id: "inventory",
    title: "Inventory",
    unit: "shares YES − NO",
    lines: [{ col: "q", label: "q", color: "#7c3aed", step: true }],
  },
  {
    id: "cash",
    title: "Cash",
    unit: "USDC",
    lines: [{ col: "cash", label: "cash", color: "#0891b2", step: true }],
  },
  {
    id: "pnl",
    title: "Marked P&L",
    unit: "USDC",
    lines: [{ col: "pnl", label: "P&L", color: "#0f766e" }],
  },
  {
    id: "split",
    title: "P&L split",
    unit: "USDC",
    lines: [
      { col: "spread", label: "spread capture", color: "#16a34a" },
      { col: "inventory", label: "inventory P&L", color: "#ea580c" },
      { col: "fees", label: "fees / rebates", color: "#64748b" },
      { col: "rewards", label: "rewards", color: "#7c3aed" },
      { col: "pnl", label: "total", color: "#0f172a" },
    ],
  },
  {
    id: "risk",
    title: "Toxicity σ, structural risk λ, solvency fear γ",
    unit: "multiplier",
    lines: [
      { col: "sigma", label: "σ", color: "#dc2626", step: true },
      { col: "lambda", label: "λ", color: "#2563eb", step: true },
      { col: "gamma", label: "γ", color: "#d97706", step: true },
    ],
  },
  {
    id: "skew",
    title: "Inventory skew δ",
    unit: "logit",
    lines: [{ col: "delta", label: "δ", color: "#9333ea", step: true }],
  },
];

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function usd(x: number): string {
  return `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(2)}`;
}

/** Draws every `.chart` from the embedded data (runs in the browser). */
const SCRIPT = String.raw`
(function () {
  var data = JSON.parse(document.getElementById("run-data").textContent);
  var charts = JSON.parse(document.getElementById("chart-specs").textContent);
  var cols = data.series.columns, rows = data.series.rows;
  var NS = "http://www.w3.org/2000/svg";
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function fmtT(ms, span) {
    var d = new Date(ms);
    var hh = ("0" + d.getUTCHours()).slice(-2), mm = ("0" + d.getUTCMinutes()).slice(-2);
    var ss = ("0" + d.getUTCSeconds()).slice(-2);
    return span > 2 * 86400000 ? d.toISOString().slice(5, 10) + " " + hh + ":" + mm
      : span > 600000 ? hh + ":" + mm : hh + ":" + mm + ":" + ss;
  }
  function fmtV(v) {
    var a = Math.abs(v);
    return a >= 1000 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toFixed(3);
  }
  charts.forEach(function (spec) {
    var box = document.getElementById("chart-" + spec.id);
    var W = 960, H = 260, L = 64, R = 16, T = 14, B = 30;
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": spec.title }, box);
    var t0 = Infinity, t1 = -Infinity, lo = Infinity, hi = -Infinity, drawn = 0;
    var idx = spec.lines.map(function (l) { return cols.indexOf(l.col) + 1; });
    rows.forEach(function (r) {
      idx.forEach(function (i) {
        var v = r[i];
        if (v === null || v === undefined) return;
        if (r[0] < t0) t0 = r[0];
        if (r[0] > t1) t1 = r[0];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      });
    });
    var fills = spec.fills ? data.series.fills : [];
    fills.forEach(function (f) {
      if (f[0] < t0) t0 = f[0];
      if (f[0] > t1) t1 = f[0];
      if (f[1] < lo) lo = f[1];
      if (f[1] > hi) hi = f[1];
    });
    if (!(t1 >= t0) || !(hi >= lo)) {
      el("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, svg).textContent = "no data";
      box.setAttribute("data-drawn", "0");
      return;
    }
    if (t1 === t0) t1 = t0 + 1;
    if (hi === lo) { hi += 0.5; lo -= 0.5; }
    var pad = (hi - lo) * 0.06; hi += pad; lo -= pad;
    var X = function (t) { return L + (t - t0) / (t1 - t0) * (W - L - R); };
    var Y = function (v) { return T + (hi - v) / (hi - lo) * (H - T - B); };
    for (var g = 0; g <= 4; g++) {
      var v = lo + (hi - lo) * g / 4, y = Y(v);
      el("line", { x1: L, x2: W - R, y1: y, y2: y, class: "grid" }, svg);
      el("text", { x: L - 6, y: y + 4, "text-anchor": "end", class: "tick" }, svg).textContent = fmtV(v);
      var t = t0 + (t1 - t0) * g / 4;
      var anchor = g === 0 ? "start" : g === 4 ? "end" : "middle";
      el("text", { x: X(t), y: H - 8, "text-anchor": anchor, class: "tick" }, svg).textContent = fmtT(t, t1 - t0);
    }
    if (lo < 0 && hi > 0) el("line", { x1: L, x2: W - R, y1: Y(0), y2: Y(0), class: "zero" }, svg);
    spec.lines.forEach(function (l, k) {
      var i = idx[k], d = "", pen = false, prevY = 0, n = 0;
      rows.forEach(function (r) {
        var v = r[i];
        if (v === null || v === undefined) { pen = false; return; }
        var x = X(r[0]).toFixed(1), y = Y(v).toFixed(1);
        if (!pen) d += "M" + x + " " + y;
        else d += (l.step ? "H" + x + "V" + y : "L" + x + " " + y);
        pen = true; prevY = y; n++;
      });
      if (n > 0) el("path", { d: d, fill: "none", stroke: l.color, "stroke-width": 1.6, "data-points": n }, svg);
      drawn += n;
    });
    fills.forEach(function (f) {
      var x = X(f[0]), y = Y(f[1]), up = f[2] > 0;
      el("path", {
        d: up ? "M" + x + " " + (y - 5) + "l4 7h-8z" : "M" + x + " " + (y + 5) + "l4 -7h-8z",
        fill: up ? "#16a34a" : "#dc2626", class: "fill"
      }, svg);
      drawn++;
    });
    var legend = document.createElement("div");
    legend.className = "legend";
    spec.lines.forEach(function (l) {
      var s = document.createElement("span");
      s.innerHTML = '<i style="background:' + l.color + '"></i>' + l.label;
      legend.appendChild(s);
    });
    if (spec.fills) legend.insertAdjacentHTML("beforeend", '<span>▲ we bought · ▼ we sold</span>');
    box.appendChild(legend);
    var cursor = el("line", { y1: T, y2: H - B, class: "cursor", visibility: "hidden" }, svg);
    var tip = document.createElement("div");
    tip.className = "tip";
    box.appendChild(tip);
    svg.addEventListener("mousemove", function (ev) {
      var rect = svg.getBoundingClientRect();
      var t = t0 + ((ev.clientX - rect.left) / rect.width * W - L) / (W - L - R) * (t1 - t0);
      var best = null;
      for (var j = 0; j < rows.length; j++) { if (rows[j][0] <= t) best = rows[j]; else break; }
      if (!best) return;
      cursor.setAttribute("x1", X(best[0])); cursor.setAttribute("x2", X(best[0]));
      cursor.setAttribute("visibility", "visible");
      tip.style.display = "block";
      tip.textContent = new Date(best[0]).toISOString().replace("T", " ").slice(0, 19) + "  " +
        spec.lines.map(function (l, k) {
          var v = best[idx[k]];
          return l.label + " " + (v === null ? "—" : fmtV(v));
        }).join("  ");
    });
    svg.addEventListener("mouseleave", function () {
      cursor.setAttribute("visibility", "hidden"); tip.style.display = "none";
    });
    box.setAttribute("data-drawn", String(drawn));
  });
  document.body.setAttribute("data-charts-done", "1");
})();
`;

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#0f172a;background:#f8fafc}
main{max-width:1000px;margin:0 auto;padding:24px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:0 0 6px}
.sub{color:#475569;margin-bottom:18px;word-break:break-all}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:10px;margin-bottom:18px}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:10px 12px}
.card b{display:block;font-size:18px}.card span{color:#64748b;font-size:12px}
table{border-collapse:collapse;background:#fff;border:1px solid #e2e8f0;margin-bottom:18px;width:100%}
td{padding:4px 10px;border-top:1px solid #f1f5f9}td:first-child{color:#475569;width:40%}
section{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:12px;margin-bottom:14px;position:relative}
.unit{color:#64748b;font-weight:normal;font-size:12px}
svg{width:100%;height:auto;display:block}
.grid{stroke:#e2e8f0}.zero{stroke:#94a3b8;stroke-dasharray:3 3}.tick{fill:#64748b;font-size:11px}
.cursor{stroke:#94a3b8}.empty{fill:#94a3b8}
.legend span{margin-right:14px;color:#334155;font-size:12px}
.legend i{display:inline-block;width:10px;height:3px;margin-right:4px;vertical-align:middle}
.tip{display:none;position:absolute;top:8px;right:12px;background:#0f172acc;color:#fff;font-size:12px;padding:3px 8px;border-radius:4px}
`;

/** The report page of a run. `title` names it (a market question, a file). */
export function renderReport(r: RunResult, title: string): string {
  const s = r.summary;
  const span = `${new Date(s.startMs).toISOString()} → ${new Date(s.endMs).toISOString()}`;
  const cards = [
    ["Marked P&L, USDC", usd(s.pnlUsdc)],
    ["Spread capture", usd(s.spreadCaptureUsdc)],
    ["Inventory P&L", usd(s.inventoryPnlUsdc)],
    ["Max drawdown", usd(-s.maxDrawdownUsdc)],
  ];
  const rows: [string, string][] = [
    ["Fees / rebates, USDC", usd(s.feesUsdc)],
    ["Liquidity rewards (estimated), USDC", usd(s.rewardsUsdc)],
    [
      "Reward samples",
      s.rewardSamples > 0
        ? `${s.rewardSamples} · ours scored in ${(s.rewardScoredShare * 100).toFixed(1)} %`
        : "none (no reward program)",
    ],
    ...s.markouts.map((m): [string, string] => [
      `Markout ${m.horizonS} s`,
      `${usd(m.usdc)} USDC · ${(m.perShareUsdc * 100).toFixed(3)}¢ per share · ${m.fills} fills`,
    ]),
    ["Fills", `${s.fills} · ${s.filledShares.toFixed(2)} shares`],
    ["Orders sent", `${s.ordersPlaced} · ${s.sharesPlaced.toFixed(2)} shares`],
    ["Fill rate", `${(s.fillRate * 100).toFixed(2)} % of shares sent`],
    ["Time at capacity", `${(s.timeAtCapacity * 100).toFixed(1)} %`],
    ["Cash-floor breaches", String(s.floorBreaches)],
    ["Final position", `${s.finalPosition.toFixed(2)} shares YES − NO`],
    ["Final cash", `${s.finalCashUsdc.toFixed(2)} USDC`],
    ["Resolution", s.resolution ?? "unknown (marked at the last mid)"],
    ["Decisions", String(s.decisions)],
  ];
  const json = (x: unknown) => JSON.stringify(x).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>pm4 report — ${esc(title)}</title>
<style>${STYLE}</style></head>
<body><main>
<h1>pm4 ${esc(r.kind)} report — ${esc(title)}</h1>
<div class="sub">market ${esc(r.conditionId)} · ${esc(span)}</div>
<div class="cards">${
    cards.map(([k, v]) => `<div class="card"><span>${esc(k)}</span><b>${esc(v)}</b></div>`).join("")
  }</div>
<table>${rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join("")}</table>
${
    CHARTS.map((c) =>
      `<section><h2>${esc(c.title)} <span class="unit">${
        esc(c.unit)
      }</span></h2><div class="chart" id="chart-${c.id}"></div></section>`
    ).join("\n")
  }
<noscript>The charts need JavaScript (it is inline; nothing is loaded from the network).</noscript>
</main>
<script id="run-data" type="application/json">${json(r)}</script>
<script id="chart-specs" type="application/json">${json(CHARTS)}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
