/**
 * The config schema: the single source of every key, its unit, range and
 * default. Keys follow the user's config (`bankroll_B`, `n_plays`, …);
 * keys beginning with `_` are comments and are ignored.
 *
 * @module
 */

import { z } from "zod";
import { choice, num, reqNum, url } from "./fields.ts";

/** Marchetypes: information level (1 low … 3 high) × resolution (a anytime, e end-of-period). */
export const MARCHETYPES = ["a1", "a2", "a3", "e1", "e2", "e3"] as const;

/** A marchetype name. */
export type Marchetype = typeof MARCHETYPES[number];

/** Tick sizes the exchange uses. */
export const TICK_SIZES = [0.1, 0.01, 0.005, 0.0025, 0.001, 0.0001] as const;

const DAY_S = 86_400;
const MS_2000 = 946_684_800_000;
const MS_2100 = 4_102_444_800_000;

const marketSchema = z.strictObject({
  condition_id: z.string({ error: "expected a 0x-prefixed 32-byte hex condition id" })
    .regex(/^0x[0-9a-fA-F]{64}$/, { error: "expected a 0x-prefixed 32-byte hex condition id" })
    .describe("Condition id of the market (CLOB `market`), 0x + 64 hex digits"),
  asset_id_yes: z.string({ error: "expected a decimal token id" })
    .regex(/^[0-9]{1,78}$/, { error: "expected a decimal token id" })
    .describe("Token id of the YES outcome (decimal string)"),
  asset_id_no: z.string({ error: "expected a decimal token id" })
    .regex(/^[0-9]{1,78}$/, { error: "expected a decimal token id" })
    .describe("Token id of the NO outcome (decimal string)"),
  start_ts_ms: reqNum(MS_2000, MS_2100, "Market start T0, ms since the epoch", { int: true }),
  resolve_ts_ms: reqNum(MS_2000, MS_2100, "Resolution time T, ms since the epoch", {
    int: true,
  }),
  marchetype: z.enum(MARCHETYPES, {
    error: `expected one of ${MARCHETYPES.join(", ")}`,
  }).describe(
    "Market type: a = anytime / e = end-of-period resolution; 1 low, 2 medium, 3 high information",
  ),
  tick_size: z.union(TICK_SIZES.map((t) => z.literal(t)), {
    error: `expected one of ${TICK_SIZES.join(", ")}`,
  }).optional().describe(
    "Override of the exchange tick size, USDC (read from the exchange when absent)",
  ),
  min_order_size: z.number({ error: "expected a number in [0.01, 1000000]" })
    .gte(0.01, { error: "expected a number in [0.01, 1000000]" })
    .lte(1_000_000, { error: "expected a number in [0.01, 1000000]" })
    .optional().describe(
      "Override of the exchange minimum order size, shares (read from the exchange when absent)",
    ),
  neg_risk: z.boolean({ error: "expected true or false" }).optional().describe(
    "Override of the market's neg-risk flag (read from the exchange when absent)",
  ),
  // the reward program (all three or none), read from the exchange when absent
  rewards_daily_usdc: reqNum(
    0,
    10_000_000,
    "Override of the market's liquidity-reward pool, " +
      "USDC per day (with rewards_max_spread_cents and rewards_min_size; read from the " +
      "exchange at the start and every 10 minutes when absent; `pm4 init` writes it)",
  ).optional(),
  rewards_max_spread_cents: reqNum(
    0,
    50,
    "Override of the max incentive spread v: orders farther than this from the adjusted " +
      "midpoint earn no rewards, cents",
    { loOpen: true },
  ).optional(),
  rewards_min_size: reqNum(
    0,
    1_000_000,
    "Override of the min incentive size: smaller orders earn no rewards, shares",
  ).optional(),
  clob_url: url(["https", "http"], "https://clob.polymarket.com", "CLOB REST host"),
  ws_url: url(
    ["wss", "ws"],
    "wss://ws-subscriptions-clob.polymarket.com",
    "CLOB WebSocket base; /ws/market and /ws/user are appended",
  ),
  gamma_url: url(["https", "http"], "https://gamma-api.polymarket.com", "Gamma metadata host"),
  data_url: url(
    ["https", "http"],
    "https://data-api.polymarket.com",
    "Data API host (public trades)",
  ),
});

const riskSchema = z.strictObject({
  bankroll_B: reqNum(0, 1e9, "Total bankroll B shared by n_plays markets, USDC", { loOpen: true }),
  n_plays: num(1, 1000, 1, "Markets sharing the bankroll; per-side budget is 0.5·B/n_plays", {
    int: true,
  }),
  eta_time: num(
    0,
    0.75,
    0.5,
    "Time-decay exponent η of the capacity tf = ((T−t)/(T−T0))^η (0: no time decay, tf ≡ 1)",
  ),
  slippage_buffer: num(0, 1, 0.1, "Execution cost buffer on capacity and the cash floor, fraction"),
  cash_reserve: num(0, 1e9, 0, "Cash never committed to orders, USDC"),
  gamma_a: num(0.1, 5, 1, "Curvature of solvency fear γ = (1−|q̂|)^(−gamma_a)"),
  gamma_max: num(1, 100, 10, "Cap of γ"),
  lambda_min: num(0.5, 10, 1, "Lower bound of structural risk λ"),
  lambda_max: num(0.5, 10, 2, "Upper bound of structural risk λ"),
  beta_p: num(0, 5, 0.8, "Ambiguity exponent: A = (4p(1−p))^beta_p"),
  alpha_U: num(0, 5, 1, "Crowd exponent: L = (U_ref/(U+U_ref))^alpha_U"),
  U_ref: num(1, 1e6, 100, "Crowd reference size, distinct traders"),
  A_floor: num(0, 1, 0, "Floor of the ambiguity score A (barrier markets keep A ≥ this)"),
  w_A: num(0, 10, 1, "Weight of ambiguity A in λ"),
  w_L: num(0, 10, 1, "Weight of crowd weakness L in λ"),
  U_window_s: num(60, 30 * DAY_S, DAY_S, "Window of distinct traders U, seconds"),
  c_sigma: num(0, 10, 0.5, "Scale of the toxicity score in σ_raw = 1 + c_sigma·S^nu_sigma"),
  nu_sigma: num(0.5, 3, 1.4, "Exponent of the toxicity score"),
  sigma_max: num(1, 10, 3, "Cap of the toxicity multiplier σ"),
  c_tox: num(0, 10, 1.5, "Weight of markout toxicity Z in the score"),
  I_max: num(1, 10, 3, "Cap of the trade intensity I"),
  stop_new_risk_before_s: num(
    0,
    365 * DAY_S,
    3600,
    "Only orders that reduce |q| from T − this, seconds",
  ),
  cancel_all_before_s: num(0, 365 * DAY_S, 300, "No orders at all from T − this, seconds"),
  max_drawdown_frac: num(
    0.01,
    1,
    0.2,
    "Kill switch: marked P&L below its peak by this fraction of bankroll_B/n_plays",
  ),
  max_error_streak: num(1, 1000, 10, "Kill switch: consecutive order rejects or exchange errors", {
    int: true,
  }),
});

/** The defaults of the risk keys that size q_max: the schema's own, for who has no config. */
export function capacityDefaults(): { etaTime: number; slippageBuffer: number } {
  const r = riskSchema.parse({ bankroll_B: 1 });
  return { etaTime: r.eta_time, slippageBuffer: r.slippage_buffer };
}

const quoteSchema = z.strictObject({
  reference: choice(
    ["mid", "micro"],
    "mid",
    "Reference price: YES mid or size-weighted microprice",
  ),
  c_skew: num(0, 5, 0.25, "Skew scale: δ = c_skew·q̂·γ·λ·σ"),
  delta_max: num(0, 5, 1, "Cap of |δ|, logit units"),
  c_risk: num(
    0,
    5,
    0.02,
    "Constant of the half-spread's risk term (c_risk + V_H)·γ·λ·σ, logit units",
    { loOpen: true },
  ),
  risk_horizon_s: num(
    0,
    600,
    540,
    "Horizon H of the risk variance V_H (the variance of logit(p) over H, measured) in the " +
      "half-spread's risk term, seconds; 0 leaves c_risk alone",
  ),
  c_adverse: num(
    0,
    10,
    1,
    "Weight of a side's adverse selection (how far the price moved against our fills on that " +
      "side, 60 s / 5 min / 30 min later) in its half-spread; 0 ignores it",
  ),
  c_flow: num(
    0,
    10,
    0,
    "Shift of the reservation price with the taker flow imbalance F ∈ [−1, 1], in mean " +
      "half-spreads (c_flow·F·Δ̄); 0 (the default: it has not yet beaten its ablation) ignores it",
  ),
  flow_max_ticks: num(0, 100, 2, "Largest shift of the reservation price by the flow, ticks"),
  kappa0: num(0.1, 1000, 20, "Prior order-arrival decay κ0, 1/logit"),
  min_half_spread_ticks: num(1, 100, 1, "Minimum half-spread, ticks at p", { int: true }),
  max_half_spread_logit: num(0, 5, 1, "Maximum half-spread, logit units", { loOpen: true }),
  ladder_max_levels: num(1, 20, 1, "Levels per side", { int: true }),
  ladder_step_mult: num(0, 5, 0.5, "Level step as a multiple of the mean half-spread"),
  ladder_min_step_logit: num(0, 2, 0.02, "Minimum level step, logit units"),
  ladder_level_fraction: num(0, 1, 0.05, "Level-0 notional as a fraction of B_side·tf", {
    loOpen: true,
  }),
  ladder_decay: num(0, 1, 0.7, "Geometric decay of level notional with depth", { loOpen: true }),
  ladder_level_max_qmax: num(
    0.01,
    1,
    0.25,
    "Largest size of one ladder level as a fraction of the capacity q_max (one sweep of a " +
      "level moves q by at most this), shares/shares; never below the exchange minimum",
  ),
  max_order_notional_side: num(0, 1e9, 100, "Cap on the notional resting on one side, USDC", {
    loOpen: true,
  }),
  size_tolerance: num(
    0,
    0.99,
    0.2,
    "Keep a resting order while its size is within this fraction below target",
  ),
  requote_ticks: num(1, 100, 1, "Replace an order once its target moved this many ticks", {
    int: true,
  }),
  max_quote_age_s: num(
    0,
    DAY_S,
    0,
    "Replace an order older than this, seconds; 0: never (a resting order keeps its queue " +
      "priority while its price and size still fit)",
  ),
  order_ttl_s: num(
    0,
    30 * DAY_S,
    900,
    "Orders are sent GTD and expire at the venue this long after they are placed, or 2 " +
      "minutes past the run's planned end (--duration, --until, the cancel-all time) when " +
      "that is sooner — a crashed instance's orders retire themselves; each is replaced while " +
      "min(60 s, half of this) of its life is left, seconds; 0: GTC, never expire",
  ),
  min_requote_interval_ms: num(0, 60_000, 500, "At most one cancel/replace wave per interval, ms"),
  refresh_s: num(0.1, 60, 2, "Requote timer when the book is quiet, seconds"),
  stale_after_s: num(
    1,
    3600,
    30,
    "The market socket silent this long (no frame at all, PONG included) stops quoting, " +
      "seconds; an unchanged book on a live socket is a quiet market and quoting goes on",
  ),
  rewards: choice(
    ["on", "off"],
    "off",
    "Quote for the market's liquidity rewards when it has a program: a quote inside the " +
      "reward band rests at least the min incentive size, and moves inside the model's price " +
      "when the expected reward beats the edge given up (docs/model.md §10); never past q_max, " +
      "the cash floor, the guards or post-only. Off by default: in the scorecard it has not " +
      "yet paid for its risk. Rewards are estimated and reported either way",
  ),
  rewards_max_improve_ticks: num(
    0,
    20,
    0,
    "How far inside the model's own price the rewards mode may move a quote to earn more of " +
      "the pool, ticks; 0: the model's prices, only the size raised to the min incentive size " +
      "(docs/model.md §10: moves inside cost more than they earned in the scorecard)",
    { int: true },
  ),
  one_sided_hold_s: num(
    0,
    3600,
    30,
    "When one public side of the book is empty (swept), keep quoting from the last two-sided " +
      "reference this long: the other side, and on the swept side only what reduces |q|; " +
      "then pause (no_book), seconds",
  ),
});

const calibrationSchema = z.strictObject({
  dt_sample_s: num(0.5, 300, 5, "Sampling interval of the reference price for σ, seconds"),
  tau_fast_s: num(1, DAY_S, 30, "Fast EMA time constant and the span of σ's fast returns, seconds"),
  tau_slow_s: num(1, 30 * DAY_S, 1800, "Slow EMA time constant, seconds"),
  vol_floor_s: num(
    1,
    30 * DAY_S,
    600,
    "Floor of σ's slow variance rate: one tick² per this long (a quiet market's first ticks " +
      "are not a shock), seconds",
  ),
  tau_up_s: num(0.1, DAY_S, 10, "σ smoothing when rising, seconds"),
  tau_down_s: num(0.1, DAY_S, 90, "σ smoothing when falling, seconds"),
  time_scales: choice(
    ["fixed", "adaptive"],
    "fixed",
    "σ's fast time scales (tau_fast_s, the markout horizons, tau_up_s, tau_down_s): as " +
      "configured, or scaled by the half-life of the market's volatility " +
      "clustering (τ_fast = the half-life, within time_scale_min–time_scale_max × the " +
      "configured; docs/model.md §5.1), measured live and persisted with the calibration",
  ),
  time_scale_window_s: num(
    600,
    30 * DAY_S,
    14_400,
    "Span of the volatility-clustering measurement of the adaptive time scales, seconds",
  ),
  time_scale_min: num(0.05, 1, 0.5, "Least factor of the adaptive time scales on the configured"),
  time_scale_max: num(1, 20, 4, "Greatest factor of the adaptive time scales on the configured"),
  markout_h1_s: num(1, DAY_S, 10, "First markout horizon, seconds"),
  markout_h2_s: num(1, DAY_S, 60, "Second markout horizon, seconds"),
  markout_w1: num(0, 10, 0.5, "Weight of the h1 markout EMA"),
  markout_w2: num(0, 10, 0.5, "Weight of the h2 markout EMA"),
  markout_alpha: num(0, 1, 0.2, "Weight of a new markout in its EMA", { loOpen: true }),
  rate_ref_per_min: num(0, 1e4, 6, "Trade rate at which intensity I = 1, trades per minute", {
    loOpen: true,
  }),
  adverse_tau_s: num(
    1,
    30 * DAY_S,
    900,
    "Decay of a fill's weight in its side's adverse selection, seconds",
  ),
  adverse_prior_n: num(
    0,
    1e4,
    5,
    "Weight of the prior of no adverse selection, fills",
  ),
  flow_tau_s: num(1, DAY_S, 120, "Decay of a print's weight in the flow imbalance F, seconds"),
  flow_prior_shares: num(
    0,
    1e9,
    50,
    "Prior volume of F (a lone small print is not one-way flow), shares",
  ),
  kappa_prior_n: num(0, 1e4, 20, "Weight of the κ0 prior, pseudo-prints"),
  kappa_tau_s: num(1, 30 * DAY_S, 3600, "Decay of κ evidence, seconds"),
  max_age_s: num(0, 365 * DAY_S, 21_600, "Saved calibration older than this is ignored, seconds"),
  save_interval_s: num(1, DAY_S, 60, "Calibration save interval, seconds"),
  warm_start: z.boolean({ error: "expected true or false" }).default(true).describe(
    "Without usable calibration, warm-start σ/κ/U from price history and recent trades",
  ),
});

/** Journal and console levels, lowest first (the user's names; any case is accepted). */
export const LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] as const;

/** A level of the journal and the console, lowest DEBUG. */
export type LogLevel = typeof LOG_LEVELS[number];

const loggingSchema = z.strictObject({
  level: z.preprocess(
    (v) => (typeof v === "string" ? v.toUpperCase() : v),
    z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(", ")}` }),
  ).default("INFO").describe(
    "Lowest level written to the journal and printed on the console: DEBUG (adds venue calls " +
      "and error stacks), INFO (every input, decision, order and fill: a replayable journal), " +
      "WARNING, ERROR, CRITICAL",
  ),
  enable_performance: z.boolean({ error: "expected true or false" }).default(false).describe(
    "Write perf_<operation> events (durationMs: mean, with p50/p99/max and count) once a " +
      "minute for the hot operations; the engine times one call in 32",
  ),
  enable_context_tracking: z.boolean({ error: "expected true or false" }).default(false)
    .describe(
      "Attach the market, run, quoting cycle and working order ids to every journal event",
    ),
  journal: z.string({ error: "expected a file path" }).min(1, { error: "expected a file path" })
    .default("{data_dir}/mm_events.jsonl").describe(
      "The journal (JSONL, appended across runs): one per market instance. {data_dir} and " +
        "{market} (the condition id) are replaced",
    ),
  console: choice(
    ["auto", "status", "plain", "quiet"],
    "auto",
    "Console output: status line on a TTY (auto), always a status line, plain lines, or nothing",
  ),
  journal_rotate_mb: num(1, 10_000, 100, "Rotate the journal at this size, MiB"),
  journal_keep: num(1, 1000, 10, "Rotated journal files kept", { int: true }),
});

const pathsSchema = z.strictObject({
  data_dir: z.string({ error: "expected a directory path" }).min(1, {
    error: "expected a directory path",
  }).default("./data").describe(
    "Data directory: journal, calibration, lock, reports (relative to the working directory)",
  ),
});

const portfolioSchema = z.strictObject({
  ledger: choice(
    ["none", "sqlite", "postgres"],
    "none",
    "Shared risk ledger of a fleet of instances on one wallet: none (this market alone, " +
      "bankroll_B/n_plays), sqlite (the instances of one machine, sqlite_path) or postgres " +
      "(a fleet across machines, database_url)",
  ),
  sqlite_path: z.string({ error: "expected a file path" }).min(1, {
    error: "expected a file path",
  }).default("{data_dir}/portfolio.sqlite").describe(
    "The SQLite ledger, shared by every instance of the machine ({data_dir} is replaced)",
  ),
  database_url: z.string({ error: "expected a postgres:// URL without a password" }).refine(
    (s) => {
      try {
        const u = new URL(s);
        return (u.protocol === "postgres:" || u.protocol === "postgresql:") && u.password === "";
      } catch {
        return false;
      }
    },
    { error: "expected a postgres:// URL without a password (PM4_DATABASE_PASSWORD holds it)" },
  ).default("postgres://pm4@127.0.0.1:5432/pm4").describe(
    "The PostgreSQL ledger (ledger postgres); the password comes from PM4_DATABASE_PASSWORD",
  ),
  capital_usdc: num(
    0,
    1e9,
    0,
    "Capital of the whole fleet: the leases of all live instances never sum past it, USDC " +
      "(required with a ledger)",
  ),
  event_cap_usdc: num(
    0,
    1e9,
    0,
    "Cap of the leases within one neg-risk event (its outcomes resolve together), USDC; 0: none",
  ),
  category_cap_usdc: num(0, 1e9, 0, "Cap of the leases within one category, USDC; 0: none"),
  daily_loss_usdc: num(
    0,
    1e9,
    0,
    "Daily loss limit across all markets (UTC day): when the fleet's P&L today falls below " +
      "−this, every instance cancels and exits 4 and new runs refuse to start until the next " +
      "UTC day or `pm4 portfolio resume`, USDC; 0: none",
  ),
  event: z.string({ error: "expected a string" }).max(100, { error: "expected ≤ 100 characters" })
    .default("").describe(
      'Neg-risk event this market belongs to (its outcomes share event_cap_usdc); "": none',
    ),
  category: z.string({ error: "expected a string" }).max(100, {
    error: "expected ≤ 100 characters",
  }).default("").describe('Category of the market (shares category_cap_usdc); "": none'),
  label: z.string({ error: "expected a string" }).max(100, { error: "expected ≤ 100 characters" })
    .default("").describe(
      "The market's name in `pm4 portfolio` and the metrics' market label; \"\": the condition " +
        "id's first 10 characters",
    ),
  lease_s: num(
    2,
    3600,
    30,
    "A lease not renewed this long expires (its instance died) and the capital its orders held " +
      "returns; never less than quote.order_ttl_s + 3·renew_s (the venue retires the orders " +
      "first), seconds",
  ),
  renew_s: num(
    0.2,
    600,
    5,
    "Lease renewal interval: exposure and P&L reported, the grant and the halt read, seconds",
  ),
});

/** The whole config. Sections with every key defaulted may be omitted. */
export const configSchema = z.strictObject({
  $schema: z.string().optional().describe("Editor hint: path or URL of the JSON Schema"),
  market: marketSchema,
  risk: riskSchema,
  quote: quoteSchema.prefault({}),
  calibration: calibrationSchema.prefault({}),
  logging: loggingSchema.prefault({}),
  paths: pathsSchema.prefault({}),
  portfolio: portfolioSchema.prefault({}),
});

export type { Config, ConfigInput } from "./config_types.ts";
