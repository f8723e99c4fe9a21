/**
 * Coverage gate: line coverage of lib/model and lib/config must each be at
 * least 95% (issue #2). Reads the lcov report `deno coverage --lcov` wrote from the
 * pure core's unit tests (deno task test).
 */

const GATES: Record<string, number> = { "lib/model/": 95, "lib/config/": 95 };
const LCOV = new URL("../.coverage/lcov.info", import.meta.url);
const ROOT = new URL("../", import.meta.url).pathname;

const totals = new Map<string, { found: number; hit: number }>();
let current: string | undefined;
for (const line of (await Deno.readTextFile(LCOV)).split("\n")) {
  if (line.startsWith("SF:")) {
    const path = line.slice(3).replace(/^file:\/\//, "");
    const rel = path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
    current = Object.keys(GATES).find((g) => rel.startsWith(g));
  } else if (current && line.startsWith("LF:")) {
    const t = totals.get(current) ?? { found: 0, hit: 0 };
    t.found += Number(line.slice(3));
    totals.set(current, t);
  } else if (current && line.startsWith("LH:")) {
    const t = totals.get(current) ?? { found: 0, hit: 0 };
    t.hit += Number(line.slice(3));
    totals.set(current, t);
  }
}

let failed = false;
for (const [dir, min] of Object.entries(GATES)) {
  const t = totals.get(dir);
  const pct = t && t.found > 0 ? (100 * t.hit) / t.found : 0;
  const ok = pct >= min;
  failed ||= !ok;
  console.log(
    `coverage ${dir.padEnd(12)} ${pct.toFixed(1)}% of ${t?.found ?? 0} lines (gate ${min}%) ${
      ok ? "ok" : "FAIL"
    }`,
  );
}
if (failed) Deno.exit(1);
