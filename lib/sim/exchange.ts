/**
 * The simulated CLOB of one binary market: a pure, deterministic core with an
 * injected clock (sim ms). The HTTP/WebSocket server, the scorecard and the
 * tests drive the same object.
 *
 * One unified book in YES terms holds every order: BUY YES and SELL NO are
 * bids (a SELL NO at q is a YES bid at 1 − q), SELL YES and BUY NO are asks.
 * Any bid matches any ask it crosses, with price-time priority on integer
 * ticks; a BUY YES against a BUY NO mints a pair, a SELL YES against a SELL NO
 * merges one. The maker's price is the execution price. Open orders reserve
 * cash (buys) or shares (sells); takers pay the fee `size · rate · (p(1−p))^e`
 * on their own token's price; makers pay none.
 *
 * @module
 */

import { formatMicro, formatPips, takerFeeMicro } from "../market/mod.ts";
import { DeadManSwitch } from "./dead_man.ts";
import { Rng } from "./rng.ts";

/** Outcome token index: 0 = YES, 1 = NO. */
export type TokenIdx = 0 | 1;
/** Order side as the exchange spells it. */
export type OrderSide = "BUY" | "SELL";
/** Time in force. */
export type OrderType = "GTC" | "GTD" | "FOK" | "FAK";
/** Lifecycle of an order. */
export type OrderStatus = "LIVE" | "MATCHED" | "CANCELED";
/** Settlement status of a trade (MATCHED → MINED → CONFIRMED, or FAILED). */
export type TradeStatus = "MATCHED" | "MINED" | "CONFIRMED" | "FAILED";
/** Whether the venue accepts orders. */
export type TradingMode = "open" | "cancel_only" | "disabled";

/** Static description of the market. */
export interface MarketSpec {
  /** Condition id, 0x + 64 hex. */
  conditionId: string;
  /** YES token id (decimal string). */
  yesTokenId: string;
  /** Token id of NO, decimal. */
  noTokenId: string;
  /** Initial tick, pips. */
  tickPips: number;
  /** Minimum size of a resting order, micro-shares. */
  minOrderMicro: number;
  /** Taker fee rate (fraction, e.g. 0.07), applied as `rate · (p(1−p))^exponent` per share. */
  feeRate: number;
  /** Taker fee exponent: fee = size · rate · (p(1−p))^exponent. */
  feeExponent: number;
  /** Neg-risk flag (routing of signatures only). */
  negRisk: boolean;
}

/** Settlement timing of trades. */
export interface SettlementSpec {
  /** MATCHED → MINED after this, ms. */
  minedDelayMs: number;
  /** MINED → CONFIRMED after this, ms. */
  confirmDelayMs: number;
  /** Probability that a trade fails on chain (balances revert). */
  failureRate: number;
}

/** A new order. */
export interface OrderRequest {
  /** Order id (the EIP-712 hash for signed orders). */
  id: string;
  /** Owner: an API key, or an agent's name. */
  owner: string;
  /** Address whose balances back the order (lower case). */
  address: string;
  /** Token traded. */
  token: TokenIdx;
  /** BUY or SELL, of its token. */
  side: OrderSide;
  /** Limit price of `token`, pips. */
  pricePips: number;
  /** Size, micro-shares (a multiple of 0.01 share). */
  sizeMicro: number;
  /** Time in force. */
  type: OrderType;
  /** Reject instead of taking liquidity. */
  postOnly: boolean;
  /** GTD expiration, ms since the epoch (0 = none); the order lives until 60 s before it. */
  expirationMs: number;
}

const NO_TRADES: readonly string[] = [];

/** An order as the exchange keeps it. */
export class SimOrder {
  /** Previous order at the same level (time priority list). */
  prev: SimOrder | null = null;
  /** Next order at the same level. */
  next: SimOrder | null = null;
  /** Size matched so far, micro-shares. */
  matchedMicro = 0;
  /** Current status. */
  status: OrderStatus = "LIVE";
  private trades: string[] | null = null; // allocated on the first trade
  /** Cash (buys) or shares (sells) still reserved, micro. */
  reservedMicro = 0;

  /** An order as the venue holds it. */
  constructor(
    /** Order id. */
    readonly id: string,
    /** Owner (API key or agent). */
    readonly owner: string,
    /** Backing address. */
    readonly address: string,
    /** Which outcome token: 0 YES, 1 NO. */
    readonly token: TokenIdx,
    /** BUY or SELL, of its token. */
    readonly side: OrderSide,
    /** Limit price of its token, pips. */
    public pricePips: number,
    /** Original size, micro-shares. */
    readonly originalMicro: number,
    /** Time in force. */
    readonly type: OrderType,
    /** Expiration (GTD), ms; 0 = none. */
    readonly expirationMs: number,
    /** Creation time, ms. */
    readonly createdMs: number,
  ) {}

  /** Trades this order took part in. */
  get tradeIds(): readonly string[] {
    return this.trades ?? NO_TRADES;
  }

  /** Records a trade of this order. */
  addTrade(id: string): void {
    (this.trades ??= []).push(id);
  }

  /** Remaining size, micro-shares. */
  get remainingMicro(): number {
    return this.originalMicro - this.matchedMicro;
  }

  /** Side of the unified YES book: 0 bid (BUY YES, SELL NO), 1 ask. */
  get bookSide(): 0 | 1 {
    return (this.token === 0) === (this.side === "BUY") ? 0 : 1;
  }
}

/** A maker's part of a trade. */
export interface MakerFill {
  /** Maker order id. */
  orderId: string;
  /** Maker owner. */
  owner: string;
  /** Maker address. */
  address: string;
  /** Matched size, micro-shares. */
  matchedMicro: number;
  /** Maker's price of its own token, pips. */
  pricePips: number;
  /** Maker's token. */
  token: TokenIdx;
  /** Maker's side. */
  side: OrderSide;
}

/** A trade: one taker order against one or more makers. */
export interface SimTrade {
  /** Trade id. */
  id: string;
  /** Id of the order that took liquidity. */
  takerOrderId: string;
  /** Taker owner. */
  owner: string;
  /** Taker address. */
  address: string;
  /** Taker token. */
  token: TokenIdx;
  /** Taker side. */
  side: OrderSide;
  /** Taker's matched size, micro-shares. */
  sizeMicro: number;
  /** Taker's average price of its own token, pips (rounded to a pip). */
  pricePips: number;
  /** Fee paid by the taker, micro-USDC. */
  feeMicro: number;
  /** Fee rate in basis points. */
  feeRateBps: number;
  /** Settlement status. */
  status: TradeStatus;
  /** Match time, ms. */
  matchMs: number;
  /** Last status change, ms. */
  lastUpdateMs: number;
  /** Transaction hash once mined ("" before). */
  txHash: string;
  /** The resting orders it took, in match order. */
  makers: MakerFill[];
}

/** A changed level of one token's book. */
export interface LevelChange {
  /** Which outcome token: 0 YES, 1 NO. */
  token: TokenIdx;
  /** Book side of that token: BUY = bids. */
  side: OrderSide;
  /** Price of the token, pips (1e-4 USDC). */
  pricePips: number;
  /** New aggregate size, micro-shares. */
  sizeMicro: number;
}

/**
 * The levels one operation changed. The exchange reuses this object: read it
 * (`changes`, `best`) during the listener call, do not keep it.
 */
export class BookDelta {
  /** Event type. */
  readonly type = "book" as const;
  /** Exchange time, ms. */
  tMs = 0;
  /** Best prices after the change, pips: [yesBid, yesAsk, noBid, noAsk]; 0 = no bids, 10000 = no asks. */
  best: [number, number, number, number] = [0, 0, 0, 0];
  /** Changed unified levels: side · 1e6 + YES ticks. */
  readonly keys: number[] = [];
  /** Their new aggregate sizes, micro-shares. */
  readonly sizes: number[] = [];
  /** Ticks per USDC when it was emitted. */
  n = 100;
  /** Tick, pips, when it was emitted. */
  tickPips = 100;

  /** The changes of both tokens' books (a unified bid at t is a NO ask at 1 − t). */
  get changes(): LevelChange[] {
    const out: LevelChange[] = [];
    this.eachChange((token, side, pricePips, sizeMicro) =>
      out.push({ token, side, pricePips, sizeMicro })
    );
    return out;
  }

  /** Calls `fn` for each change of {@link changes}, in its order, without building them. */
  eachChange(
    fn: (token: TokenIdx, side: OrderSide, pricePips: number, sizeMicro: number) => void,
  ): void {
    for (let i = 0; i < this.keys.length; i++) {
      const side = this.keys[i] >= 1_000_000 ? 1 : 0;
      const t = this.keys[i] - side * 1_000_000;
      const sz = this.sizes[i];
      fn(0, side === 0 ? "BUY" : "SELL", t * this.tickPips, sz);
      fn(1, side === 0 ? "SELL" : "BUY", (this.n - t) * this.tickPips, sz);
    }
  }
}

/** Everything the exchange tells the outside world, in order. */
export type SimEvent =
  | BookDelta
  | {
    type: "print";
    tMs: number;
    token: TokenIdx;
    pricePips: number;
    sizeMicro: number;
    takerSide: OrderSide;
    feeRateBps: number;
  }
  | { type: "order"; tMs: number; kind: "PLACEMENT" | "UPDATE" | "CANCELLATION"; order: SimOrder }
  | { type: "trade"; tMs: number; trade: SimTrade }
  | { type: "tick_size"; tMs: number; oldPips: number; newPips: number }
  | { type: "resolved"; tMs: number; winner: TokenIdx }
  | { type: "mode"; tMs: number; mode: TradingMode };

/** Why an order was refused, with the venue's status code and text. */
export interface Rejection {
  /** Refused. */
  ok: false;
  /** Documented error code. */
  code: string;
  /** The venue's message. */
  message: string;
  /** HTTP status the venue answers with. */
  httpStatus: number;
}

/** An accepted order. */
export interface Placement {
  /** Accepted. */
  ok: true;
  /** `live` when (part of) it rests, `matched` when it filled on entry. */
  status: "live" | "matched";
  /** The order as it stands after the event. */
  order: SimOrder;
  /** Trades created on entry. */
  tradeIds: string[];
  /** What the order gave on entry: cash for buys, shares for sells, micro. */
  makingMicro: number;
  /** What it received on entry, micro. */
  takingMicro: number;
}

/**
 * The cash of one address: shared by its accounts in every market of one
 * venue (one wallet), micro-USDC.
 */
export interface Cash {
  /** Collateral (pUSD). */
  collateral: number;
  /** Collateral reserved by open buys, in every market. */
  resCollateral: number;
  /** False when the exchange allowance was never set (orders are refused). */
  allowance: boolean;
}

/** What the markets of one venue share: each user's cash and dead-man switch. */
export interface SharedVenue {
  /** Cash by address. */
  wallets: Map<string, Cash>;
  /** The heartbeat switch of every user (the venue sweeps it, not a market). */
  deadMan: DeadManSwitch;
}

/** Balances of one address, micro-units. */
export interface Account {
  /** Collateral (pUSD). */
  collateral: number;
  /** YES shares. */
  yes: number;
  /** NO shares. */
  no: number;
  /** Collateral reserved by open buys. */
  resCollateral: number;
  /** YES reserved by open sells. */
  resYes: number;
  /** NO reserved by open sells. */
  resNo: number;
  /** False when the exchange allowance was never set (orders are refused). */
  allowance: boolean;
}

const UNIT = 10_000; // pips per USDC
/** Finished orders and settled trades kept for lookups before the oldest are forgotten. */
const RETAIN = 20_000;
const GTD_THRESHOLD_MS = 60_000;

/**
 * Moves the balances of one party of a fill: a buyer pays `cash` and gets
 * `shares`, a seller the reverse; `sign` −1 undoes the move.
 */
function move(
  a: Account,
  side: OrderSide,
  token: TokenIdx,
  cash: number,
  shares: number,
  sign: 1 | -1,
): void {
  const buy = side === "BUY";
  a.collateral += sign * (buy ? -cash : cash);
  const d = sign * (buy ? shares : -shares);
  if (token === 0) a.yes += d;
  else a.no += d;
}

/** The simulated exchange. See the module doc. */
export class SimExchange {
  /** Current tick, pips. */
  tickPips: number;
  /** Ticks per USDC. */
  n: number;
  /** Whether orders are accepted. */
  mode: TradingMode = "open";
  /** Times the heartbeat dead-man switch cancelled an owner's orders. */
  deadManSweeps = 0;

  /** Owners whose dead-man switch is armed (a heartbeat arrived and has not lapsed). */
  get armedHeartbeats(): number {
    return this.deadMan.size;
  }
  /** The heartbeat switch (this market's own, or the venue's shared one). */
  readonly deadMan: DeadManSwitch;
  /** Winning token once resolved. */
  resolved: TokenIdx | null = null;
  /** Fees collected, micro-USDC. */
  feesMicro = 0;
  /** Last trade price of YES, pips (0 before any). */
  lastTradeYesPips = 0;
  /** Orders by id (every order ever placed). */
  readonly orders = new Map<string, SimOrder>();
  /** Trades by id, in order. */
  readonly trades = new Map<string, SimTrade>();
  /** Balances by address. */
  readonly accounts = new Map<string, Account>();

  // unified book in YES ticks: level heads/tails and aggregate sizes
  private head: [(SimOrder | null)[], (SimOrder | null)[]];
  private tail: [(SimOrder | null)[], (SimOrder | null)[]];
  private size: [Float64Array, Float64Array];
  private bestBid = 0;
  private bestAsk = 0;
  private readonly changed = new Set<number>(); // side * 1e6 + ticks
  private readonly delta = new BookDelta();
  private readonly pendingTrades: SimTrade[] = []; // not yet CONFIRMED/FAILED, in time order
  private readonly live = new Set<SimOrder>();
  private readonly gtd = new Set<SimOrder>(); // live orders that expire
  private readonly finishedOrders: string[] = [];
  private readonly finishedTrades: string[] = [];
  private tradeSeq = 0;
  private readonly idSalt: string;
  private readonly txSalt: string;
  private readonly rng: Rng;

  /**
   * An exchange for one market, empty.
   *
   * @param spec the market
   * @param settlement trade settlement timing
   * @param sink receives every event, in order
   * @param seed seeds trade ids, transaction hashes and failures
   * @param shared the venue's wallets and dead-man switch when it has other markets
   */
  constructor(
    readonly spec: MarketSpec,
    readonly settlement: SettlementSpec,
    private readonly sink: (ev: SimEvent) => void,
    seed = 1,
    private readonly shared?: SharedVenue,
  ) {
    this.tickPips = spec.tickPips;
    this.n = UNIT / spec.tickPips;
    this.head = [new Array(this.n + 1).fill(null), new Array(this.n + 1).fill(null)];
    this.tail = [new Array(this.n + 1).fill(null), new Array(this.n + 1).fill(null)];
    this.size = [new Float64Array(this.n + 1), new Float64Array(this.n + 1)];
    this.rng = new Rng(seed ^ 0x5eed);
    const salt = this.rng.nextU32().toString(16).padStart(8, "0");
    this.idSalt = `${salt.slice(0, 4)}-4${salt.slice(4, 7)}-a000-${salt}0000`;
    this.txSalt = this.rng.hex(16);
    this.deadMan = shared?.deadMan ?? new DeadManSwitch(this.rng);
  }

  // ---------------------------------------------------------------- accounts

  /** The account of `address` (created empty on first use). */
  account(address: string): Account {
    let a = this.accounts.get(address);
    if (!a) {
      a = { collateral: 0, yes: 0, no: 0, resCollateral: 0, resYes: 0, resNo: 0, allowance: true };
      const wallets = this.shared?.wallets;
      if (wallets) {
        // one wallet across the venue's markets: the cash fields are the shared ones
        let cash = wallets.get(address);
        if (!cash) {
          cash = { collateral: 0, resCollateral: 0, allowance: true };
          wallets.set(address, cash);
        }
        const c = cash;
        Object.defineProperties(a, {
          collateral: { get: () => c.collateral, set: (v: number) => c.collateral = v },
          resCollateral: { get: () => c.resCollateral, set: (v: number) => c.resCollateral = v },
          allowance: { get: () => c.allowance, set: (v: boolean) => c.allowance = v },
        });
      }
      this.accounts.set(address, a);
    }
    return a;
  }

  /** Credits collateral and shares (micro) to `address`. */
  deposit(address: string, collateralMicro: number, yesMicro = 0, noMicro = 0): void {
    const a = this.account(address);
    a.collateral += collateralMicro;
    a.yes += yesMicro;
    a.no += noMicro;
  }

  // ------------------------------------------------------------------ orders

  /** Validates, matches and (when it should) rests an order at `nowMs`. */
  place(req: OrderRequest, nowMs: number): Placement | Rejection {
    const r = this.validate(req, nowMs);
    if (r) return r;
    const order = new SimOrder(
      req.id,
      req.owner,
      req.address,
      req.token,
      req.side,
      req.pricePips,
      req.sizeMicro,
      req.type,
      req.expirationMs,
      nowMs,
    );
    this.orders.set(order.id, order);
    const acct = this.account(req.address);
    const yesTicks = this.yesTicks(order);
    const side = order.bookSide;

    // take liquidity
    let makingMicro = 0;
    let takingMicro = 0;
    let trade: SimTrade | null = null;
    if (this.crosses(side, yesTicks)) {
      trade = this.newTrade(order, nowMs);
      const opp = side === 0 ? 1 : 0;
      while (order.remainingMicro > 0) {
        const t = opp === 1 ? this.bestAsk : this.bestBid;
        if (t === 0 || (side === 0 ? t > yesTicks : t < yesTicks)) break;
        let maker = this.head[opp][t];
        while (maker && order.remainingMicro > 0) {
          const nextMaker: SimOrder | null = maker.next;
          const qty = Math.min(order.remainingMicro, maker.remainingMicro);
          const [give, get] = this.fill(order, maker, qty, t, trade, nowMs);
          makingMicro += give;
          takingMicro += get;
          maker = nextMaker;
        }
      }
      this.settleTrade(trade, acct);
    }

    // rest what is left (GTC/GTD), or drop it (FAK)
    const rests = order.remainingMicro > 0 && (order.type === "GTC" || order.type === "GTD");
    if (rests) {
      this.reserve(order, acct);
      this.link(order, side, yesTicks);
      this.live.add(order);
      if (order.expirationMs > 0) this.gtd.add(order);
      this.sink({ type: "order", tMs: nowMs, kind: "PLACEMENT", order });
    } else {
      order.status = order.matchedMicro > 0 ? "MATCHED" : "CANCELED";
      this.retireOrder(order);
    }
    this.flushBook(nowMs);
    if (trade) this.sink({ type: "trade", tMs: nowMs, trade });
    return {
      ok: true,
      status: rests ? "live" : "matched",
      order,
      tradeIds: trade ? [trade.id] : [],
      makingMicro,
      takingMicro,
    };
  }

  /** Cancels one order of `owner`; false when it is not live (or not theirs). */
  cancel(id: string, owner: string, nowMs: number): boolean {
    const o = this.orders.get(id);
    if (!o || o.owner !== owner || o.status !== "LIVE") return false;
    this.remove(o, nowMs);
    this.flushBook(nowMs);
    return true;
  }

  /** Cancels every live order of `owner` (optionally one token); returns their ids. */
  cancelAll(owner: string, nowMs: number, token?: TokenIdx): string[] {
    const ids: string[] = [];
    for (const o of [...this.live]) {
      if (o.owner === owner && (token === undefined || o.token === token)) {
        this.remove(o, nowMs);
        ids.push(o.id);
      }
    }
    this.flushBook(nowMs);
    return ids;
  }

  /** Every live order, in placement order (a view: do not change the book while iterating). */
  liveOrders(): ReadonlySet<SimOrder> {
    return this.live;
  }

  /** Live orders of `owner` (all owners when undefined), in placement order. */
  openOrders(owner?: string): SimOrder[] {
    const out: SimOrder[] = [];
    for (const o of this.live) if (owner === undefined || o.owner === owner) out.push(o);
    return out;
  }

  // ------------------------------------------------------------- book views

  /** Best YES-equivalent bid and ask in ticks (0 = none). */
  best(): [number, number] {
    return [this.bestBid, this.bestAsk];
  }

  /**
   * Levels of one token's book as `[pricePips, sizeMicro]`, bids and asks
   * each from the worst to the best (the venue lists the best last).
   */
  bookOf(token: TokenIdx): { bids: [number, number][]; asks: [number, number][] } {
    const bids: [number, number][] = [];
    const asks: [number, number][] = [];
    const [ub, ua] = this.size;
    for (let t = 1; t < this.n; t++) {
      if (token === 0) {
        if (ub[t] > 0) bids.push([t * this.tickPips, ub[t]]);
      } else if (ua[t] > 0) {
        bids.unshift([(this.n - t) * this.tickPips, ua[t]]);
      }
    }
    for (let t = this.n - 1; t > 0; t--) {
      if (token === 0) {
        if (ua[t] > 0) asks.push([t * this.tickPips, ua[t]]);
      } else if (ub[t] > 0) {
        asks.unshift([(this.n - t) * this.tickPips, ub[t]]);
      }
    }
    return { bids, asks };
  }

  /** Best prices `[yesBid, yesAsk, noBid, noAsk]` in pips (0 = no bids, 10000 = no asks). */
  bestPips(): [number, number, number, number] {
    const tp = this.tickPips;
    const yb = this.bestBid * tp;
    const ya = this.bestAsk > 0 ? this.bestAsk * tp : UNIT;
    return [yb, ya, this.bestAsk > 0 ? UNIT - ya : 0, this.bestBid > 0 ? UNIT - yb : UNIT];
  }

  /** YES mid in pips, or NaN without a two-sided book. */
  midPips(): number {
    return this.bestBid > 0 && this.bestAsk > 0
      ? (this.bestBid + this.bestAsk) * this.tickPips / 2
      : Number.NaN;
  }

  // ------------------------------------------------------------ heartbeats

  /**
   * A heartbeat from `owner`. The first (id "") starts the dead-man switch;
   * later ones must carry the last id issued. Returns the new id, or the
   * expected one with `ok: false`.
   */
  heartbeat(owner: string, id: string, nowMs: number): { ok: boolean; id: string } {
    return this.deadMan.heartbeat(owner, id, nowMs);
  }

  /** The dead-man switch of `owner` fired: every order of theirs in this market goes. */
  sweepOwner(owner: string, nowMs: number): void {
    this.deadManSweeps++;
    for (const o of [...this.live]) if (o.owner === owner) this.remove(o, nowMs);
  }

  // ------------------------------------------------------------ time

  /**
   * Moves the exchange to `nowMs`: expires GTD orders, fires the heartbeat
   * dead-man switch (cancels an owner's orders after 15 s of silence), and
   * advances trade settlement.
   */
  advance(nowMs: number): void {
    for (const o of this.gtd) {
      if (o.expirationMs - GTD_THRESHOLD_MS <= nowMs) this.remove(o, nowMs);
    }
    // a venue of several markets sweeps its shared switch itself, in every market
    if (!this.shared && this.deadMan.size > 0) {
      for (const owner of this.deadMan.lapsed(nowMs)) this.sweepOwner(owner, nowMs);
    }
    this.flushBook(nowMs);
    // settlement: trades in match order; each goes MATCHED → MINED (or
    // FAILED) → CONFIRMED on its own clock
    const s = this.settlement;
    const pending = this.pendingTrades;
    let kept = 0;
    for (let i = 0; i < pending.length; i++) {
      const tr = pending[i];
      if (tr.status === "MATCHED" && nowMs >= tr.matchMs + s.minedDelayMs) {
        if (this.rng.chance(s.failureRate) && this.revert(tr)) {
          tr.status = "FAILED";
        } else {
          tr.status = "MINED";
          tr.txHash = "0x" + tr.id.slice(0, 8).padStart(32, "0") + this.txSalt;
        }
        tr.lastUpdateMs = nowMs;
        this.sink({ type: "trade", tMs: nowMs, trade: tr });
      }
      if (tr.status === "MINED" && nowMs >= tr.matchMs + s.minedDelayMs + s.confirmDelayMs) {
        tr.status = "CONFIRMED";
        tr.lastUpdateMs = nowMs;
        this.sink({ type: "trade", tMs: nowMs, trade: tr });
      }
      if (tr.status === "CONFIRMED" || tr.status === "FAILED") this.retireTrade(tr);
      else pending[kept++] = tr;
    }
    pending.length = kept;
  }

  /** Stops or restricts trading (`cancel_only`, `disabled`), or reopens it. */
  setMode(mode: TradingMode, nowMs: number): void {
    this.mode = mode;
    this.sink({ type: "mode", tMs: nowMs, mode });
  }

  /**
   * Changes the tick. A finer tick keeps every order (their prices are on the
   * new grid); a coarser one cancels orders that fall off it.
   */
  setTick(newPips: number, nowMs: number): void {
    if (newPips === this.tickPips) return;
    const old = this.tickPips;
    for (const o of [...this.live]) if (o.pricePips % newPips !== 0) this.remove(o, nowMs);
    this.flushBook(nowMs);
    const keep = [...this.live];
    this.tickPips = newPips;
    this.n = UNIT / newPips;
    this.head = [new Array(this.n + 1).fill(null), new Array(this.n + 1).fill(null)];
    this.tail = [new Array(this.n + 1).fill(null), new Array(this.n + 1).fill(null)];
    this.size = [new Float64Array(this.n + 1), new Float64Array(this.n + 1)];
    this.bestBid = 0;
    this.bestAsk = 0;
    for (const o of keep) {
      o.prev = null;
      o.next = null;
      this.link(o, o.bookSide, this.yesTicks(o));
    }
    this.changed.clear();
    this.sink({ type: "tick_size", tMs: nowMs, oldPips: old, newPips });
  }

  /** Resolves the market: cancels every order and pays 1 per winning share. */
  resolve(winner: TokenIdx, nowMs: number): void {
    for (const o of [...this.live]) this.remove(o, nowMs);
    this.flushBook(nowMs);
    for (const a of this.accounts.values()) {
      a.collateral += winner === 0 ? a.yes : a.no;
      a.yes = 0;
      a.no = 0;
    }
    this.resolved = winner;
    this.mode = "disabled";
    this.sink({ type: "resolved", tMs: nowMs, winner });
  }

  // ------------------------------------------------------------ internals

  /** A refusal with the venue's code, words and HTTP status. */
  private reject(code: string, message: string, httpStatus = 400): Rejection {
    return { ok: false, code, message, httpStatus };
  }

  /** Why the venue refuses an order request now, or null. */
  private validate(req: OrderRequest, nowMs: number): Rejection | null {
    if (this.resolved !== null) {
      return this.reject("MARKET_NOT_READY", "the market is resolved and no longer accepts orders");
    }
    if (this.mode === "disabled") {
      return this.reject(
        "TRADING_DISABLED",
        "Trading is currently disabled. Check back soon.",
        503,
      );
    }
    if (this.mode === "cancel_only") {
      return this.reject(
        "TRADING_CANCEL_ONLY",
        "Trading is currently cancel-only. Check back soon.",
        503,
      );
    }
    if (this.orders.has(req.id)) {
      return this.reject("INVALID_ORDER_DUPLICATED", `order ${req.id} is invalid. Duplicated.`);
    }
    const p = req.pricePips;
    if (
      !Number.isInteger(p) || p % this.tickPips !== 0 || p < this.tickPips ||
      p > UNIT - this.tickPips
    ) {
      return this.reject(
        "INVALID_ORDER_MIN_TICK_SIZE",
        `order ${req.id} is invalid. Price (${p / UNIT}) breaks minimum tick size rule: ${
          formatPips(this.tickPips)
        }`,
      );
    }
    const market = req.type === "FOK" || req.type === "FAK";
    // a market buy's size is its taker amount: up to 4 decimals (the venue's rule)
    const sizeUnit = market ? 100 : 10_000;
    if (!Number.isInteger(req.sizeMicro) || req.sizeMicro <= 0 || req.sizeMicro % sizeUnit !== 0) {
      return this.reject(
        "INVALID_ORDER_ERROR",
        `order ${req.id} is invalid. Size (${formatMicro(req.sizeMicro)}) must be a positive ` +
          `multiple of ${market ? "0.0001" : "0.01"}`,
      );
    }
    if (req.postOnly && market) {
      return this.reject(
        "INVALID_POST_ONLY_ORDER_TYPE",
        "invalid post-only order: only GTC and GTD orders can be post-only",
      );
    }
    if (req.type === "GTD") {
      if (!(req.expirationMs - GTD_THRESHOLD_MS > nowMs)) {
        return this.reject(
          "INVALID_ORDER_EXPIRATION",
          `order ${req.id} is invalid. Expiration must be later than now + 60 seconds`,
        );
      }
    } else if (req.expirationMs !== 0) {
      return this.reject(
        "INVALID_ORDER_EXPIRATION",
        `order ${req.id} is invalid. Only GTD orders expire`,
      );
    }
    if (!market && req.sizeMicro < this.spec.minOrderMicro) {
      return this.reject(
        "INVALID_ORDER_MIN_SIZE",
        `order ${req.id} is invalid. Size (${formatMicro(req.sizeMicro)}) lower than the minimum: ${
          formatMicro(this.spec.minOrderMicro)
        }`,
      );
    }
    const notional = req.pricePips * req.sizeMicro / UNIT;
    if (market && notional < 1_000_000) {
      return this.reject(
        "INVALID_ORDER_MIN_SIZE",
        `order ${req.id} is invalid. Amount (${formatMicro(notional)}) lower than the minimum: 1`,
      );
    }
    const side = (req.token === 0) === (req.side === "BUY") ? 0 : 1;
    const yesTicks = req.token === 0 ? p / this.tickPips : this.n - p / this.tickPips;
    const marketable = this.crosses(side, yesTicks);
    if (req.postOnly && marketable) {
      return this.reject("INVALID_POST_ONLY_ORDER", `order ${req.id} crosses the book`);
    }
    const a = this.account(req.address);
    if (!a.allowance) {
      return this.reject("INVALID_ORDER_NOT_ENOUGH_BALANCE", "not enough balance / allowance");
    }
    if (req.side === "BUY") {
      // a marketable buy may also pay the taker fee, at most size·rate·0.25^e
      const maxFee = marketable
        ? Math.ceil(req.sizeMicro * this.spec.feeRate * 0.25 ** this.spec.feeExponent)
        : 0;
      if (a.collateral - a.resCollateral < notional + maxFee) {
        return this.reject("INVALID_ORDER_NOT_ENOUGH_BALANCE", "not enough balance / allowance");
      }
    } else {
      const have = req.token === 0 ? a.yes - a.resYes : a.no - a.resNo;
      const fee = marketable
        ? Math.ceil(req.sizeMicro * this.spec.feeRate * 0.25 ** this.spec.feeExponent)
        : 0;
      if (have < req.sizeMicro || a.collateral - a.resCollateral < fee) {
        return this.reject("INVALID_ORDER_NOT_ENOUGH_BALANCE", "not enough balance / allowance");
      }
    }
    if (req.type === "FOK" && this.fillable(side, yesTicks) < req.sizeMicro) {
      return this.reject(
        "FOK_ORDER_NOT_FILLED_ERROR",
        "order couldn't be fully filled. FOK orders are fully filled or killed.",
      );
    }
    if (req.type === "FAK" && !marketable) {
      return this.reject(
        "FAK_ORDER_NOT_FILLED_ERROR",
        "no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.",
      );
    }
    return null;
  }

  /** An order's price in YES ticks. */
  private yesTicks(o: SimOrder): number {
    const t = o.pricePips / this.tickPips;
    return o.token === 0 ? t : this.n - t;
  }

  /** True when a YES-side order at `yesTicks` would trade against the book. */
  private crosses(side: number, yesTicks: number): boolean {
    return side === 0
      ? this.bestAsk > 0 && this.bestAsk <= yesTicks
      : this.bestBid > 0 && this.bestBid >= yesTicks;
  }

  /** Size available to an order on `side` up to `yesTicks`, micro-shares. */
  private fillable(side: number, yesTicks: number): number {
    let total = 0;
    if (side === 0) {
      for (let t = this.bestAsk; t > 0 && t <= yesTicks && t < this.n; t++) {
        total += this.size[1][t];
      }
    } else {
      for (let t = this.bestBid; t >= yesTicks && t > 0; t--) total += this.size[0][t];
    }
    return total;
  }

  /** A trade of taker order `taker` at `nowMs`, makers added as it matches. */
  private newTrade(taker: SimOrder, nowMs: number): SimTrade {
    // uuid-shaped: the sequence number and 32 random bits of the run
    const id = `${(++this.tradeSeq).toString(16).padStart(8, "0")}-${this.idSalt}`;
    return {
      id,
      takerOrderId: taker.id,
      owner: taker.owner,
      address: taker.address,
      token: taker.token,
      side: taker.side,
      sizeMicro: 0,
      pricePips: 0,
      feeMicro: 0,
      feeRateBps: Math.round(this.spec.feeRate * 10_000),
      status: "MATCHED",
      matchMs: nowMs,
      lastUpdateMs: nowMs,
      txHash: "",
      makers: [],
    };
  }

  /**
   * Fills `qty` between `taker` and `maker` at the maker's price (level
   * `t`, YES ticks). Returns what the taker gave and got (micro).
   */
  private fill(
    taker: SimOrder,
    maker: SimOrder,
    qty: number,
    t: number,
    trade: SimTrade,
    nowMs: number,
  ): [number, number] {
    const makerPips = maker.pricePips;
    const takerPips = taker.token === maker.token ? makerPips : UNIT - makerPips;
    const ma = this.account(maker.address);
    const ta = this.account(taker.address);
    // maker: its reservation covers exactly this at its own price
    const makerCash = makerPips * qty / UNIT;
    const takerCash = takerPips * qty / UNIT;
    if (maker.side === "BUY") {
      ma.resCollateral -= makerCash;
      maker.reservedMicro -= makerCash;
    } else {
      if (maker.token === 0) ma.resYes -= qty;
      else ma.resNo -= qty;
      maker.reservedMicro -= qty;
    }
    move(ma, maker.side, maker.token, makerCash, qty, 1);
    move(ta, taker.side, taker.token, takerCash, qty, 1);
    maker.matchedMicro += qty;
    taker.matchedMicro += qty;
    maker.addTrade(trade.id);
    trade.makers.push({
      orderId: maker.id,
      owner: maker.owner,
      address: maker.address,
      matchedMicro: qty,
      pricePips: makerPips,
      token: maker.token,
      side: maker.side,
    });
    trade.pricePips = (trade.pricePips * trade.sizeMicro + takerPips * qty) /
      (trade.sizeMicro + qty);
    trade.sizeMicro += qty;
    // the maker's level shrinks
    const side = maker.bookSide;
    this.size[side][t] -= qty;
    this.changed.add(side * 1_000_000 + t);
    if (maker.remainingMicro === 0) {
      this.unlink(maker, side, t);
      this.live.delete(maker);
      this.gtd.delete(maker);
      maker.status = "MATCHED";
      this.retireOrder(maker);
    }
    this.sink({ type: "order", tMs: nowMs, kind: "UPDATE", order: maker });
    // the print, in the maker's token terms
    this.lastTradeYesPips = maker.token === 0 ? makerPips : UNIT - makerPips;
    this.sink({
      type: "print",
      tMs: nowMs,
      token: taker.token,
      pricePips: takerPips,
      sizeMicro: qty,
      takerSide: taker.side,
      feeRateBps: trade.feeRateBps,
    });
    return taker.side === "BUY" ? [takerCash, qty] : [qty, takerCash];
  }

  /** Charges the taker fee and queues the trade for settlement. */
  private settleTrade(trade: SimTrade, ta: Account): void {
    if (trade.sizeMicro === 0) return;
    const fee = takerFeeMicro(
      trade.pricePips,
      trade.sizeMicro,
      this.spec.feeRate,
      this.spec.feeExponent,
    );
    trade.pricePips = Math.round(trade.pricePips);
    trade.feeMicro = fee;
    ta.collateral -= fee;
    this.feesMicro += fee;
    this.trades.set(trade.id, trade);
    const taker = this.orders.get(trade.takerOrderId)!;
    taker.addTrade(trade.id);
    this.pendingTrades.push(trade);
  }

  /**
   * Undoes a failed trade's balance moves and refunds the fee. A trade whose
   * proceeds were already spent (undoing it would overdraw a party) cannot
   * fail any more: returns false and changes nothing.
   */
  private revert(trade: SimTrade): boolean {
    const ta = this.account(trade.address);
    const undo = (sign: 1 | -1) => {
      for (const m of trade.makers) {
        const takerPips = m.token === trade.token ? m.pricePips : UNIT - m.pricePips;
        move(
          this.account(m.address),
          m.side,
          m.token,
          m.pricePips * m.matchedMicro / UNIT,
          m.matchedMicro,
          sign,
        );
        move(ta, trade.side, trade.token, takerPips * m.matchedMicro / UNIT, m.matchedMicro, sign);
      }
      ta.collateral -= sign * trade.feeMicro;
    };
    undo(-1);
    const parties = [ta, ...trade.makers.map((m) => this.account(m.address))];
    if (parties.some((a) => a.collateral < a.resCollateral || a.yes < a.resYes || a.no < a.resNo)) {
      undo(1);
      return false;
    }
    this.feesMicro -= trade.feeMicro;
    return true;
  }

  /** A finished order stays findable until {@link RETAIN} newer ones finished. */
  private retireOrder(o: SimOrder): void {
    this.finishedOrders.push(o.id);
    if (this.finishedOrders.length > 2 * RETAIN) {
      for (const id of this.finishedOrders.splice(0, RETAIN)) this.orders.delete(id);
    }
  }

  /** A settled trade stays findable until {@link RETAIN} newer ones settled. */
  private retireTrade(t: SimTrade): void {
    this.finishedTrades.push(t.id);
    if (this.finishedTrades.length > 2 * RETAIN) {
      for (const id of this.finishedTrades.splice(0, RETAIN)) this.trades.delete(id);
    }
  }

  /** Holds the cash or shares order `o` may spend. */
  private reserve(o: SimOrder, a: Account): void {
    if (o.side === "BUY") {
      const cash = o.pricePips * o.remainingMicro / UNIT;
      a.resCollateral += cash;
      o.reservedMicro = cash;
    } else {
      if (o.token === 0) a.resYes += o.remainingMicro;
      else a.resNo += o.remainingMicro;
      o.reservedMicro = o.remainingMicro;
    }
  }

  /** Returns what order `o` still holds to its account. */
  private release(o: SimOrder): void {
    const a = this.account(o.address);
    if (o.side === "BUY") a.resCollateral -= o.reservedMicro;
    else if (o.token === 0) a.resYes -= o.reservedMicro;
    else a.resNo -= o.reservedMicro;
    o.reservedMicro = 0;
  }

  /** Takes a live order off the book (cancel or expiry) and releases its reservation. */
  private remove(o: SimOrder, nowMs: number): void {
    const side = o.bookSide;
    const t = this.yesTicks(o);
    this.size[side][t] -= o.remainingMicro;
    this.changed.add(side * 1_000_000 + t);
    this.unlink(o, side, t);
    this.release(o);
    this.live.delete(o);
    this.gtd.delete(o);
    o.status = "CANCELED";
    this.retireOrder(o);
    this.sink({ type: "order", tMs: nowMs, kind: "CANCELLATION", order: o });
  }

  /** Appends `o` to its level's queue. */
  private link(o: SimOrder, side: 0 | 1, t: number): void {
    const tail = this.tail[side][t];
    o.prev = tail;
    o.next = null;
    if (tail) tail.next = o;
    else this.head[side][t] = o;
    this.tail[side][t] = o;
    this.size[side][t] += o.remainingMicro;
    this.changed.add(side * 1_000_000 + t);
    if (side === 0) {
      if (t > this.bestBid) this.bestBid = t;
    } else if (this.bestAsk === 0 || t < this.bestAsk) {
      this.bestAsk = t;
    }
  }

  /** Takes `o` out of its level's queue. */
  private unlink(o: SimOrder, side: 0 | 1, t: number): void {
    if (o.prev) o.prev.next = o.next;
    else this.head[side][t] = o.next;
    if (o.next) o.next.prev = o.prev;
    else this.tail[side][t] = o.prev;
    o.prev = null;
    o.next = null;
    if (this.head[side][t] === null) {
      this.size[side][t] = 0;
      if (side === 0 && t === this.bestBid) {
        let k = t - 1;
        while (k > 0 && this.head[0][k] === null) k--;
        this.bestBid = k;
      } else if (side === 1 && t === this.bestAsk) {
        let k = t + 1;
        while (k < this.n && this.head[1][k] === null) k++;
        this.bestAsk = k < this.n ? k : 0;
      }
    }
  }

  /** Emits the levels changed by the last operation as one (reused) event. */
  private flushBook(nowMs: number): void {
    if (this.changed.size === 0) return;
    const d = this.delta;
    d.tMs = nowMs;
    d.n = this.n;
    d.tickPips = this.tickPips;
    d.keys.length = 0;
    d.sizes.length = 0;
    for (const key of this.changed) {
      const side = key >= 1_000_000 ? 1 : 0;
      d.keys.push(key);
      d.sizes.push(this.size[side][key - side * 1_000_000]);
    }
    this.changed.clear();
    const tp = this.tickPips;
    d.best[0] = this.bestBid * tp;
    d.best[1] = this.bestAsk > 0 ? this.bestAsk * tp : UNIT;
    d.best[2] = this.bestAsk > 0 ? UNIT - this.bestAsk * tp : 0;
    d.best[3] = this.bestBid > 0 ? UNIT - this.bestBid * tp : UNIT;
    this.sink(d);
  }
}
