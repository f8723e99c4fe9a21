/**
 * A reference model of the exchange for the order-state property test: it
 * holds the truth (our orders at the venue, our trades and their settlement,
 * our balances) and a user channel that delivers what the venue reports in
 * any order, duplicated or not at all. The engine under test only learns the
 * truth through the inputs the world chooses to deliver.
 *
 * @module
 */

import {
  type Balances,
  type CancelRefusal,
  Engine,
  type EngineCommand,
  type EngineInput,
  type ExchangeOrder,
  type Fill,
  type NewOrder,
} from "../../lib/engine/mod.ts";
import type { Config } from "../../lib/config/mod.ts";
import { accepted, cancelRefusal, refused } from "../../lib/exchange/mod.ts";
import { books, T0 } from "./_engine.ts";

/** One of our orders at the venue. */
interface RefOrder {
  o: NewOrder;
  id: string;
  matchedMicro: number;
  status: "live" | "canceled" | "filled";
}

/** One of our trades at the venue. */
interface RefTrade {
  fill: Fill;
  status: Fill["status"];
}

/** A step the world can take (chosen by fast-check). */
export type Step =
  | { k: "book"; mid: number; spread: number }
  | { k: "pong" }
  | { k: "timer"; dt: number }
  | {
    k: "answerPlace";
    pick: number;
    outcome: "ok" | "crosses" | "transient" | "lost";
    reached: boolean;
  }
  | { k: "answerCancel"; pick: number; outcome: "ok" | "failed" | "lost"; processed: boolean }
  | {
    k: "taker";
    pick: number;
    frac: number;
    updateFirst: boolean;
    dupe: boolean;
    loseOne: boolean;
  }
  | { k: "settle"; pick: number; fail: boolean }
  | { k: "deliver"; pick: number }
  | { k: "lose"; pick: number }
  | { k: "reconcile" };

/** The world: a venue of record, an engine, and what is in flight between them. */
export class World {
  readonly engine: Engine;
  tMs = T0;
  readonly ref = new Map<string, RefOrder>();
  readonly trades = new Map<string, RefTrade>();
  readonly balances: Balances = { cashMicro: 1000e6, yesMicro: 0, noMicro: 0 };
  /** Place commands not answered yet. */
  readonly places: NewOrder[][] = [];
  /** Cancel commands not answered yet (`null`: cancel all). */
  readonly cancels: (string[] | null)[] = [];
  /** User-channel events sent by the venue, not delivered yet. */
  readonly channel: EngineInput[] = [];
  /** Statuses of each trade the engine has been told. */
  readonly told = new Map<string, Set<Fill["status"]>>();
  /**
   * Orders the engine has been told rest (an accepted placement, an order
   * event, a trade, a reconciliation listing it): from then on it must track
   * them while they rest. Before, it may have given one up for absent.
   */
  readonly announced = new Set<string>();
  private readonly inbox: EngineInput[] = [];
  private tradeSeq = 0;
  halted = false;

  constructor(readonly config: Config) {
    this.engine = new Engine({ config });
    this.feed({
      kind: "started",
      tMs: this.tMs,
      market: { tickPips: 100, minOrderMicro: 5e6, ownOrdersInBook: false },
      balances: { ...this.balances },
      openOrders: [],
      knownFills: [],
      calibration: null,
      warm: null,
    });
  }

  /**
   * Feeds one input, then whatever it caused to be fed at once (an order's
   * id as it is signed), one at a time as the session's input queue does;
   * `check` runs after every input.
   */
  feed(ev: EngineInput, check: () => void = () => {}): void {
    this.inbox.push(ev);
    while (this.inbox.length > 0) {
      const next = this.inbox.shift()!;
      if (next.kind === "place_result" && next.outcome === "live") {
        this.announced.add(`0xo${next.clientId}`);
      } else if (next.kind === "order_update") this.announced.add(next.orderId);
      else if (next.kind === "reconciled") {
        for (const o of next.openOrders) this.announced.add(o.id);
      }
      if (next.kind === "fills" || next.kind === "reconciled") {
        for (const f of next.fills) {
          this.announced.add(f.orderId);
          const s = this.told.get(f.tradeId) ?? new Set();
          s.add(f.status);
          this.told.set(f.tradeId, s);
        }
      }
      this.engine.handle(next);
      for (const c of this.engine.drain()) this.command(c);
      check();
    }
  }

  private command(c: EngineCommand): void {
    switch (c.kind) {
      case "place":
        for (const o of c.orders) {
          this.inbox.push({
            kind: "order_signed",
            tMs: this.tMs,
            clientId: o.clientId,
            orderId: idOf(o),
          });
        }
        this.places.push(c.orders);
        break;
      case "cancel":
        this.cancels.push(c.orderIds);
        break;
      case "cancel_all":
        this.cancels.push(null);
        break;
      case "stop":
        this.halted = true;
        break;
      default:
        break; // reconcile: the world decides when; save_calibration: nothing to keep
    }
  }

  /** Applies one step. */
  step(s: Step, check: () => void): void {
    switch (s.k) {
      case "book": {
        this.tMs += 100;
        const bid = Math.round((s.mid - s.spread / 2) * 100) / 100;
        const ask = Math.round((bid + s.spread) * 100) / 100;
        if (bid < 0.01 || ask > 0.99 || ask <= bid) return;
        return this.feed(
          { kind: "market_frame", tMs: this.tMs, text: books(bid, ask, this.tMs) },
          check,
        );
      }
      case "pong":
        this.tMs += 100;
        return this.feed({ kind: "market_frame", tMs: this.tMs, text: "PONG" }, check);
      case "timer":
        this.tMs += s.dt;
        // the socket stays alive: a PONG every 10 s
        this.feed({ kind: "market_frame", tMs: this.tMs, text: "PONG" }, check);
        return this.feed({ kind: "timer", tMs: this.tMs }, check);
      case "answerPlace":
        return this.answerPlace(s, check);
      case "answerCancel":
        return this.answerCancel(s, check);
      case "taker":
        return this.taker(s);
      case "settle":
        return this.settle(s);
      case "deliver": {
        if (this.channel.length === 0) return;
        const [ev] = this.channel.splice(s.pick % this.channel.length, 1);
        return this.feed({ ...ev, tMs: this.tMs } as EngineInput, check);
      }
      case "lose":
        if (this.channel.length > 0) this.channel.splice(s.pick % this.channel.length, 1);
        return;
      case "reconcile":
        return this.reconcile(check);
    }
  }

  private answerPlace(s: Extract<Step, { k: "answerPlace" }>, check: () => void): void {
    if (this.places.length === 0) return;
    const [batch] = this.places.splice(s.pick % this.places.length, 1);
    for (const o of batch) {
      const id = idOf(o);
      const accepted = s.outcome === "ok" || (s.outcome !== "crosses" && s.reached);
      if (accepted && this.canRest(o)) {
        this.ref.set(id, { o, id, matchedMicro: 0, status: "live" });
        this.channel.push({
          kind: "order_update",
          tMs: this.tMs,
          orderId: id,
          type: "PLACEMENT",
          matchedMicro: 0,
        });
      } else if (s.outcome === "ok") {
        // the venue would have refused it for funds: answer so
        this.feed(result(o, this.tMs, false, "not enough balance / allowance", 400), check);
        continue;
      }
      if (s.outcome === "lost") continue;
      if (s.outcome === "ok") this.feed(result(o, this.tMs, true, "", 200), check);
      else if (s.outcome === "crosses") {
        this.feed(result(o, this.tMs, false, `order ${id} crosses the book`, 400), check);
      } else this.feed(result(o, this.tMs, false, "could not run the execution", 500), check);
    }
  }

  /** The venue's balance check: cash for a buy, shares for a sell, net of what rests. */
  private canRest(o: NewOrder): boolean {
    let cash = this.balances.cashMicro;
    let yes = this.balances.yesMicro;
    let no = this.balances.noMicro;
    for (const r of this.ref.values()) {
      if (r.status !== "live") continue;
      const rem = r.o.sizeMicro - r.matchedMicro;
      if (r.o.side === "BUY") cash -= r.o.priceTicks * 100 * rem / 10_000;
      else if (r.o.token === "YES") yes -= rem;
      else no -= rem;
    }
    if (o.side === "BUY") return o.priceTicks * 100 * o.sizeMicro / 10_000 <= cash;
    return o.sizeMicro <= (o.token === "YES" ? yes : no);
  }

  private answerCancel(s: Extract<Step, { k: "answerCancel" }>, check: () => void): void {
    if (this.cancels.length === 0) return;
    const [ids0] = this.cancels.splice(s.pick % this.cancels.length, 1);
    const ids = ids0 ?? [...this.ref.values()].filter((r) => r.status === "live").map((r) => r.id);
    const canceled: string[] = [];
    const notCanceled: Record<string, CancelRefusal> = {};
    const processed = s.outcome === "ok" || s.processed;
    for (const id of ids) {
      const r = this.ref.get(id);
      if (!processed) continue;
      if (r?.status === "live") {
        r.status = "canceled";
        canceled.push(id);
        this.channel.push({
          kind: "order_update",
          tMs: this.tMs,
          orderId: id,
          type: "CANCELLATION",
          matchedMicro: r.matchedMicro,
        });
      } else if (r) notCanceled[id] = cancelRefusal(`order can't be canceled: already ${r.status}`);
      else notCanceled[id] = cancelRefusal("order not found");
    }
    if (s.outcome === "lost") return;
    if (s.outcome === "ok") {
      this.feed({
        kind: "cancel_result",
        tMs: this.tMs,
        canceled,
        notCanceled,
        failed: [],
      }, check);
    } else {
      this.feed({
        kind: "cancel_result",
        tMs: this.tMs,
        canceled: [],
        notCanceled: {},
        failed: ids0 ?? [],
      }, check);
    }
  }

  /** An outside taker fills part of one of our resting orders. */
  private taker(s: Extract<Step, { k: "taker" }>): void {
    const live = [...this.ref.values()].filter((r) => r.status === "live");
    if (live.length === 0) return;
    const r = live[s.pick % live.length];
    const rem = r.o.sizeMicro - r.matchedMicro;
    const size = Math.max(10_000, Math.min(rem, Math.round(rem * s.frac / 10_000) * 10_000));
    r.matchedMicro += size;
    if (r.matchedMicro === r.o.sizeMicro) r.status = "filled";
    const fill: Fill = {
      tradeId: `t${++this.tradeSeq}`,
      orderId: r.id,
      token: r.o.token,
      side: r.o.side,
      pricePips: r.o.priceTicks * r.o.tickPips,
      sizeMicro: size,
      feeMicro: 0,
      status: "MATCHED",
      matchMs: this.tMs,
    };
    this.trades.set(fill.tradeId, { fill, status: "MATCHED" });
    move(this.balances, fill, 1);
    const update: EngineInput = {
      kind: "order_update",
      tMs: this.tMs,
      orderId: r.id,
      type: "UPDATE",
      matchedMicro: r.matchedMicro,
    };
    const trade: EngineInput = { kind: "fills", tMs: this.tMs, fills: [fill] };
    const events = s.updateFirst ? [update, trade] : [trade, update];
    if (s.loseOne) events.pop();
    if (s.dupe) events.push(events[0]);
    this.channel.push(...events);
  }

  /** A matched trade settles: CONFIRMED, or FAILED (the balances revert; the order does not). */
  private settle(s: Extract<Step, { k: "settle" }>): void {
    const open = [...this.trades.values()].filter((t) => t.status === "MATCHED");
    if (open.length === 0) return;
    const t = open[s.pick % open.length];
    t.status = s.fail ? "FAILED" : "CONFIRMED";
    if (s.fail) move(this.balances, t.fill, -1);
    this.channel.push({ kind: "fills", tMs: this.tMs, fills: [{ ...t.fill, status: t.status }] });
  }

  /** A REST reconciliation: the venue's open orders, every trade as it stands, the balances. */
  reconcile(check: () => void): void {
    const open: ExchangeOrder[] = [...this.ref.values()].filter((r) => r.status === "live").map((
      r,
    ) => ({
      id: r.id,
      token: r.o.token,
      side: r.o.side,
      pricePips: r.o.priceTicks * r.o.tickPips,
      originalMicro: r.o.sizeMicro,
      matchedMicro: r.matchedMicro,
    }));
    const fills = [...this.trades.values()].map((t) => ({ ...t.fill, status: t.status }));
    this.feed({
      kind: "reconciled",
      tMs: this.tMs,
      openOrders: open,
      fills,
      balances: { ...this.balances },
    }, check);
  }

  /** Everything in flight delivered and answered, then a reconciliation: the quiet state. */
  quiesce(check: () => void): void {
    for (let guard = 0; guard < 200; guard++) {
      if (this.channel.length > 0) {
        this.step({ k: "deliver", pick: 0 }, check);
      } else if (this.places.length > 0) {
        this.step({ k: "answerPlace", pick: 0, outcome: "ok", reached: true }, check);
      } else if (this.cancels.length > 0) {
        this.step({ k: "answerCancel", pick: 0, outcome: "ok", processed: true }, check);
      } else break;
    }
    this.tMs += 6_000; // past the grace of orders sent but never answered
    this.reconcile(check);
    // what the reconciliation asked (re-cancels) answered too
    for (
      let guard = 0;
      guard < 50 && (this.cancels.length > 0 || this.channel.length > 0);
      guard++
    ) {
      if (this.cancels.length > 0) {
        this.step({ k: "answerCancel", pick: 0, outcome: "ok", processed: true }, check);
      } else this.step({ k: "deliver", pick: 0 }, check);
    }
  }

  /** The position the engine must hold: each trade it was told of, counted unless told FAILED. */
  expectedPosition(): { yes: number; no: number } {
    const b = { cashMicro: 0, yesMicro: 0, noMicro: 0 };
    for (const [id, statuses] of this.told) {
      if (statuses.has("FAILED")) continue;
      move(b, this.trades.get(id)!.fill, 1);
    }
    return { yes: b.yesMicro, no: b.noMicro };
  }
}

function idOf(o: NewOrder): string {
  return `0xo${o.clientId}`;
}

function result(
  o: NewOrder,
  tMs: number,
  ok: boolean,
  error: string,
  httpStatus: number,
): EngineInput {
  // the venue's words, judged as the live adapter judges them
  const r = ok ? accepted(o.clientId, "live") : refused(o.clientId, httpStatus, error);
  return { kind: "place_result", tMs, ...r };
}

function move(b: Balances, f: Fill, sign: 1 | -1): void {
  const cash = Math.round(f.pricePips * f.sizeMicro / 10_000);
  const buy = f.side === "BUY";
  b.cashMicro += sign * (buy ? -cash : cash);
  const shares = sign * (buy ? f.sizeMicro : -f.sizeMicro);
  if (f.token === "YES") b.yesMicro += shares;
  else b.noMicro += shares;
}
