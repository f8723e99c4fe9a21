/**
 * The ledger's storage: one SQL schema and two backends — an embedded SQLite
 * file for the instances of one machine, PostgreSQL for a fleet across
 * machines. The ledger speaks only this interface, so both run the same
 * statements (written with `?` placeholders) and the same tests.
 *
 * @module
 */

/** A row as the backend returns it (numbers may arrive as strings or bigints). */
export type Row = Record<string, unknown>;

/** Statements inside one transaction. */
export interface SqlTx {
  /** Rows of a query. */
  all(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a statement. */
  run(sql: string, params?: readonly unknown[]): Promise<void>;
}

/** A ledger database. */
export interface SqlStore {
  /** Which backend: `sqlite` or `postgres`. */
  readonly kind: "sqlite" | "postgres";
  /** Where it is (a file path, or the URL without its password). */
  readonly where: string;
  /**
   * Runs `fn` in one transaction that excludes every other instance's
   * (across processes and machines): a lease decision reads and writes the
   * whole fleet's state.
   */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  /** Closes the connection. */
  close(): Promise<void>;
}

/** The schema: created by the first instance, in its first transaction. */
export const SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS pm4_leases (
    instance TEXT PRIMARY KEY,
    market TEXT NOT NULL,
    label TEXT NOT NULL,
    event TEXT NOT NULL,
    category TEXT NOT NULL,
    state TEXT NOT NULL,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    want_micro BIGINT NOT NULL,
    granted_micro BIGINT NOT NULL,
    target_micro BIGINT NOT NULL,
    exposure_micro BIGINT NOT NULL,
    position_micro BIGINT NOT NULL,
    started_ms BIGINT NOT NULL,
    renewed_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS pm4_daily (
    day TEXT NOT NULL,
    instance TEXT NOT NULL,
    market TEXT NOT NULL,
    label TEXT NOT NULL,
    pnl_micro BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL,
    PRIMARY KEY (day, instance)
  )`,
  `CREATE TABLE IF NOT EXISTS pm4_halts (
    day TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    market TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    resumed_ms BIGINT,
    baseline_micro BIGINT NOT NULL
  )`,
  // the ledger's commit order: every renewal takes the next number
  `CREATE TABLE IF NOT EXISTS pm4_meta (k TEXT PRIMARY KEY, v BIGINT NOT NULL)`,
  `INSERT INTO pm4_meta (k, v) VALUES ('seq', 0) ON CONFLICT (k) DO NOTHING`,
];

/** A column as a number (PostgreSQL's BIGINT arrives as a string). */
export function num(v: unknown): number {
  return typeof v === "number" ? v : v === null || v === undefined ? 0 : Number(v);
}
