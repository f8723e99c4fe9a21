/**
 * Feeds market data items (market-channel frames as a recording or the
 * simulator delivers them, polls of public trades) to a {@link FactsCollector}:
 * books are kept per token with the engine's own parser and book, so a
 * recording and a simulated market are measured by the same code.
 *
 * Markets are told apart by their condition id; without known token ids the
 * first token seen of a market is taken as YES (its other token is its mirror).
 *
 * @module
 */

import type { DataItem, TokenIds } from "../backtest/mod.ts";
import { ASK, BID, type MarketEvent, MarketParser, OrderBook } from "../market/mod.ts";
import { type BookTop, FactsCollector } from "./facts.ts";

/** Ticks either side of the mid within which book changes count as churn. */
const CHURN_TICKS = 10;

interface TokenState {
  market: string;
  token: "yes" | "no";
  book: OrderBook;
}

/** Collects stylized facts from data items. */
export class ItemFacts {
  private readonly parser = new MarketParser();
  private readonly tokens = new Map<string, TokenState>();
  private readonly marketsSeen = new Map<string, number>();
  private readonly known: Map<string, "yes" | "no">;
  private readonly onEvent = (ev: MarketEvent) => this.apply(ev);

  /**
   * A source feeding `collector` from market events.
   *
   * @param collector where the facts go (several sources may share one)
   * @param ids token ids when known (YES and NO of one market)
   * @param label the market's name in the collector when its ids are known
   */
  constructor(
    readonly collector: FactsCollector,
    ids?: TokenIds,
    private readonly label = "recorded",
  ) {
    this.known = new Map(ids ? [[ids.yes, "yes"], [ids.no, "no"]] : []);
  }

  /** Feeds one item. */
  item(it: DataItem): void {
    // last_trade_price frames carry every print; polls of public trades
    // (second resolution, a bounded page) would only count them twice
    if (it.kind === "frame") this.frame(it.text, it.rxMs);
  }

  /** Feeds one market-channel frame received at `rxMs`. */
  frame(text: string, rxMs: number): void {
    this.parser.parse(text, rxMs, this.onEvent);
  }

  /** Malformed messages skipped by the parser. */
  get skipped(): number {
    const s = this.parser.stats.skipped;
    return Object.values(s).reduce((a, b) => a + b, 0);
  }

  /** The state of a token, created on first use. */
  private token(assetId: string, market: string): TokenState {
    let st = this.tokens.get(assetId);
    if (!st) {
      const known = this.known.get(assetId);
      const n = this.marketsSeen.get(market) ?? 0;
      this.marketsSeen.set(market, n + 1);
      st = {
        market: known ? this.label : market,
        token: known ?? (n === 0 ? "yes" : "no"),
        book: new OrderBook(assetId),
      };
      this.tokens.set(assetId, st);
    }
    return st;
  }

  /** One market event into the books and the collector. */
  private apply(ev: MarketEvent): void {
    switch (ev.kind) {
      case "book": {
        const st = this.token(ev.assetId, ev.market);
        const before = nearTouch(st.book);
        st.book.applySnapshot(ev.bids, ev.asks, ev.tickPips, ev.rxMs, ev.tMs, ev.hash);
        this.emit(st, ev.rxMs, churnBetween(before, nearTouch(st.book)));
        return;
      }
      case "level": {
        const st = this.token(ev.assetId, ev.market);
        const side = ev.side === "bid" ? BID : ASK;
        const tick = st.book.grid?.tickPips ?? 0;
        const old = tick > 0 ? st.book.sizeAt(side, Math.round(ev.pricePips / tick)) : 0;
        const mid = midOf(st.book);
        if (st.book.applyDelta(side, ev.pricePips, ev.sizeMicro, ev.rxMs, ev.tMs) !== "applied") {
          return;
        }
        const near = Number.isFinite(mid) && Math.abs(ev.pricePips - mid) <= CHURN_TICKS * tick;
        this.emit(st, ev.rxMs, near ? Math.abs(ev.sizeMicro - old) / 1e6 : 0);
        return;
      }
      case "tick_size": {
        this.token(ev.assetId, ev.market).book.invalidate(ev.newTickPips);
        return;
      }
      case "trade": {
        const st = this.token(ev.assetId, ev.market);
        this.collector.trade(
          st.market,
          st.token,
          ev.rxMs,
          ev.takerSide === "buy",
          ev.sizeMicro / 1e6,
        );
        return;
      }
      default:
        return;
    }
  }

  /** Hands a token's top now to the collector. */
  private emit(st: TokenState, tMs: number, churn: number): void {
    this.collector.book(st.market, st.token, tMs, topOf(st.book), churn);
  }
}

function midOf(book: OrderBook): number {
  return (book.bestBidPips + book.bestAskPips) / 2;
}

/** Levels within {@link CHURN_TICKS} of the mid: price → shares. */
function nearTouch(book: OrderBook): Map<number, number> {
  const out = new Map<number, number>();
  const mid = midOf(book);
  if (!Number.isFinite(mid)) return out;
  const reach = CHURN_TICKS * book.grid!.tickPips;
  for (const side of [BID, ASK]) {
    for (const l of book.levels(side, 4 * CHURN_TICKS)) {
      if (Math.abs(l.pricePips - mid) <= reach) {
        out.set(side * 1e6 + l.pricePips, l.sizeMicro / 1e6);
      }
    }
  }
  return out;
}

function churnBetween(a: Map<number, number>, b: Map<number, number>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let c = 0;
  for (const [k, v] of a) c += Math.abs((b.get(k) ?? 0) - v);
  for (const [k, v] of b) if (!a.has(k)) c += v;
  return c;
}

/** The top of a book in the collector's terms. */
function topOf(book: OrderBook): BookTop {
  const tick = book.grid?.tickPips ?? 100;
  const live = book.status === "live";
  const side = (s: number) => {
    const lv = live ? book.levels(s, 3) : [];
    const best = lv[0];
    let d3 = 0;
    for (const l of lv) if (Math.abs(l.pricePips - best.pricePips) < 3 * tick) d3 += l.sizeMicro;
    return best
      ? { price: best.pricePips, size: best.sizeMicro / 1e6, d3: d3 / 1e6 }
      : { price: Number.NaN, size: Number.NaN, d3: Number.NaN };
  };
  const b = side(BID);
  const a = side(ASK);
  return {
    bidPips: b.price,
    askPips: a.price,
    bidSize: b.size,
    askSize: a.size,
    bidDepth3: b.d3,
    askDepth3: a.d3,
    tickPips: tick,
  };
}
