/**
 * The CLI as a user runs it: `deno run` with the deno.json permission sets.
 */

import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;

async function pm4(
  set: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", `-P=${set}`, "main.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("pm4 config validate runs under the live permission set", async () => {
  const r = await pm4("live", "config", "validate", "config.example.json");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /config\.example\.json: valid/);
});

Deno.test("pm4 --version and an unknown command exit 0 and 2", async () => {
  const v = await pm4("local", "--version");
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^pm4 \d+\.\d+\.\d+/);
  const u = await pm4("local", "nope");
  assert.equal(u.code, 2);
});

Deno.test("pm4 sim serve runs under the local permission set; the same seed logs the same events", async () => {
  const dir = `${ROOT}pm4-data/test-sim-${crypto.randomUUID()}`;
  await Deno.mkdir(dir, { recursive: true });
  try {
    const logs: string[][] = [];
    for (const run of [1, 2]) {
      const r = await pm4(
        "local",
        "sim",
        "serve",
        "--scenario",
        "a3",
        "--seed",
        "9",
        "--speed",
        "120",
        "--duration",
        "1500ms",
        "--log",
        `${dir}/log${run}.jsonl`,
        "--config-out",
        `${dir}/cfg.json`,
      );
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /REST {7}http:\/\/127\.0\.0\.1:\d+/);
      assert.match(r.stdout, /simulator stopped/);
      logs.push((await Deno.readTextFile(`${dir}/log${run}.jsonl`)).trim().split("\n"));
    }
    const n = Math.min(logs[0].length, logs[1].length);
    assert.ok(n > 100, `${n} events`);
    assert.deepEqual(logs[0].slice(0, n), logs[1].slice(0, n));
    const v = await pm4("local", "config", "validate", `${dir}/cfg.json`);
    assert.equal(v.code, 0, v.stderr);
    const bad = await pm4("local", "sim", "serve", "--scenario", "z9");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--scenario: expected one of a1, a2, a3, e1, e2, e3/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
