/**
 * The ledger in PostgreSQL, for a fleet on several machines (the Kubernetes
 * CronJobs of `deploy/` share one server). Every transaction first takes one
 * transaction-scoped advisory lock, so lease decisions are serialised across
 * the fleet exactly as SQLite's write lock serialises them on one machine.
 *
 * @module
 */

import postgres from "postgres";
import type { Row, SqlStore, SqlTx } from "./store.ts";

/** The advisory lock every ledger transaction holds ("pm4" in ASCII). */
const LOCK_KEY = 0x706d34;

/** `?` placeholders as PostgreSQL's `$1, $2, …`. */
function numbered(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

/**
 * Connects to the PostgreSQL ledger at `url` (no password in it) with
 * `password` from the environment; `where` is the URL as logs may show it.
 */
export function openPostgresStore(url: string, password: string | undefined): SqlStore {
  const sql = postgres(url, {
    max: 1,
    password,
    onnotice: () => {},
    connect_timeout: 10,
    idle_timeout: 0,
  });
  return {
    kind: "postgres",
    where: url,
    async transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
      return await sql.begin(async (t) => {
        await t.unsafe("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
        const tx: SqlTx = {
          all: async (q, params = []) =>
            [...await t.unsafe(numbered(q), params as never[])] as Row[],
          run: async (q, params = []) => {
            await t.unsafe(numbered(q), params as never[]);
          },
        };
        return await fn(tx);
      }) as T;
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
