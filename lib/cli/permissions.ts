/**
 * Checks, before anything is sent, that the permission set this process runs
 * under (deno.json's `live` set, baked into the binary) reaches every host a
 * config names — so a host outside it is one line naming the host and the
 * flag, not a venue call failing deep inside the Polymarket client.
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import { PermissionError } from "./errors.ts";

const DEFAULT_PORT: Record<string, string> = {
  "https:": "443",
  "wss:": "443",
  "http:": "80",
  "ws:": "80",
};

/** Throws {@link PermissionError} for the first URL whose host the set does not grant. */
export function checkHosts(urls: readonly string[]): void {
  for (const u of urls) {
    const url = new URL(u);
    const host = `${url.hostname}:${url.port || DEFAULT_PORT[url.protocol] || "443"}`;
    if (Deno.permissions.querySync({ name: "net", host }).state === "granted") continue;
    throw new PermissionError(
      `network access to ${url.hostname} (${u}) is outside this permission set — add ` +
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
