/**
 * The fleet's shared risk ledger: every instance leases capital from it,
 * renews the lease while it runs and reports its exposure and today's P&L;
 * the ledger enforces the portfolio caps (total, per event, per category)
 * and the daily loss limit across all markets. A lease of an instance that
 * died expires by itself, so no capital stays stuck: what its orders held
 * returns to the pool (the lease outlives them: the venue retires them by
 * their GTD expiry), and only the cost of the position it left — shares the
 * wallet still holds — stays, as an `expired` row, until the next instance of
 * that market takes it over.
 *
 * Amounts are integer micro-USDC; times ms since the epoch; a day is the UTC
 * date (`YYYY-MM-DD`).
 *
 * @module
 */

import { type Caps, type Grant, grantFor, type LeaseView } from "./allocation.ts";
import { num, type Row, SCHEMA, type SqlStore, type SqlTx } from "./store.ts";

/** Who holds a lease. */
export interface Holder {
  /** The run id (unique per process). */
  instance: string;
  /** The market's condition id. */
  market: string;
  /** A short name for people (a slug, or the condition id's head). */
  label: string;
  /** Neg-risk event id ("" none). */
  event: string;
  /** Category ("" none). */
  category: string;
  /** Process id. */
  pid: number;
  /** Host name. */
  host: string;
  /** When the instance started, ms. */
  startedMs: number;
}

/** What an instance reports at each renewal. */
export interface Report {
  /** Trading state (quoting, paused, stopping…). */
  state: string;
  /** The capital it would use, micro-USDC (0 when idle). */
  wantMicro: number;
  /** What it must keep: max(exposure, its engine's current limit), micro-USDC. */
  holdMicro: number;
  /** Capital deployed now (the position's cost and the cash of open buys), micro-USDC. */
  exposureMicro: number;
  /** The cost of the position alone, micro-USDC: what stays deployed if the instance dies. */
  positionMicro: number;
  /** Its P&L on `day`, micro-USDC. */
  pnlMicro: number;
  /** The UTC day the P&L belongs to. */
  day: string;
}

/** Why the fleet stopped trading. */
export interface Halt {
  /** The UTC day it applies to. */
  day: string;
  /** One line. */
  reason: string;
  /** The market whose report breached the limit. */
  market: string;
  /** When, ms. */
  atMs: number;
}

/** What a renewal gives. */
export interface Renewal extends Grant {
  /** Set when the fleet is halted: stop, cancel, exit. */
  halt: Halt | null;
  /** The fleet's P&L today (since a resume), micro-USDC. */
  dayPnlMicro: number;
  /** Live leases, this one included. */
  instances: number;
  /**
   * The renewal's place in the ledger's commit order (1, 2, …, across the
   * fleet): replaying every instance's grants in this order gives the
   * fleet's state after each commit.
   */
  seq: number;
  /** Σ granted of every live lease after this renewal, micro-USDC (≤ the total cap). */
  fleetGrantedMicro: number;
}

/** A lease as `pm4 portfolio` lists it. */
export interface LeaseRow extends Holder {
  /** Trading state at the last renewal. */
  state: string;
  /** Asked, micro-USDC. */
  wantMicro: number;
  /** Held, micro-USDC. */
  grantedMicro: number;
  /** The limit its engine works under, micro-USDC. */
  targetMicro: number;
  /** Capital deployed, micro-USDC. */
  exposureMicro: number;
  /** The position's cost, micro-USDC. */
  positionMicro: number;
  /** Last renewal, ms. */
  renewedMs: number;
  /** Expiry, ms. */
  expiresMs: number;
}

/** The fleet at one instant. */
export interface FleetSnapshot {
  /** The UTC day. */
  day: string;
  /** Live leases. */
  leases: LeaseRow[];
  /** P&L today per market label, micro-USDC (finished runs included). */
  pnlByMarket: Record<string, number>;
  /** The fleet's P&L today, micro-USDC. */
  dayPnlMicro: number;
  /** The active halt, or null. */
  halt: Halt | null;
}

/** Limits of the portfolio. */
export interface LedgerLimits extends Caps {
  /** Daily loss limit across all markets, micro-USDC; 0 = none. */
  dailyLossMicro: number;
  /** How long a lease lives without renewal, ms. */
  leaseMs: number;
}

/** The UTC day of `ms`. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The ledger. See the module doc. */
export class Ledger {
  private ready = false;

  /** A ledger over `store` with this instance's limits. */
  constructor(readonly store: SqlStore, readonly limits: LedgerLimits) {}

  /** The halt in force for `nowMs`'s day, or null: a new run refuses to start under it. */
  admit(nowMs: number): Promise<Halt | null> {
    return this.tx((tx) => activeHalt(tx, utcDay(nowMs)));
  }

  /**
   * Takes or renews `h`'s lease: the grant under the caps, the fleet's P&L
   * today, and the halt when the daily loss limit is (or already was)
   * breached.
   */
  renew(h: Holder, r: Report, nowMs: number): Promise<Renewal> {
    const lim = this.limits;
    return this.tx(async (tx) => {
      await expire(tx, nowMs);
      // this market's instance takes over what a dead one left (its own hold covers it)
      await tx.run("DELETE FROM pm4_leases WHERE market = ? AND state = 'expired'", [h.market]);
      await tx.run("UPDATE pm4_meta SET v = v + 1 WHERE k = 'seq'");
      const seq = num((await tx.all("SELECT v FROM pm4_meta WHERE k = 'seq'"))[0]?.v);
      const rows = await tx.all(
        "SELECT instance, event, category, want_micro, granted_micro FROM pm4_leases " +
          "WHERE instance <> ?",
        [h.instance],
      );
      const others: LeaseView[] = rows.map((o) => ({
        instance: String(o.instance),
        event: String(o.event),
        category: String(o.category),
        wantMicro: num(o.want_micro),
        grantedMicro: num(o.granted_micro),
      }));
      await tx.run(
        "INSERT INTO pm4_daily (day, instance, market, label, pnl_micro, updated_ms) " +
          "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (day, instance) DO UPDATE SET " +
          "pnl_micro = excluded.pnl_micro, updated_ms = excluded.updated_ms",
        [r.day, h.instance, h.market, h.label, Math.round(r.pnlMicro), nowMs],
      );
      let halt = await activeHalt(tx, r.day);
      const dayPnl = await dayTotal(tx, r.day) - await baseline(tx, r.day);
      if (!halt && lim.dailyLossMicro > 0 && dayPnl < -lim.dailyLossMicro) {
        halt = {
          day: r.day,
          reason: `daily loss limit: the fleet's P&L today ${usdc(dayPnl)} USDC is below ` +
            `−${usdc(lim.dailyLossMicro)} (reported by ${h.label})`,
          market: h.market,
          atMs: nowMs,
        };
        await tx.run(
          "INSERT INTO pm4_halts (day, reason, market, at_ms, resumed_ms, baseline_micro) " +
            "VALUES (?, ?, ?, ?, NULL, 0) ON CONFLICT (day) DO UPDATE SET reason = excluded.reason, " +
            "market = excluded.market, at_ms = excluded.at_ms, resumed_ms = NULL",
          [halt.day, halt.reason, halt.market, halt.atMs],
        );
      }
      // a halted instance asks for nothing new: it only keeps what it holds
      const g = grantFor(lim, others, {
        event: h.event,
        category: h.category,
        wantMicro: halt ? 0 : r.wantMicro,
        holdMicro: r.holdMicro,
      });
      await tx.run(
        "INSERT INTO pm4_leases (instance, market, label, event, category, state, pid, host, " +
          "want_micro, granted_micro, target_micro, exposure_micro, position_micro, started_ms, " +
          "renewed_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) " +
          "ON CONFLICT (instance) DO UPDATE SET state = excluded.state, " +
          "want_micro = excluded.want_micro, granted_micro = excluded.granted_micro, " +
          "target_micro = excluded.target_micro, exposure_micro = excluded.exposure_micro, " +
          "position_micro = excluded.position_micro, renewed_ms = excluded.renewed_ms, " +
          "expires_ms = excluded.expires_ms",
        [
          h.instance,
          h.market,
          h.label,
          h.event,
          h.category,
          r.state,
          h.pid,
          h.host,
          Math.round(r.wantMicro),
          g.grantedMicro,
          g.targetMicro,
          Math.round(r.exposureMicro),
          Math.round(r.positionMicro),
          h.startedMs,
          nowMs,
          nowMs + lim.leaseMs,
        ],
      );
      const fleet = others.reduce((a, o) => a + o.grantedMicro, g.grantedMicro);
      return {
        ...g,
        halt,
        dayPnlMicro: dayPnl,
        instances: others.length + 1,
        seq,
        fleetGrantedMicro: fleet,
      };
    });
  }

  /**
   * Gives the lease back (the instance has cancelled its orders; `pnlMicro`
   * is its final P&L of `day`, kept for the daily limit).
   */
  release(instance: string, day: string, pnlMicro: number, nowMs: number): Promise<void> {
    return this.tx(async (tx) => {
      await tx.run(
        "UPDATE pm4_daily SET pnl_micro = ?, updated_ms = ? WHERE day = ? AND instance = ?",
        [Math.round(pnlMicro), nowMs, day, instance],
      );
      await tx.run("DELETE FROM pm4_leases WHERE instance = ?", [instance]);
    });
  }

  /**
   * Lifts today's halt (`pm4 portfolio resume`): the daily limit counts again
   * from the fleet's P&L now. Returns the halt lifted, or null when none was.
   */
  resume(nowMs: number): Promise<Halt | null> {
    const day = utcDay(nowMs);
    return this.tx(async (tx) => {
      const h = await activeHalt(tx, day);
      if (!h) return null;
      await tx.run("UPDATE pm4_halts SET resumed_ms = ?, baseline_micro = ? WHERE day = ?", [
        nowMs,
        await dayTotal(tx, day),
        day,
      ]);
      return h;
    });
  }

  /** The fleet now: live leases (and positions dead instances left), P&L today, the halt. */
  snapshot(nowMs: number): Promise<FleetSnapshot> {
    const day = utcDay(nowMs);
    return this.tx(async (tx) => {
      await expire(tx, nowMs);
      const leases = (await tx.all("SELECT * FROM pm4_leases ORDER BY label, instance"))
        .map(leaseRow);
      const pnlByMarket: Record<string, number> = {};
      for (const r of await tx.all("SELECT label, pnl_micro FROM pm4_daily WHERE day = ?", [day])) {
        const k = String(r.label);
        pnlByMarket[k] = (pnlByMarket[k] ?? 0) + num(r.pnl_micro);
      }
      return {
        day,
        leases,
        pnlByMarket,
        dayPnlMicro: await dayTotal(tx, day) - await baseline(tx, day),
        halt: await activeHalt(tx, day),
      };
    });
  }

  /** Closes the database connection. */
  close(): Promise<void> {
    return this.store.close();
  }

  /** Runs `fn` in one fleet-exclusive transaction, creating the schema on first use. */
  private tx<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    return this.store.transaction(async (tx) => {
      if (!this.ready) {
        for (const s of SCHEMA) await tx.run(s);
        this.ready = true;
      }
      return await fn(tx);
    });
  }
}

/**
 * Leases not renewed in time: their instance died. What its orders held
 * returns; the cost of its position stays as an `expired` row (no expiry)
 * until the market's next instance replaces it; a flat one is gone.
 */
async function expire(tx: SqlTx, nowMs: number): Promise<void> {
  await tx.run(
    "UPDATE pm4_leases SET state = 'expired', want_micro = 0, target_micro = 0, " +
      "granted_micro = position_micro, exposure_micro = position_micro, expires_ms = ? " +
      "WHERE expires_ms < ? AND state <> 'expired'",
    [NEVER_MS, nowMs],
  );
  await tx.run("DELETE FROM pm4_leases WHERE state = 'expired' AND position_micro <= 0");
}

/** The expiry of a dead instance's position row: none, ms. */
const NEVER_MS = 8_640_000_000_000_000;

async function activeHalt(tx: SqlTx, day: string): Promise<Halt | null> {
  const [h] = await tx.all(
    "SELECT day, reason, market, at_ms FROM pm4_halts WHERE day = ? AND resumed_ms IS NULL",
    [day],
  );
  return h
    ? { day: String(h.day), reason: String(h.reason), market: String(h.market), atMs: num(h.at_ms) }
    : null;
}

async function dayTotal(tx: SqlTx, day: string): Promise<number> {
  const [r] = await tx.all("SELECT SUM(pnl_micro) AS s FROM pm4_daily WHERE day = ?", [day]);
  return num(r?.s);
}

async function baseline(tx: SqlTx, day: string): Promise<number> {
  const [r] = await tx.all("SELECT baseline_micro FROM pm4_halts WHERE day = ?", [day]);
  return num(r?.baseline_micro);
}

function leaseRow(r: Row): LeaseRow {
  return {
    instance: String(r.instance),
    market: String(r.market),
    label: String(r.label),
    event: String(r.event),
    category: String(r.category),
    pid: num(r.pid),
    host: String(r.host),
    startedMs: num(r.started_ms),
    state: String(r.state),
    wantMicro: num(r.want_micro),
    grantedMicro: num(r.granted_micro),
    targetMicro: num(r.target_micro),
    exposureMicro: num(r.exposure_micro),
    positionMicro: num(r.position_micro),
    renewedMs: num(r.renewed_ms),
    expiresMs: num(r.expires_ms),
  };
}

function usdc(micro: number): string {
  return (micro / 1e6).toFixed(2);
}
