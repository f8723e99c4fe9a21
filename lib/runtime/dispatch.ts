/**
 * The live session's dispatch of engine commands — the only one besides the
 * shared simulated venue's: each command becomes a venue call kept in
 * flight until it settles, its answer an engine input (the adapter's typed
 * outcome; the venue's words go to the journal as `error_<operation>`), a
 * throw an `error_<operation>` line.
 *
 * @module
 */

import type { EngineCommand, EngineInput } from "../engine/mod.ts";
import type { CancelOutcome, ExchangePort } from "../exchange/mod.ts";
import { saveCalibration } from "./calibration_store.ts";
import { EXIT_KILLED } from "./exit_codes.ts";
import type { SessionLog } from "./session_log.ts";

/**
 * A reconciliation reads the fills since the previous good one minus this,
 * ms (late reports, clock skew); the engine remembers settled fills an hour.
 */
const RECONCILE_LOOKBACK_MS = 600_000;

/** Latency probe: order `index` of a batch of `count` was signed. */
export type SignProbe = (index: number, count: number) => void;

/** Engine commands to venue calls, and their answers back to inputs. */
export class Dispatcher {
  /** Why the engine asked to stop (null until it did). */
  stopped: { exitCode: number; reason: string } | null = null;
  /** Resolves once the engine asked to stop. */
  readonly stopSignal: Promise<void>;
  private resolveStop: () => void = () => {};
  private readonly inflight = new Set<Promise<unknown>>();
  private lastReconcileMs = -Infinity;

  /**
   * @param venue the exchange port
   * @param log the session's journal and counters
   * @param input hands an input to the engine's queue
   * @param clock wall clock, ms
   * @param fillsSinceMs reconciliations never look for fills before this, ms
   * @param calPath where the calibration is saved
   * @param signed latency probe of signing (optional)
   */
  constructor(
    private readonly venue: ExchangePort,
    private readonly log: SessionLog,
    private readonly input: (ev: EngineInput) => void,
    private readonly clock: () => number,
    private readonly fillsSinceMs: number,
    private readonly calPath: string,
    private readonly signed?: SignProbe,
  ) {
    this.stopSignal = new Promise<void>((r) => (this.resolveStop = r));
  }

  /** Sends one command (bound: the engine's queue calls it). */
  readonly dispatch = (cmd: EngineCommand): void => {
    switch (cmd.kind) {
      case "place":
        return this.track("rest_place", this.place(cmd.orders), { orders: cmd.orders.length });
      case "cancel":
        return this.track(
          "rest_cancel",
          this.cancel("rest_cancel", () => this.venue.cancel(cmd.orderIds)),
          { orderIds: cmd.orderIds },
        );
      case "cancel_all":
        return this.track(
          "rest_cancel_all",
          this.cancel("rest_cancel_all", () => this.venue.cancelAll()),
        );
      case "reconcile":
        return this.track("rest_reconcile", this.reconcile());
      case "save_calibration":
        return this.track("calibration_save", saveCalibration(this.calPath, cmd.snapshot), {
          path: this.calPath,
        });
      case "stop":
        this.stopped ??= { exitCode: cmd.killed ? EXIT_KILLED : 0, reason: cmd.reason };
        return this.resolveStop();
    }
  };

  /** Keeps a venue call in flight until it settles; a throw becomes `error_<operation>`. */
  track(operation: string, p: Promise<unknown>, inputs: Record<string, unknown> = {}): void {
    const q = p.catch((e) => this.log.failure(operation, e, inputs))
      .finally(() => this.inflight.delete(q));
    this.inflight.add(q);
  }

  /** Waits for every call in flight. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
  }

  private async place(orders: Extract<EngineCommand, { kind: "place" }>["orders"]) {
    const perf = this.log.perf;
    let index = 0;
    let t = perf ? performance.now() : 0;
    const ids = new Map<number, string>();
    const res = await this.log.timed(
      "rest_place",
      () =>
        this.venue.place(orders, (clientId, orderId) => {
          if (perf) {
            const now = performance.now();
            perf.record("sign", now - t);
            t = now;
          }
          this.signed?.(index++, orders.length);
          ids.set(clientId, orderId);
          this.input({ kind: "order_signed", tMs: this.clock(), clientId, orderId });
        }),
    );
    for (const r of res) {
      if (r.outcome !== "live" && r.outcome !== "matched") {
        const ord = orders.find((x) => x.clientId === r.clientId);
        this.log.refusal("place", r.outcome, r.message, r.status, {
          orderId: ids.get(r.clientId),
          token: ord?.token,
          side: ord?.side,
          price: ord ? ord.priceTicks * ord.tickPips / 10_000 : undefined,
          size: ord ? ord.sizeMicro / 1e6 : undefined,
        });
      }
      this.input({
        kind: "place_result",
        tMs: this.clock(),
        clientId: r.clientId,
        outcome: r.outcome,
      });
    }
  }

  private async cancel(operation: string, call: () => Promise<CancelOutcome>) {
    const r = await this.log.timed(operation, call);
    if (r.requestError) {
      this.log.refusal("cancel", "failed", r.requestError, 0, { orderIds: r.failed });
    }
    const { canceled, notCanceled, failed } = r;
    this.input({ kind: "cancel_result", tMs: this.clock(), canceled, notCanceled, failed });
  }

  private async reconcile() {
    // fills since the last good reconciliation (with a margin), not since the
    // start: a long session does not re-read its whole history every minute
    const t = this.clock();
    const since = Math.max(this.fillsSinceMs, this.lastReconcileMs - RECONCILE_LOOKBACK_MS);
    const r = await this.log.timed("rest_reconcile", () => this.venue.reconcile(since)).catch(
      (e) => {
        this.input({ kind: "reconcile_failed", tMs: this.clock(), error: (e as Error).message });
        throw e;
      },
    );
    this.lastReconcileMs = t;
    this.input({ kind: "reconciled", tMs: this.clock(), ...r });
  }
}
