/**
 * `deno task sweep`: an outside trader sweeps one side of the simulated book
 * through Polymarket's own client while pm4 quotes it (tests/e2e/_sweeper.ts),
 * then prints what it did to pm4: the largest |q| and the largest exposure a
 * single fill added, both against q_max, and the share of the time pm4 was
 * paused (other than reconciling).
 *
 * Usage: deno task sweep [--seconds S] [--every-ms M] [--side bid|ask] [--seed N]
 *
 * @module
 */

import "../lib/boot.ts"; // first: process-wide setup before any npm package loads
import { parseArgs } from "node:util";
import { sweepRun } from "../tests/e2e/_sweeper.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seconds: { type: "string", default: "120" },
    "every-ms": { type: "string", default: "1000" },
    side: { type: "string", default: "bid" },
    seed: { type: "string", default: "5" },
  },
});
const seconds = Number(values.seconds);
const everyMs = Number(values["every-ms"]);
const seed = Number(values.seed);
const side = values.side;
if (
  !(seconds > 0) || !(everyMs > 0) || !Number.isInteger(seed) || (side !== "bid" && side !== "ask")
) {
  console.error("sweep: --seconds > 0, --every-ms > 0, --seed an integer, --side bid or ask");
  Deno.exit(2);
}
const dataDir = `./data/sweep-${Date.now()}`;
await Deno.mkdir(dataDir, { recursive: true });
const r = await sweepRun({ durationMs: seconds * 1000, everyMs, side, seed, dataDir });
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
console.log(
  `sweep of the ${side}s for ${r.seconds.toFixed(0)} s (seed ${seed}; journal under ${dataDir})`,
);
console.log(`  sweeps sent / traded      ${r.sweeps} / ${r.sweepsFilled}`);
console.log(`  pm4 fills                 ${r.fills}`);
console.log(`  max |q| / q_max           ${pct(r.maxQOverQMax)}   (must stay ≤ 100 %)`);
console.log(
  `  max exposure one fill added / q_max ${pct(r.maxAddOverQMax)}   (≤ 35 %; flattening fills: ${
    pct(r.maxFillOverQMax)
  } of q_max toward zero at most)`,
);
console.log(
  `  paused (not reconciling)  ${pct(r.pausedShare)}   ${JSON.stringify(r.pausedByReason)}`,
);
console.log(`  pm4 exit code             ${r.exitCode}`);
const ok = r.maxQOverQMax <= 1 + 1e-9 && r.maxAddOverQMax <= 0.35 && r.pausedShare < 0.1 &&
  r.exitCode === 0;
console.log(ok ? "sweep: within every bound" : "sweep: a bound was broken");
Deno.exit(ok ? 0 : 1);
