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
