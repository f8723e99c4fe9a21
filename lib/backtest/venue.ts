/**
 * The simulated venue: what an exchange does with the engine's commands, in
 * time, over a pluggable matcher — the queue model over a recorded book
 * (backtest) or the simulator's matching engine (scorecard). It is the one
 * dispatcher of engine commands outside the live session: orders reach the
 * book `toVenueMs` after the decision, the answers come back `answerMs`
 * later, fills are reported `fillMs` after the trade, a reconciliation reads
 * the venue when asked and answers after a round trip.
 *
 * Pure and deterministic: the caller owns the clock (`advance`).
 *
 * @module
 */

import type {
  Balances,
  CancelRefusal,
  EngineCommand,
  EngineInput,
  ExchangeOrder,
  Fill,
  NewOrder,
  PlaceStatus,
} from "../engine/mod.ts";

/** The matching side of a simulated venue: our orders in, their fate out. */
export interface Matcher {
  /** Our order `id` reaches the book at `t`: resting, filled on entry, or refused. */
  place(t: number, id: string, order: NewOrder): PlaceStatus;
  /** Our cancel of `id` reaches the book at `t`. */
  cancel(t: number, id: string): "canceled" | CancelRefusal;
  /** Ids of our orders the book holds now (a cancel-all's targets). */
  liveIds(): string[];
  /** What a reconciliation reads now. */
  state(): VenueState;
}

/** What a venue knows of our account: open orders, recent fills, balances. */
export interface VenueState {
  /** Our orders in the book. */
  openOrders: ExchangeOrder[];
  /** Our recent fills. */
  fills: Fill[];
  /** Our cash and shares at the venue, micro-units. */
  balances: Balances;
}

/** One-way delays of a simulated venue, ms. */
export interface VenueLatency {
  /** From the engine's command to the book. */
  toVenueMs: number;
  /** From the book's answer to the engine. */
  answerMs: number;
  /** From a trade to its fill report. */
  fillMs: number;
}

type Due =
  | { t: number; kind: "place"; id: string; order: NewOrder }
  | { t: number; kind: "cancel"; ids: string[] | null }
  | { t: number; kind: "deliver"; input: EngineInput };

/**
 * The simulated venue. Give it the engine's commands as they come
 * ({@link command}) and the matcher's fills ({@link fills}); {@link advance}
 * runs what is due, delivering the engine's inputs in time order.
 *
 * @example
 * ```ts
 * import { type Matcher, SimulatedVenue } from "./venue.ts";
 * const book: Matcher = {
 *   place: () => "live",
 *   cancel: () => "canceled",
 *   liveIds: () => [],
 *   state: () => ({ openOrders: [], fills: [], balances: { cashMicro: 0, yesMicro: 0, noMicro: 0 } }),
 * };
 * const inputs: string[] = [];
 * const venue = new SimulatedVenue(book, { toVenueMs: 50, answerMs: 50, fillMs: 50 },
 *   (input) => inputs.push(`${input.kind}@${input.tMs}`), (n) => `0x${n}`);
 * venue.command(1_000, {
 *   kind: "place",
 *   orders: [{ clientId: 1, token: "YES", side: "BUY", priceTicks: 45, tickPips: 100, sizeMicro: 5e6 }],
 * });
 * venue.advance(2_000);
 * console.log(inputs); // ["order_signed@1000", "place_result@1100"]
 * ```
 */
export class SimulatedVenue {
  private readonly due: Due[] = [];
  private head = 0;
  private seq = 0;

  /**
   * A simulated venue in front of `matcher`, with latencies.
   *
   * @param matcher the book our orders meet
   * @param latency the venue's delays
   * @param deliver receives each engine input when it is due
   * @param orderId the id of our n-th order (1, 2, …)
   */
  constructor(
    private readonly matcher: Matcher,
    private readonly latency: VenueLatency,
    private readonly deliver: (input: EngineInput) => void,
    private readonly orderId: (n: number) => string,
  ) {}

  /**
   * Takes an engine command given at `t`; returns false for the ones that are
   * not the venue's (saving the calibration, stopping).
   */
  command(t: number, cmd: EngineCommand): boolean {
    const arrive = t + this.latency.toVenueMs;
    switch (cmd.kind) {
      case "place":
        for (const order of cmd.orders) {
          const id = this.orderId(++this.seq);
          // the id is the order's hash: known once signed, before it travels
          this.deliver({ kind: "order_signed", tMs: t, clientId: order.clientId, orderId: id });
          this.at({ t: arrive, kind: "place", id, order });
        }
        return true;
      case "cancel":
        this.at({ t: arrive, kind: "cancel", ids: cmd.orderIds });
        return true;
      case "cancel_all":
        this.at({ t: arrive, kind: "cancel", ids: null });
        return true;
      case "reconcile": {
        const back = t + 2 * this.latency.answerMs;
        this.at({
          t: back,
          kind: "deliver",
          input: { kind: "reconciled", tMs: back, ...this.matcher.state() },
        });
        return true;
      }
      default:
        return false;
    }
  }

  /** Fills of our orders from trades at `t`: reported `fillMs` later. */
  fills(t: number, fills: Fill[]): void {
    if (fills.length === 0) return;
    const at = t + this.latency.fillMs;
    this.at({ t: at, kind: "deliver", input: { kind: "fills", tMs: at, fills } });
  }

  /** Time of the earliest thing due, ms (Infinity: nothing). */
  get nextMs(): number {
    return this.head < this.due.length ? this.due[this.head].t : Infinity;
  }

  /** Runs everything due up to `t`, in time order (ties in the order they were scheduled). */
  advance(t: number): void {
    while (this.nextMs <= t) this.runNext();
  }

  /** Runs the earliest thing due. */
  runNext(): void {
    const d = this.due[this.head++];
    if (this.head > 4096 && this.head * 2 > this.due.length) {
      this.due.splice(0, this.head);
      this.head = 0;
    }
    if (d.kind === "deliver") {
      this.deliver(d.input);
      return;
    }
    const answer = d.t + this.latency.answerMs;
    if (d.kind === "place") {
      const outcome = this.matcher.place(d.t, d.id, d.order);
      this.at({
        t: answer,
        kind: "deliver",
        input: { kind: "place_result", tMs: answer, clientId: d.order.clientId, outcome },
      });
      return;
    }
    // every cancel request is answered, an empty one too (as the venue does)
    const ids = d.ids ?? this.matcher.liveIds();
    const canceled: string[] = [];
    const notCanceled: Record<string, CancelRefusal> = {};
    for (const id of ids) {
      const r = this.matcher.cancel(d.t, id);
      if (r === "canceled") canceled.push(id);
      else notCanceled[id] = r;
    }
    this.at({
      t: answer,
      kind: "deliver",
      input: { kind: "cancel_result", tMs: answer, canceled, notCanceled, failed: [] },
    });
  }

  /** Schedules `d` in time order (after everything due at the same time). */
  private at(d: Due): void {
    let i = this.due.length;
    while (i > this.head && this.due[i - 1].t > d.t) i--;
    if (i === this.due.length) this.due.push(d);
    else this.due.splice(i, 0, d);
  }
}
