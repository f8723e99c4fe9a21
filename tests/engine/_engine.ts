/** An in-process driver for the engine: synthetic books, an echoing venue, recorded output. */

import { type Config, parseConfig } from "../../lib/config/mod.ts";
import {
  type Balances,
  Engine,
  type EngineCommand,
  type EngineInput,
  type EngineRecord,
  type ExchangeOrder,
  type Fill,
  type NewOrder,
} from "../../lib/engine/mod.ts";

export const CID = "0x" + "cd".repeat(32);
export const YES = "111";
export const NO = "222";
export const T0 = 1_800_000_000_000;
const DAY = 86_400_000;

/** A config for the synthetic market (1000 USDC, one play, resolution 30 days away). */
export function engineConfig(over: Record<string, Record<string, unknown>> = {}): Config {
  return parseConfig({
    ...over,
    market: {
      condition_id: CID,
      asset_id_yes: YES,
      asset_id_no: NO,
      start_ts_ms: T0 - 30 * DAY,
      resolve_ts_ms: T0 + 30 * DAY,
      marchetype: "e2",
      ...over.market,
    },
    risk: { bankroll_B: 1000, n_plays: 1, ...over.risk },
    quote: { min_requote_interval_ms: 0, ...over.quote },
  });
}

type Level = [price: string, size: string];

/** A `book` frame for one token. */
export function bookFrame(asset: string, bids: Level[], asks: Level[], tMs: number): string {
  return JSON.stringify({
    event_type: "book",
    asset_id: asset,
    market: CID,
    bids: bids.map(([price, size]) => ({ price, size })),
    asks: asks.map(([price, size]) => ({ price, size })),
    timestamp: String(tMs),
    hash: "0x1",
    tick_size: "0.01",
  });
}

/** Both books around a YES bid/ask (the NO book mirrors it), 500 shares a level. */
export function books(bid: number, ask: number, tMs: number, size = "500"): string {
  const f = (x: number) => x.toFixed(2);
  return `[${bookFrame(YES, [[f(bid), size]], [[f(ask), size]], tMs)},${
    bookFrame(NO, [[f(1 - ask), size]], [[f(1 - bid), size]], tMs)
  }]`;
}

/** The engine with its output recorded and a venue that names orders `0xo<clientId>`. */
export class Driver {
  readonly engine: Engine;
  readonly records: EngineRecord[] = [];
  readonly commands: EngineCommand[] = [];
  /** Orders the fake venue holds (id → order). */
  readonly venue = new Map<string, NewOrder>();
  tMs = T0;

  constructor(readonly config: Config = engineConfig()) {
    this.engine = new Engine({ config, journal: (r) => this.records.push(r) });
  }

  /** Feeds one input; returns the commands it produced. */
  feed(ev: EngineInput): EngineCommand[] {
    this.tMs = Math.max(this.tMs, ev.tMs);
    this.engine.handle(ev);
    const out = this.engine.drain();
    this.commands.push(...out);
    return out;
  }

  /** `started` with these balances and leftovers. */
  start(
    balances: Balances = { cashMicro: 1000e6, yesMicro: 0, noMicro: 0 },
    openOrders: ExchangeOrder[] = [],
  ): EngineCommand[] {
    return this.feed({
      kind: "started",
      tMs: this.tMs,
      market: { tickPips: 100, minOrderMicro: 5e6, ownOrdersInBook: false },
      balances,
      openOrders,
      knownFills: [],
      calibration: null,
      warm: null,
    });
  }

  /** Book frames at `dt` ms later. */
  book(bid: number, ask: number, dt = 100): EngineCommand[] {
    this.tMs += dt;
    return this.feed({ kind: "market_frame", tMs: this.tMs, text: books(bid, ask, this.tMs) });
  }

  /** Answers `place` commands as the venue would (signed, then live). */
  ack(cmds: EngineCommand[]): EngineCommand[] {
    const out: EngineCommand[] = [];
    for (const c of cmds) {
      if (c.kind === "place") {
        for (const o of c.orders) {
          const id = `0xo${o.clientId}`;
          this.venue.set(id, o);
          out.push(
            ...this.feed({
              kind: "order_signed",
              tMs: this.tMs,
              clientId: o.clientId,
              orderId: id,
            }),
          );
        }
        for (const o of c.orders) {
          out.push(
            ...this.feed({
              kind: "place_result",
              tMs: this.tMs,
              clientId: o.clientId,
              outcome: "live",
            }),
          );
        }
      } else if (c.kind === "cancel") {
        for (const id of c.orderIds) this.venue.delete(id);
        out.push(
          ...this.feed({
            kind: "cancel_result",
            tMs: this.tMs,
            canceled: c.orderIds,
            notCanceled: {},
            failed: [],
          }),
        );
      }
    }
    return out;
  }

  /** Acks until nothing more is asked. */
  settle(cmds: EngineCommand[]): void {
    let next = cmds;
    for (let i = 0; i < 20 && next.length > 0; i++) next = this.ack(next);
  }

  /** A maker fill of the venue order `id` for `sizeMicro`. */
  fill(id: string, sizeMicro: number, status: Fill["status"] = "MATCHED", tradeId = `t-${id}`) {
    const o = this.venue.get(id);
    if (!o) throw new Error(`no venue order ${id}`);
    return this.feed({
      kind: "fills",
      tMs: this.tMs,
      fills: [{
        tradeId,
        orderId: id,
        token: o.token,
        side: o.side,
        pricePips: o.priceTicks * o.tickPips,
        sizeMicro,
        feeMicro: 0,
        status,
        matchMs: this.tMs,
      }],
    });
  }

  /** The venue's open orders as `reconciled` wants them. */
  openOrders(): ExchangeOrder[] {
    return [...this.venue.entries()].map(([id, o]) => ({
      id,
      token: o.token,
      side: o.side,
      pricePips: o.priceTicks * o.tickPips,
      originalMicro: o.sizeMicro,
      matchedMicro: 0,
    }));
  }

  /** Decisions journaled so far. */
  decisions(): Extract<EngineRecord, { kind: "decision" }>[] {
    return this.records.filter((r) => r.kind === "decision") as Extract<
      EngineRecord,
      { kind: "decision" }
    >[];
  }

  /** The last decision. */
  last(): Extract<EngineRecord, { kind: "decision" }> {
    const d = this.decisions();
    if (d.length === 0) throw new Error("no decision yet");
    return d[d.length - 1];
  }
}

/** All orders of the `place` commands. */
export function placed(cmds: EngineCommand[]): NewOrder[] {
  return cmds.flatMap((c) => (c.kind === "place" ? c.orders : []));
}

/** YES-equivalent price (ticks) and whether it is a bid. */
export function yesView(o: { token: string; side: string; priceTicks: number }) {
  const bid = (o.token === "YES") === (o.side === "BUY");
  return { bid, yesTicks: o.token === "YES" ? o.priceTicks : 100 - o.priceTicks };
}
