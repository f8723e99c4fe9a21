/**
 * `pm4` entry point: wires the real console, clock, environment and signals
 * into the CLI and exits with its code.
 *
 * @module
 */

import "./lib/boot.ts"; // first: process-wide setup before any npm package loads
import { runCli } from "./lib/cli/mod.ts";

if (import.meta.main) {
  const encoder = new TextEncoder();
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    try {
      Deno.addSignalListener(sig, onSignal);
    } catch {
      // SIGTERM listeners are not supported on Windows; SIGINT still is.
    }
  }
  const code = await runCli(Deno.args, {
    io: {
      out: (text) => Deno.stdout.writeSync(encoder.encode(text + "\n")),
      err: (text) => Deno.stderr.writeSync(encoder.encode(text + "\n")),
      isTerminal: Deno.stdout.isTerminal(),
      live: (text) => Deno.stdout.writeSync(encoder.encode(`\r\x1b[2K${text}`)),
    },
    now: () => Date.now(),
    env: (name) => Deno.env.get(name),
    signal: controller.signal,
    ask: Deno.stdin.isTerminal() && Deno.stdout.isTerminal() ? (q) => prompt(q) : undefined,
  });
  Deno.exit(code);
}
