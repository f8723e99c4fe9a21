/**
 * Record, backtest, replay and report as an operator runs them: `main.ts` in
 * a subprocess under the `local` permission set, against the simulator.
 */

import assert from "node:assert/strict";
import { simRunConfig } from "../../lib/cli/sim_cmd.ts";
import { startSimServer } from "../../lib/sim/mod.ts";

import { ROOT, runPm4 } from "./_pm4_run.ts";

const pm4 = (env: Record<string, string>, ...args: string[]) => runPm4("local", args, env);

async function gunzipFirstLine(path: string): Promise<string> {
  const file = await Deno.open(path);
  const text = file.readable.pipeThrough(new DecompressionStream("gzip")).pipeThrough(
    new TextDecoderStream(),
  );
  let s = "";
  for await (const c of text) {
    s += c;
    if (s.includes("\n")) break;
  }
  return s.split("\n")[0];
}

Deno.test({
  name: "record (rotating, gzip) → backtest → report; run → replay (0 differ) → report",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const dir = `data/test-bt-${crypto.randomUUID().slice(0, 8)}`;
    await Deno.mkdir(`${ROOT}${dir}`, { recursive: true });
    const sim = await startSimServer({ scenario: "e2", seed: 12, speed: 60 });
    try {
      const cfg = simRunConfig(sim, {
        bankrollUsdc: 500,
        dataDir: `./${dir}`,
        extra: { quote: { c_risk: 0.02, refresh_s: 0.5 }, logging: { console: "plain" } },
      });
      await Deno.writeTextFile(`${ROOT}${dir}/cfg.json`, JSON.stringify(cfg));

      const rec = await pm4(
        {},
        "record",
        `${dir}/cfg.json`,
        "--out",
        `${dir}/rec.jsonl.gz`,
        "--duration",
        "3s",
        "--rotate",
        "1s",
      );
      assert.equal(rec.code, 0, rec.stderr);
      const files = [...Deno.readDirSync(`${ROOT}${dir}`)].map((e) => e.name)
        .filter((n) => n.startsWith("rec.") && n.endsWith(".jsonl.gz")).sort();
      assert.ok(files.length >= 2, `rotated: ${files}`);
      for (const f of files) {
        const h = JSON.parse(await gunzipFirstLine(`${ROOT}${dir}/${f}`));
        assert.equal(h.pm4Recording, 2, `${f} starts with the header`);
        assert.equal(h.conditionId, cfg.market.condition_id);
        assert.equal(h.tickPips, 100);
      }
      const frames = Number(/recorded (\d+) frames/.exec(rec.stdout)?.[1]);
      assert.ok(frames > 50, rec.stdout);

      const bt = await pm4(
        {},
        "backtest",
        `${dir}/cfg.json`,
        "--data",
        ...files.map((f) => `${dir}/${f}`),
        "--out",
        `${dir}/bt`,
      );
      assert.equal(bt.code, 0, bt.stderr);
      assert.match(bt.stdout, new RegExp(`${frames} frames`), "every recorded frame replayed");
      assert.match(bt.stdout, /P&L \(marked\)/);
      const result = JSON.parse(await Deno.readTextFile(`${ROOT}${dir}/bt/result.json`));
      assert.equal(result.kind, "backtest");
      const rep = await pm4({}, "report", `${dir}/bt`);
      assert.equal(rep.code, 0, rep.stderr);
      assert.match(await Deno.readTextFile(`${ROOT}${dir}/bt/report.html`), /id="chart-price"/);

      const run = await pm4(
        { PK: "0x" + "5e".repeat(32) },
        "run",
        `${dir}/cfg.json`,
        "--duration",
        "3s",
      );
      assert.equal(run.code, 0, run.stderr);
      const runDir = /run directory (\S+)/.exec(run.stdout)![1];
      const replay = await pm4({}, "backtest", "--replay", runDir);
      assert.equal(replay.code, 0, replay.stdout + replay.stderr);
      assert.match(replay.stdout, /compared, 0 differ/);
      const rep2 = await pm4({}, "report", runDir);
      assert.equal(rep2.code, 0, rep2.stderr);
      assert.match(await Deno.readTextFile(`${ROOT}${runDir}/report.html`), /pm4 live report/);

      // mistakes are one line and exit 2
      const missing = await pm4({}, "backtest", `${dir}/cfg.json`, "--data", `${dir}/nope.jsonl`);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /nope\.jsonl: no such file/);
      assert.equal(missing.stderr.trim().split("\n").filter((l) => !/^Warning/.test(l)).length, 1);
      const notRun = await pm4({}, "report", dir + "/bt-missing");
      assert.equal(notRun.code, 2);
      const badLat = await pm4(
        {},
        "backtest",
        `${dir}/cfg.json`,
        "--data",
        `${dir}/${files[0]}`,
        "--order-latency-ms=-5",
      );
      assert.equal(badLat.code, 2);
      assert.match(badLat.stderr, /--order-latency-ms: expected a number in \[0, 60000\]/);
    } finally {
      await sim.stop();
      await Deno.remove(`${ROOT}${dir}`, { recursive: true });
    }
  },
});
