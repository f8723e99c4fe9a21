/**
 * The analysis as text for the console, and as a config for `pm4 init`.
 *
 * @module
 */

import type { Marchetype } from "../config/mod.ts";
import { type Analysis, DEFAULT_MARKET_SPAN_MS, type Hosts } from "./analyze.ts";
import type { RewardEstimate } from "./rewards.ts";

function f(x: number, d: number, unit = ""): string {
  return Number.isFinite(x) ? `${x.toFixed(d)}${unit}` : "unknown";
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace(".000Z", "Z") : "unknown";
}

/** The printed report. */
export function analysisText(a: Analysis): string {
  const m = a.metrics;
  const mk = a.market;
  const lines = [
    `${mk.question}`,
    `  market      ${mk.slug}  ${mk.conditionId}`,
    `  tokens      YES = ${mk.yes.outcome} ${mk.yes.tokenId}`,
    `              NO  = ${mk.no.outcome} ${mk.no.tokenId}`,
    `  status      ${a.status}`,
    ...a.reasons.map((r) => `              - ${r}`),
    `  book        bid ${f(m.bestBid, 3)}  ask ${f(m.bestAsk, 3)}  spread ${f(m.spread, 3)} (${
      f(m.spreadTicks, 0)
    } ticks)` +
    `  levels ${m.levels.bids}/${m.levels.asks}`,
    `  depth       ${f(m.depthUsdc.within2c, 0)} USDC within 2¢, ${
      f(m.depthUsdc.within5c, 0)
    } USDC within 5¢ of the mid`,
    `  tick        ${f(a.tick, 4)}   minimum order ${f(a.minOrderSize, 2)} shares   neg risk ${
      a.negRisk ? "yes" : "no"
    }`,
    `  volume      ${f(a.volumeUsdc, 0)} USDC (metadata); ${m.trades.count} recent trades, ${
      f(m.trades.volumeUsdc, 0)
    } USDC over ${f(m.trades.spanHours, 1)} h`,
    `  traders     ${m.distinctTraders} distinct wallets in the recent trades`,
    `  volatility  ${
      f(m.volLogitPerSqrtDay, 3)
    } logit/√day (${m.historyPoints} price points over the last week)`,
    `  resolution  ${iso(a.endMs)} (${f(m.hoursToResolution / 24, 1)} days)`,
    `  fees        taker ${f(a.fees.takerBps, 0)} bps${
      a.fees.enabled ? "" : " (fees off)"
    }; makers pay none`,
    `  rewards     ${
      Number.isFinite(a.rewards.maxSpreadCents)
        ? `${f(a.rewards.dailyPoolUsdc, 0)} USDC/day within ${
          f(a.rewards.maxSpreadCents, 1)
        }¢ of the mid, at least ${f(a.rewards.minSize, 0)} shares`
        : "none"
    }`,
    ...rewardLines(a.rewards.estimate),
    `  marchetype  suggested ${a.suggestion.marchetype} (confirm, or pm4 init … --marchetype X)`,
    ...a.suggestion.evidence.map((e) => `              - ${e}`),
  ];
  if (a.notes.length > 0) lines.push(`  notes       ${a.notes.join("; ")}`);
  return lines.join("\n");
}

function rewardLines(e: RewardEstimate | null): string[] {
  if (e === null) return [];
  return [
    `              pm4's reward quotes (${f(e.sizeShares, 0)} shares at ${f(e.bid, 3)} / ${
      f(e.ask, 3)
    }, ${f(e.capitalUsdc, 0)} USDC) would take ${f(e.share * 100, 1)} % of the pool: ~${
      f(e.rewardsPerDay, 2)
    } USDC/day` + (e.rebatesPerDay > 0 ? ` + ~${f(e.rebatesPerDay, 2)} rebates` : "") +
    ` (the book now, before adverse selection)`,
    `              resting them needs a bankroll of ${needed(e)} now (q_max shrinks toward ` +
    `the resolution): ${f(e.perDollarDay * 100, 2)} % of it a day`,
  ];
}

function needed(e: RewardEstimate): string {
  return Number.isFinite(e.bankrollUsdc)
    ? `at least ${f(e.bankrollUsdc, 0)} USDC`
    : "more than any";
}

/** What the comment of `quote.rewards` says of a bankroll too small to rest the min size. */
function bankrollWarning(e: RewardEstimate, bankrollUsdc: number): string {
  if (bankrollUsdc >= e.bankrollUsdc) return "";
  return `; at bankroll_B ${f(bankrollUsdc, 0)} its q_max is below the min incentive size ` +
    `(${f(e.sizeShares, 0)} shares), which needs ${needed(e)} now: it would score nothing`;
}

/** Options of the generated config. */
export interface InitOptions {
  /** Bankroll for this market, USDC. */
  bankrollUsdc: number;
  /** Marchetype (default: the suggestion). */
  marchetype?: Marchetype;
  /** Resolution time when the metadata has none, ms. */
  resolveMs?: number;
  /** Market start when the metadata has none, ms. */
  startMs?: number;
  /** Hosts (the config's market URLs). */
  hosts: Hosts;
  /** WebSocket base of the venue. */
  wsUrl: string;
}

/** A complete config document for the analysed market (passes `pm4 config validate`). */
export function initConfig(a: Analysis, o: InitOptions): Record<string, unknown> {
  const end = Number.isFinite(a.endMs) ? a.endMs : o.resolveMs;
  if (end === undefined || !Number.isFinite(end)) {
    throw new Error(
      "the market has no end date: give its resolution time with --resolves <ISO time>",
    );
  }
  const start = Number.isFinite(a.startMs) && a.startMs < end
    ? a.startMs
    : o.startMs ?? end - DEFAULT_MARKET_SPAN_MS;
  const type = o.marchetype ?? a.suggestion.marchetype;
  return {
    _about:
      `pm4 config for "${a.market.question}" — written by pm4 init from the exchange's data; ` +
      "keys beginning with _ are comments; every other key takes its default (see config.example.json).",
    market: {
      _market: `${a.market.slug}: YES = ${a.market.yes.outcome}, NO = ${a.market.no.outcome}`,
      condition_id: a.market.conditionId,
      asset_id_yes: a.market.yes.tokenId,
      asset_id_no: a.market.no.tokenId,
      start_ts_ms: Math.round(start),
      resolve_ts_ms: Math.round(end),
      marchetype: type,
      _marchetype: o.marchetype
        ? `chosen with --marchetype (suggested ${a.suggestion.marchetype})`
        : `suggested: ${a.suggestion.evidence.join("; ")}`,
      _tick_size: `read from the exchange at start (now ${a.tick})`,
      _min_order_size: `read from the exchange at start (now ${a.minOrderSize})`,
      _rewards: Number.isFinite(a.rewards.maxSpreadCents) && a.rewards.dailyPoolUsdc > 0
        ? `liquidity rewards read from the exchange at start and every 10 minutes (now ${
          f(a.rewards.dailyPoolUsdc, 0)
        } USDC/day within ${f(a.rewards.maxSpreadCents, 1)}¢, at least ${
          f(a.rewards.minSize, 0)
        } shares); rewards_daily_usdc, rewards_max_spread_cents and rewards_min_size pin them`
        : "no liquidity rewards when analysed; read from the exchange every 10 minutes",
      clob_url: o.hosts.clob,
      ws_url: o.wsUrl,
      gamma_url: o.hosts.gamma,
      data_url: o.hosts.data,
    },
    quote: {
      _rewards: a.rewards.estimate
        ? `on: rest the min incentive size inside the reward band (docs/model.md §10); pm4 ` +
          `analyze estimated ~${f(a.rewards.estimate.rewardsPerDay, 2)} USDC/day from the book ` +
          "at init" + bankrollWarning(a.rewards.estimate, o.bankrollUsdc) +
          ". Off by default: in the simulator it has not yet paid for its adverse selection"
        : "the market paid no liquidity rewards when analysed",
      rewards: "off",
    },
    risk: {
      _bankroll_B: "USDC for this market (n_plays 1)",
      bankroll_B: o.bankrollUsdc,
      n_plays: 1,
    },
    logging: {
      _journal: "one journal per market: several markets can share the data directory",
      journal: `{data_dir}/${a.market.slug || "{market}"}/mm_events.jsonl`,
    },
    portfolio: {
      _portfolio: "a fleet on one wallet: set ledger (sqlite | postgres) and capital_usdc to " +
        "share one risk ledger; the event and category group the caps",
      ledger: "none",
      event: a.negRiskEvent,
      category: a.category.slice(0, 100),
      label: (a.market.slug || "").slice(0, 100),
    },
  };
}
