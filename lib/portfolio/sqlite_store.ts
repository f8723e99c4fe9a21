/**
 * The ledger in an SQLite file (`node:sqlite`, WAL): the instances of one
 * machine share it. A transaction is `BEGIN IMMEDIATE`, so a second process
 * waits on the file's write lock (up to the busy timeout) instead of reading
 * a state that is about to change.
 *
 * @module
 */

import { DatabaseSync } from "node:sqlite";
import type { Row, SqlStore, SqlTx } from "./store.ts";

/** How long a transaction waits for another process's, ms. */
const BUSY_TIMEOUT_MS = 10_000;

/** Opens (creating when absent) the SQLite ledger at `path`. */
export function openSqliteStore(path: string): SqlStore {
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.exec("PRAGMA journal_mode = WAL");
  const tx: SqlTx = {
    all: (sql, params = []) =>
      Promise.resolve(db.prepare(sql).all(...(params as never[])) as Row[]),
    run: (sql, params = []) => {
      db.prepare(sql).run(...(params as never[]));
      return Promise.resolve();
    },
  };
  // one connection: transactions of this process take turns
  let turn: Promise<unknown> = Promise.resolve();
  return {
    kind: "sqlite",
    where: path,
    transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
      const run = async () => {
        db.exec("BEGIN IMMEDIATE");
        try {
          const out = await fn(tx);
          db.exec("COMMIT");
          return out;
        } catch (e) {
          db.exec("ROLLBACK");
          throw e;
        }
      };
      const next = turn.then(run, run);
      turn = next.catch(() => undefined);
      return next;
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}
