/**
 * The venue's public data, read the same way live and on paper: the YES
 * price history (CLOB `GET /prices-history`) and recent public trades (data
 * API `GET /trades?market=`). Both feed the warm start and the crowd size U;
 * neither is worth failing a session for, so a failure reads as "none". Also
 * the market's constants and its liquidity-reward program.
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import type { WarmStartData } from "../engine/mod.ts";
import {
  parsePricePips,
  parsePublicTrades,
  parseSizeMicro,
  type PublicTrade,
} from "../market/mod.ts";
import { programRules, type RewardRules } from "../model/mod.ts";
import { getJson } from "./http_json.ts";

const TIMEOUT_MS = 10_000;

/** The body of a public GET that answered 2xx; throws otherwise. */
async function getOk(url: string): Promise<unknown> {
  const { status, body } = await getJson(url, TIMEOUT_MS);
  if (status >= 300) throw new Error(`HTTP ${status}`);
  return body;
}

/** Recent public trades of the config's market as the data API lists them (at most 500); [] when unavailable. */
export async function fetchPublicTradesRaw(cfg: Config): Promise<unknown[]> {
  const base = cfg.market.data_url.replace(/\/$/, "");
  try {
    const doc = await getOk(`${base}/trades?market=${cfg.market.condition_id}&limit=500`);
    return Array.isArray(doc) ? doc : [];
  } catch {
    return [];
  }
}

/** Recent public trades of the config's market (at most 500); [] when unavailable. */
export async function fetchPublicTrades(cfg: Config): Promise<PublicTrade[]> {
  return parsePublicTrades(await fetchPublicTradesRaw(cfg)).trades;
}

/**
 * Tick and minimum order size of the config's market, from the config when
 * set, else from the public book (`GET /book`).
 * @throws {Error} when the book cannot be read
 */
export async function fetchMarketConstants(
  cfg: Config,
): Promise<{ tickPips: number; minOrderMicro: number }> {
  let tickPips = cfg.market.tick_size ? Math.round(cfg.market.tick_size * 10_000) : 0;
  let minOrderMicro = cfg.market.min_order_size ? Math.round(cfg.market.min_order_size * 1e6) : 0;
  if (!tickPips || !minOrderMicro) {
    const base = cfg.market.clob_url.replace(/\/$/, "");
    let book: { tick_size?: unknown; min_order_size?: unknown };
    try {
      book = await getOk(`${base}/book?token_id=${cfg.market.asset_id_yes}`) as typeof book;
    } catch (e) {
      throw new Error(`reading the book from ${base} failed: ${(e as Error).message}`);
    }
    tickPips ||= parsePricePips(String(book.tick_size ?? "0.01"));
    minOrderMicro ||= parseSizeMicro(String(book.min_order_size ?? "5"));
  }
  return { tickPips, minOrderMicro };
}

/**
 * The market's liquidity-reward program from its CLOB market object
 * (`rewards{rates[], min_size, max_spread}`): the pool is the sum of the
 * daily rates; null when the market pays none. Values the venue sends as
 * strings are read as numbers; anything else unreadable is no program.
 *
 * @example
 * ```ts
 * import { parseRewardRules } from "./public_data.ts";
 * parseRewardRules({ rewards: { rates: [{ asset_address: "0x2791", rewards_daily_rate: 50 }],
 *   min_size: 20, max_spread: 3.5 } });
 * // { dailyPoolUsdc: 50, maxSpreadCents: 3.5, minSizeMicro: 20000000, multiplier: 1, scale: 3 }
 * ```
 */
export function parseRewardRules(market: unknown): RewardRules | null {
  const r = (market as { rewards?: unknown } | null)?.rewards as
    | {
      rates?: unknown;
      min_size?: unknown;
      max_spread?: unknown;
    }
    | null
    | undefined;
  if (!r || !Array.isArray(r.rates)) return null;
  let pool = 0;
  for (const rate of r.rates) {
    const v = Number((rate as { rewards_daily_rate?: unknown })?.rewards_daily_rate);
    if (Number.isFinite(v) && v > 0) pool += v;
  }
  const minSize = Number(r.min_size);
  const maxSpread = Number(r.max_spread);
  if (!(pool > 0) || !(maxSpread > 0) || !(minSize >= 0)) return null;
  return programRules(pool, maxSpread, minSize);
}

/**
 * The config's market's reward program from `GET /markets/{condition_id}`
 * (null when it pays none).
 * @throws {Error} when the market cannot be read
 */
export async function fetchRewardRules(cfg: Config): Promise<RewardRules | null> {
  const base = cfg.market.clob_url.replace(/\/$/, "");
  return parseRewardRules(await getOk(`${base}/markets/${cfg.market.condition_id}`));
}

/** A day of YES prices (one a minute) and recent trades up to `nowMs`; null when unavailable. */
export async function fetchWarmStart(
  cfg: Config,
  clobUrl: string,
  nowMs: number,
): Promise<WarmStartData | null> {
  const base = clobUrl.replace(/\/$/, "");
  try {
    const doc = await getOk(
      `${base}/prices-history?market=${cfg.market.asset_id_yes}&interval=1d&fidelity=1`,
    ) as { history?: { t: number; p: number }[] };
    const prices = (doc.history ?? [])
      .filter((x) => x.t * 1000 <= nowMs)
      .map((x) => [x.t * 1000, Number(x.p)] as [number, number]);
    return { prices, trades: await fetchPublicTrades(cfg) };
  } catch {
    return null;
  }
}
