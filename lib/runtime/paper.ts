/**
 * Paper trading: live market data, no keys, our orders kept virtually and
 * filled against the live tape by the same queue-position matcher as the
 * backtest, with no latency. It reads the engine's own books and the trades
 * the engine parsed (a frame is parsed once); the engine sees the same
 * inputs as live: placements answered, cancels answered, fills.
 *
 * @module
 */

import { type Config, marketCapitalUsdc } from "../config/mod.ts";
import type { Fill, NewOrder, WarmStartData } from "../engine/mod.ts";
import {
  type CancelOutcome,
  type ExchangePort,
  fetchMarketConstants,
  fetchPublicTrades,
  fetchRewardRules,
  fetchWarmStart,
  type PlaceOutcome,
  type StartState,
} from "../exchange/mod.ts";
import type { MarketFeed, PublicTrade, TradePrinted } from "../market/mod.ts";
import type { RewardRules } from "../model/mod.ts";
import { QueueMatcher, type VenueState } from "../backtest/mod.ts";

/**
 * The paper venue. After the engine applied each market frame, hand it the
 * trades that frame printed with {@link PaperAdapter.afterFrame}.
 */
export class PaperAdapter implements ExchangePort {
  readonly mode = "paper" as const;
  private readonly matcher: QueueMatcher;
  private seq = 0;
  /** Time of the last frame, ms: the paper venue's clock (the core reads no wall clock). */
  private nowMs = 0;

  /**
   * A paper venue of `cfg`'s market, on its live book.
   *
   * @param cfg the config (market, hosts; its market capital is the paper cash)
   * @param feed the engine's market feed (its books are the live ones)
   * @param onFills receives fills as they happen (the runtime feeds them to the engine)
   */
  constructor(
    private readonly cfg: Config,
    feed: MarketFeed,
    private readonly onFills: (fills: Fill[], tMs: number) => void,
  ) {
    this.matcher = new QueueMatcher(
      feed,
      cfg.market.asset_id_yes,
      { takerFeeRate: 0, feeExponent: 1, makerRebateRate: 0 },
      { cashMicro: Math.round(marketCapitalUsdc(cfg) * 1e6), yesMicro: 0, noMicro: 0 },
    );
  }

  /** Public market constants (no keys needed). */
  async start(): Promise<StartState> {
    const { tickPips, minOrderMicro } = await fetchMarketConstants(this.cfg);
    return {
      market: { tickPips, minOrderMicro, ownOrdersInBook: false },
      balances: this.matcher.state().balances,
      openOrders: [],
      fills: [],
    };
  }

  /** Accepts post-only orders that do not cross the live book. */
  place(
    orders: NewOrder[],
    onSigned: (clientId: number, orderId: string) => void,
  ): Promise<PlaceOutcome[]> {
    const now = this.nowMs;
    return Promise.resolve(orders.map((o) => {
      const id = `0xpaper${(++this.seq).toString(16).padStart(58, "0")}`;
      onSigned(o.clientId, id);
      const outcome = this.matcher.place(now, id, o);
      return outcome === "crosses_book"
        ? {
          clientId: o.clientId,
          outcome,
          status: 400,
          message: `paper: order ${id} would cross the book`,
        }
        : { clientId: o.clientId, outcome, status: 200, message: "" };
    }));
  }

  /** Cancels virtual orders. */
  cancel(ids: string[]): Promise<CancelOutcome> {
    const out: CancelOutcome = { canceled: [], notCanceled: {}, failed: [], requestError: "" };
    const now = this.nowMs;
    for (const id of ids) {
      const r = this.matcher.cancel(now, id);
      if (r === "canceled") out.canceled.push(id);
      else out.notCanceled[id] = r;
    }
    return Promise.resolve(out);
  }

  /** Cancels every virtual order. */
  cancelAll(): Promise<CancelOutcome> {
    return this.cancel(this.matcher.liveIds());
  }

  /** The virtual state (fills since `sinceMs`). */
  reconcile(sinceMs: number): Promise<VenueState> {
    const s = this.matcher.state();
    return Promise.resolve({ ...s, fills: s.fills.filter((f) => f.matchMs >= sinceMs) });
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

  /** The market's reward program, read from the public venue as live. */
  rewardRules(): Promise<RewardRules | null> {
    return fetchRewardRules(this.cfg);
  }

  /** Paper orders are not at the venue: it has nothing to say of them. */
  ordersScoring(): Promise<null> {
    return Promise.resolve(null);
  }

  /** No user channel: fills come from the queue model. */
  userChannel(): null {
    return null;
  }

  /** The engine applied a market frame at `tMs` that printed `trades`: our fills, if any. */
  afterFrame(tMs: number, trades: readonly TradePrinted[]): void {
    this.nowMs = tMs;
    const fills = this.matcher.onFrame(tMs, trades);
    if (fills.length > 0) this.onFills(fills, tMs);
  }
}
