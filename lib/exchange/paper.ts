/**
 * Paper trading: live market data, no keys, our orders kept virtually and
 * filled against the live tape by the queue-position model. The engine sees
 * the same inputs as live: placements answered, cancels answered, fills.
 *
 * @module
 */

import { isYesBid, yesPips } from "../model/mod.ts";
import { type Config, marketCapitalUsdc } from "../config/mod.ts";
import {
  type Balances,
  type ExchangeOrder,
  type Fill,
  Inventory,
  type NewOrder,
  type WarmStartData,
} from "../engine/mod.ts";
import {
  ASK,
  BID,
  consolidatedTop,
  emptyTop,
  type MarketEvent,
  MarketFeed,
  type PublicTrade,
  type QueueFill,
  QueueModel,
  unifiedLevelSize,
} from "../market/mod.ts";
import type { ExchangePort, StartState } from "./port.ts";
import { accepted, type CancelOutcome, type PlaceOutcome } from "./outcomes.ts";
import { fetchMarketConstants, fetchPublicTrades, fetchWarmStart } from "./public_data.ts";

const UNIT = 10_000;

/** The paper venue. Feed it every market frame with {@link PaperAdapter.onFrame}. */
export class PaperAdapter implements ExchangePort {
  readonly mode = "paper" as const;
  // the virtual account: the balances our paper fills leave
  private readonly wallet = new Inventory();
  private readonly feed: MarketFeed;
  private readonly queue = new QueueModel();
  private readonly orders = new Map<
    string,
    { o: NewOrder; id: string; matchedMicro: number; pricePips: number }
  >();
  private readonly fills: Fill[] = [];
  private readonly top = emptyTop();
  private seq = 0;
  private tradeSeq = 0;

  /**
   * @param cfg the config (market, hosts; `risk.bankroll_B / n_plays` is the paper cash)
   * @param onFills receives fills as they happen (the runtime feeds them to the engine)
   */
  constructor(
    private readonly cfg: Config,
    private readonly onFills: (fills: Fill[], tMs: number) => void,
  ) {
    const tick = cfg.market.tick_size ? Math.round(cfg.market.tick_size * UNIT) : 0;
    this.feed = new MarketFeed(cfg.market.asset_id_yes, cfg.market.asset_id_no, tick);
    this.wallet.setBalances({
      cashMicro: Math.round(marketCapitalUsdc(cfg) * 1e6),
      yesMicro: 0,
      noMicro: 0,
    });
  }

  /** Public market constants (no keys needed). */
  async start(): Promise<StartState> {
    const { tickPips, minOrderMicro } = await fetchMarketConstants(this.cfg);
    this.feed.yes.setDefaultTick(tickPips);
    this.feed.no.setDefaultTick(tickPips);
    return {
      market: { tickPips, minOrderMicro, ownOrdersInBook: false },
      balances: this.wallet.balances(),
      openOrders: [],
      fills: [],
    };
  }

  /** Accepts post-only orders that do not cross the live book. */
  place(
    orders: NewOrder[],
    onSigned: (clientId: number, orderId: string) => void,
  ): Promise<PlaceOutcome[]> {
    consolidatedTop(this.feed.yes, this.feed.no, this.top);
    const out: PlaceOutcome[] = [];
    for (const o of orders) {
      const id = `0xpaper${(++this.seq).toString(16).padStart(58, "0")}`;
      onSigned(o.clientId, id);
      const pricePips = o.priceTicks * o.tickPips;
      const yes = yesPips(o.token, pricePips);
      const bid = isYesBid(o.token, o.side);
      if (
        bid
          ? this.top.askPips > 0 && yes >= this.top.askPips
          : this.top.bidPips > 0 && yes <= this.top.bidPips
      ) {
        out.push({
          clientId: o.clientId,
          outcome: "crosses_book",
          status: 400,
          message: `paper: order ${id} would cross the book`,
        });
        continue;
      }
      const level = this.levelSize(bid ? BID : ASK, yes);
      this.queue.add(id, o.token, o.side, pricePips, o.sizeMicro, level);
      this.orders.set(id, { o, id, matchedMicro: 0, pricePips });
      out.push(accepted(o.clientId, "live"));
    }
    return Promise.resolve(out);
  }

  /** Cancels virtual orders. */
  cancel(ids: string[]): Promise<CancelOutcome> {
    const out: CancelOutcome = {
      canceled: [],
      notCanceled: {},
      failed: [],
      requestError: "",
    };
    for (const id of ids) {
      if (this.queue.remove(id)) {
        this.orders.delete(id);
        out.canceled.push(id);
      } else {
        out.notCanceled[id] = this.orders.has(id) ? "matched" : "absent";
        this.orders.delete(id);
      }
    }
    return Promise.resolve(out);
  }

  /** Cancels every virtual order. */
  cancelAll(): Promise<CancelOutcome> {
    return this.cancel([...this.orders.keys()]);
  }

  /** The virtual state. */
  reconcile(
    sinceMs: number,
  ): Promise<{ openOrders: ExchangeOrder[]; fills: Fill[]; balances: Balances }> {
    const openOrders: ExchangeOrder[] = [...this.orders.values()].map((v) => ({
      id: v.id,
      token: v.o.token,
      side: v.o.side,
      pricePips: v.pricePips,
      originalMicro: v.o.sizeMicro,
      matchedMicro: v.matchedMicro,
    }));
    return Promise.resolve({
      openOrders,
      fills: this.fills.filter((f) => f.matchMs >= sinceMs),
      balances: this.wallet.balances(),
    });
  }

  /** Nothing to keep alive. */
  heartbeat(): Promise<{ ok: boolean; error: string }> {
    return Promise.resolve({ ok: true, error: "" });
  }

  /** Public price history and trades, as for live. */
  history(nowMs: number): Promise<WarmStartData | null> {
    return fetchWarmStart(this.cfg, this.cfg.market.clob_url, nowMs);
  }

  /** Public trades (data API). */
  publicTrades(): Promise<PublicTrade[]> {
    return fetchPublicTrades(this.cfg);
  }

  /** No user channel: fills come from the queue model. */
  userChannel(): null {
    return null;
  }

  /** Feeds a market frame: the books, the queue, and the fills it causes. */
  onFrame(text: string, rxMs: number): void {
    this.feed.parser.parse(text, rxMs, (ev) => this.onEvent(ev, rxMs));
    consolidatedTop(this.feed.yes, this.feed.no, this.top);
    this.emit(this.queue.onTop(this.top.bidPips, this.top.askPips), rxMs);
  }

  private onEvent(ev: MarketEvent, rxMs: number): void {
    if (ev.kind === "level" && ev.assetId === this.cfg.market.asset_id_yes) {
      const side = ev.side === "bid" ? BID : ASK;
      const old = this.levelSize(side, ev.pricePips);
      this.feed.apply(ev);
      this.queue.onLevel(side, ev.pricePips, old, ev.sizeMicro);
      return;
    }
    this.feed.apply(ev);
    if (ev.kind === "trade") {
      const yes = ev.assetId === this.cfg.market.asset_id_yes;
      const yesPips = yes ? ev.pricePips : UNIT - ev.pricePips;
      const takerBuysYes = yes ? ev.takerSide === "buy" : ev.takerSide === "sell";
      this.emit(this.queue.onTrade(yesPips, ev.sizeMicro, takerBuysYes), rxMs);
    }
  }

  /** Public size at a level of the unified (YES) book, micro-shares. */
  private levelSize(side: number, yesPips: number): number {
    return unifiedLevelSize(this.feed.yes, this.feed.no, side, yesPips);
  }

  private emit(fills: QueueFill[], tMs: number): void {
    if (fills.length === 0) return;
    const out: Fill[] = [];
    for (const f of fills) {
      const v = this.orders.get(f.orderId);
      if (!v) continue;
      v.matchedMicro += f.sizeMicro;
      if (v.matchedMicro >= v.o.sizeMicro) this.orders.delete(f.orderId);
      const fill: Fill = {
        tradeId: `paper-${++this.tradeSeq}`,
        orderId: f.orderId,
        token: f.token,
        side: f.side,
        pricePips: f.pricePips,
        sizeMicro: f.sizeMicro,
        feeMicro: 0,
        status: "MATCHED",
        matchMs: tMs,
      };
      this.wallet.apply(fill);
      this.fills.push(fill);
      out.push(fill);
    }
    if (this.fills.length > 10_000) this.fills.splice(0, this.fills.length - 10_000);
    if (out.length > 0) this.onFills(out, tMs);
  }
}
