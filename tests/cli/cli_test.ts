import assert from "node:assert/strict";
import { EXIT_OK, EXIT_USAGE, runCli, VERSION } from "../../lib/cli/mod.ts";
import { statusLine } from "../../lib/cli/run_cmd.ts";
import { testContext } from "./_ctx.ts";

Deno.test("--version prints the version from deno.json and the commit", async () => {
  const { ctx, io } = testContext();
  assert.equal(await runCli(["--version"], ctx), EXIT_OK);
  assert.deepEqual(io.stdout, [
    `pm4 ${VERSION} (commit source; deno ${Deno.version.deno}; ${Deno.build.target})`,
  ]);
  const denoJson = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  assert.equal(VERSION, denoJson.version);
});

Deno.test("--help lists every subcommand; no arguments shows it and exits 2", async () => {
  const { ctx, io } = testContext();
  assert.equal(await runCli(["--help"], ctx), EXIT_OK);
  for (
    const c of [
      "run",
      "demo",
      "sim",
      "record",
      "backtest",
      "analyze",
      "scorecard",
      "report",
      "config",
    ]
  ) {
    assert.match(io.stdout[0], new RegExp(`\\n  ${c} `), c);
  }
  const bare = testContext();
  assert.equal(await runCli([], bare.ctx), EXIT_USAGE);
  assert.match(bare.io.stdout[0], /Usage: pm4 <command>/);
});

Deno.test("every subcommand has --help", async () => {
  for (
    const c of [
      "run",
      "demo",
      "sim",
      "record",
      "backtest",
      "analyze",
      "init",
      "scorecard",
      "report",
      "config",
    ]
  ) {
    const { ctx, io } = testContext();
    assert.equal(await runCli([c, "--help"], ctx), EXIT_OK, c);
    assert.match(io.stdout[0], /^Usage: pm4 /, c);
    const viaHelp = testContext();
    assert.equal(await runCli(["help", c], viaHelp.ctx), EXIT_OK);
    assert.equal(viaHelp.io.stdout[0], io.stdout[0]);
  }
});

Deno.test("an unknown command or flag is a one-line error with exit 2", async () => {
  const { ctx, io } = testContext();
  assert.equal(await runCli(["fly"], ctx), EXIT_USAGE);
  assert.match(io.stderr[0], /unknown command "fly"/);
  const b = testContext();
  assert.equal(await runCli(["config", "validate", "--nope"], b.ctx), EXIT_USAGE);
  assert.equal(b.io.stderr.length, 1);
  assert.match(b.io.stderr[0], /Unknown option '--nope' \(see pm4 config --help\)/);
});

Deno.test("config validate: valid file exits 0, invalid exits 2 with every error", async () => {
  const ok = testContext();
  assert.equal(await runCli(["config", "validate", "config.example.json"], ok.ctx), EXIT_OK);
  assert.match(ok.io.stdout[0], /valid \(marchetype e2/);

  const dir = await Deno.makeTempDir();
  const bad = `${dir}/bad.json`;
  await Deno.writeTextFile(
    bad,
    JSON.stringify({ market: {}, risk: { bankroll_B: -1, eta_time: 9 } }),
  );
  const b = testContext();
  assert.equal(await runCli(["config", "validate", bad], b.ctx), EXIT_USAGE);
  const text = b.io.stderr.join("\n");
  assert.match(text, /8 errors/);
  assert.match(text, /risk\.eta_time: expected a number in \[0, 0\.75\], got 9/);
  assert.match(text, /market\.marchetype: missing/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("config validate: a missing file and missing arguments are usage errors", async () => {
  const a = testContext();
  assert.equal(await runCli(["config", "validate", "/nonexistent/x.json"], a.ctx), EXIT_USAGE);
  assert.match(a.io.stderr[0], /config file \/nonexistent\/x\.json not found/);
  const b = testContext();
  assert.equal(await runCli(["config"], b.ctx), EXIT_USAGE);
  assert.match(b.io.stderr[0], /missing action/);
  const c = testContext();
  assert.equal(await runCli(["config", "validate"], c.ctx), EXIT_USAGE);
  const d = testContext();
  assert.equal(await runCli(["config", "frob"], d.ctx), EXIT_USAGE);
  assert.match(d.io.stderr[0], /unknown action "frob"/);
});

Deno.test("config schema prints a JSON Schema or writes it with --out", async () => {
  const { ctx, io } = testContext();
  assert.equal(await runCli(["config", "schema"], ctx), EXIT_OK);
  const schema = JSON.parse(io.stdout.join("\n"));
  assert.equal(schema.title, "pm4 config");
  const dir = await Deno.makeTempDir();
  const b = testContext();
  assert.equal(await runCli(["config", "schema", "--out", `${dir}/s.json`], b.ctx), EXIT_OK);
  assert.deepEqual(JSON.parse(await Deno.readTextFile(`${dir}/s.json`)), schema);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("progress bar: drawn on a terminal only, with percent and ETA; cleared when done", async () => {
  const { ProgressBar } = await import("../../lib/cli/progress.ts");
  const { CapturedIo } = await import("../../lib/cli/io.ts");
  let now = 0;
  const tty = new CapturedIo(true);
  const bar = new ProgressBar(tty, "backtest", 200, () => now);
  now = 1000;
  bar.update(50, "1.00M events/s");
  now = 1050;
  bar.update(60); // too soon to redraw
  now = 2000;
  bar.update(200);
  bar.done();
  assert.equal(tty.lives.length, 3);
  assert.equal(
    tty.lives[0],
    `backtest [${"#".repeat(8)}${".".repeat(22)}]  25%  ETA 0:03  1.00M events/s`,
  );
  assert.ok(tty.lives[1].endsWith("100%  ETA 0:00"), tty.lives[1]);
  assert.equal(tty.lives[2], "");
  const pipe = new CapturedIo(false);
  new ProgressBar(pipe, "x", 10, () => 0).update(5);
  assert.deepEqual(pipe.lives, []);
});

Deno.test("config migrate: the seed's example converts; run on an original config says to migrate", async () => {
  const seed = "tests/fixtures/seed_config.example.json";
  const dir = await Deno.makeTempDir();
  try {
    const no = testContext();
    assert.equal(await runCli(["config", "migrate", seed], no.ctx), EXIT_USAGE);
    assert.match(no.io.stderr[0], /has no marchetype and pm4 will not guess it .*--marchetype/);

    // as shipped, the seed's README has placeholder ids: converted, and told what to fill in
    const ph = testContext();
    assert.equal(
      await runCli(["config", "migrate", seed, "--marchetype", "e2"], ph.ctx),
      EXIT_USAGE,
    );
    const report = ph.io.stdout.join("\n");
    assert.match(report, /renamed {3}market\.market → market\.condition_id/);
    assert.match(report, /converted market\.wss_url → market\.ws_url/);
    assert.match(report, /dropped {3}quote\.min_order_size: pm4 reads each market's minimum/);
    assert.match(report, /defaulted quote: reference "mid", c_skew 0\.25/);
    assert.match(ph.io.stderr.join("\n"), /market\.condition_id: expected a 0x-prefixed/);

    // with the user's real ids: written with --out, valid, and pm4 config validate agrees
    const doc = JSON.parse(await Deno.readTextFile(seed));
    Object.assign(doc.market, {
      market: "0x" + "cd".repeat(32),
      asset_id_yes: "1",
      asset_id_no: "2",
    });
    const old = `${dir}/old.json`;
    await Deno.writeTextFile(old, JSON.stringify(doc));
    const out = `${dir}/new.json`;
    const ok = testContext();
    assert.equal(
      await runCli(["config", "migrate", old, "--marchetype", "a2", "--out", out], ok.ctx),
      EXIT_OK,
      ok.io.stderr.join("\n"),
    );
    assert.match(ok.io.stdout.at(-1)!, /^valid \(marchetype a2, bankroll 500 USDC\)$/);
    const v = testContext();
    assert.equal(await runCli(["config", "validate", out], v.ctx), EXIT_OK);
    const again = testContext();
    assert.equal(
      await runCli(["config", "migrate", old, "--marchetype", "a2", "--out", out], again.ctx),
      EXIT_USAGE,
    );
    assert.match(again.io.stderr[0], /exists \(use --force to overwrite\)/);

    // pm4 run (and validate) on the original format points at migrate
    const run = testContext();
    assert.equal(await runCli(["run", old, "--paper"], run.ctx), EXIT_USAGE);
    assert.match(
      run.io.stderr[0],
      /is a config of the original PM4 .*pm4 config migrate .*old\.json --out NEW\.json/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the status line shows scoring k/n and today's reward estimate where the market pays rewards", () => {
  const s = {
    state: "active" as const,
    reason: "",
    p: 0.5,
    bid: 0.48,
    ask: 0.52,
    q: 0,
    pnlUsdc: 1.5,
    sigma: 1,
    timeFactor: 1,
    lambda: 1.2,
    gamma: 1,
    orders: 2,
    fills: 3,
    races: 0,
    rewards: null,
    rewardsVenue: null,
  };
  assert.ok(!statusLine(s).includes("scoring"));
  const line = statusLine({
    ...s,
    rewards: { tMs: 0, share: 0.1, usdc: 0.01, scoring: 1, orders: 2, todayUsdc: 0.42 },
  });
  assert.match(line, / \| scoring 1\/2 rewards ~0\.42 today$/);
  // the venue's count once it answered after the estimate
  const checked = statusLine({
    ...s,
    rewards: { tMs: 0, share: 0.1, usdc: 0.01, scoring: 1, orders: 2, todayUsdc: 0.42 },
    rewardsVenue: { tMs: 5, scoring: 0, orders: 2 },
  });
  assert.match(checked, / \| scoring 0\/2 \(venue\) rewards ~0\.42 today$/);
});
