/**
 * Run analytics, the same for a backtest, a replayed journal and a live or
 * paper session: P&L split, markouts, fills, drawdown, time at capacity,
 * cash-floor breaches, and decimated time series for the report.
 *
 * Marked at the mid of the public book. The split is exact by construction:
 * a fill moves equity by `(mark − price) · size` (spread capture, the edge
 * against the mid at that moment) minus its fee; between fills equity moves
 * by `position · Δmark` (inventory P&L), including the jump to 1/0 at a known
 * resolution. Liquidity rewards, estimated per venue sample (they are paid
 * daily, not in the fills), accrue beside them: so
 * `pnl = spread + inventory + fees + rewards` to rounding.
 *
 * @module
 */

import type { EngineCommand, EngineRecord, Fill } from "../engine/mod.ts";

const MICRO = 1e6;
const UNIT_PIPS = 10_000;

/** |q̂| from which the position counts as at capacity q_max. */
const CAPACITY_QHAT = 0.99;

/** Markout horizons, seconds. */
export const MARKOUT_HORIZONS_S = [1, 10, 60, 300] as const;

/** One markout row. */
export interface Markout {
  /** Horizon, seconds. */
  horizonS: number;
  /** Σ signed size × (mark after h − mark at the fill), USDC (negative: adverse selection). */
  usdc: number;
  /** The same per filled share, USDC. */
  perShareUsdc: number;
  /** Fills measured (those with a mark h later, or the end of the run). */
  fills: number;
}

/** The summary of a run. */
export interface RunSummary {
  /** Marked P&L at the end (at the resolution payoff when known), USDC. */
  pnlUsdc: number;
  /** Spread capture: Σ (mark − price) · size over fills, USDC. */
  spreadCaptureUsdc: number;
  /** Inventory P&L: Σ position · Δmark, USDC. */
  inventoryPnlUsdc: number;
  /** Fees (negative) and rebates (positive), USDC. */
  feesUsdc: number;
  /** Estimated liquidity rewards: our share of each sampled minute's pool, USDC. */
  rewardsUsdc: number;
  /** Reward samples taken (one a minute where the run scores rewards; 0 where it does not). */
  rewardSamples: number;
  /** Share of the reward samples in which our orders scored, [0, 1]. */
  rewardScoredShare: number;
  /** Adverse selection by horizon. */
  markouts: Markout[];
  /** Fills applied (after dedup; FAILED ones reverted). */
  fills: number;
  /** Shares filled. */
  filledShares: number;
  /** Orders sent. */
  ordersPlaced: number;
  /** Shares sent. */
  sharesPlaced: number;
  /** Filled shares / shares sent. */
  fillRate: number;
  /** Largest fall of marked P&L from a peak, USDC. */
  maxDrawdownUsdc: number;
  /** Share of decision time with the position at capacity (|q̂| ≥ 0.99). */
  timeAtCapacity: number;
  /** Times cash fell below the cash floor F of the position (model §3). */
  floorBreaches: number;
  /** Post-only orders refused because the book had moved onto their price (races, not faults). */
  postOnlyRaces: number;
  /** Net position YES − NO at the end, shares. */
  finalPosition: number;
  /** Cash at the end, USDC. */
  finalCashUsdc: number;
  /** Winning outcome when the run knows it. */
  resolution: "YES" | "NO" | null;
  /** Decisions journaled. */
  decisions: number;
  /** First and last time seen, ms. */
  startMs: number;
  /** Last time seen, ms. */
  endMs: number;
}

/** Time series for charts (decimated to a bounded number of points). */
export interface RunSeries {
  /** Column names, in the order of each row after the time. */
  columns: readonly string[];
  /** Rows `[tMs, ...values]` (NaN written as null in JSON). */
  rows: (number | null)[][];
  /** Fills: `[tMs, YES-equivalent price, +size bought YES-side / −size sold]`. */
  fills: [number, number, number][];
}

/** Everything a report needs. */
export interface RunResult {
  /** Format version. */
  version: 1;
  /** What produced it. */
  kind: "backtest" | "live" | "paper";
  /** The market's condition id, 0x-hex. */
  conditionId: string;
  /** Summary numbers. */
  summary: RunSummary;
  /** Charts. */
  series: RunSeries;
}

/** Columns of {@link RunSeries.rows}. */
export const SERIES_COLUMNS = [
  "mid",
  "bid",
  "ask",
  "q",
  "cash",
  "pnl",
  "spread",
  "inventory",
  "fees",
  "rewards",
  "sigma",
  "lambda",
  "gamma",
  "delta",
] as const;

/** Keeps at most about `2 · target` rows: the last row of each time bucket, buckets doubling as needed. */
class Decimator {
  readonly rows: number[][] = [];
  private widthMs = 1;
  constructor(private readonly target: number) {}

  push(row: number[]): void {
    const last = this.rows[this.rows.length - 1];
    if (last && Math.floor(last[0] / this.widthMs) === Math.floor(row[0] / this.widthMs)) {
      this.rows[this.rows.length - 1] = row;
      return;
    }
    this.rows.push(row);
    if (this.rows.length > 2 * this.target) {
      this.widthMs *= 2;
      let w = 0;
      for (let i = 0; i < this.rows.length; i++) {
        const r = this.rows[i];
        const next = this.rows[i + 1];
        if (next && Math.floor(next[0] / this.widthMs) === Math.floor(r[0] / this.widthMs)) {
          continue;
        }
        this.rows[w++] = r;
      }
      this.rows.length = w;
    }
  }
}

interface PendingMarkout {
  tMs: number;
  markE8: number;
  signedMicro: number; // + when the fill added YES exposure
  next: number; // index of the next horizon to measure
}

/** Options of {@link RunAnalytics}. */
export interface AnalyticsOptions {
  /** What produced the run. */
  kind: RunResult["kind"];
  /** The market's condition id, 0x-hex. */
  conditionId: string;
  /** `slippage_buffer` and `cash_reserve` of the config (for the cash floor). */
  slippageBuffer: number;
  /**
   * Count the engine's own reward estimates (its `reward` records; default
   * true). False where the venue's exact tally is fed with
   * {@link RunAnalytics.reward} instead (the simulator knows every order's owner).
   */
  rewardsFromJournal?: boolean;
  /** Cash never committed to orders (risk.cash_reserve), USDC. */
  cashReserveUsdc: number;
  /** Target number of chart points. */
  points?: number;
}

/** Accumulates a run. Feed it the engine's records and commands, and marks. */
export class RunAnalytics {
  private yes = 0;
  private no = 0;
  private cash = 0;
  private equity0 = Number.NaN;
  private markE8 = 0; // YES mid × 1e8 (0 = none yet)
  private spread = 0; // micro-USDC
  private inventory = 0;
  private fees = 0;
  private rewards = 0; // micro-USDC, a float: shares of a pool
  private rewardSamples = 0;
  private rewardScored = 0;
  private peak = 0;
  private maxDd = 0;
  private fills = 0;
  private filledMicro = 0;
  private ordersPlaced = 0;
  private placedMicro = 0;
  private decisions = 0;
  private capacityMs = 0;
  private decisionMs = 0;
  private lastDecision: { tMs: number; capacity: boolean } | null = null;
  private inBreach = false;
  private breaches = 0;
  private races = 0;
  private resolution: "YES" | "NO" | null = null;
  private startMs = Number.NaN;
  private endMs = Number.NaN;
  private readonly markouts = MARKOUT_HORIZONS_S.map((h) => ({ h, usdc: 0, micro: 0, n: 0 }));
  private pending: PendingMarkout[] = [];
  private readonly series: Decimator;
  private readonly fillPoints: [number, number, number][] = [];
  private quote = { bid: Number.NaN, ask: Number.NaN, sigma: 1, lambda: 1, gamma: 1, delta: 0 };

  /**
   * Analytics of one run, before its first input.
   *
   * @param o what the run is and the floor parameters
   */
  constructor(private readonly o: AnalyticsOptions) {
    this.series = new Decimator(o.points ?? 1500);
  }

  /** Starting balances (micro-units). */
  start(tMs: number, cashMicro: number, yesMicro: number, noMicro: number): void {
    this.cash = cashMicro;
    this.yes = yesMicro;
    this.no = noMicro;
    this.time(tMs);
  }

  /** Widens the run's span to `tMs`. */
  private time(tMs: number): void {
    if (Number.isNaN(this.startMs)) this.startMs = tMs;
    if (!(tMs < this.endMs)) this.endMs = tMs;
  }

  /** Value of the holdings at the current mark, micro-USDC. */
  private equity(): number {
    const m = this.markE8;
    return this.cash + (this.yes * m + this.no * (1e8 - m)) / 1e8;
  }

  /** The YES mid moved to `midE8` (× 1e8) at `tMs`. */
  mark(tMs: number, midE8: number): void {
    if (midE8 <= 0 || midE8 >= 1e8 || midE8 === this.markE8) return;
    this.time(tMs);
    if (this.markE8 > 0) this.inventory += (this.yes - this.no) * (midE8 - this.markE8) / 1e8;
    this.markE8 = midE8;
    if (Number.isNaN(this.equity0)) this.equity0 = this.equity();
    this.settleMarkouts(tMs);
    this.checkFloor();
    this.sample(tMs);
  }

  /** An engine record (decisions, fills, order events). */
  record(rec: EngineRecord): void {
    this.time(rec.tMs);
    if (rec.kind === "decision") this.onDecision(rec);
    else if (rec.kind === "fill") this.onFill(rec.tMs, rec.fill, rec.effect);
    else if (rec.kind === "reward" && this.o.rewardsFromJournal !== false) {
      this.reward(rec.tMs, rec.sample.usdc, rec.sample.scoring > 0);
    } else if (
      rec.kind === "order" && rec.change === "rejected" && rec.detail === "crosses_book"
    ) {
      this.races++;
    }
  }

  /** An engine command (orders sent). */
  command(cmd: EngineCommand): void {
    if (cmd.kind !== "place") return;
    for (const o of cmd.orders) {
      this.ordersPlaced++;
      this.placedMicro += o.sizeMicro;
    }
  }

  /** The market resolved: holdings pay 1 (winner) or 0 at `tMs`. */
  resolve(tMs: number, winner: "YES" | "NO"): void {
    this.resolution = winner;
    this.time(tMs);
    const payoff = winner === "YES" ? 1e8 : 0;
    if (this.markE8 > 0) this.inventory += (this.yes - this.no) * (payoff - this.markE8) / 1e8;
    else this.equity0 = this.cash + (winner === "YES" ? this.yes : this.no);
    // the final mark is exact: no longer a mid
    this.markE8 = winner === "YES" ? 1e8 : 0;
    this.settleMarkouts(Infinity);
    this.sample(tMs);
  }

  /** A decision: the quote and ladder it chose, for the charts. */
  private onDecision(rec: Extract<EngineRecord, { kind: "decision" }>): void {
    this.decisions++;
    const q = rec.quote;
    const capacity = Math.abs(q.qHat) >= CAPACITY_QHAT;
    if (this.lastDecision) {
      const dt = rec.tMs - this.lastDecision.tMs;
      this.decisionMs += dt;
      if (this.lastDecision.capacity) this.capacityMs += dt;
    }
    this.lastDecision = { tMs: rec.tMs, capacity };
    const tick = rec.tickPips / UNIT_PIPS;
    this.quote = {
      bid: q.bidTicks > 0 ? q.bidTicks * tick : Number.NaN,
      ask: q.askTicks > 0 ? q.askTicks * tick : Number.NaN,
      sigma: q.sigma,
      lambda: q.lambda,
      gamma: q.gamma,
      delta: q.delta,
    };
    if (rec.state !== "active") this.quote.bid = this.quote.ask = Number.NaN;
    this.sample(rec.tMs);
  }

  /** A fill of ours (`effect` as the inventory saw it): cash, shares, fees and its markouts. */
  private onFill(tMs: number, f: Fill, effect: string): void {
    if (effect !== "applied" && effect !== "reverted") return;
    const sign = effect === "applied" ? 1 : -1;
    const cashMicro = Math.round(f.pricePips * f.sizeMicro / UNIT_PIPS);
    const buy = f.side === "BUY";
    this.cash += sign * ((buy ? -cashMicro : cashMicro) - f.feeMicro);
    const shares = sign * (buy ? f.sizeMicro : -f.sizeMicro);
    if (f.token === "YES") this.yes += shares;
    else this.no += shares;
    this.fees -= sign * f.feeMicro;
    // value of the shares at the mark, against what was paid: the edge captured
    if (this.markE8 > 0) {
      const markPips = f.token === "YES" ? this.markE8 / 1e4 : UNIT_PIPS - this.markE8 / 1e4;
      this.spread += sign * (buy ? 1 : -1) * (markPips - f.pricePips) * f.sizeMicro / UNIT_PIPS;
    }
    if (effect === "applied") {
      this.fills++;
      this.filledMicro += f.sizeMicro;
      const addsYes = (f.token === "YES") === buy;
      const yesPips = f.token === "YES" ? f.pricePips : UNIT_PIPS - f.pricePips;
      if (this.fillPoints.length < 20_000) {
        this.fillPoints.push([tMs, yesPips / UNIT_PIPS, (addsYes ? 1 : -1) * f.sizeMicro / MICRO]);
      }
      if (this.markE8 > 0) {
        this.pending.push({
          tMs,
          markE8: this.markE8,
          signedMicro: (addsYes ? 1 : -1) * f.sizeMicro,
          next: 0,
        });
      }
    } else {
      this.fills--;
      this.filledMicro -= f.sizeMicro;
    }
    if (Number.isNaN(this.equity0) && this.markE8 > 0) this.equity0 = this.equity();
    this.checkFloor();
    this.sample(tMs);
  }

  /** Settles the markouts whose horizon has passed at `tMs`. */
  private settleMarkouts(tMs: number): void {
    if (this.pending.length === 0) return;
    let keep = 0;
    for (const p of this.pending) {
      while (
        p.next < MARKOUT_HORIZONS_S.length && p.tMs + MARKOUT_HORIZONS_S[p.next] * 1000 <= tMs
      ) {
        const m = this.markouts[p.next];
        m.usdc += p.signedMicro * (this.markE8 - p.markE8) / 1e8 / MICRO;
        m.micro += Math.abs(p.signedMicro);
        m.n++;
        p.next++;
      }
      if (p.next < MARKOUT_HORIZONS_S.length) this.pending[keep++] = p;
    }
    this.pending.length = keep;
  }

  /** Counts a new breach of the cash floor (the worst case of the position at the mark). */
  private checkFloor(): void {
    if (this.markE8 <= 0) return;
    const q = this.yes - this.no;
    const pOpp = q > 0 ? 1 - this.markE8 / 1e8 : this.markE8 / 1e8;
    const floor = Math.abs(q) * pOpp * (1 + this.o.slippageBuffer) + this.o.cashReserveUsdc * MICRO;
    const breach = this.cash < floor - 1; // 1 micro-USDC of rounding
    if (breach && !this.inBreach) this.breaches++;
    this.inBreach = breach;
  }

  /** Marked P&L now, micro-USDC. */
  private pnlMicro(): number {
    return Number.isNaN(this.equity0) ? 0 : this.equity() - this.equity0 + this.rewards;
  }

  /**
   * One reward sample at `tMs`: what our orders earned of the minute's pool
   * (USDC, 0 when they did not score) and whether they scored.
   */
  reward(tMs: number, usdc: number, scored: boolean): void {
    this.time(tMs);
    this.rewards += usdc * MICRO;
    this.rewardSamples++;
    if (scored) this.rewardScored++;
    this.sample(tMs);
  }

  /** One chart sample at `tMs`: P&L, drawdown, position, quotes. */
  private sample(tMs: number): void {
    const pnl = this.pnlMicro();
    if (pnl > this.peak) this.peak = pnl;
    if (this.peak - pnl > this.maxDd) this.maxDd = this.peak - pnl;
    const q = this.quote;
    this.series.push([
      tMs,
      this.markE8 > 0 ? this.markE8 / 1e8 : Number.NaN,
      q.bid,
      q.ask,
      (this.yes - this.no) / MICRO,
      this.cash / MICRO,
      pnl / MICRO,
      this.spread / MICRO,
      this.inventory / MICRO,
      this.fees / MICRO,
      this.rewards / MICRO,
      q.sigma,
      q.lambda,
      q.gamma,
      q.delta,
    ]);
  }

  /** The result so far (markouts still open are measured at the last mark). */
  result(): RunResult {
    this.settleMarkouts(Infinity);
    const r = (micro: number) => Math.round(micro) / MICRO;
    const summary: RunSummary = {
      pnlUsdc: r(this.pnlMicro()),
      spreadCaptureUsdc: r(this.spread),
      inventoryPnlUsdc: r(this.inventory),
      feesUsdc: r(this.fees),
      rewardsUsdc: r(this.rewards),
      rewardSamples: this.rewardSamples,
      rewardScoredShare: this.rewardSamples > 0 ? this.rewardScored / this.rewardSamples : 0,
      markouts: this.markouts.map((m) => ({
        horizonS: m.h,
        usdc: Math.round(m.usdc * 1e6) / 1e6,
        perShareUsdc: m.micro > 0 ? Math.round(m.usdc / (m.micro / MICRO) * 1e6) / 1e6 : 0,
        fills: m.n,
      })),
      fills: this.fills,
      filledShares: this.filledMicro / MICRO,
      ordersPlaced: this.ordersPlaced,
      sharesPlaced: this.placedMicro / MICRO,
      fillRate: this.placedMicro > 0 ? this.filledMicro / this.placedMicro : 0,
      maxDrawdownUsdc: r(this.maxDd),
      timeAtCapacity: this.decisionMs > 0 ? this.capacityMs / this.decisionMs : 0,
      floorBreaches: this.breaches,
      postOnlyRaces: this.races,
      finalPosition: (this.yes - this.no) / MICRO,
      finalCashUsdc: this.cash / MICRO,
      resolution: this.resolution,
      decisions: this.decisions,
      startMs: this.startMs,
      endMs: this.endMs,
    };
    return {
      version: 1,
      kind: this.o.kind,
      conditionId: this.o.conditionId,
      summary,
      series: {
        columns: SERIES_COLUMNS,
        rows: this.series.rows.map((row) => row.map((v) => (Number.isFinite(v) ? v : null))),
        fills: this.fillPoints,
      },
    };
  }
}
