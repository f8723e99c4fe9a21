/**
 * Stylized facts of a market: the numbers a simulator has to reproduce before
 * a strategy tuned in it can be trusted (spread and depth, trade sizes,
 * clustered arrivals, how far a trade moves the mid, how the mid moves over
 * minutes, how much the book churns). One collector measures recordings and
 * simulated markets alike: it is fed book states and trades in time order,
 * per market, and pools what it measures over markets.
 *
 * Pure: times come with the inputs.
 *
 * @module
 */

/** Identifier of one fact. */
export type FactId =
  | "spread_1tick_pct"
  | "spread_median_ticks"
  | "spread_p90_ticks"
  | "best_size_median"
  | "best_size_p10"
  | "best_size_p90"
  | "depth3_median"
  | "trade_size_median"
  | "trade_size_p99"
  | "top10_volume_pct"
  | "fano_1m"
  | "interarrival_cv"
  | "token_buy_pct"
  | "clears_best_pct"
  | "impact_60s_ticks"
  | "mid2m_unchanged_pct"
  | "mid2m_kurtosis"
  | "jumps5_per_hour"
  | "vol_ratio_10m_2m"
  | "churn_per_traded";

/** What a fact means, with its unit. */
export interface FactSpec {
  /** Identifier (the JSON key). */
  id: FactId;
  /** Row label of the table. */
  label: string;
  /** Decimals to print. */
  digits: number;
}

/** Every fact, in table order. */
export const FACTS: readonly FactSpec[] = [
  { id: "spread_1tick_pct", label: "spread = 1 tick, % of time", digits: 0 },
  { id: "spread_median_ticks", label: "spread median, ticks", digits: 1 },
  { id: "spread_p90_ticks", label: "spread p90, ticks", digits: 1 },
  { id: "best_size_median", label: "best level median, shares", digits: 0 },
  { id: "best_size_p10", label: "best level p10, shares", digits: 0 },
  { id: "best_size_p90", label: "best level p90, shares", digits: 0 },
  { id: "depth3_median", label: "within 3 ticks per side, median shares", digits: 0 },
  { id: "trade_size_median", label: "trade size median, shares", digits: 1 },
  { id: "trade_size_p99", label: "trade size p99, shares", digits: 0 },
  { id: "top10_volume_pct", label: "top 10 % of trades, % of volume", digits: 0 },
  { id: "fano_1m", label: "trades per minute, Fano factor", digits: 1 },
  { id: "interarrival_cv", label: "inter-arrival CV", digits: 2 },
  { id: "token_buy_pct", label: "taker buys a token, %", digits: 0 },
  { id: "clears_best_pct", label: "trade takes the whole best level, %", digits: 0 },
  { id: "impact_60s_ticks", label: "mid move 60 s after a trade, ticks (its way)", digits: 2 },
  { id: "mid2m_unchanged_pct", label: "2-min mid unchanged, %", digits: 0 },
  { id: "mid2m_kurtosis", label: "2-min mid change kurtosis", digits: 1 },
  { id: "jumps5_per_hour", label: "2-min moves ≥ 5 ticks, per hour", digits: 2 },
  { id: "vol_ratio_10m_2m", label: "sd 10-min / sd 2-min mid change", digits: 2 },
  { id: "churn_per_traded", label: "book churn near the touch per traded share", digits: 0 },
];

/** One measured fact: its value (null when the data is too thin) and how many observations it rests on. */
export interface Fact {
  /** Value in the fact's unit, or null. */
  value: number | null;
  /** Observations behind it (samples, trades, intervals). */
  n: number;
}

/** The measured facts of a recording or a simulated market. */
export interface StylizedFacts {
  /** Markets seen. */
  markets: number;
  /** Market-hours covered (summed over markets). */
  hours: number;
  /** Taker arrivals (prints of one taker in one instant count once). */
  trades: number;
  /** Each fact by id. */
  facts: Record<FactId, Fact>;
}

/** Top of one token's book as the collector needs it; sizes in shares (NaN when unknown). */
export interface BookTop {
  /** Best bid, pips (NaN: none). */
  bidPips: number;
  /** Best ask, pips (NaN: none). */
  askPips: number;
  /** Size at the best bid, shares. */
  bidSize: number;
  /** Size at the best ask, shares. */
  askSize: number;
  /** Bids within 3 ticks of the best (best and the two below), shares. */
  bidDepth3: number;
  /** Asks within 3 ticks of the best, shares. */
  askDepth3: number;
  /** The market's tick, pips (1e-4 USDC). */
  tickPips: number;
}

/** Longest stretch one book state is weighted for (a recording gap is not a quote), ms. */
const MAX_WEIGHT_MS = 600_000;
const MINUTE = 60_000;
const TWO_MIN = 120_000;
const IMPACT_MS = 60_000;

/** Weighted samples with quantiles. */
class Weighted {
  private v: number[] = [];
  private w: number[] = [];
  // sample indices by value, sorted once for all the quantiles asked
  private order: number[] | null = null;
  total = 0;
  add(value: number, weight: number): void {
    if (!(weight > 0) || !Number.isFinite(value)) return;
    this.v.push(value);
    this.w.push(weight);
    this.total += weight;
    this.order = null;
  }
  get count(): number {
    return this.v.length;
  }
  quantile(q: number): number {
    const idx = this.order ??= this.v.map((_, i) => i).sort((a, b) => this.v[a] - this.v[b]);
    let acc = 0;
    for (const i of idx) {
      acc += this.w[i];
      if (acc >= q * this.total) return this.v[i];
    }
    return this.v[idx[idx.length - 1]];
  }
  shareWhere(pred: (v: number) => boolean): number {
    let s = 0;
    for (let i = 0; i < this.v.length; i++) if (pred(this.v[i])) s += this.w[i];
    return s / this.total;
  }
}

/** Sorted-copy quantile of plain samples. */
function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function sd(xs: readonly number[]): number {
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / xs.length);
}

interface Arrival {
  tMs: number;
  yesBuy: boolean;
  tokenBuy: boolean;
  size: number;
  /** Size resting at the best price it hit just before, shares (NaN: unknown). */
  bestBefore: number;
  /** YES mid just before, pips (NaN: none). */
  midBefore: number;
}

/** Per-market state of the collector. */
class MarketState {
  yes: BookTop | null = null;
  no: BookTop | null = null;
  /** State valid until the current instant (before events at `curMs`). */
  prevYes: BookTop | null = null;
  prevNo: BookTop | null = null;
  curMs = Number.NaN;
  firstMs = Number.NaN;
  /** Last instant a book state held (for time weights). */
  bookMs = Number.NaN;
  next2mMs = Number.NaN;
  mids2m: number[] = []; // ticks, NaN where the mid was unknown
  arrivalTimes: number[] = [];
  pending: Arrival | null = null;
  impacts: Arrival[] = [];
  tradedShares = 0;
  /** The market's first tick: mids are measured in it, so a tick change is no jump. */
  tickPips = Number.NaN;
  /** A book of this market has been seen (its first tick is known). */
  get bookSeen(): boolean {
    return !Number.isNaN(this.tickPips);
  }
}

/**
 * Collects stylized facts from book states and trades in time order.
 *
 * @example
 * ```ts
 * import { FactsCollector } from "./facts.ts";
 * const c = new FactsCollector();
 * const top = { bidPips: 4500, askPips: 4600, bidSize: 100, askSize: 80,
 *   bidDepth3: 300, askDepth3: 250, tickPips: 100 };
 * c.book("m", "yes", 0, top);
 * c.trade("m", "yes", 1_000, true, 25);
 * const f = c.finish();
 * console.log(f.facts.spread_median_ticks.value); // 1 (thin data gives null)
 * ```
 */
export class FactsCollector {
  private readonly markets = new Map<string, MarketState>();
  private readonly spread = new Weighted();
  private readonly bestSize = new Weighted();
  private readonly depth3 = new Weighted();
  private readonly sizes: number[] = [];
  private readonly tokenBuys: boolean[] = [];
  private readonly cleared: boolean[] = [];
  private readonly moves: number[] = [];
  private readonly fanos: [fano: number, windows: number][] = [];
  private readonly cvs: [cv: number, gaps: number][] = [];
  private readonly d2: number[] = [];
  private readonly d10: number[] = [];
  private hours2m = 0;
  private churn = 0;
  private churnTraded = 0;
  private coveredMs = 0;

  /** The state of `market`, created on first use. */
  private state(market: string): MarketState {
    let s = this.markets.get(market);
    if (!s) {
      s = new MarketState();
      this.markets.set(market, s);
    }
    return s;
  }

  /** Advances a market's clock to `tMs`, closing the state that held until then. */
  private advance(s: MarketState, tMs: number): void {
    if (Number.isNaN(s.firstMs)) s.firstMs = tMs;
    if (!(tMs > s.curMs) && !Number.isNaN(s.curMs)) return;
    // arrivals of the instant that just ended
    this.closeArrival(s);
    // time-weighted book samples
    if (s.yes && !Number.isNaN(s.bookMs)) {
      this.weigh(s.yes, Math.min(MAX_WEIGHT_MS, tMs - s.bookMs));
    }
    s.bookMs = tMs;
    // the 2-min mid grid
    if (s.bookSeen) {
      if (Number.isNaN(s.next2mMs)) s.next2mMs = tMs;
      while (s.next2mMs <= tMs) {
        s.mids2m.push(midPips(s.yes, s.no) / s.tickPips);
        s.next2mMs += TWO_MIN;
      }
    }
    // impacts due
    while (s.impacts.length > 0 && s.impacts[0].tMs + IMPACT_MS <= tMs) {
      const a = s.impacts.shift()!;
      const after = midPips(s.yes, s.no);
      if (Number.isFinite(after)) {
        this.moves.push(((after - a.midBefore) / s.tickPips) * (a.yesBuy ? 1 : -1));
      }
    }
    s.prevYes = s.yes;
    s.prevNo = s.no;
    s.curMs = tMs;
  }

  /** Weighs a top that stood for `ms` into the time-weighted facts. */
  private weigh(top: BookTop, ms: number): void {
    if (!(ms > 0)) return;
    this.coveredMs += ms;
    if (Number.isFinite(top.bidPips) && Number.isFinite(top.askPips)) {
      this.spread.add(Math.round((top.askPips - top.bidPips) / top.tickPips), ms);
    }
    for (
      const [price, size, d3] of [[top.bidPips, top.bidSize, top.bidDepth3], [
        top.askPips,
        top.askSize,
        top.askDepth3,
      ]]
    ) {
      if (!Number.isFinite(price)) continue;
      this.bestSize.add(size, ms);
      this.depth3.add(d3, ms);
    }
  }

  /**
   * The book of `token` of `market` is `top` from `tMs` on. `churnShares`:
   * size added or removed near the touch by this change (0 when unknown).
   */
  book(market: string, token: "yes" | "no", tMs: number, top: BookTop, churnShares = 0): void {
    const s = this.state(market);
    this.advance(s, tMs);
    if (token === "yes") s.yes = top;
    else s.no = top;
    if (Number.isNaN(s.tickPips)) s.tickPips = top.tickPips;
    if (token === "yes") this.churn += churnShares;
  }

  /** A print of `sizeShares` on `token` at `tMs`; `takerBuy`: the taker bought that token. */
  trade(
    market: string,
    token: "yes" | "no",
    tMs: number,
    takerBuy: boolean,
    sizeShares: number,
  ): void {
    const s = this.state(market);
    this.advance(s, tMs);
    const yesBuy = (token === "yes") === takerBuy;
    if (s.pending && s.pending.yesBuy === yesBuy) {
      s.pending.size += sizeShares;
      return;
    }
    this.closeArrival(s);
    const book = token === "yes" ? s.prevYes : s.prevNo;
    const bestBefore = book ? (takerBuy ? book.askSize : book.bidSize) : Number.NaN;
    s.pending = {
      tMs,
      yesBuy,
      tokenBuy: takerBuy,
      size: sizeShares,
      bestBefore,
      midBefore: midPips(s.prevYes, s.prevNo),
    };
  }

  /** Closes the pending trade arrival (its size and impact). */
  private closeArrival(s: MarketState): void {
    const a = s.pending;
    if (!a) return;
    s.pending = null;
    this.sizes.push(a.size);
    this.tokenBuys.push(a.tokenBuy);
    s.arrivalTimes.push(a.tMs);
    if (Number.isFinite(a.bestBefore) && a.bestBefore > 0) {
      this.cleared.push(a.size >= a.bestBefore - 1e-9);
    }
    if (s.bookSeen) s.tradedShares += a.size;
    if (Number.isFinite(a.midBefore)) s.impacts.push(a);
  }

  /** The facts of everything fed so far (each market closed at its last input). */
  finish(): StylizedFacts {
    let hours = 0;
    let trades = 0;
    for (const s of this.markets.values()) {
      this.closeArrival(s);
      const end = s.curMs;
      hours += (end - s.firstMs) / 3_600_000;
      trades += s.arrivalTimes.length;
      this.churnTraded += s.tradedShares;
      this.arrivalStats(s.arrivalTimes, s.firstMs, end);
      this.midStats(s.mids2m);
    }
    const f = {} as Record<FactId, Fact>;
    const put = (id: FactId, value: number | null, n: number) => {
      f[id] = { value: value === null || !Number.isFinite(value) ? null : value, n };
    };
    const sp = this.spread;
    const spOk = this.coveredMs >= 5 * MINUTE && sp.count > 0;
    put("spread_1tick_pct", spOk ? 100 * sp.shareWhere((v) => v <= 1) : null, sp.count);
    put("spread_median_ticks", spOk ? sp.quantile(0.5) : null, sp.count);
    put("spread_p90_ticks", spOk ? sp.quantile(0.9) : null, sp.count);
    const bs = this.bestSize;
    const sizesKnown = spOk && bs.count > 0 && Number.isFinite(bs.quantile(0.5));
    put("best_size_median", sizesKnown ? bs.quantile(0.5) : null, bs.count);
    put("best_size_p10", sizesKnown ? bs.quantile(0.1) : null, bs.count);
    put("best_size_p90", sizesKnown ? bs.quantile(0.9) : null, bs.count);
    put("depth3_median", sizesKnown ? this.depth3.quantile(0.5) : null, this.depth3.count);
    const n = this.sizes.length;
    const tradesOk = n >= 30;
    put("trade_size_median", tradesOk ? quantile(this.sizes, 0.5) : null, n);
    put("trade_size_p99", n >= 100 ? quantile(this.sizes, 0.99) : null, n);
    put("top10_volume_pct", tradesOk ? 100 * topShare(this.sizes, 0.1) : null, n);
    const fw = this.fanos.reduce((a, [, w]) => a + w, 0);
    put(
      "fano_1m",
      fw >= 10 ? this.fanos.reduce((a, [v, w]) => a + v * w, 0) / fw : null,
      fw,
    );
    const cw = this.cvs.reduce((a, [, w]) => a + w, 0);
    put("interarrival_cv", cw >= 30 ? this.cvs.reduce((a, [v, w]) => a + v * w, 0) / cw : null, cw);
    put("token_buy_pct", tradesOk ? 100 * share(this.tokenBuys) : null, n);
    put(
      "clears_best_pct",
      this.cleared.length >= 30 ? 100 * share(this.cleared) : null,
      this.cleared.length,
    );
    put("impact_60s_ticks", this.moves.length >= 30 ? mean(this.moves) : null, this.moves.length);
    const d2 = this.d2;
    const midOk = d2.length >= 30;
    put("mid2m_unchanged_pct", midOk ? 100 * share(d2.map((d) => d === 0)) : null, d2.length);
    put("mid2m_kurtosis", midOk && sd(d2) > 0 ? kurtosis(d2) : null, d2.length);
    put(
      "jumps5_per_hour",
      midOk && this.hours2m >= 1 ? d2.filter((d) => Math.abs(d) >= 5).length / this.hours2m : null,
      d2.length,
    );
    put(
      "vol_ratio_10m_2m",
      this.d10.length >= 10 && sd(d2) > 0 ? sd(this.d10) / sd(d2) : null,
      this.d10.length,
    );
    put(
      "churn_per_traded",
      this.churnTraded >= 100 && this.churn > 0 ? this.churn / this.churnTraded : null,
      Math.round(this.churnTraded),
    );
    return { markets: this.markets.size, hours, trades, facts: f };
  }

  /** The arrival facts of trade times in [`startMs`, `endMs`]. */
  private arrivalStats(times: number[], startMs: number, endMs: number): void {
    const windows = Math.floor((endMs - startMs) / MINUTE);
    if (windows >= 2 && times.length > 0) {
      const counts = new Array<number>(windows).fill(0);
      for (const t of times) {
        const i = Math.floor((t - startMs) / MINUTE);
        if (i < windows) counts[i]++;
      }
      const m = mean(counts);
      if (m > 0) this.fanos.push([sd(counts) ** 2 / m, windows]);
    }
    if (times.length >= 3) {
      const gaps = times.slice(1).map((t, i) => t - times[i]);
      const m = mean(gaps);
      if (m > 0) this.cvs.push([sd(gaps) / m, gaps.length]);
    }
  }

  /** The facts of 2-minute mids (unchanged share, kurtosis, big moves). */
  private midStats(mids: number[]): void {
    for (let i = 1; i < mids.length; i++) {
      const d = mids[i] - mids[i - 1];
      if (Number.isFinite(d)) {
        this.d2.push(d);
        this.hours2m += 2 / 60;
      }
    }
    for (let i = 5; i < mids.length; i += 5) {
      const d = mids[i] - mids[i - 5];
      if (Number.isFinite(d)) this.d10.push(d);
    }
  }
}

/** YES mid, pips: from the YES book, else mirrored from the NO book (NaN: none two-sided). */
function midPips(yes: BookTop | null, no: BookTop | null): number {
  if (yes && Number.isFinite(yes.bidPips) && Number.isFinite(yes.askPips)) {
    return (yes.bidPips + yes.askPips) / 2;
  }
  if (no && Number.isFinite(no.bidPips) && Number.isFinite(no.askPips)) {
    return 10_000 - (no.bidPips + no.askPips) / 2;
  }
  return Number.NaN;
}

function share(xs: readonly boolean[]): number {
  let k = 0;
  for (const x of xs) if (x) k++;
  return k / xs.length;
}

/** Share of the total carried by the largest `q` of the values. */
function topShare(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => b - a);
  const k = Math.max(1, Math.round(q * s.length));
  let top = 0;
  let all = 0;
  for (let i = 0; i < s.length; i++) {
    all += s[i];
    if (i < k) top += s[i];
  }
  return top / all;
}

/** Pearson kurtosis (3 for a normal distribution). */
function kurtosis(xs: readonly number[]): number {
  const m = mean(xs);
  let m2 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d = (x - m) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= xs.length;
  m4 /= xs.length;
  return m4 / (m2 * m2);
}
