/**
 * Resolving a market reference (a Polymarket URL, an event or market slug, a
 * condition id) through the Gamma API, mapping its tokens to Yes/No through
 * `outcomes` (JSON strings inside JSON, never by position), and reading what
 * an analysis needs from the CLOB and the data API.
 *
 * @module
 */

import { END_CURSOR, getJson, parseRewardRules, UnreachableError } from "../exchange/mod.ts";
import { type RewardEstimate, rewardEstimate } from "./rewards.ts";
import { type Suggestion, suggestMarchetype } from "./marchetype.ts";
import {
  bookMetrics,
  type Level,
  type MarketMetrics,
  type MarketStatus,
  marketStatus,
  realizedVolLogit,
  tradeMetrics,
  type TradeRow,
} from "./metrics.ts";
import { capacityDefaults, type Json } from "../config/mod.ts";
import { timeFactor } from "../model/mod.ts";

/**
 * A market's start when Gamma does not say: this long before its end, ms
 * (`pm4 init` writes it too).
 */
export const DEFAULT_MARKET_SPAN_MS = 30 * 86_400_000;

/** A reference the user can't mean, a market that isn't there, a host that doesn't answer. */
export class AnalyzeError extends Error {
  /**
   * An analysis that cannot go on: the reference or the venue's answer is unusable.
   *
   * @param message one line: what is wrong and what to do
   */
  constructor(message: string) {
    super(message);
    this.name = "AnalyzeError";
  }
}

/** Hosts to read from. */
export interface Hosts {
  /** Gamma metadata API. */
  gamma: string;
  /** CLOB REST. */
  clob: string;
  /** Data API. */
  data: string;
}

/** Production hosts. */
export const POLYMARKET_HOSTS: Hosts = {
  gamma: "https://gamma-api.polymarket.com",
  clob: "https://clob.polymarket.com",
  data: "https://data-api.polymarket.com",
};

/** What the user typed, understood. */
export type MarketRef =
  | { kind: "condition"; conditionId: string }
  | { kind: "slug"; slug: string; marketSlug?: string };

/**
 * Parses a reference: `0x` + 64 hex, a slug, or a polymarket.com URL
 * (`/event/<event>[/<market>]`, `/market/<market>`, with or without a
 * language prefix and a query string).
 * @throws {AnalyzeError} for a URL that is not a Polymarket market
 */
export function parseReference(input: string): MarketRef {
  const s = input.trim();
  if (/^0x[0-9a-fA-F]{64}$/.test(s)) return { kind: "condition", conditionId: s.toLowerCase() };
  if (/^[a-z]+:\/\//i.test(s) || /^(www\.)?polymarket\.com\//i.test(s)) {
    let url: URL;
    try {
      url = new URL(/^[a-z]+:\/\//i.test(s) ? s : `https://${s}`);
    } catch {
      throw new AnalyzeError(`${JSON.stringify(s)} is not a valid URL`);
    }
    if (!/^(www\.)?polymarket\.com$/i.test(url.hostname)) {
      throw new AnalyzeError(
        `${url.hostname} is not Polymarket: give a polymarket.com market URL, a slug or a condition id`,
      );
    }
    const parts = url.pathname.split("/").filter((p) => p);
    const i = parts.findIndex((p) => p === "event" || p === "market");
    if (i < 0 || !parts[i + 1]) {
      throw new AnalyzeError(
        `${s} is not a Polymarket market URL (expected /event/<slug> or /market/<slug>)`,
      );
    }
    if (parts[i] === "market") return { kind: "slug", slug: parts[i + 1] };
    return { kind: "slug", slug: parts[i + 1], marketSlug: parts[i + 2] };
  }
  if (/^[a-z0-9][a-z0-9-]*$/i.test(s)) return { kind: "slug", slug: s.toLowerCase() };
  throw new AnalyzeError(`${JSON.stringify(s)} is not a Polymarket URL, slug or condition id`);
}

/** A public GET of the venue's APIs: a host that cannot be reached is an {@link AnalyzeError}. */
async function get(url: string): Promise<{ status: number; body: unknown }> {
  try {
    return await getJson(url, 15_000);
  } catch (e) {
    if (e instanceof UnreachableError) throw new AnalyzeError(e.message);
    throw e;
  }
}

async function getOk(url: string, what: string): Promise<unknown> {
  const { status, body } = await get(url);
  if (status >= 400) {
    throw new AnalyzeError(
      `${what}: ${new URL(url).origin} answered ${status} ${JSON.stringify(body).slice(0, 200)}`,
    );
  }
  return body;
}

function jsonList(v: unknown): string[] | null {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v !== "string") return null;
  try {
    const a = JSON.parse(v);
    return Array.isArray(a) ? a.map(String) : null;
  } catch {
    return null;
  }
}

/** A market of an event, for the user to choose from. */
export interface MarketChoice {
  /** URL slug on polymarket.com. */
  slug: string;
  /** The market's question, as Polymarket words it. */
  question: string;
  /** The market's condition id, 0x-hex. */
  conditionId: string;
}

/** An event has several markets and none was chosen. */
export class ChooseMarketError extends AnalyzeError {
  /**
   * The reference named an event with several markets; `choices` lists them.
   *
   * @param eventSlug the event
   * @param choices its markets
   */
  constructor(readonly eventSlug: string, readonly choices: MarketChoice[]) {
    super(
      `event ${eventSlug} has ${choices.length} markets: choose one with --market <slug or number>`,
    );
    this.name = "ChooseMarketError";
  }
}

/** How to pick within an event, and how to read non-Yes/No outcomes. */
export interface ResolveOptions {
  /** A market of the event: its slug or its 1-based number in the list. */
  market?: string;
  /** For outcomes other than Yes/No: which outcome pm4 calls YES. */
  yesOutcome?: string;
}

/** The market, resolved. */
export interface ResolvedMarket {
  /** The Gamma market object. */
  gamma: Json;
  /** The event it belongs to (when found through one). */
  event: Json | null;
  /** The market's condition id, 0x-hex. */
  conditionId: string;
  /** URL slug on polymarket.com. */
  slug: string;
  /** The market's question, as Polymarket words it. */
  question: string;
  /** YES and NO token ids and outcome names. */
  yes: { tokenId: string; outcome: string };
  /** The NO token: its id and outcome name. */
  no: { tokenId: string; outcome: string };
}

function choices(markets: Json[]): MarketChoice[] {
  return markets.map((m) => ({
    slug: String(m.slug ?? ""),
    question: String(m.question ?? ""),
    conditionId: String(m.conditionId ?? ""),
  }));
}

/**
 * Finds the market of a reference through Gamma.
 * @throws {AnalyzeError} unknown slug or id, unreadable metadata
 * @throws {ChooseMarketError} an event with several markets and no choice
 */
export async function resolveMarket(
  ref: MarketRef,
  hosts: Hosts,
  o: ResolveOptions = {},
): Promise<ResolvedMarket> {
  const g = hosts.gamma.replace(/\/$/, "");
  let market: Json | undefined;
  let event: Json | null = null;
  if (ref.kind === "condition") {
    const list = await getOk(`${g}/markets?condition_ids=${ref.conditionId}`, "reading the market");
    market = Array.isArray(list) ? list[0] as Json : undefined;
    if (!market) throw new AnalyzeError(`no Polymarket market has condition id ${ref.conditionId}`);
  } else {
    if (!ref.marketSlug) {
      const list = await getOk(
        `${g}/markets?slug=${encodeURIComponent(ref.slug)}`,
        "reading the market",
      );
      market = Array.isArray(list) ? list[0] as Json : undefined;
    }
    if (!market) {
      const evs = await getOk(
        `${g}/events?slug=${encodeURIComponent(ref.slug)}`,
        "reading the event",
      );
      event = Array.isArray(evs) ? (evs[0] as Json | undefined) ?? null : null;
      if (!event) throw new AnalyzeError(`no Polymarket market or event has the slug ${ref.slug}`);
      const markets = (Array.isArray(event.markets) ? event.markets : []) as Json[];
      if (markets.length === 0) throw new AnalyzeError(`event ${ref.slug} has no markets`);
      const want = ref.marketSlug ?? o.market;
      if (want !== undefined) {
        const n = Number(want);
        market = Number.isInteger(n) && n >= 1 && n <= markets.length
          ? markets[n - 1]
          : markets.find((m) => m.slug === want);
        if (!market) {
          throw new AnalyzeError(
            `event ${ref.slug} has no market ${JSON.stringify(want)}; it has: ${
              choices(markets).map((c) => c.slug).join(", ")
            }`,
          );
        }
      } else if (markets.length === 1) {
        market = markets[0];
      } else {
        throw new ChooseMarketError(ref.slug, choices(markets));
      }
    }
  }
  const tokens = jsonList(market.clobTokenIds);
  const outcomes = jsonList(market.outcomes);
  const cid = String(market.conditionId ?? "");
  const slug = String(market.slug ?? "");
  if (!/^0x[0-9a-fA-F]{64}$/.test(cid)) {
    throw new AnalyzeError(`market ${slug || "?"} has no valid conditionId`);
  }
  if (!tokens || !outcomes || tokens.length !== 2 || outcomes.length !== 2) {
    throw new AnalyzeError(
      `market ${slug} is not a binary market with two tokens (clobTokenIds / outcomes missing or malformed)`,
    );
  }
  const lower = outcomes.map((x) => x.trim().toLowerCase());
  let yi = lower.indexOf("yes");
  let ni = lower.indexOf("no");
  if (o.yesOutcome !== undefined) {
    yi = lower.indexOf(o.yesOutcome.trim().toLowerCase());
    if (yi < 0) {
      throw new AnalyzeError(
        `--yes: market ${slug} has outcomes ${
          outcomes.map((x) => JSON.stringify(x)).join(" and ")
        }, not ${JSON.stringify(o.yesOutcome)}`,
      );
    }
    ni = 1 - yi;
  }
  if (yi < 0 || ni < 0 || yi === ni) {
    throw new AnalyzeError(
      `market ${slug} has outcomes ${
        outcomes.map((x) => JSON.stringify(x)).join(" and ")
      }: say which one pm4 should call YES with --yes <outcome>`,
    );
  }
  return {
    gamma: market,
    event,
    conditionId: cid.toLowerCase(),
    slug,
    question: String(market.question ?? ""),
    yes: { tokenId: tokens[yi], outcome: outcomes[yi] },
    no: { tokenId: tokens[ni], outcome: outcomes[ni] },
  };
}

/** An analysis. */
export interface Analysis {
  /** The market analysed, with its tokens. */
  market: ResolvedMarket;
  /** Tick, USDC (NaN when unknown). */
  tick: number;
  /** Minimum order size, shares (NaN when unknown). */
  minOrderSize: number;
  /** Neg-risk market. */
  negRisk: boolean;
  /** The neg-risk event it is an outcome of ("" none): its siblings resolve together. */
  negRiskEvent: string;
  /** Gamma's category of the market or its event ("" none). */
  category: string;
  /**
   * When the market opened, ms since the epoch (NaN when Gamma does not
   * say).
   */
  startMs: number;
  /** When it resolves (Gamma's end date), ms since the epoch; NaN when unknown. */
  endMs: number;
  /** Fees: taker base fee in bps (NaN when unknown) and whether fees are on. */
  fees: { takerBps: number; enabled: boolean };
  /** Volume reported by Gamma, USDC (NaN when absent). */
  volumeUsdc: number;
  /**
   * Liquidity rewards: the pool (USDC/day, 0 when none), max spread (¢) and
   * min size (shares), NaN when none; and what pm4's reward quotes would earn
   * from the book now (null without a program or a two-sided book).
   */
  rewards: {
    dailyPoolUsdc: number;
    maxSpreadCents: number;
    minSize: number;
    estimate: RewardEstimate | null;
  };
  /** Volume of the last 24 hours, USDC (NaN when Gamma does not say). */
  volume24hUsdc: number;
  /** What the book, the price history and the trades measure. */
  metrics: MarketMetrics;
  /**
   * The verdict: whether pm4 should make this market, with `reasons` saying
   * why (thin book, wide spread, too close to resolution, …).
   */
  status: MarketStatus;
  /** One line per reason behind the verdict. */
  reasons: string[];
  /** Marchetype suggestion. */
  suggestion: Suggestion;
  /** Notes on missing data. */
  notes: string[];
}

function num(v: unknown): number {
  if (v === null || v === undefined || v === "") return Number.NaN;
  const n = Number(v);
  return Number.isFinite(n) ? n : Number.NaN;
}

function levels(v: unknown): Level[] {
  return (Array.isArray(v) ? v : []).map((l) => ({
    price: num((l as Json).price),
    size: num((l as Json).size),
  }))
    .filter((l) => l.price > 0 && l.price < 1 && l.size > 0);
}

function tagsOf(m: Json, e: Json | null): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    for (const t of Array.isArray(v) ? v : []) {
      const label = typeof t === "string"
        ? t
        : String((t as Json)?.label ?? (t as Json)?.slug ?? "");
      if (label && !out.includes(label)) out.push(label);
    }
  };
  if (typeof m.category === "string" && m.category) out.push(m.category);
  add(m.tags);
  if (e) {
    if (typeof e.category === "string" && e.category && !out.includes(e.category)) {
      out.push(e.category);
    }
    add(e.tags);
  }
  return out;
}

/** Pages of `/rewards/markets/current` read at most (the venue lists a few hundred rewarded markets a page). */
const MAX_REWARD_PAGES = 20;

/**
 * The condition ids of the `n` markets with the richest liquidity-reward
 * pools now (the CLOB's `GET /rewards/markets/current`, the sum of each
 * market's `rewards_config[].rate_per_day`), richest first.
 * @throws {AnalyzeError} when the CLOB cannot be read
 */
export async function rewardedMarkets(hosts: Hosts, n: number): Promise<string[]> {
  const c = hosts.clob.replace(/\/$/, "");
  const rows: { id: string; pool: number }[] = [];
  let cursor = "";
  for (let page = 0; page < MAX_REWARD_PAGES && cursor !== END_CURSOR; page++) {
    const q = cursor ? `?next_cursor=${encodeURIComponent(cursor)}` : "";
    const body = await getOk(`${c}/rewards/markets/current${q}`, "the rewarded markets") as Json;
    for (const m of (Array.isArray(body.data) ? body.data : []) as Json[]) {
      const id = String(m.condition_id ?? "");
      if (!/^0x[0-9a-fA-F]{64}$/.test(id)) continue;
      const pool = (Array.isArray(m.rewards_config) ? m.rewards_config as Json[] : [])
        .reduce((a, r) => a + (num(r.rate_per_day) > 0 ? num(r.rate_per_day) : 0), 0);
      rows.push({ id, pool });
    }
    cursor = typeof body.next_cursor === "string" ? body.next_cursor : END_CURSOR;
  }
  return rows.sort((a, b) => b.pool - a.pool).slice(0, n).map((r) => r.id);
}

/** Reads the book, history, trades and CLOB metadata of a resolved market and analyses it. */
export async function analyzeMarket(
  m: ResolvedMarket,
  hosts: Hosts,
  nowMs: number,
): Promise<Analysis> {
  const c = hosts.clob.replace(/\/$/, "");
  const d = hosts.data.replace(/\/$/, "");
  const g = m.gamma;
  const notes: string[] = [];
  const book = await get(`${c}/book?token_id=${m.yes.tokenId}`);
  const bookLive = book.status < 400 && typeof book.body === "object" && book.body !== null;
  if (!bookLive) notes.push(`no order book yet (${c}/book answered ${book.status})`);
  const b = (bookLive ? book.body : {}) as Json;
  let tick = num(b.tick_size);
  if (Number.isNaN(tick)) tick = num(g.orderPriceMinTickSize);
  let minOrderSize = num(b.min_order_size);
  if (Number.isNaN(minOrderSize)) minOrderSize = num(g.orderMinSize);
  if (Number.isNaN(tick)) notes.push("tick size unknown");
  if (Number.isNaN(minOrderSize)) notes.push("minimum order size unknown");
  const hist = await get(`${c}/prices-history?market=${m.yes.tokenId}&interval=1w&fidelity=60`);
  const history = ((hist.status < 400 ? (hist.body as Json)?.history : null) ?? []) as {
    t: number;
    p: number;
  }[];
  if (history.length < 2) notes.push("no price history");
  const trades = await get(`${d}/trades?market=${m.conditionId}&limit=500`);
  const rows: TradeRow[] = (Array.isArray(trades.body) ? trades.body as Json[] : []).map((t) => ({
    wallet: String(t.proxyWallet ?? ""),
    price: num(t.price),
    size: num(t.size),
    t: num(t.timestamp),
  })).filter((r) => r.price > 0 && r.size > 0);
  if (rows.length === 0) notes.push("no public trades");
  const clobMarket = await get(`${c}/markets/${m.conditionId}`);
  const cm =
    (clobMarket.status < 400 && typeof clobMarket.body === "object" ? clobMarket.body : {}) as Json;
  const startMs = Date.parse(String(g.startDate ?? g.createdAt ?? ""));
  const endMs = Date.parse(String(g.endDate ?? g.endDateIso ?? cm.end_date_iso ?? ""));
  if (Number.isNaN(endMs)) notes.push("no end date");
  const vol = realizedVolLogit(history.map((h) => [num(h.t), num(h.p)]));
  const bm = bookMetrics(levels(b.bids), levels(b.asks), Number.isNaN(tick) ? 0.01 : tick);
  const metrics: MarketMetrics = {
    ...bm,
    volLogitPerSqrtDay: vol.vol,
    historyPoints: vol.points,
    ...tradeMetrics(rows),
    hoursToResolution: Number.isNaN(endMs) ? Number.NaN : (endMs - nowMs) / 3_600_000,
  };
  const closed = g.closed === true || g.archived === true || cm.closed === true;
  const accepting = g.acceptingOrders !== false && cm.accepting_orders !== false;
  const { status, reasons } = marketStatus(metrics, {
    closed,
    acceptingOrders: accepting,
    bookLive: bookLive && g.enableOrderBook !== false,
  });
  const rewards = (cm.rewards ?? {}) as Json;
  // the pool: the CLOB market's daily rates, else Gamma's clobRewards
  const pool = parseRewardRules(cm)?.dailyPoolUsdc ??
    (Array.isArray(g.clobRewards) ? g.clobRewards as Json[] : []).reduce(
      (a, r) => a + (num(r.rewardsDailyRate) > 0 ? num(r.rewardsDailyRate) : 0),
      0,
    );
  const maxSpreadCents = num(g.rewardsMaxSpread ?? rewards.max_spread);
  const rewardMin = num(g.rewardsMinSize ?? rewards.min_size);
  const feeBps = num(g.takerBaseFee ?? cm.taker_base_fee);
  const volume24h = num(g.volume24hr);
  // pm4's time decay now, as the config pm4 init writes would have it
  const risk = capacityDefaults();
  const t0 = Number.isFinite(startMs) && startMs < endMs ? startMs : endMs - DEFAULT_MARKET_SPAN_MS;
  const tf = Number.isNaN(endMs) ? 1 : timeFactor(nowMs, t0, endMs, risk.etaTime);
  const suggestion = suggestMarchetype({
    question: m.question,
    description: String(g.description ?? ""),
    tags: tagsOf(g, m.event),
  });
  return {
    market: m,
    tick,
    minOrderSize,
    negRisk: g.negRisk === true || cm.neg_risk === true,
    negRiskEvent: g.negRisk === true || cm.neg_risk === true
      ? String(cm.neg_risk_market_id || g.negRiskMarketID || m.event?.id || "")
      : "",
    category: String(g.category || m.event?.category || ""),
    startMs,
    endMs,
    fees: { takerBps: num(g.takerBaseFee ?? cm.taker_base_fee), enabled: g.feesEnabled === true },
    rewards: {
      dailyPoolUsdc: pool,
      maxSpreadCents,
      minSize: rewardMin,
      estimate: rewardEstimate({
        bids: levels(b.bids),
        asks: levels(b.asks),
        tick: Number.isNaN(tick) ? 0.01 : tick,
        minOrderShares: Number.isNaN(minOrderSize) ? 5 : minOrderSize,
        dailyPoolUsdc: pool,
        maxSpreadCents,
        minSizeShares: Number.isNaN(rewardMin) ? 0 : rewardMin,
        takerFeeRate: feeBps > 0 ? feeBps / 10_000 : 0,
        volume24hUsdc: volume24h,
        timeFactor: tf,
        slippageBuffer: risk.slippageBuffer,
      }),
    },
    volumeUsdc: num(g.volumeNum ?? g.volume),
    volume24hUsdc: volume24h,
    metrics,
    status,
    reasons,
    suggestion,
    notes,
  };
}
