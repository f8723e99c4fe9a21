/**
 * A fleet of instances on one wallet: the shared risk ledger (SQLite on one
 * machine, PostgreSQL across machines), capital leases under portfolio caps,
 * and the daily loss limit across all markets.
 *
 * @example
 * ```ts
 * import { Ledger, openSqliteStore } from "./mod.ts";
 * const dir = Deno.makeTempDirSync();
 * const limits = {
 *   totalMicro: 300e6, eventMicro: 0, categoryMicro: 0, dailyLossMicro: 50e6, leaseMs: 30_000,
 * };
 * const ledger = new Ledger(openSqliteStore(`${dir}/ledger.sqlite`), limits);
 * const holder = {
 *   instance: "run-1", market: "0xabc", label: "abc", event: "", category: "",
 *   pid: 1, host: "h", startedMs: 0,
 * };
 * const r = await ledger.renew(holder, {
 *   state: "quoting", wantMicro: 500e6, holdMicro: 0, exposureMicro: 0, positionMicro: 0, pnlMicro: 0,
 *   day: "2026-12-01",
 * }, Date.UTC(2026, 11, 1));
 * if (r.grantedMicro !== 300e6 || r.boundBy !== "total") throw new Error("capped by the total");
 * await ledger.close();
 * Deno.removeSync(dir, { recursive: true });
 * ```
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import { ConfigError } from "../config/mod.ts";
import { Ledger } from "./ledger.ts";
import { openPostgresStore } from "./postgres_store.ts";
import { openSqliteStore } from "./sqlite_store.ts";

export {
  type Caps,
  type Grant,
  grantFor,
  type GrantRequest,
  type LeaseView,
} from "./allocation.ts";
export {
  type FleetSnapshot,
  type Halt,
  type Holder,
  type LeaseRow,
  Ledger,
  type LedgerLimits,
  type Renewal,
  type Report,
  utcDay,
} from "./ledger.ts";
export { type Row, SCHEMA, type SqlStore, type SqlTx } from "./store.ts";
export { openSqliteStore } from "./sqlite_store.ts";
export { openPostgresStore } from "./postgres_store.ts";

/** The environment variable holding the PostgreSQL ledger's password. */
export const DATABASE_PASSWORD_ENV = "PM4_DATABASE_PASSWORD";

/** The SQLite ledger's path of a config (`{data_dir}` filled in). */
export function sqlitePathOf(c: Config): string {
  return c.portfolio.sqlite_path.replaceAll("{data_dir}", c.paths.data_dir.replace(/\/$/, ""));
}

/**
 * How long a lease lives without renewal, seconds: `portfolio.lease_s`, and
 * never less than an order can rest (`quote.order_ttl_s`) plus three renewal
 * intervals — one in which the order was placed, two in which a renewal may be
 * late before the instance stops buying (see the runtime's lease keeper).
 */
export function leaseSeconds(c: Config): number {
  const ttl = c.quote.order_ttl_s;
  const renew = c.portfolio.renew_s;
  return ttl > 0 ? Math.max(c.portfolio.lease_s, ttl + 3 * renew) : c.portfolio.lease_s;
}

/** Where a config's ledger is: a file path or the PostgreSQL URL (never a password). */
export function ledgerWhere(c: Config): string {
  return c.portfolio.ledger === "postgres" ? c.portfolio.database_url : sqlitePathOf(c);
}

/**
 * The ledger a config names, or null without one (`portfolio.ledger` none:
 * the static `bankroll_B / n_plays` split).
 * @throws {ConfigError} when a ledger is set without `portfolio.capital_usdc`
 */
export async function openLedger(
  c: Config,
  env: (name: string) => string | undefined,
): Promise<Ledger | null> {
  const p = c.portfolio;
  if (p.ledger === "none") return null;
  if (!(p.capital_usdc > 0)) {
    throw new ConfigError([{
      path: "portfolio.capital_usdc",
      message: `expected a number in (0, 1000000000] with portfolio.ledger "${p.ledger}"`,
      found: String(p.capital_usdc),
    }]);
  }
  let store;
  if (p.ledger === "postgres") {
    store = openPostgresStore(p.database_url, env(DATABASE_PASSWORD_ENV));
  } else {
    const path = sqlitePathOf(c);
    await Deno.mkdir(path.replace(/\/[^/]*$/, "") || ".", { recursive: true });
    store = openSqliteStore(path);
  }
  return new Ledger(store, {
    totalMicro: Math.round(p.capital_usdc * 1e6),
    eventMicro: Math.round(p.event_cap_usdc * 1e6),
    categoryMicro: Math.round(p.category_cap_usdc * 1e6),
    dailyLossMicro: Math.round(p.daily_loss_usdc * 1e6),
    // a lease outlives the orders it paid for: a dead instance's GTD orders
    // are retired by the venue before its capital returns to the pool
    leaseMs: Math.round(leaseSeconds(c) * 1000),
  });
}
