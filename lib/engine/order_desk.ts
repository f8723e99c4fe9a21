/**
 * The engine's order bookkeeping: what it sends (places within the guards,
 * cancels), what the venue answers (placements, cancels, reconciliations)
 * and what that does to each tracked order — journaled. The engine's
 * trading state (pauses, error streak, kill switches) stays the engine's: a
 * venue answer returns what it means for that state.
 *
 * @module
 */

import { yesTicks } from "../model/mod.ts";
import type { Inventory } from "./inventory.ts";
import { excessCancels, PlaceBudget } from "./guards.ts";
import type { OrderDiff, TargetOrder } from "./order_diff.ts";
import type { OrderTracker, TrackedOrder } from "./order_tracker.ts";
import type { EngineRecord } from "./records.ts";
import type {
  CancelResult,
  EngineCommand,
  ExchangeOrder,
  Fill,
  NewOrder,
  PlaceResult,
  PlaceStatus,
} from "./types.ts";

/** Batch limit of `POST /orders`. */
export const MAX_BATCH = 15;
/** A sent order not seen at the exchange this long is proven absent, ms. */
const ABSENT_GRACE_MS = 5_000;
/**
 * Reconcile with the exchange at least this often, ms: a user channel that
 * stalls and recovers without a reconnect drops the fills it did not send,
 * and only REST tells.
 */
const RECONCILE_EVERY_MS = 60_000;
/** A failed reconciliation is asked again after this, ms. */
const RECONCILE_RETRY_MS = 5_000;
/**
 * Settled fills are remembered this long, ms — longer than a reconciliation
 * looks back (see `RECONCILE_LOOKBACK_MS` in the session), so a fill reported
 * again is still recognised.
 */
const FILL_MEMORY_MS = 3_600_000;
/**
 * A finished order is remembered this long, ms: its late trades and order
 * updates find it (an hour while trades it matched are still on their way);
 * after that a trade still counts once (the inventory remembers trade ids)
 * and an order found resting is cancelled as an orphan.
 */
const DONE_MEMORY_MS = 600_000;

/** What one wave of the cycle did (reused: valid until the next wave). */
export interface Wave {
  /** Working orders that stay. */
  keep: readonly TrackedOrder[];
  /** Orders cancelled (or, throttled, those cancelled anyway to respect q_max). */
  cancel: readonly TrackedOrder[];
  /** The ladder wanted a change. */
  acting: boolean;
  /** The change was held back by `min_requote_interval_ms`. */
  throttled: boolean;
  /** Places that wait for cancels or fills (see {@link OrderDesk.place}). */
  deferred: number;
}

/** No orders (never mutated: no allocation for the usual empty case). */
const NO_ORDERS: readonly TrackedOrder[] = Object.freeze([]);

/** Our orders, the commands that move them and the journal of their changes. */
export class OrderDesk {
  /**
   * Capital this market may deploy (the fleet ledger's lease), micro-USDC:
   * the cost of the position plus the cash of our buys stays within it.
   * Infinity without a ledger.
   */
  capitalLimitMicro = Infinity;
  private readonly budget = new PlaceBudget();
  private reconcileAsked = false;
  private lastReconcileMs = 0;
  private readonly last: Wave = {
    keep: NO_ORDERS,
    cancel: NO_ORDERS,
    acting: false,
    throttled: false,
    deferred: 0,
  };

  /**
   * @param tracker our orders
   * @param inventory our balances (what a place may spend)
   * @param out the engine's command queue
   * @param journal the engine's journal sink
   */
  constructor(
    readonly tracker: OrderTracker,
    private readonly inventory: Inventory,
    private readonly out: EngineCommand[],
    private readonly journal: (rec: EngineRecord) => void,
  ) {}

  /**
   * Acts on a diff at `tMs`: new quotes first (the tick-to-order path), then
   * the cancels — the orders they replace still count (cash, crossing, worst
   * case) until their cancels are acknowledged. The worst case may reach
   * q_max (`limitMicro`), not past it: the orders that stay after this
   * wave's cancels, outermost first, go when a side would be over (kept
   * orders may sit a little above their targets, and q_max moves with p).
   * `mayAct` false (the requote throttle): nothing is placed or re-priced,
   * but what q_max requires is still cancelled. `n`: ticks per unit.
   */
  wave(
    tMs: number,
    diff: OrderDiff,
    tickPips: number,
    n: number,
    limitMicro: number,
    mayAct: boolean,
  ): Wave {
    const now = this.tracker.worstCase(this.inventory.netMicro, true);
    const staying = { long: now.long, short: now.short };
    for (const o of diff.cancel) {
      if (o.isBid) staying.long -= o.outstandingMicro;
      else staying.short -= o.outstandingMicro;
    }
    let excess = staying.long > limitMicro || staying.short > limitMicro
      ? excessCancels([...diff.keep].reverse(), staying, limitMicro)
      : NO_ORDERS;
    const over = this.overCapital(diff.cancel, excess);
    const capital = over > 0 ? capitalCancels(diff.keep, excess, over) : NO_ORDERS;
    if (capital.length > 0) excess = excess.concat(capital);
    const w = this.last;
    w.keep = excess.length === 0 ? diff.keep : diff.keep.filter((o) => !excess.includes(o));
    w.acting = diff.cancel.length > 0 || diff.place.length > 0 || excess.length > 0;
    w.throttled = w.acting && !mayAct;
    w.cancel = excess.length === 0 ? diff.cancel : diff.cancel.concat(excess);
    w.deferred = 0;
    if (w.acting && !w.throttled) {
      w.deferred = this.place(tMs, diff.place, tickPips, n, limitMicro);
      this.cancel(tMs, w.cancel);
    } else if (w.throttled) {
      // what q_max and the lease require goes even when throttled
      const needed = excessCancels(w.cancel, now, limitMicro);
      w.cancel = capital.length === 0
        ? needed
        : needed.concat(capital.filter((o) => !needed.includes(o)));
      this.cancel(tMs, w.cancel);
    }
    return w;
  }

  /**
   * By how much the capital deployed by what stays — the position's cost and
   * the buys not in `leaving` (cancels of this wave) — exceeds the lease,
   * micro-USDC (≤ 0: within it).
   */
  private overCapital(cancel: readonly TrackedOrder[], excess: readonly TrackedOrder[]): number {
    if (this.capitalLimitMicro === Infinity) return 0;
    let cash = this.tracker.buyCashMicro(true);
    for (const list of [cancel, excess]) {
      for (const o of list) if (o.side === "BUY" && !o.leaving) cash -= o.outstandingCashMicro;
    }
    return this.inventory.costMicro + cash - this.capitalLimitMicro;
  }

  /**
   * Sends what can be placed now; returns how many orders were deferred: they
   * would cross one of our working orders, need cash or shares that working
   * orders still hold, or push the worst-case inventory — the position plus
   * every order of ours that may still fill on that side, old ones included
   * until their cancel is acknowledged — past `limitMicro` (q_max). `n`:
   * ticks per unit.
   */
  place(
    tMs: number,
    place: readonly TargetOrder[],
    tickPips: number,
    n: number,
    limitMicro: number,
  ): number {
    if (place.length === 0) return 0;
    const b = this.budget;
    const inv = this.inventory;
    const res = this.tracker.reservations();
    // the wallet's free cash, within what the lease leaves this market
    b.free.cashMicro = Math.min(
      inv.cashMicro - res.cashMicro,
      this.capitalLimitMicro - inv.costMicro - this.tracker.buyCashMicro(),
    );
    b.free.yesMicro = inv.yesMicro - res.yesMicro;
    b.free.noMicro = inv.noMicro - res.noMicro;
    const wc = this.tracker.worstCase(inv.netMicro);
    b.longMicro = wc.long;
    b.shortMicro = wc.short;
    b.limitMicro = limitMicro;
    b.tickPips = tickPips;
    b.ticksPerUnit = n;
    // YES-equivalent prices of our working orders, to avoid crossing ourselves
    b.maxBidTicks = 0;
    b.minAskTicks = n;
    for (const o of this.tracker.working()) {
      if (o.tickPips !== tickPips) continue;
      const yes = yesTicks(o.token, o.priceTicks, n);
      if (o.isBid) b.maxBidTicks = Math.max(b.maxBidTicks, yes);
      else b.minAskTicks = Math.min(b.minAskTicks, yes);
    }
    let orders: NewOrder[] = [];
    let deferred = 0;
    for (const t of place) {
      if (b.take(t) !== null) {
        deferred++;
        continue;
      }
      const order = {
        clientId: 0,
        token: t.token,
        side: t.side,
        priceTicks: t.priceTicks,
        tickPips,
        sizeMicro: t.sizeMicro,
      };
      order.clientId = this.tracker.create(order, tMs).clientId;
      orders.push(order);
      if (orders.length === MAX_BATCH) {
        this.out.push({ kind: "place", orders });
        orders = [];
      }
    }
    if (orders.length > 0) this.out.push({ kind: "place", orders });
    return deferred;
  }

  /** Places the last wave held back (a cancel's answer may free them). */
  get deferred(): number {
    return this.last.deferred;
  }

  /**
   * Keeps the capital deployed within the lease now (it shrank): buys go,
   * outermost first, until what stays fits — whatever the next quoting cycle
   * decides, and even when none can run.
   */
  enforceCapital(tMs: number): void {
    const over = this.overCapital(NO_ORDERS, NO_ORDERS);
    if (over > 0) this.cancel(tMs, capitalCancels(this.tracker.working(), NO_ORDERS, over));
  }

  /** Cancels every working order not already being cancelled. */
  cancelWorking(tMs: number): void {
    const working = this.tracker.working();
    if (working.some((o) => o.state !== "canceling")) this.cancel(tMs, working);
  }

  /** Asks to cancel orders (pending ones are cancelled once their placement is answered). */
  cancel(tMs: number, orders: readonly TrackedOrder[]): void {
    let ids: string[] | null = null;
    for (const o of orders) {
      if (o.state === "done" || o.state === "canceling") continue;
      if (o.state === "pending" || !o.orderId) {
        o.cancelWhenPlaced = true;
        continue;
      }
      o.state = "canceling";
      o.cancelSentMs = tMs;
      (ids ??= []).push(o.orderId);
    }
    if (ids !== null) this.out.push({ kind: "cancel", orderIds: ids });
  }

  /** Marks every working order as being cancelled (a `cancel_all` is on its way). */
  cancelingAll(tMs: number): void {
    for (const o of this.tracker.working()) {
      if (o.state !== "canceling") {
        o.state = "canceling";
        o.cancelSentMs = tMs;
      }
    }
  }

  /**
   * An order finished here that the venue shows resting, or may (`what` said
   * so): tracked again and cancelled at once — it was given up for absent and
   * the ladder rebuilt without it, so keeping it could double the exposure.
   * `any` revives whatever made it done (the venue's open orders are proof);
   * otherwise only an order given up for absent with something left. Returns
   * true when it revived the order.
   */
  reviveIfAbsent(tMs: number, o: TrackedOrder, what: string, any = false): boolean {
    if (o.state !== "done" || o.remainingMicro <= 0) return false;
    if (!any && !o.doneReason.startsWith("absent")) return false;
    this.tracker.revive(o);
    this.notice(tMs, "order_revived", `order ${o.orderId} rests after all (${what})`);
    this.cancel(tMs, [o]);
    return true;
  }

  /** Ends an order (`reason`: filled, canceled, absent, rejected…), journaled. */
  finish(tMs: number, o: TrackedOrder, reason: string): void {
    if (o.state === "done") return;
    this.tracker.finish(o, reason);
    this.orderRecord(tMs, o, "done", reason);
  }

  /**
   * The venue's answer to a placement, applied to the order; returns the
   * outcome for the engine's state, or null when the order is not ours.
   */
  placeResult(ev: PlaceResult): PlaceStatus | null {
    const o = this.tracker.client(ev.clientId);
    if (!o) return null;
    const outcome = ev.outcome;
    if (outcome === "live" || outcome === "matched") {
      if (this.reviveIfAbsent(ev.tMs, o, "its accepted placement")) return outcome;
      if (o.state === "pending") o.state = "live";
      this.orderRecord(ev.tMs, o, "placed", outcome);
      if (o.cancelWhenPlaced && o.state === "live") this.cancel(ev.tMs, [o]);
      return outcome;
    }
    const unknown = outcome === "transient" || outcome === "rate_limited";
    this.orderRecord(ev.tMs, o, unknown ? "unknown" : "rejected", outcome);
    if (unknown) {
      // it may have reached the book: prove it either way (working until then)
      if (!this.reviveIfAbsent(ev.tMs, o, "a failed placement")) o.state = "unknown";
    } else {
      this.finish(ev.tMs, o, outcome === "rejected" ? "rejected" : `rejected: ${outcome}`);
    }
    return outcome;
  }

  /** The venue's answer to cancels; true when the request failed (their fate is unknown). */
  cancelResult(ev: CancelResult): boolean {
    for (const id of ev.canceled) {
      const o = this.tracker.get(id);
      if (o) this.finish(ev.tMs, o, "canceled");
    }
    for (const id in ev.notCanceled) {
      const o = this.tracker.get(id);
      if (!o) continue;
      // matched (its trades follow on the user channel: awaited in the worst
      // case meanwhile) or never there: not working any more
      if (ev.notCanceled[id] === "matched") {
        this.tracker.report(o, o.sizeMicro);
        this.finish(ev.tMs, o, "filled");
      } else this.finish(ev.tMs, o, "absent");
    }
    // the request failed (the runtime journals why)
    for (const id of ev.failed) {
      const o = this.tracker.get(id);
      if (o && o.state !== "done") o.state = "unknown";
    }
    return ev.failed.length > 0;
  }

  /**
   * The venue's open orders against ours: ours not there (past the grace of
   * a fresh placement) are absent, theirs we do not know are adopted and
   * cancelled (`tickPips`: the tick to adopt them on), cancels never
   * answered are sent again.
   */
  reconcile(tMs: number, open: readonly ExchangeOrder[], tickPips: number): void {
    const seen = new Set(open.map((o) => o.id));
    const recancel: TrackedOrder[] = [];
    for (const o of this.tracker.working()) {
      if (o.orderId && seen.has(o.orderId)) {
        if (o.state === "unknown" || o.state === "pending") o.state = "live";
        else if (o.state === "canceling" && tMs - o.cancelSentMs > ABSENT_GRACE_MS) {
          // its cancel was never answered and it still rests: ask again
          o.state = "live";
          recancel.push(o);
        }
      } else if (o.state !== "pending" || tMs - o.createdMs > ABSENT_GRACE_MS) {
        this.finish(tMs, o, "absent");
      }
    }
    const orphans: TrackedOrder[] = [];
    for (const e of open) {
      const known = this.tracker.get(e.id);
      if (known) {
        this.tracker.report(known, e.matchedMicro);
        // finished here, resting there (a late placement): tracked again, cancelled
        if (known.state === "done") {
          this.reviveIfAbsent(tMs, known, "the venue's open orders", true);
        }
        continue;
      }
      orphans.push(this.tracker.adopt(e, tickPips, tMs));
    }
    if (recancel.length > 0) this.cancel(tMs, recancel);
    if (orphans.length > 0) {
      this.notice(
        tMs,
        "orphans",
        `cancelling ${orphans.length} untracked order(s) found at the exchange`,
      );
      this.cancel(tMs, orphans);
    }
  }

  /**
   * The venue's cumulative matched size of order `id` (an order update of
   * `type` PLACEMENT, UPDATE or CANCELLATION). The order's matched size is
   * the larger of it and our trades, so an UPDATE before its trade neither
   * drops the order nor counts the trade twice.
   */
  orderUpdate(tMs: number, id: string, type: string, matchedMicro: number): void {
    const o = this.tracker.get(id);
    if (!o) return;
    this.tracker.report(o, matchedMicro);
    if (type !== "CANCELLATION") this.reviveIfAbsent(tMs, o, "an order update");
    if (type === "PLACEMENT" && o.state === "pending") o.state = "live";
    if (type === "CANCELLATION") this.finish(tMs, o, "canceled");
    else if (o.remainingMicro === 0) this.finish(tMs, o, "filled");
  }

  /**
   * Applies fill reports to the inventory and to their orders, journaled;
   * `applied` sees each fill that changed the position for the first time.
   * Returns true when the position changed.
   */
  fills(tMs: number, fills: readonly Fill[], applied: (f: Fill) => void): boolean {
    let changed = false;
    const inv = this.inventory;
    for (const f of fills) {
      const effect = inv.apply(f);
      if (effect === "duplicate") continue;
      const o = this.tracker.get(f.orderId);
      // a trade seen for the first time consumed the order at the venue, even
      // one that later fails (the inventory reverts the position, not the order)
      if (o && (effect === "applied" || effect === "ignored")) {
        this.tracker.trade(o, f.sizeMicro);
        // given up for absent, yet it traded: it was at the venue and may rest still
        if (!this.reviveIfAbsent(tMs, o, "a trade")) {
          if (o.state !== "done" && o.remainingMicro === 0) this.finish(tMs, o, "filled");
        }
      }
      if (effect === "ignored") continue;
      changed = true;
      if (effect === "applied") applied(f);
      this.journal({
        kind: "fill",
        tMs,
        fill: f,
        effect,
        yesMicro: inv.yesMicro,
        noMicro: inv.noMicro,
        cashMicro: inv.cashMicro,
      });
    }
    return changed;
  }

  /** Asks for a reconciliation (once until it is answered). */
  requestReconcile(tMs: number): void {
    this.lastReconcileMs = tMs;
    if (this.reconcileAsked) return;
    this.reconcileAsked = true;
    this.out.push({ kind: "reconcile" });
  }

  /** Asks for a reconciliation when the last is older than a minute. */
  reconcileIfDue(tMs: number): void {
    if (tMs - this.lastReconcileMs >= RECONCILE_EVERY_MS) this.requestReconcile(tMs);
  }

  /** The start read the venue's state at `tMs`: the next periodic reconciliation is a minute away. */
  started(tMs: number): void {
    this.lastReconcileMs = tMs;
  }

  /** A reconciliation was answered: the next request goes out. */
  reconcileAnswered(): void {
    this.reconcileAsked = false;
  }

  /** A reconciliation failed: nothing is known until one succeeds, asked again in 5 s. */
  reconcileFailed(tMs: number): void {
    this.reconcileAsked = false;
    this.lastReconcileMs = tMs - RECONCILE_EVERY_MS + RECONCILE_RETRY_MS;
  }

  /** Forgets finished orders past their memory (bounded memory in long runs). */
  forgetOrders(tMs: number): void {
    this.tracker.prune(tMs - DONE_MEMORY_MS, tMs - FILL_MEMORY_MS);
  }

  /** Forgets settled fills past their memory (a full scan: once a minute). */
  forgetFills(tMs: number): void {
    this.inventory.prune(tMs - FILL_MEMORY_MS);
  }

  /**
   * A heartbeat was refused (`error`): the venue's dead-man switch may have
   * cancelled every order of ours — journaled, and the venue asked.
   */
  heartbeatFailed(tMs: number, error: string): void {
    this.journal({
      kind: "error",
      tMs,
      operation: "heartbeat",
      errorType: "failed",
      message: error,
      inputs: { working: this.tracker.working().length },
    });
    this.requestReconcile(tMs);
  }

  /** A warning in the journal. */
  private notice(tMs: number, code: string, message: string): void {
    this.journal({ kind: "notice", tMs, level: "warning", code, message });
  }

  private orderRecord(tMs: number, o: TrackedOrder, change: string, detail: string): void {
    this.journal({
      kind: "order",
      tMs,
      clientId: o.clientId,
      orderId: o.orderId,
      change,
      detail,
    });
  }
}

/**
 * Buys of `keep` (outermost first, none already in `excess`) to cancel so the
 * capital deployed falls by at least `over` micro-USDC (a lease that shrank).
 */
function capitalCancels(
  keep: readonly TrackedOrder[],
  excess: readonly TrackedOrder[],
  over: number,
): TrackedOrder[] {
  const out: TrackedOrder[] = [];
  for (let i = keep.length - 1; i >= 0 && over > 0; i--) {
    const o = keep[i];
    if (o.side !== "BUY" || o.leaving || excess.includes(o)) continue;
    out.push(o);
    over -= o.outstandingCashMicro;
  }
  return out;
}
