/**
 * The user channel (`/ws/user`, protocol §4.3) and REST trades in engine
 * terms: `order` events become order updates, `trade` events become fills of
 * our orders (our maker entries, or the trade itself when we were the taker).
 * Malformed events are counted and skipped, never thrown.
 *
 * @module
 */

import type { EngineInput, Fill, Outcome } from "../engine/mod.ts";
import { parsePricePips, parseSizeMicro } from "../market/mod.ts";
import type { Json } from "../config/mod.ts";

/** Maps a token id to YES/NO (undefined for another market). */
export type TokenMap = (assetId: string) => Outcome | undefined;

function str(v: unknown): string {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
}

function timeMs(v: unknown): number {
  const n = Number(str(v));
  if (!(n > 0)) return Number.NaN;
  return n < 1e11 ? n * 1000 : n;
}

const STATUSES = new Set(["MATCHED", "MINED", "CONFIRMED", "RETRYING", "FAILED"]);

/**
 * Our fills in a trade object (user event or REST `Trade`). `owner` is our
 * API key. Our orders are post-only, so we are the maker and pay no fee; a
 * trade we took (not ours by design, but reported all the same) is one fill
 * of the taker order, its fee unknown here and left to the balance check.
 */
export function fillsOfTrade(t: Json, owner: string, tokens: TokenMap): Fill[] {
  const status = str(t.status).toUpperCase();
  const tradeId = str(t.id);
  if (!tradeId || !STATUSES.has(status)) return [];
  const matchMs = timeMs(t.match_time ?? t.matchtime ?? t.timestamp);
  const fill = (orderId: unknown, asset: unknown, price: unknown, size: unknown, side: unknown) => {
    const token = tokens(str(asset));
    const pricePips = parsePricePips(str(price));
    const sizeMicro = parseSizeMicro(str(size));
    const s = str(side);
    if (!token || !(pricePips > 0) || !(sizeMicro > 0) || (s !== "BUY" && s !== "SELL")) return [];
    return [
      {
        tradeId,
        orderId: str(orderId),
        token,
        side: s,
        pricePips,
        sizeMicro,
        feeMicro: 0,
        status: status as Fill["status"],
        matchMs,
      } satisfies Fill,
    ];
  };
  if (
    str(t.trader_side) === "TAKER" || (str(t.owner) === owner && str(t.trader_side) !== "MAKER")
  ) {
    return fill(t.taker_order_id, t.asset_id, t.price, t.size, t.side);
  }
  const makers = Array.isArray(t.maker_orders) ? t.maker_orders as Json[] : [];
  return makers.flatMap((m) =>
    typeof m === "object" && m !== null && str(m.owner) === owner
      ? fill(m.order_id, m.asset_id, m.price, m.matched_amount, m.side)
      : []
  );
}

/** Parses user-channel frames into engine inputs, counting what it skips. */
export class UserChannelParser {
  /** Events skipped (malformed JSON, unknown types, other markets). */
  skipped = 0;

  /**
   * A parser of `owner`'s user channel for this market's tokens.
   *
   * @param owner our API key
   * @param tokens token id → YES/NO for our market
   */
  constructor(private readonly owner: string, private readonly tokens: TokenMap) {}

  /** The engine inputs of one frame received at `tMs`. */
  parse(text: string, tMs: number): EngineInput[] {
    if (text.trim() === "PONG") return [];
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      this.skipped++;
      return [];
    }
    const out: EngineInput[] = [];
    const fills: Fill[] = [];
    for (const e of Array.isArray(doc) ? doc : [doc]) {
      if (typeof e !== "object" || e === null) {
        this.skipped++;
        continue;
      }
      const ev = e as Json;
      if (ev.event_type === "order") {
        const type = str(ev.type);
        const id = str(ev.id);
        const matched = parseSizeMicro(str(ev.size_matched) || "0");
        if (
          !id || !(type === "PLACEMENT" || type === "UPDATE" || type === "CANCELLATION") ||
          Number.isNaN(matched)
        ) {
          this.skipped++;
          continue;
        }
        if (!this.tokens(str(ev.asset_id))) continue; // another market of the account
        out.push({ kind: "order_update", tMs, orderId: id, type, matchedMicro: matched });
      } else if (ev.event_type === "trade") {
        const f = fillsOfTrade(ev, this.owner, this.tokens);
        if (f.length === 0 && !this.tokens(str(ev.asset_id))) continue;
        fills.push(...f);
      } else {
        this.skipped++;
      }
    }
    if (fills.length > 0) out.push({ kind: "fills", tMs, fills });
    return out;
  }
}
