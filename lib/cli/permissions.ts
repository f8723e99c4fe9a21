/**
 * Checks, before anything is sent, that the permission set this process runs
 * under (deno.json's `live` set, baked into the binary) reaches every host a
 * config names — so a host outside it is one line naming the host and the
 * flag, not a venue call failing deep inside the Polymarket client.
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import { PermissionError, UsageError } from "./errors.ts";

const DEFAULT_PORT: Record<string, string> = {
  "https:": "443",
  "wss:": "443",
  "http:": "80",
  "ws:": "80",
  "postgres:": "5432",
  "postgresql:": "5432",
};

/** Throws {@link PermissionError} for the first URL whose host the set does not grant. */
export function checkHosts(urls: readonly string[]): void {
  for (const u of urls) {
    const url = new URL(u);
    const host = `${url.hostname}:${url.port || DEFAULT_PORT[url.protocol] || "443"}`;
    if (Deno.permissions.querySync({ name: "net", host }).state === "granted") continue;
    throw new PermissionError(
      `network access to ${url.hostname} (${u}) is outside ${permissionSetPhrase()} — add ` +
        `"${url.hostname}" to the set's "net" list in deno.json (deno run: ` +
        `--allow-net=${url.hostname}; a compiled binary must be rebuilt with it)`,
    );
  }
}

/** The hosts of a config's market section (REST, WebSocket, Gamma, data API). */
export function marketHosts(c: Config): string[] {
  const m = c.market;
  return [m.clob_url, m.ws_url, m.gamma_url, m.data_url];
}

/** The fleet ledger's host of a config (a PostgreSQL ledger's; none for SQLite or none). */
export function ledgerHosts(c: Config): string[] {
  return c.portfolio.ledger === "postgres" ? [c.portfolio.database_url] : [];
}

/**
 * The name of the `deno.json` permission set this process most likely runs
 * under, from what it grants: `live` (Polymarket hosts, writes under ./data —
 * also what the compiled binary carries), `analyze` (Polymarket hosts,
 * writes anywhere under .), `local` (loopback only); null when none fits
 * (e.g. the test runner's own grants).
 */
export function permissionSetName(): "live" | "analyze" | "local" | null {
  const granted = (d: Deno.PermissionDescriptor) =>
    Deno.permissions.querySync(d).state === "granted";
  const venue = granted({ name: "net", host: "clob.polymarket.com:443" });
  if (granted({ name: "run" })) return null;
  if (venue) return granted({ name: "write", path: "." }) ? "analyze" : "live";
  if (granted({ name: "net", host: "127.0.0.1:80" })) return "local";
  return null;
}

/** "the live permission set", or "this permission set" when its name is unknown. */
export function permissionSetPhrase(): string {
  const set = permissionSetName();
  return set ? `the ${set} permission set` : "this permission set";
}

/**
 * Checks before a command starts anything that the permission set lets it
 * write `path` (a file, or a directory it will create); throws a
 * {@link PermissionError} naming `flag` and the set otherwise.
 */
export function checkWritable(path: string, flag: string): void {
  if (Deno.permissions.querySync({ name: "write", path }).state !== "granted") {
    const set = permissionSetName();
    throw new PermissionError(
      `${flag}: writing ${path} is outside ${permissionSetPhrase()}` +
        (set === "live" || set === "local" ? " (it writes only under ./data)" : "") +
        ` — choose a path under ./data, or add it to the set's "write" list in deno.json ` +
        `(deno run: --allow-write=${path})`,
    );
  }
}

/**
 * Checks before a command starts anything that file `path` may be written:
 * the permission set grants it ({@link checkWritable}) and its directory
 * exists (else a {@link UsageError} naming `flag`).
 */
export function checkOutputPath(path: string, flag: string, command: string): void {
  checkWritable(path, flag);
  const dir = path.includes("/") ? path.replace(/\/[^/]*$/, "") || "/" : ".";
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable) throw e;
    throw new UsageError(`${flag}: cannot write ${path}: its directory does not exist`, command);
  }
  if (!info.isDirectory) {
    throw new UsageError(`${flag}: cannot write ${path}: ${dir} is not a directory`, command);
  }
}
