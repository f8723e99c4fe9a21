/**
 * Tick-to-order latency on loopback: from a market frame arriving on the
 * bot's WebSocket to its first order signed and to the batch's POST (right
 * after the last order of the batch is signed). The full live path runs:
 * the simulator server, the real adapter (clob-client-v2 + the fast signer),
 * the journal, the engine; the simulator runs in a worker thread. A maker
 * moves the simulator's book every few dozen ms; each move makes the bot
 * requote.
 *
 * Run: deno run -P=local bench/latency.ts [iterations]
 */

import "../lib/boot.ts"; // first: scoped env for axios's debug
import type { Config } from "../lib/config/mod.ts";
import { runSession } from "../lib/runtime/mod.ts";

const N = Number(Deno.args[0] ?? 1000);
const PK = "0x" + "be".repeat(32);

const worker = new Worker(new URL("./_latency_sim_worker.ts", import.meta.url), { type: "module" });
const fromWorker = () => new Promise<unknown>((r) => (worker.onmessage = (e) => r(e.data)));
const dataDir = `./data/bench-latency-${Date.now()}`;
worker.postMessage({ dataDir });
const { config } = await fromWorker() as { config: Config };

let lastFrame = 0;
const first: number[] = [];
const posted: number[] = [];
let signedWaiter: (() => void) | null = null;
const ac = new AbortController();
const session = runSession({
  config,
  mode: "live",
  env: (k) => (k === "PK" ? PK : undefined),
  signal: ac.signal,
  probe: {
    frame: () => (lastFrame = performance.now()),
    signed: (i, n) => {
      const t = performance.now() - lastFrame;
      if (i === 0) first.push(t);
      if (i === n - 1) {
        posted.push(t);
        signedWaiter?.();
      }
    },
  },
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const signedWithin = (ms: number) =>
  new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      signedWaiter = null;
      resolve(false);
    }, ms);
    signedWaiter = () => {
      clearTimeout(timer);
      signedWaiter = null;
      resolve(true);
    };
  });

// wait for the first quotes, then drop the warm-up samples
await signedWithin(15_000);
await sleep(500);
first.length = 0;
posted.length = 0;
let misses = 0;
for (let i = 0; i < N; i++) {
  const wait = signedWithin(300);
  worker.postMessage("move");
  if (!(await wait)) misses++;
  await sleep(40); // let the acks and our own price_change frames pass
}
ac.abort();
await session;
await Deno.remove(dataDir, { recursive: true });
worker.postMessage("stop");
await fromWorker();
worker.terminate();

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const row = (name: string, xs: number[]) =>
  `${name.padEnd(34)} n=${String(xs.length).padStart(4)}  p50 ${pct(xs, 0.5).toFixed(3)} ms  p99 ${
    pct(xs, 0.99).toFixed(3)
  } ms  max ${Math.max(...xs).toFixed(3)} ms`;
console.log(`tick-to-order latency on loopback (${N} book moves, ${misses} without a requote)`);
console.log(row("frame → first order signed", first));
console.log(row("frame → batch POST (all signed)", posted));
