/**
 * The venue's public data, read the same way live and on paper: the YES
 * price history (CLOB `GET /prices-history`) and recent public trades (data
 * API `GET /trades?market=`). Both feed the warm start and the crowd size U;
 * neither is worth failing a session for, so a failure reads as "none".
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import type { WarmStartData } from "../engine/mod.ts";
import { parsePublicTrades, type PublicTrade } from "../market/mod.ts";

const TIMEOUT_MS = 10_000;

async function getJson(url: string): Promise<unknown> {
  const r = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!r.ok) {
    await r.body?.cancel();
    throw new Error(`HTTP ${r.status}`);
  }
  return await r.json();
}

/** Recent public trades of the config's market (at most 500); [] when unavailable. */
export async function fetchPublicTrades(cfg: Config): Promise<PublicTrade[]> {
  const base = cfg.market.data_url.replace(/\/$/, "");
  try {
    const doc = await getJson(`${base}/trades?market=${cfg.market.condition_id}&limit=500`);
    return parsePublicTrades(doc).trades;
  } catch {
    return [];
  }
}

/** A day of YES prices (one a minute) and recent trades up to `nowMs`; null when unavailable. */
export async function fetchWarmStart(
  cfg: Config,
  clobUrl: string,
  nowMs: number,
): Promise<WarmStartData | null> {
  const base = clobUrl.replace(/\/$/, "");
  try {
    const doc = await getJson(
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
