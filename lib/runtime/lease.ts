/**
 * This instance's place in the fleet: it takes its lease from the shared
 * ledger before quoting, renews it every `portfolio.renew_s` with its
 * exposure and today's P&L, hands the engine each grant (and the fleet's
 * halt) as a `lease` input, journals `portfolio_lease`, and gives the lease
 * back at the end. The lease outlives every order it paid for: when no
 * renewal has succeeded for so long that an order placed now could rest
 * past the lease's expiry (the ledger down, a renewal stuck), the engine keeps
 * only what it holds (limit 0: no new buys, resting buys cancelled) until a
 * renewal succeeds — capital another instance may take is never used twice.
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import type { Engine, EngineInput } from "../engine/mod.ts";
import { line } from "../formats/mod.ts";
import { type Holder, type Ledger, utcDay } from "../portfolio/mod.ts";
import type { SessionLog } from "./session_log.ts";

/** The ledger cannot be reached or used at the start: nothing was quoted. */
export class LedgerError extends Error {
  /**
   * The start is refused.
   *
   * @param where the ledger (its file or URL, never a password)
   * @param cause what failed
   */
  constructor(where: string, cause: unknown) {
    super(
      `the portfolio ledger (${where}) cannot be used: ${(cause as Error)?.message ?? cause}`,
      { cause },
    );
    this.name = "LedgerError";
  }
}

/** A running lease. */
export interface LeaseKeeper {
  /** Stops renewing. */
  stop(): void;
  /** Gives the lease back with the final P&L (after every order is cancelled). */
  release(): Promise<void>;
}

/** What the keeper reads and where it writes. */
export interface LeaseParts {
  /** The validated config. */
  config: Config;
  /** The session's engine. */
  engine: Engine;
  /** Journal and notices. */
  log: SessionLog;
  /** The engine's input queue. */
  input: (ev: EngineInput) => void;
  /** Wall clock, ms. */
  clock: () => number;
}

/** The market's name in the fleet's views. */
export function marketLabel(c: Config): string {
  return c.portfolio.label || c.market.condition_id.slice(0, 10);
}

/**
 * Takes the lease of `run` (the first renewal, awaited) and keeps renewing it.
 * The first grant is handed to the engine at once, so no order is placed
 * under a limit the ledger has not granted.
 */
export async function keepLease(
  p: LeaseParts,
  ledger: Ledger,
  run: string,
  startMs: number,
): Promise<LeaseKeeper> {
  const { config: c, engine: eng, log, input, clock } = p;
  const holder: Holder = {
    instance: run,
    market: c.market.condition_id,
    label: marketLabel(c),
    event: c.portfolio.event,
    category: c.portfolio.category,
    pid: Deno.pid,
    host: hostName(),
    startedMs: startMs,
  };
  const renewMs = c.portfolio.renew_s * 1000;
  // an order placed later than this after the last renewal could outlive the lease
  const buyCutoffMs = ledger.limits.leaseMs - c.quote.order_ttl_s * 1000 - renewMs;
  let starved = false;
  const want = Math.round(c.risk.bankroll_B * 1e6);
  // today's P&L: the session's, less what it had made when the UTC day began
  let day = utcDay(startMs);
  let pnlAtDayStart = 0;
  let lastOkMs = startMs;
  let renewing = false;

  const report = (nowMs: number) => {
    const pnl = Number.isFinite(eng.switches.pnlUsdc) ? eng.switches.pnlUsdc * 1e6 : 0;
    const today = utcDay(nowMs);
    if (today !== day) {
      day = today;
      pnlAtDayStart = pnl;
    }
    const exposure = eng.exposureMicro;
    const limit = eng.capitalLimitMicro;
    return {
      state: eng.switches.state,
      // idle (paused, halted) it asks for nothing: the fleet may use the capital
      wantMicro: eng.switches.state === "paused" || eng.switches.state === "halted" ? 0 : want,
      holdMicro: Math.ceil(Math.max(exposure, Number.isFinite(limit) ? limit : 0)),
      exposureMicro: exposure,
      positionMicro: eng.inventory.costMicro,
      pnlMicro: pnl - pnlAtDayStart,
      day,
    };
  };
  const renew = async (): Promise<void> => {
    const nowMs = clock();
    const r = report(nowMs);
    const g = await ledger.renew(holder, r, nowMs);
    lastOkMs = nowMs;
    starved = false;
    log.journal.write(line(clock(), "portfolio_lease", "info", {
      ledger: ledger.store.kind,
      seq: g.seq,
      grantedUsdc: g.grantedMicro / 1e6,
      fleetGrantedUsdc: g.fleetGrantedMicro / 1e6,
      limitUsdc: g.targetMicro / 1e6,
      exposureUsdc: r.exposureMicro / 1e6,
      boundBy: g.boundBy,
      dayPnlUsdc: g.dayPnlMicro / 1e6,
      instances: g.instances,
      halt: g.halt?.reason ?? null,
    }));
    input({ kind: "lease", tMs: clock(), limitMicro: g.targetMicro, halt: g.halt?.reason ?? null });
  };

  await renew().catch((e) => {
    throw new LedgerError(ledger.store.where, e);
  });
  const timer = setInterval(() => {
    if (!starved && clock() - lastOkMs > buyCutoffMs) {
      starved = true;
      log.notice(
        `portfolio ledger: no renewal for ${((clock() - lastOkMs) / 1000).toFixed(1)} s — ` +
          "no new buys until one succeeds (the lease must outlive our orders)",
        "warning",
      );
      input({ kind: "lease", tMs: clock(), limitMicro: 0, halt: null });
    }
    if (renewing) return;
    renewing = true;
    renew().catch((e) => log.failure("portfolio_lease", e, { ledger: ledger.store.where }))
      .finally(() => renewing = false);
  }, renewMs);
  return {
    stop: () => clearInterval(timer),
    async release() {
      clearInterval(timer);
      const nowMs = clock();
      const r = report(nowMs);
      await ledger.release(run, r.day, r.pnlMicro, nowMs).catch((e) =>
        log.failure("portfolio_release", e, { ledger: ledger.store.where })
      );
    },
  };
}

function hostName(): string {
  try {
    return Deno.hostname();
  } catch {
    return "";
  }
}
