/**
 * Typed market-channel events (Polymarket `/ws/market`, protocol §4.2).
 * Prices are pips (1e-4 USDC), sizes micro-shares; every event carries the
 * venue's timestamp (`tMs`, NaN when the message has none) and our receive
 * time (`rxMs`). Events are routed by `assetId`: YES and NO are separate books.
 *
 * @module
 */

/** One aggregate level of a book. */
export interface PriceLevel {
  /** Price of the token, pips (1e-4 USDC). */
  pricePips: number;
  /** Aggregate size at the price, micro-shares. */
  sizeMicro: number;
}

/** A full book of one token (`book`): replaces whatever was known. */
export interface BookReceived {
  /** Discriminant. */
  kind: "book";
  /** Token id. */
  assetId: string;
  /** Condition id. */
  market: string;
  /** Venue time, ms (NaN when absent). */
  tMs: number;
  /** Receive time, ms. */
  rxMs: number;
  /** Tick size carried by the message, pips (0 when absent). */
  tickPips: number;
  /** Bid levels, in the order received (not trusted: Polymarket lists the best last). */
  bids: PriceLevel[];
  /** Ask levels, in the order received. */
  asks: PriceLevel[];
  /** Venue book hash ("" when absent). */
  hash: string;
}

/** One level of one token changed (`price_change`, current or legacy schema). */
export interface LevelChanged {
  /** Discriminant. */
  kind: "level";
  /** Token id. */
  assetId: string;
  /** Condition id. */
  market: string;
  /** Venue time, ms (NaN when absent). */
  tMs: number;
  /** Receive time, ms. */
  rxMs: number;
  /** Side of the book: BUY orders are bids. */
  side: "bid" | "ask";
  /** Price of the token, pips (1e-4 USDC). */
  pricePips: number;
  /** New aggregate size at the price, micro-shares; 0 removes the level. */
  sizeMicro: number;
  /** Best bid after the change as the venue states it, pips: 0 = no bids, NaN = not stated. */
  bestBidPips: number;
  /** Best ask after the change as the venue states it, pips: 10000 = no asks, NaN = not stated. */
  bestAskPips: number;
}

/** The tick of a token changed (`tick_size_change`); its book must be rebuilt. */
export interface TickSizeChanged {
  /** Discriminant. */
  kind: "tick_size";
  /** Token id. */
  assetId: string;
  /** Condition id. */
  market: string;
  /** Venue time, ms (NaN when absent). */
  tMs: number;
  /** Receive time, ms. */
  rxMs: number;
  /** Previous tick, pips (0 when absent). */
  oldTickPips: number;
  /** The tick in force from now, pips (1e-4 USDC). */
  newTickPips: number;
}

/** A trade executed (`last_trade_price`). */
export interface TradePrinted {
  /** Discriminant. */
  kind: "trade";
  /** Token id. */
  assetId: string;
  /** Condition id. */
  market: string;
  /** Venue time, ms (NaN when absent). */
  tMs: number;
  /** Receive time, ms. */
  rxMs: number;
  /** Trade price, pips. */
  pricePips: number;
  /** Trade size, micro-shares. */
  sizeMicro: number;
  /** Side of the taker: a taker buy lifts the ask. */
  takerSide: "buy" | "sell";
  /** Fee rate, basis points (0 when absent). */
  feeRateBps: number;
}

/** Top of book of one token (`best_bid_ask`, with `custom_feature_enabled`). */
export interface BestBidAskChanged {
  /** Discriminant. */
  kind: "best_bid_ask";
  /** Token id. */
  assetId: string;
  /** Condition id. */
  market: string;
  /** Venue time, ms (NaN when absent). */
  tMs: number;
  /** Receive time, ms. */
  rxMs: number;
  /** Best bid, pips: 0 = no bids, NaN = not stated. */
  bestBidPips: number;
  /** Best ask, pips: 10000 = no asks, NaN = not stated. */
  bestAskPips: number;
}

/** A market was listed (`new_market`). */
export interface MarketListed {
  /** Discriminant. */
  kind: "new_market";
  /** Condition id. */
  market: string;
  /** Token ids, in the order of `outcomes`. */
  assetIds: string[];
  /** Outcome names. */
  outcomes: string[];
  /** The question ("" when absent). */
  question: string;
  /** Venue time, ms (NaN when absent). */
  tMs: number;
  /** Receive time, ms. */
  rxMs: number;
}

/** A market resolved (`market_resolved`). */
export interface MarketResolved {
  /** Discriminant. */
  kind: "resolved";
  /** Condition id. */
  market: string;
  /** Token ids of the market. */
  assetIds: string[];
  /** The winning token. */
  winningAssetId: string;
  /** The winning outcome name ("" when absent). */
  winningOutcome: string;
  /** Venue time, ms (NaN when absent). */
  tMs: number;
  /** Receive time, ms. */
  rxMs: number;
}

/** The server answered our text `PING`. */
export interface PongReceived {
  /** Discriminant. */
  kind: "pong";
  /** Receive time, ms. */
  rxMs: number;
}

/** Any market-channel event. */
export type MarketEvent =
  | BookReceived
  | LevelChanged
  | TickSizeChanged
  | TradePrinted
  | BestBidAskChanged
  | MarketListed
  | MarketResolved
  | PongReceived;
