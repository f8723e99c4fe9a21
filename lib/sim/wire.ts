/**
 * The simulator's state and events in Polymarket's wire shapes (protocol §1,
 * §4): REST objects and WebSocket frames. Market frames use the venue's own
 * layout (`", "` separators, the recorded key order).
 *
 * @module
 */

import { formatMicro, formatPips, type LevelChanged, type TradePrinted } from "../market/mod.ts";
import type {
  BookDelta,
  LevelChange,
  SimEvent,
  SimExchange,
  SimOrder,
  SimTrade,
  TokenIdx,
} from "./exchange.ts";
import type { MarketIds } from "./sim_market.ts";

const OUTCOME = ["Yes", "No"] as const;

/** Token id of a token index. */
export function tokenId(ids: MarketIds, token: TokenIdx): string {
  return token === 0 ? ids.yesTokenId : ids.noTokenId;
}

/** The venue's 40-hex book hash of a token's levels (SHA-1-like; deterministic). */
function bookHash(text: string): string {
  // FNV-1a over the text, widened to 40 hex digits: enough to detect divergence
  let h1 = 0x811c9dc5, h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  const a = h1.toString(16).padStart(8, "0");
  const b = h2.toString(16).padStart(8, "0");
  return (a + b + a + b + a).slice(0, 40);
}

/** `OrderBookSummary` of one token (REST `/book`); levels best last, as the venue lists them. */
export function bookSummary(ex: SimExchange, ids: MarketIds, token: TokenIdx, nowMs: number) {
  const { bids, asks } = ex.bookOf(token);
  const lvl = ([p, s]: [number, number]) => ({ price: formatPips(p), size: formatMicro(s) });
  const body = {
    market: ids.conditionId,
    asset_id: tokenId(ids, token),
    timestamp: String(nowMs),
    hash: "",
    bids: bids.map(lvl),
    asks: asks.map(lvl),
    min_order_size: formatMicro(ex.spec.minOrderMicro),
    tick_size: formatPips(ex.tickPips),
    neg_risk: ex.spec.negRisk,
    last_trade_price: ex.lastTradeYesPips > 0
      ? formatPips(token === 0 ? ex.lastTradeYesPips : 10_000 - ex.lastTradeYesPips)
      : "",
  };
  body.hash = bookHash(JSON.stringify(body));
  return body;
}

/** A `book` WebSocket event of one token. */
export function bookEvent(ex: SimExchange, ids: MarketIds, token: TokenIdx, nowMs: number) {
  const s = bookSummary(ex, ids, token, nowMs);
  return {
    market: s.market,
    asset_id: s.asset_id,
    timestamp: s.timestamp,
    hash: s.hash,
    bids: s.bids,
    asks: s.asks,
    tick_size: s.tick_size,
    event_type: "book",
    last_trade_price: s.last_trade_price,
  };
}

/**
 * A `price_change` frame (current schema) in the venue's layout, with the
 * changes of both tokens and each token's best prices after them.
 */
export function priceChangeFrame(
  ids: MarketIds,
  changes: readonly LevelChange[],
  best: readonly [number, number, number, number],
  nowMs: number,
  hashSeq: number,
): string {
  const parts: string[] = [];
  for (const c of changes) {
    // best is [yesBid, yesAsk, noBid, noAsk]: a token's pair at 2·token
    const bb = best[2 * c.token];
    const ba = best[2 * c.token + 1];
    const hash = bookHash(`${hashSeq}|${c.token}|${c.pricePips}|${c.sizeMicro}`);
    parts.push(
      `{"asset_id":"${tokenId(ids, c.token)}", "price":"${formatPips(c.pricePips)}", "size":"${
        formatMicro(c.sizeMicro)
      }", "side":"${c.side}", "hash":"${hash}", "best_bid":"${formatPips(bb)}", "best_ask":"${
        formatPips(ba)
      }"}`,
    );
  }
  return `{"market":"${ids.conditionId}", "price_changes":[${
    parts.join(", ")
  }], "timestamp":"${nowMs}", "event_type":"price_change"}`;
}

/** `best_bid_ask` events for both tokens. */
export function bestBidAskEvents(
  ids: MarketIds,
  best: readonly [number, number, number, number],
  nowMs: number,
) {
  return ([0, 1] as const).map((t) => {
    const bb = best[2 * t];
    const ba = best[2 * t + 1];
    return {
      market: ids.conditionId,
      asset_id: tokenId(ids, t),
      best_bid: formatPips(bb),
      best_ask: formatPips(ba),
      spread: formatPips(Math.max(0, ba - bb)),
      timestamp: String(nowMs),
      event_type: "best_bid_ask",
    };
  });
}

// what the market channel carries of an event it does not carry (orders and
// trades are the user channel's: most events of a run), allocated once
const NO_FRAMES: readonly never[] = [];

/** Market-channel frames for one exchange event (besides `book` deltas). */
export function marketFrames(ev: SimEvent, ex: SimExchange, ids: MarketIds): readonly unknown[] {
  switch (ev.type) {
    case "print":
      return [{
        asset_id: tokenId(ids, ev.token),
        event_type: "last_trade_price",
        fee_rate_bps: String(ev.feeRateBps),
        market: ids.conditionId,
        price: formatPips(ev.pricePips),
        side: ev.takerSide,
        size: formatMicro(ev.sizeMicro),
        timestamp: String(ev.tMs),
        transaction_hash: "",
      }];
    case "tick_size":
      return [
        ...([0, 1] as const).map((t) => ({
          event_type: "tick_size_change",
          asset_id: tokenId(ids, t),
          market: ids.conditionId,
          old_tick_size: formatPips(ev.oldPips),
          new_tick_size: formatPips(ev.newPips),
          timestamp: String(ev.tMs),
        })),
        // a fresh snapshot so clients can rebuild on the new grid
        bookEvent(ex, ids, 0, ev.tMs),
        bookEvent(ex, ids, 1, ev.tMs),
      ];
    case "resolved":
      return [{
        event_type: "market_resolved",
        market: ids.conditionId,
        assets_ids: [ids.yesTokenId, ids.noTokenId],
        outcomes: ["Yes", "No"],
        winning_asset_id: tokenId(ids, ev.winner),
        winning_outcome: OUTCOME[ev.winner],
        timestamp: String(ev.tMs),
      }];
    default:
      return NO_FRAMES;
  }
}

/** The REST `OpenOrder` object of an order. */
export function openOrderJson(o: SimOrder, ids: MarketIds) {
  return {
    id: o.id,
    status: o.status,
    owner: o.owner,
    maker_address: o.address,
    market: ids.conditionId,
    asset_id: tokenId(ids, o.token),
    side: o.side,
    original_size: formatMicro(o.originalMicro),
    size_matched: formatMicro(o.matchedMicro),
    price: formatPips(o.pricePips),
    outcome: OUTCOME[o.token],
    expiration: String(Math.floor(o.expirationMs / 1000)),
    order_type: o.type,
    associate_trades: [...o.tradeIds],
    created_at: Math.floor(o.createdMs / 1000),
  };
}

/** The user-channel `order` event of an order for its owner. */
export function userOrderEvent(kind: string, o: SimOrder, ids: MarketIds, nowMs: number) {
  return {
    event_type: "order",
    type: kind,
    id: o.id,
    owner: o.owner,
    order_owner: o.owner,
    market: ids.conditionId,
    asset_id: tokenId(ids, o.token),
    side: o.side,
    price: formatPips(o.pricePips),
    original_size: formatMicro(o.originalMicro),
    size_matched: formatMicro(o.matchedMicro),
    outcome: OUTCOME[o.token],
    order_type: o.type,
    associate_trades: [...o.tradeIds],
    timestamp: String(nowMs),
  };
}

function makerOrdersJson(tr: SimTrade, ids: MarketIds) {
  return tr.makers.map((m) => ({
    order_id: m.orderId,
    owner: m.owner,
    maker_address: m.address,
    matched_amount: formatMicro(m.matchedMicro),
    price: formatPips(m.pricePips),
    fee_rate_bps: "0",
    asset_id: tokenId(ids, m.token),
    outcome: OUTCOME[m.token],
    side: m.side,
  }));
}

/** The REST `Trade` object of a trade, seen by `owner` (taker or maker). */
export function tradeJson(tr: SimTrade, ids: MarketIds, owner: string) {
  const isTaker = tr.owner === owner;
  return {
    id: tr.id,
    taker_order_id: tr.takerOrderId,
    market: ids.conditionId,
    asset_id: tokenId(ids, tr.token),
    side: tr.side,
    size: formatMicro(tr.sizeMicro),
    fee_rate_bps: String(tr.feeRateBps),
    price: formatPips(tr.pricePips),
    status: tr.status,
    match_time: String(Math.floor(tr.matchMs / 1000)),
    last_update: String(Math.floor(tr.lastUpdateMs / 1000)),
    outcome: OUTCOME[tr.token],
    bucket_index: 0,
    owner: tr.owner,
    maker_address: tr.address,
    transaction_hash: tr.txHash,
    trader_side: isTaker ? "TAKER" : "MAKER",
    maker_orders: makerOrdersJson(tr, ids),
  };
}

/** The user-channel `trade` event of a trade for `owner`. */
export function userTradeEvent(tr: SimTrade, ids: MarketIds, owner: string, nowMs: number) {
  return {
    event_type: "trade",
    type: "TRADE",
    id: tr.id,
    market: ids.conditionId,
    asset_id: tokenId(ids, tr.token),
    side: tr.side,
    size: formatMicro(tr.sizeMicro),
    price: formatPips(tr.pricePips),
    status: tr.status,
    outcome: OUTCOME[tr.token],
    owner: tr.owner,
    trade_owner: owner,
    taker_order_id: tr.takerOrderId,
    matchtime: String(Math.floor(tr.matchMs / 1000)),
    last_update: String(Math.floor(tr.lastUpdateMs / 1000)),
    timestamp: String(nowMs),
    fee_rate_bps: String(tr.feeRateBps),
    transaction_hash: tr.txHash,
    trader_side: tr.owner === owner ? "TAKER" : "MAKER",
    maker_orders: makerOrdersJson(tr, ids),
  };
}

/**
 * One line of the simulator's event log: the event with its time relative
 * to the start, and orders/trades reduced to their stable fields. Same seed,
 * same lines.
 */
export function eventLogLine(ev: SimEvent, startMs: number): string {
  const t = ev.tMs - startMs;
  switch (ev.type) {
    case "order": {
      const o = ev.order;
      return JSON.stringify({
        t,
        ev: "order",
        kind: ev.kind,
        id: o.id,
        owner: o.owner,
        token: o.token,
        side: o.side,
        price: o.pricePips,
        size: o.originalMicro,
        matched: o.matchedMicro,
        status: o.status,
      });
    }
    case "trade": {
      const tr = ev.trade;
      return JSON.stringify({
        t,
        ev: "trade",
        id: tr.id,
        taker: tr.takerOrderId,
        token: tr.token,
        side: tr.side,
        size: tr.sizeMicro,
        price: tr.pricePips,
        fee: tr.feeMicro,
        status: tr.status,
        makers: tr.makers.map((m) => [m.orderId, m.matchedMicro, m.pricePips]),
      });
    }
    case "book":
      return JSON.stringify({
        t,
        ev: "book",
        best: ev.best,
        changes: ev.changes.map((c) => [c.token, c.side, c.pricePips, c.sizeMicro]),
      });
    default:
      return JSON.stringify({ ...ev, t, tMs: undefined });
  }
}

/** One market-channel frame for subscribers of the market's tokens. */
export interface ChannelFrame {
  /** The frame's text. */
  text: string;
  /** Only for sockets with `custom_feature_enabled` subscribed to this asset (`best_bid_ask`). */
  customAsset: string | null;
}

/**
 * The market channel of one simulated market: turns exchange events into the
 * frames the venue sends (level deltas as `price_change` in its layout,
 * `best_bid_ask` when the top moved, prints, tick changes with fresh books,
 * resolution). Stateful (hash sequence, last top): one per market.
 */
export class MarketChannel {
  private hashSeq = 0;
  private lastBest = "";

  /**
   * The market channel of one simulated market.
   *
   * @param ex the exchange
   * @param ids the market's ids
   */
  constructor(private readonly ex: SimExchange, private readonly ids: MarketIds) {}

  /** The initial dump a new subscriber gets: both books. */
  snapshot(nowMs: number): string {
    return JSON.stringify([
      bookEvent(this.ex, this.ids, 0, nowMs),
      bookEvent(this.ex, this.ids, 1, nowMs),
    ]);
  }

  /**
   * The level changes of a book event as its `price_change` frame carries
   * them, already decoded (for an engine in the same process: no text to
   * build and parse).
   */
  levels(ev: BookDelta): LevelChanged[] {
    const out: LevelChanged[] = [];
    const b = ev.best;
    ev.eachChange((token, side, pricePips, sizeMicro) =>
      out.push({
        kind: "level",
        assetId: tokenId(this.ids, token),
        market: this.ids.conditionId,
        tMs: ev.tMs,
        rxMs: ev.tMs,
        side: side === "BUY" ? "bid" : "ask",
        pricePips,
        sizeMicro,
        bestBidPips: b[2 * token],
        bestAskPips: b[2 * token + 1],
      })
    );
    return out;
  }

  /**
   * A print as its `last_trade_price` frame carries it, already decoded
   * (for an engine in the same process).
   */
  trade(ev: Extract<SimEvent, { type: "print" }>): TradePrinted {
    return {
      kind: "trade",
      assetId: tokenId(this.ids, ev.token),
      market: this.ids.conditionId,
      tMs: ev.tMs,
      rxMs: ev.tMs,
      pricePips: ev.pricePips,
      sizeMicro: ev.sizeMicro,
      takerSide: ev.takerSide === "BUY" ? "buy" : "sell",
      feeRateBps: ev.feeRateBps,
    };
  }

  /**
   * Frames of one exchange event (none for events the channel does not
   * carry); `custom` false leaves out the frames only subscribers of the
   * custom features get (`best_bid_ask`).
   */
  frames(ev: SimEvent, custom = true): readonly ChannelFrame[] {
    if (ev.type === "book") {
      const out: ChannelFrame[] = [{
        text: priceChangeFrame(this.ids, ev.changes, ev.best, ev.tMs, this.hashSeq++),
        customAsset: null,
      }];
      if (!custom) return out;
      const best = ev.best.join(",");
      if (best !== this.lastBest) {
        for (const b of bestBidAskEvents(this.ids, ev.best, ev.tMs)) {
          out.push({ text: JSON.stringify(b), customAsset: b.asset_id });
        }
      }
      this.lastBest = best;
      return out;
    }
    const frames = marketFrames(ev, this.ex, this.ids);
    if (frames.length === 0) return NO_FRAMES;
    return frames.map((f) => ({
      text: JSON.stringify(f),
      customAsset: null,
    }));
  }
}
