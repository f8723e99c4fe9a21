/**
 * What a market maker wants to know about a market, computed from what the
 * venue publishes: spread and depth from the book, realized volatility in
 * logit units from the price history, distinct traders and volume from the
 * public trades, time to resolution — and a status with its reasons. Pure.
 *
 * @module
 */

/** A book level, price and size as numbers. */
export interface Level {
  /** Price, USDC. */
  price: number;
  /** Size, shares. */
  size: number;
}

/** A public trade as the data API lists it (the fields used). */
export interface TradeRow {
  /** Trader wallet. */
  wallet: string;
  /** Price, USDC. */
  price: number;
  /** Size, shares. */
  size: number;
  /** Unix seconds. */
  t: number;
}

/** The numbers of an analysis. */
export interface MarketMetrics {
  /** Best bid / ask of YES (NaN when a side is empty). */
  bestBid: number;
  /** Best ask of YES (NaN when no asks). */
  bestAsk: number;
  /** Mid, or NaN. */
  mid: number;
  /** Spread, USDC (NaN when one-sided). */
  spread: number;
  /** Spread in ticks of the market (NaN when one-sided). */
  spreadTicks: number;
  /** Resting size within 2¢ and 5¢ of the mid on each side, USDC notional. */
  depthUsdc: { within2c: number; within5c: number };
  /** Levels on each side. */
  levels: { bids: number; asks: number };
  /** Realized volatility of logit(p), logit units per √day (NaN without history). */
  volLogitPerSqrtDay: number;
  /** Price points in the history used. */
  historyPoints: number;
  /** Distinct traders in the trades read. */
  distinctTraders: number;
  /** Trades read and the span they cover, hours. */
  trades: { count: number; spanHours: number; volumeUsdc: number };
  /** Time to resolution, hours (NaN when unknown; ≤ 0 when past). */
  hoursToResolution: number;
}

const EPS = 1e-4;

function logit(p: number): number {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
}

/** Book numbers: best prices, spread, depth near the mid. */
export function bookMetrics(
  bids: Level[],
  asks: Level[],
  tick: number,
): Pick<
  MarketMetrics,
  "bestBid" | "bestAsk" | "mid" | "spread" | "spreadTicks" | "depthUsdc" | "levels"
> {
  const bestBid = bids.length ? Math.max(...bids.map((l) => l.price)) : Number.NaN;
  const bestAsk = asks.length ? Math.min(...asks.map((l) => l.price)) : Number.NaN;
  const mid = (bestBid + bestAsk) / 2;
  const spread = bestAsk - bestBid;
  const within = (d: number) =>
    Number.isNaN(mid) ? 0 : [
      ...bids.filter((l) => l.price >= mid - d - 1e-9),
      ...asks.filter((l) => l.price <= mid + d + 1e-9),
    ]
      .reduce((a, l) => a + l.price * l.size, 0);
  return {
    bestBid,
    bestAsk,
    mid,
    spread,
    spreadTicks: Number.isNaN(spread) ? Number.NaN : Math.round(spread / tick),
    depthUsdc: { within2c: within(0.02), within5c: within(0.05) },
    levels: { bids: bids.length, asks: asks.length },
  };
}

/**
 * Realized volatility of logit(p) per √day from a price history
 * (`[unix seconds, price]`, any spacing): the root mean square of logit
 * returns per second, scaled to a day.
 */
export function realizedVolLogit(history: [number, number][]): { vol: number; points: number } {
  const h = history.filter(([, p]) => p > 0 && p < 1).sort((a, b) => a[0] - b[0]);
  let sum = 0;
  let secs = 0;
  for (let i = 1; i < h.length; i++) {
    const dt = h[i][0] - h[i - 1][0];
    if (dt <= 0) continue;
    const r = logit(h[i][1]) - logit(h[i - 1][1]);
    sum += r * r;
    secs += dt;
  }
  return { vol: secs > 0 ? Math.sqrt(sum / secs * 86_400) : Number.NaN, points: h.length };
}

/** Trade numbers: distinct wallets, count, span, volume. */
export function tradeMetrics(rows: TradeRow[]): Pick<MarketMetrics, "distinctTraders" | "trades"> {
  const wallets = new Set(rows.map((r) => r.wallet.toLowerCase()).filter((w) => w));
  const ts = rows.map((r) => r.t).filter((t) => t > 0);
  const span = ts.length > 1 ? (Math.max(...ts) - Math.min(...ts)) / 3600 : 0;
  return {
    distinctTraders: wallets.size,
    trades: {
      count: rows.length,
      spanHours: span,
      volumeUsdc: rows.reduce((a, r) => a + r.price * r.size, 0),
    },
  };
}

/** The verdict on a market. */
export type MarketStatus = "VIABLE" | "MARGINAL" | "LIMITED" | "NO_DATA";

/** Tradability facts from the metadata. */
export interface Tradability {
  /** The market is closed or resolved. */
  closed: boolean;
  /** The venue accepts orders. */
  acceptingOrders: boolean;
  /** A live order book exists. */
  bookLive: boolean;
}

/** Status and the reasons for it, from the worst finding down. */
export function marketStatus(
  m: MarketMetrics,
  t: Tradability,
): { status: MarketStatus; reasons: string[] } {
  const none: string[] = [];
  if (t.closed) none.push("the market is closed");
  if (!t.bookLive) none.push("the order book is not live yet");
  if (t.bookLive && !t.acceptingOrders) none.push("the venue does not accept orders");
  if (t.bookLive && (Number.isNaN(m.bestBid) || Number.isNaN(m.bestAsk))) {
    none.push("the book is one-sided or empty");
  }
  if (none.length > 0) return { status: "NO_DATA", reasons: none };
  const limited: string[] = [];
  const marginal: string[] = [];
  const good: string[] = [];
  if (m.hoursToResolution <= 1) {
    limited.push(`resolves in ${m.hoursToResolution.toFixed(1)} h: inside the time guards`);
  } else if (m.hoursToResolution < 24) {
    marginal.push(
      `resolves in ${m.hoursToResolution.toFixed(0)} h: little time left to earn the spread`,
    );
  } else if (Number.isFinite(m.hoursToResolution)) {
    good.push(`${(m.hoursToResolution / 24).toFixed(0)} days to resolution`);
  }
  if (m.depthUsdc.within5c < 100) {
    limited.push(`only ${m.depthUsdc.within5c.toFixed(0)} USDC rests within 5¢ of the mid`);
  } else if (m.depthUsdc.within5c < 1000) {
    marginal.push(`thin book: ${m.depthUsdc.within5c.toFixed(0)} USDC within 5¢`);
  } else good.push(`${m.depthUsdc.within5c.toFixed(0)} USDC within 5¢ of the mid`);
  if (m.distinctTraders < 5) {
    limited.push(`${m.distinctTraders} distinct traders in the recent trades`);
  } else if (m.distinctTraders < 25) {
    marginal.push(`a small crowd: ${m.distinctTraders} distinct traders`);
  } else good.push(`${m.distinctTraders} distinct traders`);
  if (m.spreadTicks <= 1) {
    marginal.push("the spread is one tick: competing makers already quote tight");
  } else good.push(`spread ${m.spreadTicks} ticks`);
  if (m.mid < 0.05 || m.mid > 0.95) {
    marginal.push(`price ${m.mid.toFixed(3)} near an extreme: little room and capacity`);
  }
  if (Number.isNaN(m.volLogitPerSqrtDay)) marginal.push("no price history to measure volatility");
  else if (m.volLogitPerSqrtDay > 1.5) {
    marginal.push(`volatile: ${m.volLogitPerSqrtDay.toFixed(2)} logit/√day`);
  }
  if (limited.length > 0) return { status: "LIMITED", reasons: [...limited, ...marginal] };
  if (marginal.length > 0) return { status: "MARGINAL", reasons: [...marginal, ...good] };
  return { status: "VIABLE", reasons: good };
}
