/**
 * Market metadata in the shapes of Polymarket's Gamma API (protocol §6.1)
 * and CLOB `/markets/{condition_id}` (§6.2), for the simulated market and for
 * any fixture markets a test adds. `clobTokenIds`, `outcomes` and
 * `outcomePrices` are JSON strings inside JSON, as on the real API.
 *
 * @module
 */

import { formatPips } from "../market/mod.ts";
import { REWARD_ASSET } from "./rewards.ts";
import type { SimMarket } from "./sim_market.ts";

/** A Gamma market object (the fields pm4 reads, plus a few common ones). */
export type GammaMarket = Record<string, unknown> & {
  id: string;
  slug: string;
  conditionId?: string;
};

/** A Gamma event: a group of markets. */
export type GammaEvent = Record<string, unknown> & {
  id: string;
  slug: string;
  markets: GammaMarket[];
};

/** Metadata the simulator serves: its own market and any fixtures. */
export class GammaStore {
  /** Markets by insertion order. */
  readonly markets: GammaMarket[] = [];
  /** Events by insertion order. */
  readonly events: GammaEvent[] = [];

  /** Adds an event and its markets. */
  addEvent(ev: GammaEvent): void {
    this.events.push(ev);
    for (const m of ev.markets) this.markets.push(m);
  }

  /** Markets matching Gamma's `/markets` filters. */
  findMarkets(q: URLSearchParams): GammaMarket[] {
    const slugs = q.getAll("slug");
    const ids = q.getAll("id");
    const conds = q.getAll("condition_ids").flatMap((s) => s.split(",")).map((s) =>
      s.toLowerCase()
    );
    const tokens = q.getAll("clob_token_ids").flatMap((s) => s.split(","));
    const closed = q.get("closed");
    return this.markets.filter((m) =>
      (slugs.length === 0 || slugs.includes(m.slug)) &&
      (ids.length === 0 || ids.includes(m.id)) &&
      (conds.length === 0 || conds.includes(String(m.conditionId ?? "").toLowerCase())) &&
      (tokens.length === 0 || tokens.some((t) => String(m.clobTokenIds ?? "").includes(t))) &&
      (closed === null || String(m.closed ?? false) === closed)
    );
  }

  /** Events matching Gamma's `/events` filters. */
  findEvents(q: URLSearchParams): GammaEvent[] {
    const slugs = q.getAll("slug");
    const ids = q.getAll("id");
    return this.events.filter((e) =>
      (slugs.length === 0 || slugs.includes(e.slug)) && (ids.length === 0 || ids.includes(e.id))
    );
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The Gamma view of the simulated market (live numbers at `nowMs`). */
export function simGammaMarket(m: SimMarket, nowMs: number): GammaMarket {
  const ex = m.exchange;
  const [yb, ya] = ex.bestPips();
  const mid = ex.midPips();
  const last = ex.lastTradeYesPips;
  const volume = m.publicTrades.reduce((s, t) => s + t.size * t.price, 0);
  return {
    id: String(parseInt(m.ids.conditionId.slice(2, 9), 16)),
    question: m.scenario.question,
    conditionId: m.ids.conditionId,
    questionID: "0x" + m.ids.conditionId.slice(2).split("").reverse().join(""),
    slug: m.slug,
    description:
      `Simulated ${m.scenario.name} market (pm4 exchange simulator). ${m.scenario.question}`,
    category: m.scenario.infoLevel === 3
      ? "Crypto"
      : m.scenario.name.startsWith("e2")
      ? "Politics"
      : "Business",
    tags: [{ label: "Simulated" }],
    outcomes: JSON.stringify(["Yes", "No"]),
    outcomePrices: JSON.stringify(
      mid > 0
        ? [formatPips(Math.round(mid)), formatPips(10_000 - Math.round(mid))]
        : ["0.5", "0.5"],
    ),
    clobTokenIds: JSON.stringify([m.ids.yesTokenId, m.ids.noTokenId]),
    startDate: iso(m.openMs),
    endDate: iso(m.resolveMs),
    endDateIso: iso(m.resolveMs).slice(0, 10),
    negRisk: ex.spec.negRisk,
    ...(m.event
      ? { negRiskMarketID: m.event.id, events: [{ id: m.event.id, slug: m.event.slug }] }
      : {}),
    orderPriceMinTickSize: ex.tickPips / 10_000,
    orderMinSize: ex.spec.minOrderMicro / 1e6,
    enableOrderBook: true,
    acceptingOrders: ex.mode === "open" && ex.resolved === null,
    active: ex.resolved === null,
    closed: ex.resolved !== null,
    archived: false,
    restricted: false,
    makerBaseFee: 0,
    takerBaseFee: Math.round(ex.spec.feeRate * 10_000),
    feesEnabled: ex.spec.feeRate > 0,
    rewardsMinSize: m.scenario.rewards.minSizeShares,
    rewardsMaxSpread: m.scenario.rewards.maxSpreadCents,
    clobRewards: [{
      id: "1",
      conditionId: m.ids.conditionId,
      assetAddress: REWARD_ASSET,
      rewardsAmount: 0,
      rewardsDailyRate: m.scenario.rewards.dailyPoolUsdc,
      startDate: iso(m.openMs).slice(0, 10),
      endDate: iso(m.resolveMs).slice(0, 10),
    }],
    bestBid: yb > 0 ? yb / 10_000 : null,
    bestAsk: ya < 10_000 ? ya / 10_000 : null,
    spread: yb > 0 && ya < 10_000 ? (ya - yb) / 10_000 : null,
    lastTradePrice: last > 0 ? last / 10_000 : null,
    volume: volume.toFixed(2),
    volumeNum: volume,
    liquidity: "0",
    updatedAt: iso(nowMs),
  };
}

/** The simulated market as the CLOB's `/rewards/markets/current` lists a rewarded market. */
export function simRewardMarket(m: SimMarket): Record<string, unknown> {
  const r = m.scenario.rewards;
  return {
    condition_id: m.ids.conditionId,
    question: m.scenario.question,
    market_slug: m.slug,
    event_slug: m.event?.slug ?? m.slug,
    image: "",
    rewards_max_spread: r.maxSpreadCents,
    rewards_min_size: r.minSizeShares,
    tokens: [
      { token_id: m.ids.yesTokenId, outcome: "Yes", price: 0.5 },
      { token_id: m.ids.noTokenId, outcome: "No", price: 0.5 },
    ],
    rewards_config: [{
      asset_address: REWARD_ASSET,
      start_date: iso(m.openMs).slice(0, 10),
      end_date: iso(m.resolveMs).slice(0, 10),
      rate_per_day: r.dailyPoolUsdc,
      total_rewards: 0,
    }],
  };
}

/** The CLOB `/markets/{condition_id}` object of the simulated market. */
export function simClobMarket(m: SimMarket): Record<string, unknown> {
  const ex = m.exchange;
  const mid = ex.midPips();
  return {
    condition_id: m.ids.conditionId,
    question_id: "0x" + m.ids.conditionId.slice(2).split("").reverse().join(""),
    question: m.scenario.question,
    description: `Simulated ${m.scenario.name} market.`,
    market_slug: m.slug,
    end_date_iso: iso(m.resolveMs),
    game_start_time: null,
    seconds_delay: 0,
    fpmm: "",
    active: ex.resolved === null,
    closed: ex.resolved !== null,
    archived: false,
    enable_order_book: true,
    accepting_orders: ex.mode === "open" && ex.resolved === null,
    accepting_order_timestamp: iso(m.openMs),
    minimum_order_size: ex.spec.minOrderMicro / 1e6,
    minimum_tick_size: ex.tickPips / 10_000,
    maker_base_fee: 0,
    taker_base_fee: Math.round(ex.spec.feeRate * 10_000),
    neg_risk: ex.spec.negRisk,
    neg_risk_market_id: m.event?.id ?? "",
    neg_risk_request_id: "",
    icon: "",
    image: "",
    tags: ["Simulated"],
    rewards: {
      rates: [{
        asset_address: REWARD_ASSET,
        rewards_daily_rate: m.scenario.rewards.dailyPoolUsdc,
      }],
      min_size: m.scenario.rewards.minSizeShares,
      max_spread: m.scenario.rewards.maxSpreadCents,
    },
    tokens: [
      {
        token_id: m.ids.yesTokenId,
        outcome: "Yes",
        price: mid > 0 ? mid / 10_000 : 0.5,
        winner: ex.resolved === 0,
      },
      {
        token_id: m.ids.noTokenId,
        outcome: "No",
        price: mid > 0 ? 1 - mid / 10_000 : 0.5,
        winner: ex.resolved === 1,
      },
    ],
  };
}
