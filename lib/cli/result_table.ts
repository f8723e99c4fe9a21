/**
 * The summary of a run as a console table (the same numbers as result.json).
 *
 * @module
 */

import type { RunSummary } from "../backtest/mod.ts";

function usd(x: number): string {
  return `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(2)} USDC`;
}

function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0
    ? `${h}h ${String(m).padStart(2, "0")}m`
    : `${m}m ${String(s % 60).padStart(2, "0")}s`;
}

/** Rows `[label, value]` of a summary. */
export function summaryRows(s: RunSummary): [string, string][] {
  const rows: [string, string][] = [
    ["span", `${new Date(s.startMs).toISOString()} + ${duration(s.endMs - s.startMs)}`],
    ["P&L (marked)", usd(s.pnlUsdc)],
    ["  spread capture", usd(s.spreadCaptureUsdc)],
    ["  inventory P&L", usd(s.inventoryPnlUsdc)],
    ["  fees / rebates", usd(s.feesUsdc)],
    ["  rewards (estimated)", usd(s.rewardsUsdc)],
  ];
  if (s.rewardSamples > 0) {
    rows.push([
      "reward samples",
      `${s.rewardSamples}, ours scored in ${(s.rewardScoredShare * 100).toFixed(1)} %`,
    ]);
  }
  for (const m of s.markouts) {
    rows.push([
      `markout ${m.horizonS}s`,
      `${usd(m.usdc)}  (${(m.perShareUsdc * 100).toFixed(3)}¢/share, ${m.fills} fills)`,
    ]);
  }
  rows.push(
    ["fills", `${s.fills} (${s.filledShares.toFixed(2)} shares)`],
    ["orders sent", `${s.ordersPlaced} (${s.sharesPlaced.toFixed(2)} shares)`],
    ["fill rate", `${(s.fillRate * 100).toFixed(2)} % of shares sent`],
    ["max drawdown", `${s.maxDrawdownUsdc.toFixed(2)} USDC`],
    ["time at capacity", `${(s.timeAtCapacity * 100).toFixed(1)} %`],
    ["cash-floor breaches", String(s.floorBreaches)],
    ["post-only races", `${s.postOnlyRaces} (the book moved onto an order in flight; requoted)`],
    [
      "final position",
      `${s.finalPosition >= 0 ? "+" : ""}${s.finalPosition.toFixed(2)} shares YES−NO`,
    ],
    ["final cash", `${s.finalCashUsdc.toFixed(2)} USDC`],
    ["resolution", s.resolution ?? "unknown (marked at the last mid)"],
  );
  return rows;
}

/** The summary as aligned text lines. */
export function summaryTable(s: RunSummary): string {
  const rows = summaryRows(s);
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join("\n");
}
