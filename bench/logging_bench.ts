/**
 * Cost of `logging.enable_performance` (issue #11: < 2 % of throughput when
 * on, nothing when off): the engine handling book frames that move the top —
 * a full quoting decision and order diff on every frame, the worst case for
 * timing overhead — without a probe, and with the probe the session installs
 * (performance.now, one call in 32 timed, aggregated in PerfStats) — and
 * the cost of one timed call alone, which bounds the overhead per frame at
 * 3 × that / 32 whatever the noise of this machine.
 */

import { Engine, type PerfProbe } from "../lib/engine/mod.ts";
import { PerfStats } from "../lib/runtime/mod.ts";
import { books, engineConfig, T0 } from "../tests/engine/_engine.ts";
import { answerAtOnce, started } from "./_instant_venue.ts";

const FRAMES = 1000;
const texts: string[] = [];
for (let i = 0; i < FRAMES; i++) {
  const bid = 0.4 + (i % 5) / 100;
  texts.push(books(bid, bid + 0.02, T0 + i * 100));
}

/** An engine whose orders a venue answers at once (nothing kept: no growth between iterations). */
function engine(perf?: PerfProbe): Engine {
  const e = new Engine({ config: engineConfig(), journal: () => {}, perf });
  e.handle(started(T0, 1000e6));
  return e;
}

function run(e: Engine, from: number): void {
  for (let i = 0; i < FRAMES; i++) {
    const t = from + i * 100;
    e.handle({ kind: "market_frame", tMs: t, text: texts[i] });
    answerAtOnce(e, e.drain(), t);
  }
}

const off = engine();
const stats = new PerfStats({ market_message: 32, quote_decision: 32, order_diff: 32 });
const on = engine({
  now: () => performance.now(),
  every: 32,
  record: (op, ms) => stats.record(op, ms),
});
let tOff = T0;
let tOn = T0;

Deno.bench("logging: 1000 top-moving frames, enable_performance off", {
  group: "perf",
  baseline: true,
  n: 300,
  warmup: 50,
}, () => {
  tOff += FRAMES * 100;
  run(off, tOff);
});

Deno.bench("logging: 1000 top-moving frames, enable_performance on", {
  group: "perf",
  n: 300,
  warmup: 50,
}, () => {
  tOn += FRAMES * 100;
  run(on, tOn);
  if (tOn % (60 * FRAMES * 100) === 0) stats.flush(tOn, 60_000);
});

// What one timed call adds (two clock reads and a record): the engine pays it
// on one call in 32 of each of its three operations.
const probeStats = new PerfStats();
Deno.bench("logging: one timed call (2 × performance.now + PerfStats.record)", {
  n: 100_000,
}, () => {
  const t0 = performance.now();
  probeStats.record("x", performance.now() - t0);
});
