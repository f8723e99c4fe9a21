/**
 * Secrets: a canary private key and API credentials in full runs at DEBUG
 * (venue calls, error stacks, context on every line, perf events) — derived
 * credentials, then the same credentials given in the environment, then
 * wrong ones and a malformed key (the error paths) — and every byte the runs
 * leave is scanned for them in every form they could take: the journal,
 * run.json, the calibration, the HTML report, `pm4 status`, the metrics page,
 * and all console output and error messages.
 */

import assert from "node:assert/strict";
import { simRunConfig } from "../../lib/cli/sim_cmd.ts";
import { startSimServer } from "../../lib/sim/mod.ts";
import { client } from "../sim/_client.ts";
import { ROOT, runPm4, spawnRun } from "../e2e/_pm4_run.ts";
import { until } from "../_wait.ts";

const PK = "0x" + "5ec12e75".repeat(8);
/** Valid-looking credentials the venue never issued (the wrong-credentials run). */
const WRONG_SECRET = btoa("canary-secret-0123456789abcdef!!").replaceAll("+", "-").replaceAll(
  "/",
  "_",
);
const WRONG_PASSPHRASE = "canary-passphrase-5ec12e75";

function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16)));
}

function b64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/** Every form a secret could be written in. */
function forms(secret: string, kind: "hex" | "base64"): string[] {
  if (kind === "hex") {
    const h = secret.replace(/^0x/, "");
    const bytes = hexToBytes(h);
    return [h.toLowerCase(), h.toUpperCase(), b64(bytes), b64(bytes).replaceAll("+", "-")];
  }
  const std = secret.replaceAll("-", "+").replaceAll("_", "/");
  let bytes: Uint8Array | null = null;
  try {
    bytes = Uint8Array.from(atob(std), (c) => c.charCodeAt(0));
  } catch { /* not base64: the text itself is the form */ }
  const hex = bytes ? [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("") : "";
  return [secret, std, ...(hex ? [hex] : [])].filter((f) => f.length >= 8);
}

async function pm4(env: Record<string, string>, ...args: string[]) {
  const r = await runPm4("live", args, env);
  return { code: r.code, out: r.stdout + r.stderr };
}

async function filesText(dir: string): Promise<string> {
  let text = "";
  for await (const e of Deno.readDir(dir)) {
    const p = `${dir}/${e.name}`;
    text += e.isDirectory ? await filesText(p) : `\n${p}\n` + await Deno.readTextFile(p);
  }
  return text;
}

Deno.test({
  name: "secrets: canary key and API credentials appear nowhere a run writes or prints",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const sim = await startSimServer({ scenario: "e2", seed: 17, speed: 20 });
    const dir = `data/test-sec-${crypto.randomUUID().slice(0, 8)}`;
    await Deno.mkdir(`${ROOT}${dir}`, { recursive: true });
    try {
      const cfg = simRunConfig(sim, {
        bankrollUsdc: 500,
        dataDir: `./${dir}`,
        extra: {
          quote: { refresh_s: 0.5 },
          logging: {
            level: "DEBUG",
            enable_performance: true,
            enable_context_tracking: true,
            console: "plain",
          },
        },
      });
      await Deno.writeTextFile(`${ROOT}${dir}/cfg.json`, JSON.stringify(cfg));
      const { creds } = await client(sim, PK as `0x${string}`);
      const printed: string[] = [];

      // 1. derived credentials, with the metrics endpoint and status read while it runs
      const run = spawnRun({ PK }, `${dir}/cfg.json`, [
        "--duration",
        "600s",
        "--metrics-port",
        "0",
      ]);
      await until("the metrics URL", () => /metrics: \S+/.test(run.out.join("")));
      const metricsUrl = /metrics: (\S+)/.exec(run.out.join(""))![1];
      let metrics = "";
      await until("orders placed (on the metrics page)", async () => {
        metrics = await (await fetch(metricsUrl)).text();
        return /^pm4_orders_total\{market="[^"]+",event="placed"\} [1-9]/m.test(metrics);
      });
      assert.match(metrics, /^pm4_info\{/m);
      const status = await pm4({}, "status", dir);
      printed.push(status.out, metrics);
      run.proc.kill("SIGTERM");
      const r1 = await run.done;
      printed.push(r1.stdout, r1.stderr);
      assert.equal(r1.code, 0, printed.join("\n"));

      // 2. the same credentials given in the environment
      const r2 = await pm4(
        {
          PK,
          CLOB_API_KEY: creds.key,
          CLOB_SECRET: creds.secret,
          CLOB_PASS_PHRASE: creds.passphrase,
        },
        "run",
        `${dir}/cfg.json`,
        "--duration",
        "3s",
      );
      printed.push(r2.out);
      assert.equal(r2.code, 0, r2.out);

      // 3. wrong credentials: the venue refuses them (exit 2, one line, nothing echoed)
      const r3 = await pm4(
        {
          PK,
          CLOB_API_KEY: creds.key,
          CLOB_SECRET: WRONG_SECRET,
          CLOB_PASS_PHRASE: WRONG_PASSPHRASE,
        },
        "run",
        `${dir}/cfg.json`,
        "--duration",
        "3s",
      );
      printed.push(r3.out);
      assert.equal(r3.code, 2, r3.out);
      assert.match(r3.out, /401|invalid api key|Unauthorized/i);

      // 4. a malformed key: named, never echoed
      const badPk = PK.slice(0, -2) + "zz";
      const r4 = await pm4({ PK: badPk }, "run", `${dir}/cfg.json`, "--duration", "3s");
      printed.push(r4.out);
      assert.equal(r4.code, 2, r4.out);
      assert.match(r4.out, /PK/);

      // the report of the first run, from its journal
      const runDir = /run directory (\S+)/.exec(r1.stdout)![1];
      const rep = await pm4({}, "report", runDir);
      printed.push(rep.out);
      assert.equal(rep.code, 0, rep.out);

      const everything = printed.join("\n") + await filesText(`${ROOT}${dir}`);
      assert.ok(everything.includes('"event":"venue_call"'), "the DEBUG journal was scanned");
      assert.ok(everything.includes("<html"), "the report was scanned");
      const canaries: [string, string[]][] = [
        ["private key", forms(PK, "hex")],
        ["malformed private key", forms(badPk.slice(2, -2), "hex").slice(0, 2)],
        ["API secret", forms(creds.secret, "base64")],
        ["API passphrase", forms(creds.passphrase, "base64")],
        ["wrong API secret", forms(WRONG_SECRET, "base64")],
        ["wrong passphrase", [WRONG_PASSPHRASE]],
      ];
      for (const [what, fs] of canaries) {
        for (const f of fs) {
          const at = everything.indexOf(f);
          assert.equal(at, -1, `${what} leaked as ${f}: …${everything.slice(at - 80, at + 80)}…`);
        }
      }
    } finally {
      await sim.stop();
      await Deno.remove(`${ROOT}${dir}`, { recursive: true });
    }
  },
});
