/**
 * A throwaway PostgreSQL server for tests: Debian's `postgresql` package
 * (`.ci/run` installs it), a fresh cluster in a temporary directory, on
 * 127.0.0.1 at a free port, started by the test and stopped after it. As
 * root, the server runs as the `postgres` user (it refuses to run as root).
 * Without the package the caller skips with a one-line notice.
 *
 * @module
 */

import postgres from "postgres";

/** A running server. */
export interface TestPostgres {
  /** `postgres://pm4@127.0.0.1:PORT/postgres` (trust auth: no password). */
  url: string;
  /** Creates an empty database; resolves with its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/**
 * True when PostgreSQL is installed; otherwise prints one line saying that
 * `test` is skipped (register it with `ignore: !hasPostgres(name)`).
 */
export function hasPostgres(test: string): boolean {
  if (postgresBin()) return true;
  console.log(`skip: ${test}: PostgreSQL is not installed (.ci/run installs it)`);
  return false;
}

/** The directory of `initdb` and `postgres`, or null when PostgreSQL is not installed. */
function postgresBin(): string | null {
  try {
    const versions = [...Deno.readDirSync("/usr/lib/postgresql")].map((e) => e.name).sort();
    for (const v of versions.reverse()) {
      const dir = `/usr/lib/postgresql/${v}/bin`;
      try {
        Deno.statSync(`${dir}/initdb`);
        return dir;
      } catch { /* the next version */ }
    }
  } catch { /* not installed */ }
  return null;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** `cmd args…`, as the `postgres` user when this process is root. */
function command(cmd: string, args: string[], opts: Deno.CommandOptions = {}): Deno.Command {
  return Deno.uid() === 0
    ? new Deno.Command("runuser", { ...opts, args: ["-u", "postgres", "--", cmd, ...args] })
    : new Deno.Command(cmd, { ...opts, args });
}

/** Starts a server (see {@link hasPostgres}: it throws without PostgreSQL). */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (Debian's postgresql package)");
  const dir = await Deno.makeTempDir({ prefix: "pm4-pg-" });
  if (Deno.uid() === 0) {
    const chown = await new Deno.Command("chown", { args: ["postgres", dir] }).output();
    if (!chown.success) throw new Error("chown postgres failed");
  }
  const init = await command(`${bin}/initdb`, ["-D", `${dir}/data`, "-A", "trust", "-U", "pm4"], {
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!init.success) throw new Error(`initdb: ${new TextDecoder().decode(init.stderr)}`);
  // a port taken between freePort() and the bind fails the start: try another
  for (let attempt = 1;; attempt++) {
    const port = freePort();
    const child = command(`${bin}/postgres`, [
      "-D",
      `${dir}/data`,
      "-p",
      String(port),
      "-k",
      dir,
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "fsync=off",
    ], { stdout: "null", stderr: "piped" }).spawn();
    // ready when the server says so (its log on stderr), not after a sleep
    const reader = child.stderr.getReader();
    const dec = new TextDecoder();
    let log = "";
    let ready = false;
    while (!ready) {
      const { value, done } = await reader.read();
      if (done) break;
      log += dec.decode(value);
      ready = log.includes("ready to accept connections");
    }
    if (ready) {
      // keep draining its log so the server never blocks on a full pipe
      void (async () => {
        while (!(await reader.read().catch(() => ({ done: true }))).done) { /* drained */ }
      })();
      const url = `postgres://pm4@127.0.0.1:${port}/postgres`;
      return {
        url,
        async createDatabase(name: string) {
          // CREATE DATABASE runs outside a transaction: a plain connection
          const sql = postgres(url, { max: 1, onnotice: () => {} });
          try {
            await sql.unsafe(`CREATE DATABASE ${name}`);
          } finally {
            await sql.end();
          }
          return url.replace(/\/postgres$/, `/${name}`);
        },
        async stop() {
          // runuser does not pass a signal on: the server's own tool stops it
          await command(`${bin}/pg_ctl`, ["stop", "-m", "fast", "-D", `${dir}/data`], {
            stdout: "null",
            stderr: "null",
          }).output();
          await child.status;
          await Deno.remove(dir, { recursive: true }).catch(() => {});
        },
      };
    }
    await child.status;
    if (attempt >= 3) {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      throw new Error(`postgres did not start: ${log}`);
    }
  }
}
