/**
 * How a session starts and ends. It starts from the venue's state — open
 * orders (leftovers), balances, recent fills — and a fresh calibration or a
 * warm start from history. It ends, whatever stopped it, with every order
 * cancelled and proven gone at the venue (a few rounds), the venue's final
 * reconciliation applied (fills the user channel had not delivered), a
 * CRITICAL line for any order that could not be proven cancelled, the
 * calibration saved and the `session_end` line.
 *
 * @module
 */

import { type EngineStatus } from "../engine/mod.ts";
import { line } from "../formats/mod.ts";
import type { ExchangePort } from "../exchange/mod.ts";
import { loadCalibration, saveCalibration } from "./calibration_store.ts";
import type { RunFiles } from "./run_files.ts";
import type { SessionParts } from "./session_parts.ts";

/** What a venue's reconciliation reads: open orders, fills, balances. */
type Reconciliation = Awaited<ReturnType<ExchangePort["reconcile"]>>;

/**
 * Reads the venue's state (fills since `fillsSinceMs`) and the calibration,
 * and hands the engine its `started` input; true when it warmed up from
 * history (which read the public trades just now).
 */
export async function startEngine(
  p: SessionParts,
  mode: string,
  startMs: number,
  fillsSinceMs: number,
  files: RunFiles,
): Promise<boolean> {
  const c = p.config;
  const cid = c.market.condition_id;
  const st = await p.venue.start(fillsSinceMs);
  const cal = await loadCalibration(files.calPath, cid);
  const calFresh = cal.snapshot !== null &&
    startMs - cal.snapshot.savedMs <= c.calibration.max_age_s * 1000;
  const warm = !calFresh && c.calibration.warm_start ? await p.venue.history(startMs) : null;
  p.log.notice(
    `${mode} session on ${cid.slice(0, 10)}…: ${cal.note}; ` +
      `${st.openOrders.length} leftover order(s); journal ${files.journalPath}`,
  );
  p.input({
    kind: "started",
    tMs: p.clock(),
    market: st.market,
    balances: st.balances,
    openOrders: st.openOrders,
    knownFills: st.fills,
    calibration: cal.snapshot,
    warm,
  });
  return warm !== null;
}

/** How the session ended. */
export interface SessionEnd {
  /** Process exit code. */
  exitCode: number;
  /** Why it stopped. */
  reason: string;
  /** The engine's last status. */
  status: EngineStatus;
}

/**
 * Ends the session of `files` (its fills since `fillsSinceMs`) after the
 * engine asked to stop, or on a stop from outside.
 */
export async function endSession(
  p: SessionParts,
  files: RunFiles,
  fillsSinceMs: number,
): Promise<SessionEnd> {
  const { run, calPath } = files;
  const { engine: eng, log, clock } = p;
  await p.dispatcher.settle();
  const { left, last } = await ensureNoOrders(
    p.venue,
    fillsSinceMs,
    (m) => log.notice(m, "warning"),
  );
  // the venue's final word: fills the user channel had not delivered yet are
  // applied, so the session ends on the exchange's position, not on ours
  if (last) p.input({ kind: "reconciled", tMs: clock(), ...last });
  const end = p.dispatcher.stopped ?? { exitCode: 0, reason: "stopped" };
  const status = eng.status();
  log.flushPerf();
  if (left > 0) {
    const message = `${left} order(s) could not be proven cancelled; check the venue`;
    log.journal.write(line(clock(), "error_shutdown", "critical", {
      operation: "shutdown",
      errorType: "OrdersLeft",
      message,
      status: 0,
      response: "",
      inputs: { ordersLeft: left },
    }));
    log.notice(`CRITICAL: ${message}`, "critical");
  }
  await saveCalibration(calPath, eng.calibration(clock())).catch((e) =>
    log.failure("calibration_save", e, { path: calPath })
  );
  log.journal.always(line(clock(), "session_end", "info", {
    run,
    exitCode: end.exitCode,
    reason: end.reason,
    status,
    ordersLeft: left,
  }));
  return { ...end, status };
}

/**
 * Cancels until the venue reports no open order of this market (a few
 * rounds); returns how many remain and the last reconciliation read.
 */
async function ensureNoOrders(
  venue: ExchangePort,
  sinceMs: number,
  notice: (s: string) => void,
): Promise<{ left: number; last: Reconciliation | null }> {
  let left = 0;
  let last: Reconciliation | null = null;
  for (let round = 0; round < 5; round++) {
    const cancel = await venue.cancelAll();
    if (cancel.requestError) notice(`cancel-all: ${cancel.requestError}`);
    try {
      last = await venue.reconcile(sinceMs);
      left = last.openOrders.length;
      if (left === 0) return { left: 0, last };
    } catch (e) {
      notice(`checking open orders: ${(e as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, 250 * 2 ** round));
  }
  return { left, last };
}
