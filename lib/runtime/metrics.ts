/**
 * The optional Prometheus endpoint of a session (`pm4 run --metrics-port`):
 * `GET /metrics` in the text exposition format (0.0.4) — quotes, inventory,
 * P&L, σ/λ/γ, order, fill and error counters, feed lag and skips — read from
 * the engine when scraped (nothing is computed between scrapes). Loopback by
 * default; `--metrics-host` binds elsewhere (a Kubernetes pod).
 *
 * @module
 */

import type { EngineStatus, TradingState } from "../engine/mod.ts";

/** What a scrape shows (the session fills it from the engine). */
export interface MetricsSnapshot {
  /**
   * The instance: `market` (its label, `portfolio.label` or the condition
   * id's head — on every sample, so one Prometheus scrapes a whole fleet),
   * the condition id, mode, version, run id (the `pm4_info` labels).
   */
  info: { market: string; condition_id: string; mode: string; version: string; run: string };
  /** The engine's status. */
  status: EngineStatus;
  /** YES and NO shares held, cash in USDC. */
  yesShares: number;
  /** NO shares held. */
  noShares: number;
  /** Cash held, USDC. */
  cashUsdc: number;
  /** Highest marked P&L, USDC. */
  peakPnlUsdc: number;
  /** Consecutive rejects or errors (the kill switch's count). */
  errorStreak: number;
  /** Orders by what happened to them (placed, rejected, cancelled, …), since the start. */
  orders: Record<string, number>;
  /** Errors by operation, since the start. */
  errors: Record<string, number>;
  /** Reconnects by channel (market, user). */
  reconnects: Record<string, number>;
  /** Seconds since the last market frame (NaN before any). */
  feedAgeS: number;
  /** Receive time − venue time of the last timestamped market event, s. */
  feedLagS: number;
  /** The feed's counters: frames, events, skips and anomalies by reason. */
  feedSkips: Record<string, number>;
  /** Seconds since the session started. */
  uptimeS: number;
}

const STATES: TradingState[] = ["starting", "active", "paused", "halted"];

function num(v: number): string {
  return Number.isNaN(v) ? "NaN" : Number.isFinite(v) ? String(v) : v > 0 ? "+Inf" : "-Inf";
}

function esc(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** The exposition text of a snapshot. */
export function renderMetrics(m: MetricsSnapshot): string {
  const out: string[] = [];
  const metric = (
    name: string,
    type: "gauge" | "counter",
    help: string,
    values: [Record<string, string>, number][],
  ) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of values) {
      const l = Object.entries({ market: m.info.market, ...labels })
        .map(([k, x]) => `${k}="${esc(x)}"`).join(",");
      out.push(`${name}{${l}} ${num(v)}`);
    }
  };
  const one = (name: string, help: string, v: number, type: "gauge" | "counter" = "gauge") =>
    metric(name, type, help, [[{}, v]]);
  // a counter per key of `rec`, the key as label `key`
  const counters = (name: string, help: string, rec: Record<string, number>, key: string) =>
    metric(
      name,
      "counter",
      help,
      Object.entries(rec).map(([k, v]) => [{ [key]: k }, v] as [Record<string, string>, number]),
    );
  const s = m.status;
  metric("pm4_info", "gauge", "The instance: market, condition id, mode, version, run", [[
    m.info,
    1,
  ]]);
  metric(
    "pm4_state",
    "gauge",
    "Trading state (1 for the current one)",
    STATES.map((st) => [{ state: st }, s.state === st ? 1 : 0]),
  );
  one("pm4_uptime_seconds", "Seconds since the session started", m.uptimeS);
  one("pm4_reference_price", "Reference YES price p the model quotes around", s.p);
  one("pm4_quote_bid_price", "Innermost bid we quote, YES price (NaN when none)", s.bid);
  one("pm4_quote_ask_price", "Innermost ask we quote, YES price (NaN when none)", s.ask);
  one("pm4_inventory_shares", "Net position YES − NO, shares", s.q);
  one("pm4_inventory_yes_shares", "YES shares held", m.yesShares);
  one("pm4_inventory_no_shares", "NO shares held", m.noShares);
  one("pm4_cash_usdc", "Cash, USDC", m.cashUsdc);
  one("pm4_pnl_usdc", "Marked P&L since the start, USDC", s.pnlUsdc);
  one("pm4_drawdown_usdc", "Marked P&L below its peak, USDC", m.peakPnlUsdc - s.pnlUsdc);
  one("pm4_sigma", "Toxicity multiplier σ of the last decision", s.sigma);
  one(
    "pm4_time_scale_factor",
    "Factor of σ's fast time scales on the configured (1 when fixed)",
    s.timeFactor,
  );
  one("pm4_lambda", "Structural risk λ of the last decision", s.lambda);
  one("pm4_gamma", "Dynamic risk aversion γ of the last decision", s.gamma);
  one("pm4_orders_working", "Orders working at the exchange", s.orders);
  counters("pm4_orders_total", "Order events since the start", m.orders, "event");
  one("pm4_fills_total", "Fills since the start", s.fills, "counter");
  one(
    "pm4_post_only_races_total",
    "Post-only orders refused because the book moved onto them in flight",
    s.races,
    "counter",
  );
  if (s.rewards) {
    one(
      "pm4_rewards_scoring_orders",
      "Our resting orders that scored in the last reward sample",
      s.rewards.scoring,
    );
    one("pm4_rewards_orders", "Our resting orders at the last reward sample", s.rewards.orders);
    one(
      "pm4_rewards_share",
      "Our estimated share of the last sampled minute's reward pool",
      s.rewards.share,
    );
    one(
      "pm4_rewards_today_usdc",
      "Estimated liquidity rewards of the current UTC day, USDC",
      s.rewards.todayUsdc,
    );
  }
  if (s.rewardsVenue) {
    one(
      "pm4_rewards_venue_scoring_orders",
      "Our resting orders the venue says score (/orders-scoring, live)",
      s.rewardsVenue.scoring,
    );
    one(
      "pm4_rewards_venue_orders",
      "Our resting orders the venue was asked about",
      s.rewardsVenue.orders,
    );
  }
  counters("pm4_errors_total", "Errors since the start, by operation", m.errors, "operation");
  one("pm4_error_streak", "Consecutive rejects or errors (the kill switch's count)", m.errorStreak);
  counters("pm4_ws_reconnects_total", "WebSocket reconnects by channel", m.reconnects, "channel");
  one("pm4_feed_age_seconds", "Seconds since the last market frame", m.feedAgeS);
  one("pm4_feed_lag_seconds", "Receive time − venue time of the last market event", m.feedLagS);
  const { frames = 0, events = 0, ...skips } = m.feedSkips;
  one("pm4_feed_frames_total", "Market frames received", frames, "counter");
  one("pm4_feed_events_total", "Market events parsed", events, "counter");
  counters(
    "pm4_feed_skipped_total",
    "Market messages skipped (skipped_<reason>) or anomalous, by reason",
    skips,
    "reason",
  );
  return out.join("\n") + "\n";
}

/** A running metrics server. */
export interface MetricsServer {
  /** The port it listens on (the OS's choice when asked for 0). */
  port: number;
  /** Stops it. */
  stop(): Promise<void>;
}

/** Serves `GET /metrics` on `host:port` from `snapshot()`. */
export function serveMetrics(
  host: string,
  port: number,
  snapshot: () => MetricsSnapshot,
): MetricsServer {
  const server = Deno.serve({ hostname: host, port, onListen: () => {} }, (req) => {
    const path = new URL(req.url).pathname;
    if (req.method !== "GET") return new Response("GET only\n", { status: 405 });
    if (path === "/metrics") {
      return new Response(renderMetrics(snapshot()), {
        headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
      });
    }
    if (path === "/healthz") return new Response("ok\n");
    return new Response("not found: /metrics\n", { status: 404 });
  });
  return { port: server.addr.port, stop: () => server.shutdown() };
}
