/**
 * The permission model, through `deno run -P=live` — the set `deno task
 * compile` bakes into the binary: hosts outside it are one clear line naming
 * the host and the flag (exit 2), env reads are the named variables only,
 * writes go under ./data only.
 */

import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;

async function live(args: string[], env: Record<string, string> = {}) {
  const o = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-P=live", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", ...env },
    clearEnv: true,
  }).output();
  const dec = new TextDecoder();
  // Deno's own notice about permissions in the config file is not ours
  const stderr = dec.decode(o.stderr).split("\n").filter((l) =>
    l.trim() !== "" && !/^Warning Permissions in the config file/.test(l)
  );
  return { code: o.code, stdout: dec.decode(o.stdout), stderr };
}

const PK = "0x" + "5a".repeat(32);

Deno.test("live permission set: env reads only the named variables; writes only under ./data", async () => {
  const r = await live(["tests/e2e/_permission_probe.ts"], { PK, HOME: "/root" });
  assert.equal(r.code, 0, r.stderr.join("\n"));
  assert.deepEqual(JSON.parse(r.stdout), {
    "env PK": "granted",
    "env POLY_SIGNATURE_TYPE": "granted",
    "env HOME": "denied",
    "env AWS_SECRET_ACCESS_KEY": "denied",
    "env all": "denied",
    "write ./data": "granted",
    "write ./lib": "denied",
    "write /tmp": "denied",
    "run": "denied",
    "net clob.polymarket.com:443": "granted",
    "net 127.0.0.1:8080": "granted",
    "net example.com:443": "prompt",
  });
});

Deno.test({
  name: "live permission set: a host or a directory outside it is one line naming it and the flag",
  sanitizeResources: false,
  fn: async () => {
    const dir = `data/test-perm-${crypto.randomUUID().slice(0, 8)}`;
    await Deno.mkdir(`${ROOT}${dir}`, { recursive: true });
    try {
      const base = JSON.parse(await Deno.readTextFile(`${ROOT}config.example.json`));
      const cases: [string, (c: Record<string, Record<string, unknown>>) => void, RegExp][] = [
        [
          "clob",
          (c) => (c.market.clob_url = "https://clob.evil-example.com"),
          /network access to clob\.evil-example\.com .* add "clob\.evil-example\.com" to the set's "net" list .*--allow-net=clob\.evil-example\.com/,
        ],
        [
          "ws",
          (c) => (c.market.ws_url = "wss://ws.evil-example.com:8443"),
          /network access to ws\.evil-example\.com .*--allow-net=ws\.evil-example\.com/,
        ],
        [
          "data_dir",
          (c) => (c.paths.data_dir = "/tmp/pm4-outside"),
          /write access to \/tmp\/pm4-outside\/locks is outside the live permission set \(the live set writes only under \.\/data.*--allow-write=\/tmp\/pm4-outside\/locks/,
        ],
      ];
      for (const [name, edit, expected] of cases) {
        const cfg = structuredClone(base);
        cfg.paths.data_dir = `./${dir}`;
        edit(cfg);
        await Deno.writeTextFile(`${ROOT}${dir}/${name}.json`, JSON.stringify(cfg));
        for (const mode of [[], ["--paper"]]) {
          const r = await live([
            "main.ts",
            "run",
            `${dir}/${name}.json`,
            ...mode,
            "--duration",
            "5s",
          ], {
            PK,
          });
          assert.equal(r.code, 2, `${name} ${mode}: ${r.stderr.join("\n")}`);
          assert.equal(r.stderr.length, 1, `one line, no stack: ${r.stderr.join("\n")}`);
          assert.match(r.stderr[0], /^pm4 run: /);
          assert.match(r.stderr[0], expected);
        }
      }
      // the metrics endpoint on an address outside the set: the same kind of line, before
      // the venue is touched (nothing listens on the config's hosts)
      const cfg = structuredClone(base);
      cfg.paths.data_dir = `./${dir}`;
      for (const k of ["clob_url", "gamma_url", "data_url"]) cfg.market[k] = "http://127.0.0.1:9";
      cfg.market.ws_url = "ws://127.0.0.1:9";
      await Deno.writeTextFile(`${ROOT}${dir}/m.json`, JSON.stringify(cfg));
      const r = await live(
        ["main.ts", "run", `${dir}/m.json`, "--metrics-port", "0", "--metrics-host", "10.1.2.3"],
        { PK },
      );
      assert.equal(r.code, 2, r.stderr.join("\n"));
      assert.equal(r.stderr.length, 1, r.stderr.join("\n"));
      assert.match(r.stderr[0], /^pm4 run: net access to 10\.1\.2\.3:0 .*--allow-net=10\.1\.2\.3/);
    } finally {
      await Deno.remove(`${ROOT}${dir}`, { recursive: true });
    }
  },
});
