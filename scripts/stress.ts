/**
 * `deno task test:stress`: the whole test suite while a CPU hog keeps one of
 * the machine's cores busy, several times in a row (default 3). A suite that
 * waits on events, not on sleeps, only gets slower here; one that races the
 * clock fails. Prints each run's time and exits non-zero at the first failure.
 *
 * Usage: deno task test:stress [--runs N] [--hogs K]
 *
 * @module
 */

import { parseArgs } from "node:util";

const { values } = parseArgs({
  args: Deno.args,
  options: { runs: { type: "string", default: "3" }, hogs: { type: "string", default: "1" } },
});
const runs = Number(values.runs);
const hogs = Number(values.hogs);
if (!(Number.isInteger(runs) && runs >= 1) || !(Number.isInteger(hogs) && hogs >= 0)) {
  console.error("test:stress: --runs must be a whole number ≥ 1 and --hogs ≥ 0");
  Deno.exit(2);
}

// each hog is a busy loop in its own process: one core fully taken
const hogProcs = Array.from({ length: hogs }, () =>
  new Deno.Command("deno", {
    args: ["eval", "for (;;) {}"],
    stdout: "null",
    stderr: "null",
  }).spawn());
const stopHogs = async () => {
  for (const h of hogProcs) {
    try {
      h.kill("SIGKILL");
    } catch { /* already gone */ }
    await h.status;
  }
};

const times: number[] = [];
let failed = 0;
try {
  for (let i = 1; i <= runs; i++) {
    console.log(`test:stress: run ${i}/${runs} with ${hogs} core(s) busy`);
    const t0 = performance.now();
    const st = await new Deno.Command("deno", { args: ["task", "test"] }).spawn().status;
    const s = (performance.now() - t0) / 1000;
    times.push(s);
    console.log(
      `test:stress: run ${i}/${runs} ${st.success ? "passed" : "FAILED"} in ${s.toFixed(0)} s`,
    );
    if (!st.success) {
      failed = i;
      break;
    }
  }
} finally {
  await stopHogs();
}
const list = times.map((t) => `${t.toFixed(0)} s`).join(", ");
if (failed > 0) {
  console.error(`test:stress: run ${failed} failed (times: ${list})`);
  Deno.exit(1);
}
console.log(`test:stress: ${runs} runs in a row passed under load (${list})`);
