/**
 * The CLI as a user runs it: `deno run` with the deno.json permission sets.
 */

import assert from "node:assert/strict";
import { until } from "../_wait.ts";
import { STRATEGIES } from "../../lib/scorecard/mod.ts";

import { ROOT, runPm4 } from "./_pm4_run.ts";

const pm4 = (set: string, ...args: string[]) => runPm4(set, args);

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
  const dir = `${ROOT}data/test-sim-${crypto.randomUUID()}`;
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

Deno.test("pm4 sim serve checks its output paths before it starts, naming the set in use", async () => {
  const outside = await pm4("local", "sim", "serve", "--config-out", "/tmp/pm4-x.json");
  assert.equal(outside.code, 2);
  assert.equal(outside.stdout, "", "no banner before the check");
  const lines = outside.stderr.split("\n").filter((l) => l.startsWith("pm4 "));
  assert.equal(lines.length, 1, outside.stderr);
  assert.match(
    lines[0],
    /^pm4 sim: --config-out: writing \/tmp\/pm4-x\.json is outside the local permission set/,
  );
  const noDir = await pm4("local", "sim", "serve", "--log", "data/no-such-dir/log.jsonl");
  assert.equal(noDir.code, 2);
  assert.equal(noDir.stdout, "");
  assert.match(
    noDir.stderr,
    /--log: cannot write data\/no-such-dir\/log\.jsonl: its directory does not exist/,
  );
});

Deno.test("pm4 scorecard (short) under the local permission set: table, JSON and HTML", async () => {
  const dir = `${ROOT}data/test-scorecard-${crypto.randomUUID().slice(0, 8)}`;
  try {
    const r = await pm4("local", "scorecard", "--seeds", "1", "--types", "e3", "--out", dir);
    assert.equal(r.code, 0, r.stderr);
    const n = STRATEGIES.length;
    assert.match(r.stdout, new RegExp(`${n} runs \\(1 types × 1 seeds × ${n} strategies\\)`));
    for (const s of STRATEGIES.map((x) => x.label)) {
      assert.ok(r.stdout.includes(`| e3   | ${s}`), s);
    }
    const json = JSON.parse(await Deno.readTextFile(`${dir}/scorecard.json`));
    assert.equal(json.cells.length, n);
    // every PM4 ablation and variant against PM4, paired by seed
    const variants = STRATEGIES.filter((s) => s.quoter === undefined && s.id !== "pm4").length;
    assert.equal(json.paired.length, variants);
    assert.match(r.stdout, /\n\n\| P&L − PM4's, paired by seed \| +e3 \|\n/);
    assert.equal(json.verdict.pm4Breaches, 0);
    const html = await Deno.readTextFile(`${dir}/scorecard.html`);
    assert.match(html, /<h2>e3<\/h2>/);
    assert.match(html, /<h2>Against PM4, paired by seed<\/h2>/);
    assert.match(html, /<td>PM4, σ ≡ 1<\/td><td>-?\d+\.\d\d ± 0\.00<\/td>/);
    // the same seeds, the same bytes
    const again = await pm4(
      "local",
      "scorecard",
      "--seeds",
      "1",
      "--types",
      "e3",
      "--out",
      `${dir}/2`,
    );
    assert.equal(again.code, 0, again.stderr);
    assert.equal(
      await Deno.readTextFile(`${dir}/2/scorecard.json`),
      await Deno.readTextFile(`${dir}/scorecard.json`),
    );
    const bad = await pm4("local", "scorecard", "--types", "z1");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--types: expected some of a1, a2, a3, e1, e2, e3/);
    // a subset at another bankroll: PM4 always, the verdict of what ran, both in the JSON
    const few = await pm4(
      "local",
      "scorecard",
      ...["--seeds", "1", "--types", "a1", "--strategies", "pm4-gamma1", "--bankroll", "200"],
      ...["--out", `${dir}/few`],
    );
    assert.equal(few.code, 0, few.stderr);
    assert.match(
      few.stdout,
      /2 runs \(1 types × 1 seeds × 2 strategies\) on \d+ threads?, 200 USDC each/,
    );
    assert.match(
      few.stdout,
      /PM4's mean\/sd ≥ its ablation's: PM4, γ ≡ 1 [01]\/1; PM4 floor breaches: 0\./,
    );
    const fewJson = JSON.parse(await Deno.readTextFile(`${dir}/few/scorecard.json`));
    assert.equal(
      fewJson.command,
      "pm4 scorecard --seeds 1 --types a1 --strategies pm4,pm4-gamma1 --bankroll 200",
    );
    assert.equal(fewJson.bankrollUsdc, 200);
    assert.deepEqual(fewJson.strategies, ["pm4", "pm4-gamma1"]);
    assert.deepEqual(Object.keys(fewJson.verdict.ablationsLost), ["pm4-gamma1"]);
    const unknown = await pm4("local", "scorecard", "--strategies", "pm4,nope");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--strategies: expected some of pm4, pm4-sigma1, .*, got "nope"/);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});

Deno.test("pm4 analyze and init under the analyze permission set; clear one-line errors", async () => {
  const { startSimServer } = await import("../../lib/sim/mod.ts");
  const sim = await startSimServer({ scenario: "e3", seed: 2, speed: 120 });
  const out = `data/test-init-${crypto.randomUUID().slice(0, 8)}.json`;
  try {
    await until("10 public trades", () => sim.market.publicTrades.length >= 10);
    const hosts = ["--gamma-url", sim.gammaUrl, "--clob-url", sim.url, "--data-url", sim.dataUrl];
    const a = await pm4("analyze", "analyze", "sim-e3", ...hosts);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /status {6}(VIABLE|MARGINAL|LIMITED)\n/);
    assert.match(a.stdout, /marchetype {2}suggested (a|e)[123]/);
    const i = await pm4(
      "analyze",
      "init",
      sim.market.ids.conditionId,
      ...hosts,
      "--bankroll",
      "300",
      "--marchetype",
      "e3",
      "--out",
      out,
    );
    assert.equal(i.code, 0, i.stderr);
    assert.match(i.stdout, /wrote .* \(marchetype e3, bankroll 300 USDC\)/);
    const v = await pm4("local", "config", "validate", out);
    assert.equal(v.code, 0, v.stderr);
    const again = await pm4("analyze", "init", "sim-e3", ...hosts, "--out", out);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /exists \(use --force to overwrite\)/);

    const errs: [string[], RegExp][] = [
      [["analyze", "https://example.com/event/x"], /example\.com is not Polymarket/],
      [
        ["analyze", "no-such-market", ...hosts],
        /no Polymarket market or event has the slug no-such-market/,
      ],
      [
        ["analyze", "x", "--gamma-url", "http://127.0.0.1:9"],
        /cannot reach http:\/\/127\.0\.0\.1:9/,
      ],
    ];
    for (const [args, re] of errs) {
      const r = await pm4("analyze", ...args);
      assert.equal(r.code, 2, args.join(" "));
      const lines = r.stderr.trim().split("\n").filter((l) => !/^Warning/.test(l));
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], re);
      assert.ok(!/\bat \S+:\d+:\d+/.test(r.stderr), "no stack trace");
    }
  } finally {
    await sim.stop();
    await Deno.remove(`${ROOT}${out}`).catch(() => {});
  }
});

Deno.test("pm4 stats measures a recording and a simulated market in one table (local set)", async () => {
  const r = await pm4(
    "local",
    "stats",
    "tests/fixtures/enrico/ws_frames.first24lines.jsonl",
    "--name",
    "enrico",
    "--sim",
    "e2",
    "--hours",
    "1",
    "--seeds",
    "1",
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\| fact +\| enrico \| sim e2 \|$/m);
  assert.match(r.stdout, /^\| markets +\| +14 \| +1 \|$/m);
  assert.match(r.stdout, /^\| spread = 1 tick, % of time +\| +– \| +\d+ \|$/m);
  assert.match(r.stdout, /^sim e2: (all 20 calibrated facts inside|outside its targets)/m);
  const j = await pm4("local", "stats", "--sim", "e3", "--hours", "1", "--seeds", "1", "--json");
  assert.equal(j.code, 0, j.stderr);
  const facts = JSON.parse(j.stdout)["sim e3"];
  assert.equal(facts.markets, 1);
  assert.equal(typeof facts.facts.trade_size_median.value, "number");
});

Deno.test("pm4 stats: bad input is one line and exit 2", async () => {
  for (
    const [args, msg] of [
      [["--sim", "z9"], /--sim: expected all or some of a1/],
      [[], /give a recording \(FILE\.\.\.\) or --sim SCENARIO/],
      [["data/no-such-recording.jsonl"], /no-such-recording\.jsonl: no such file/],
      [["--sim", "e2", "--hours", "40"], /--hours: expected a number in \[0\.5, 12\]/],
    ] as const
  ) {
    const r = await pm4("local", "stats", ...args);
    assert.equal(r.code, 2, `${args}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, msg);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack");
  }
});
