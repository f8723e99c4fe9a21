/**
 * Process-wide setup, evaluated before any other module of pm4 (main.ts
 * imports it first).
 *
 * npm packages under a scoped env permission: axios (inside the Polymarket
 * client) pulls in `debug`, which enumerates `process.env` as it loads — and
 * enumerating needs access to every variable. Replacing `process.env` with a
 * snapshot of the variables this process may read keeps the scope: those
 * packages see exactly what we may read anyway.
 *
 * @module
 */

import process from "node:process";
import { ENV_VARS } from "./exchange/env.ts";

const visible: Record<string, string> = {};
for (const name of ENV_VARS) {
  try {
    const v = Deno.env.get(name);
    if (v !== undefined) visible[name] = v;
  } catch {
    // not granted by this permission set: invisible
  }
}
Object.defineProperty(process, "env", { value: visible, configurable: true, writable: true });
