/**
 * README command one, shortened: `pm4 demo` under the `local` permission set
 * with no environment at all — quotes on both sides, fills, a report.
 */

import assert from "node:assert/strict";
import { readJournal } from "../../lib/runtime/mod.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test({
  name: "pm4 demo: both sides quoted, fills happened, the report exists",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const o = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-P=local", "main.ts", "demo", "--duration", "15s"],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
      clearEnv: true,
    }).output();
    const stdout = new TextDecoder().decode(o.stdout);
    const stderr = new TextDecoder().decode(o.stderr);
    assert.equal(o.code, 0, stderr + stdout);
    assert.match(stdout, /exchange simulator on http:\/\/127\.0\.0\.1:\d+/);
    assert.match(stdout, /\[active\] \| p 0\.\d+ \| bid 0\.\d+ ask 0\.\d+ \| q /, "a status line");
    const fills = Number(/fills +(\d+) \(/.exec(stdout)?.[1]);
    assert.ok(fills > 0, `fills: ${fills}\n${stdout}`);
    const report = /report: +(\S+)/.exec(stdout)![1];
    const html = await Deno.readTextFile(`${ROOT}${report}`);
    assert.match(html, /id="chart-price"/);
    const runDir = report.replace(/\/report\.html$/, "");
    const [, path, run] = /journal: +(\S+) \(run (\S+)\)/.exec(stdout)!;
    const journal = await readJournal(`${ROOT}${path}`, run);
    assert.equal(journal[0].event, "session_start");
    const placed = journal.filter((r) => r.event === "decision").flatMap((r) =>
      r.place as { token: string; side: string }[]
    );
    // a post-only race is counted, not printed as an error; other errors still print
    const races = journal.filter((r) =>
      r.event === "error_place" && r.errorType === "crosses_book"
    );
    assert.match(
      stdout,
      new RegExp(`post-only races +${races.length} \\(`),
      "the summary counts them",
    );
    assert.match(stdout, /\| orders \d+ fills \d+ races \d+$/m, "the status line counts them");
    assert.ok(
      !/error: place: .*crosses the book/.test(stdout + stderr),
      "no error: line for a race",
    );
    const bid = placed.some((p) => (p.token === "YES") === (p.side === "BUY"));
    const ask = placed.some((p) => (p.token === "YES") !== (p.side === "BUY"));
    assert.ok(bid && ask, "quotes on both sides");
    await Deno.remove(`${ROOT}${runDir}`, { recursive: true });
  },
});
