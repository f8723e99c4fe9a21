/**
 * One strategy in one simulated market, without sockets: the live engine
 * (with PM4's quoter or a baseline's) trades in the simulator's matching
 * engine beside its seeded agents — noise and informed traders, competing
 * makers — from the start of the window to the resolution, which pays 1 or
 * 0. The agents react to our orders as to anyone's; nothing about them
 * depends on the strategy.
 *
 * Discrete-event: the market advances in steps of `stepMs`; its events reach
 * the engine at their event times (book changes and prints decoded, as
 * `market_events`; the rest as the market channel's frames), our orders reach
 * the book `latencyMs` after the decision and the answers and fills come back
 * `latencyMs` after that.
 *
 * @module
 */

import { type Config, marketCapitalUsdc } from "../config/mod.ts";
import {
  Engine,
  type EngineCommand,
  type EngineInput,
  InputQueue,
  type Quoter,
} from "../engine/mod.ts";
import {
  emptyTop,
  type MarketEvent,
  midE8,
  parsePublicTrades,
  takerFeeMicro,
} from "../market/mod.ts";
import { ExchangeMatcher, RunAnalytics, type RunResult, SimulatedVenue } from "../backtest/mod.ts";
import {
  MarketChannel,
  type PublicTradeRecord,
  type Scenario,
  type SimEvent,
  SimMarket,
} from "../sim/mod.ts";

/** The market's start time in every scorecard run (results do not depend on it). */
export const SIM_T0 = 1_800_000_000_000;

/** What to run. */
export interface SimRunOptions {
  /** The market. */
  scenario: Scenario;
  /** Seed of the market and its agents (same seed, same run). */
  seed: number;
  /** Builds the config for the market's ids and times. */
  config: (market: SimMarket) => Config;
  /** The quoting model (default PM4). */
  quoter?: Quoter;
  /** One-way latency of orders, answers and fills, ms. */
  latencyMs?: number;
  /** Market step, ms. */
  stepMs?: number;
}

/** A run's analytics and how it ended. */
export interface SimRunResult extends RunResult {
  /** Why the engine stopped. */
  stopReason: string;
  /** A kill switch stopped the engine. */
  killed: boolean;
}

const OWNER = "scorecard";

/** Runs one strategy through one simulated market to its resolution. */
export function simRun(o: SimRunOptions): SimRunResult {
  const L = o.latencyMs ?? 50;
  const step = o.stepMs ?? 100;
  const market = new SimMarket({ scenario: o.scenario, seed: o.seed, startMs: SIM_T0, speed: 1 });
  const ex = market.exchange;
  const ids = market.ids;
  const config = o.config(market);
  const cash = Math.round(marketCapitalUsdc(config) * 1e6);
  ex.deposit(OWNER, cash);
  const analytics = new RunAnalytics({
    kind: "backtest",
    conditionId: ids.conditionId,
    slippageBuffer: config.risk.slippage_buffer,
    cashReserveUsdc: config.risk.cash_reserve,
    // the venue scores every maker's orders: its tally, not the engine's estimate
    rewardsFromJournal: false,
  });
  const engine = new Engine({ config, quoter: o.quoter, journal: (r) => analytics.record(r) });
  const channel = new MarketChannel(ex, ids);
  // book changes and prints reach the engine decoded (the events their
  // frames carry: text and parsing were a quarter of a run), one exchange
  // event at a time as the venue sends them (an agent's cancel and re-place at
  // one instant are two messages: the engine may act on the book between
  // them, as it would live); the rest as the channel's frames
  const frames: ({ t: number; text: string } | { t: number; events: MarketEvent[] })[] = [];
  let stopped: { reason: string; killed: boolean } | null = null;
  const queue = new InputQueue(engine, { command: (input, cmd) => command(input.tMs, cmd) });
  const input = (ev: EngineInput) => queue.push(ev);
  const venue = new SimulatedVenue(
    new ExchangeMatcher(ex, OWNER),
    { toVenueMs: L, answerMs: L, fillMs: L },
    input,
    (n) => `0xsc${n.toString(16)}`,
  );
  const command = (t: number, cmd: EngineCommand) => {
    analytics.command(cmd);
    if (venue.command(t, cmd)) return;
    if (cmd.kind === "stop") stopped ??= { reason: cmd.reason, killed: cmd.killed };
  };
  market.addListener((ev: SimEvent) => {
    if (ev.type === "book") frames.push({ t: ev.tMs, events: channel.levels(ev) });
    else if (ev.type === "print") frames.push({ t: ev.tMs, events: [channel.trade(ev)] });
    else {
      // the engine subscribes without the custom features
      for (const f of channel.frames(ev, false)) frames.push({ t: ev.tMs, text: f.text });
    }
    if (ev.type === "trade" && (ev.trade.status === "MATCHED" || ev.trade.status === "FAILED")) {
      for (const m of ev.trade.makers) {
        if (m.owner !== OWNER) continue;
        // the venue rebates a share of the taker's fee to the maker (a negative fee)
        const rebate = Math.round(
          o.scenario.makerRebateShare *
            takerFeeMicro(m.pricePips, m.matchedMicro, o.scenario.feeRate, o.scenario.feeExponent),
        );
        venue.fills(ev.tMs, [{
          tradeId: ev.trade.id,
          orderId: m.orderId,
          token: m.token === 0 ? "YES" : "NO",
          side: m.side,
          pricePips: m.pricePips,
          sizeMicro: m.matchedMicro,
          feeMicro: -rebate,
          status: ev.trade.status === "MATCHED" ? "MATCHED" : "FAILED",
          matchMs: ev.trade.matchMs,
        }]);
      }
    }
  });

  const top = emptyTop();
  // our address samples from the start, so its share of samples scored counts the misses
  const rewards = market.rewards.tally(OWNER);
  let rewardSamples = market.rewards.samples;

  market.runUntil(SIM_T0);
  frames.length = 0;
  analytics.start(SIM_T0, cash, 0, 0);
  input({
    kind: "started",
    tMs: SIM_T0,
    market: {
      tickPips: ex.tickPips,
      minOrderMicro: 5_000_000,
      ownOrdersInBook: true,
      rewards: market.rewards.rules,
    },
    balances: { cashMicro: cash, yesMicro: 0, noMicro: 0 },
    openOrders: [],
    knownFills: [],
    calibration: null,
    warm: null,
  });
  input({ kind: "market_frame", tMs: SIM_T0, text: channel.snapshot(SIM_T0) });
  const refreshMs = config.quote.refresh_s * 1000;
  let nextTimer = SIM_T0 + refreshMs;
  let nextTrades = SIM_T0 + 60_000;
  let lastTrade: PublicTradeRecord | undefined;
  const end = market.resolveMs + 10 * L;
  // everything due up to `t`, in time order: timers, our pending actions, fills
  const drainUntil = (t: number) => {
    for (;;) {
      const v = venue.nextMs;
      const next = Math.min(v, nextTimer);
      if (next > t) return;
      if (v === next) venue.runNext();
      else {
        input({ kind: "timer", tMs: nextTimer });
        nextTimer += refreshMs;
      }
    }
  };
  // after a stop the market runs on to its resolution: what is still held is
  // marked to the end and paid out (the halted engine only keeps the book)
  for (let t = SIM_T0 + step; t <= end; t += step) {
    market.runUntil(Math.min(t, market.resolveMs));
    for (const f of frames) {
      drainUntil(f.t);
      input(
        "events" in f
          ? { kind: "market_events", tMs: f.t, events: f.events }
          : { kind: "market_frame", tMs: f.t, text: f.text },
      );
      if (engine.marketTop(top)) analytics.mark(f.t, midE8(top));
    }
    frames.length = 0;
    if (market.rewards.samples !== rewardSamples) {
      rewardSamples = market.rewards.samples;
      analytics.reward(t, rewards.lastUsdc, rewards.lastUsdc > 0);
    }
    if (t >= nextTrades) {
      nextTrades += 60_000;
      const fresh = market.publicTradesAfter(lastTrade);
      if (fresh.length > 0) {
        lastTrade = fresh[fresh.length - 1];
        input({ kind: "public_trades", tMs: t, trades: parsePublicTrades(fresh).trades });
      }
    }
    drainUntil(t);
  }
  if (!stopped) input({ kind: "stop_requested", tMs: end, reason: "duration" });
  drainUntil(end + 4 * L);
  const winner = ex.resolved;
  if (winner !== null) analytics.resolve(market.resolveMs, winner === 0 ? "YES" : "NO");
  const s = stopped as { reason: string; killed: boolean } | null;
  return { ...analytics.result(), stopReason: s?.reason ?? "end", killed: s?.killed ?? false };
}
