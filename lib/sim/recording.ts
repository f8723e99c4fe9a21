/**
 * A simulated market recorded without sockets: the frames its market channel
 * would send, each at its exchange time, and the public trades the data API
 * would list. Deterministic (same scenario, seed, start and speed → same
 * frames), for backtest tests and benchmarks.
 *
 * @module
 */

import type { PublicTradeRecord } from "./sim_market.ts";
import { SimMarket } from "./sim_market.ts";
import type { Scenario } from "./scenarios.ts";
import { MarketChannel } from "./wire.ts";

/** A recorded item: a frame, or a poll of public trades. */
export type SimRecordItem =
  | { kind: "frame"; rxMs: number; text: string }
  | { kind: "trades"; rxMs: number; trades: PublicTradeRecord[] };

/** What to record. */
export interface SimRecordingOptions {
  /** The marchetype scenario to record. */
  scenario: Scenario;
  /** Seed of the market and its agents (same seed, same run). */
  seed: number;
  /** Exchange time of the start, ms. */
  startMs: number;
  /** Market time per exchange time. */
  speed: number;
  /** Exchange time to record, ms (stops early at resolution). */
  durationMs: number;
  /** Poll public trades this often, ms (0: never). */
  tradesEveryMs?: number;
}

/** The market and a generator of its recorded items, in time order. */
export function simRecording(
  o: SimRecordingOptions,
): { market: SimMarket; items: Generator<SimRecordItem> } {
  const market = new SimMarket({
    scenario: o.scenario,
    seed: o.seed,
    startMs: o.startMs,
    speed: o.speed,
  });
  const channel = new MarketChannel(market.exchange, market.ids);
  const pending: SimRecordItem[] = [];
  market.addListener((ev) => {
    for (const f of channel.frames(ev)) pending.push({ kind: "frame", rxMs: ev.tMs, text: f.text });
  });
  function* items(): Generator<SimRecordItem> {
    const end = o.startMs + o.durationMs;
    const step = 1000;
    const every = o.tradesEveryMs ?? 0;
    let nextTrades = every > 0 ? o.startMs + every : Infinity;
    let last: PublicTradeRecord | undefined;
    market.runUntil(o.startMs);
    pending.length = 0; // the dump below is the state
    yield { kind: "frame", rxMs: o.startMs, text: channel.snapshot(o.startMs) };
    for (let t = o.startMs + step; t <= end + step - 1 && !market.done; t += step) {
      const until = Math.min(t, end);
      market.runUntil(until);
      yield* pending;
      pending.length = 0;
      if (until >= nextTrades) {
        nextTrades += every;
        const fresh = market.publicTradesAfter(last);
        if (fresh.length > 0) {
          last = fresh[fresh.length - 1];
          yield { kind: "trades", rxMs: until, trades: fresh };
        }
      }
    }
    yield* pending;
    pending.length = 0;
  }
  return { market, items: items() };
}
