/**
 * `logging.*` does what the user's README (and docs/operations.md) promises: the level filters the
 * journal and the console, performance events carry `durationMs`, context
 * tracking tags every line, errors are `error_<operation>` with the venue's
 * answer — and the operations page's jq health checks work verbatim on a real journal.
 */

import assert from "node:assert/strict";
import { simRunConfig } from "../../lib/cli/sim_cmd.ts";
import type { JournalLevel } from "../../lib/formats/mod.ts";
import type { ExchangePort } from "../../lib/exchange/mod.ts";
import { runSession, type SessionResult } from "../../lib/runtime/mod.ts";
import { type SimServer, startSimServer } from "../../lib/sim/mod.ts";
import { seedBook } from "../sim/_client.ts";
import { STUCK_MS, until } from "../_wait.ts";

const PK = "0x" + "6c".repeat(32);
const RANK = { debug: 0, info: 1, warning: 2, error: 3, critical: 4 };
type Line = Record<string, unknown> & { event: string; level: JournalLevel; tsMs: number };

/**
 * One short session against a simulator whose first placements are refused:
 * errors (`error_place`) and, with a streak of 3, the kill switch (critical).
 */
/** The highest quoting cycle in the journals under `dir` (their lines carry it with context tracking). */
async function cyclesIn(dir: string): Promise<number> {
  let max = 0;
  try {
    for await (const e of Deno.readDir(dir)) {
      if (!e.name.endsWith(".jsonl")) continue;
      for (const m of (await Deno.readTextFile(`${dir}/${e.name}`)).matchAll(/"cycle":(\d+)/g)) {
        max = Math.max(max, Number(m[1]));
      }
    }
  } catch {
    // not written yet
  }
  return max;
}

/**
 * A live session against the simulator for 2.5 s — or, with `cycles`, until
 * the engine has quoted that many cycles (waits on the event, not the clock).
 */
async function session(
  logging: Record<string, unknown>,
  rejects = 100,
  agents = false,
  cycles = 0,
): Promise<{ r: SessionResult; lines: Line[]; notices: string[]; dir: string; sim: SimServer }> {
  const sim = await startSimServer({ scenario: "e2", seed: 5, agents, speed: 60 });
  if (!agents) {
    seedBook(sim, [
      { token: 0, side: "BUY", price: 0.3, size: 100 },
      { token: 0, side: "SELL", price: 0.7, size: 100 },
    ]);
  }
  const dir = await Deno.makeTempDir();
  const config = simRunConfig(sim, {
    bankrollUsdc: 500,
    dataDir: `${dir}/data`,
    extra: { risk: { max_error_streak: 3 }, quote: { refresh_s: 0.2 }, logging },
  });
  Object.assign(sim.faults, { rejectStorm: rejects });
  const notices: string[] = [];
  const stop = new AbortController();
  const running = runSession({
    config,
    mode: "live",
    env: (k) => (k === "PK" ? PK : undefined),
    signal: stop.signal,
    durationMs: cycles > 0 ? STUCK_MS : 2500,
    onNotice: (l) => notices.push(l),
  });
  if (cycles > 0) {
    await until(`${cycles} quoting cycles`, async () => (await cyclesIn(`${dir}/data`)) >= cycles);
    stop.abort();
  }
  const r = await running;
  const text = await Deno.readTextFile(r.journal);
  const lines = text.trim().split("\n").map((l) => JSON.parse(l) as Line);
  return { r, lines, notices, dir, sim };
}

async function cleanup(s: { dir: string; sim: SimServer }) {
  await s.sim.stop();
  await Deno.remove(s.dir, { recursive: true });
}

Deno.test("logging.level filters the journal and the console at each level", async (t) => {
  for (const level of ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] as const) {
    await t.step(level, async () => {
      const s = await session({ level });
      try {
        const min = RANK[level.toLowerCase() as JournalLevel];
        const { lines } = s;
        const events = new Set(lines.map((l) => l.event));
        assert.equal(s.r.exitCode, 4, "the reject streak fired the kill switch");
        assert.equal(s.r.journal, `${s.dir}/data/mm_events.jsonl`, "the default journal path");
        // the boundaries are always there; everything else passed the level
        assert.equal(lines[0].event, "session_start");
        assert.equal(lines.at(-1)!.event, "session_end");
        for (const l of lines.slice(1, -1)) {
          assert.ok(RANK[l.level] >= min, `${l.event} (${l.level}) written at ${level}`);
          assert.equal(typeof l.tsMs, "number");
        }
        assert.equal(events.has("venue_call"), level === "DEBUG", "venue calls only at DEBUG");
        assert.equal(events.has("input"), min <= 1, "inputs at INFO and below");
        assert.equal(events.has("decision"), min <= 1);
        assert.equal(events.has("error_place"), min <= 3, "refusals are errors");
        const halted = lines.find((l) => l.event === "state" && l.to === "halted");
        assert.equal(halted?.level, "critical", "the kill switch is critical");
        // the stack of an error only at DEBUG; never a secret anywhere
        const err = lines.find((l) => l.event === "error_place");
        if (err) {
          assert.equal(err.operation, "place");
          assert.equal(err.errorType, "rejected");
          assert.equal(err.status, 400);
          assert.match(String(err.message), /./);
          assert.deepEqual(Object.keys(err.inputs as object).sort(), [
            "orderId",
            "price",
            "side",
            "size",
            "token",
          ]);
        }
        // the console follows the same level
        const active = s.notices.some((n) => /state starting → active/.test(n));
        assert.equal(active, min <= 1, `console at ${level}: ${s.notices.join(" | ")}`);
        assert.equal(s.notices.some((n) => /^error: place/.test(n)), min <= 3);
        assert.ok(s.notices.some((n) => /→ halted \(kill switch/.test(n)), "critical is printed");
      } finally {
        await cleanup(s);
      }
    });
  }
});

Deno.test("logging: perf_ events (sampled, aggregated) and context tracking", async () => {
  // 64 cycles: every sampled operation (1 in 32) has been timed at least once
  const s = await session(
    { level: "DEBUG", enable_performance: true, enable_context_tracking: true },
    2,
    true,
    64,
  );
  try {
    const perf = s.lines.filter((l) => l.event.startsWith("perf_"));
    const ops = new Set(perf.map((l) => l.operation));
    for (const op of ["market_message", "quote_decision", "order_diff", "sign", "rest_place"]) {
      assert.ok(ops.has(op), `perf_${op} in ${[...ops]}`);
    }
    for (const p of perf) {
      assert.ok(typeof p.durationMs === "number" && p.durationMs >= 0);
      assert.ok((p.count as number) >= 1);
      assert.ok((p.p99Ms as number) <= (p.maxMs as number));
    }
    assert.equal(perf.find((p) => p.operation === "quote_decision")!.sampledOneIn, 32);
    // every line but the header carries the market, the run and the cycle
    const cid = (s.lines[0].config as { market: { condition_id: string } }).market.condition_id;
    for (const l of s.lines.slice(1)) {
      assert.equal(l.market, cid, "market on every line");
      assert.equal(l.run, s.r.run);
      assert.equal(typeof l.cycle, "number");
      assert.ok(Array.isArray(l.orders));
    }
    assert.ok(s.lines.some((l) => ((l.orders ?? []) as string[]).length > 0), "working ids appear");
    assert.ok(s.lines.some((l) => (l.cycle as number) > 0));
    // venue calls are timed at DEBUG
    const call = s.lines.find((l) => l.event === "venue_call")!;
    assert.equal(typeof call.durationMs, "number");
  } finally {
    await cleanup(s);
  }
  // without the flags: no perf lines, no context
  const off = await session({ level: "INFO" }, 0);
  try {
    assert.ok(!off.lines.some((l) => l.event.startsWith("perf_")));
    assert.ok(!off.lines.some((l) => "cycle" in l || "orders" in l));
  } finally {
    await cleanup(off);
  }
});

Deno.test("logging: a crash is a critical error_session, with its stack only at DEBUG", async () => {
  for (const level of ["DEBUG", "INFO"]) {
    const dir = await Deno.makeTempDir();
    const sim = await startSimServer({ scenario: "e2", seed: 1, agents: false });
    try {
      const config = simRunConfig(sim, {
        bankrollUsdc: 100,
        dataDir: dir,
        extra: { logging: { level } },
      });
      const boom = new TypeError("venue exploded");
      const adapter = {
        mode: "live",
        start: () => Promise.reject(boom),
      } as unknown as ExchangePort;
      await assert.rejects(
        runSession({
          config,
          mode: "live",
          env: () => undefined,
          signal: AbortSignal.abort(),
          adapter,
        }),
        /venue exploded/,
      );
      const lines = (await Deno.readTextFile(`${dir}/mm_events.jsonl`)).trim().split("\n")
        .map((l) => JSON.parse(l));
      const err = lines.find((l) => l.event === "error_session");
      assert.equal(err.level, "critical");
      assert.equal(err.errorType, "TypeError");
      assert.equal(err.message, "venue exploded");
      assert.equal("stack" in err, level === "DEBUG");
      if (level === "DEBUG") assert.match(err.stack, /venue exploded\n\s+at /);
    } finally {
      await sim.stop();
      await Deno.remove(dir, { recursive: true });
    }
  }
});

/** jq from Debian: installed when missing and we may (CI runs as root). */
async function haveJq(): Promise<boolean> {
  const ok = async (cmd: string, args: string[]) => {
    try {
      return (await new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).output())
        .success;
    } catch {
      return false;
    }
  };
  if (await ok("jq", ["--version"])) return true;
  if (Deno.uid() !== 0) return false;
  await ok("apt-get", ["install", "-y", "-qq", "jq"]);
  return await ok("jq", ["--version"]);
}

async function sh(cwd: string, script: string): Promise<string> {
  const o = await new Deno.Command("bash", { args: ["-c", script], cwd, stdout: "piped" })
    .output();
  return new TextDecoder().decode(o.stdout);
}

Deno.test("docs/operations.md's health checks work verbatim on a real journal", async (t) => {
  if (!(await haveJq())) {
    t.step("jq is missing and cannot be installed here (not root)", () => {});
    return;
  }
  const readme = await Deno.readTextFile(new URL("../../docs/operations.md", import.meta.url));
  const block = /### Health checks\n+```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  const recipes = block.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
  assert.equal(recipes.length, 3, block);
  const [tail, errors, perf] = recipes;
  assert.match(tail, /^tail -f data\/mm_events\.jsonl \| jq '\.event'$/);

  const s = await session({ level: "INFO", enable_performance: true }, 2, true);
  try {
    const cwd = s.dir; // data/ under the working directory, as in the README
    // tail -f prints the last 10 events, then each one appended, until stopped:
    // append once it has printed the 10, stop once it has printed the new one
    // its own process group (setsid), so that the stop reaches tail and jq alike;
    // line-buffered (stdbuf, inherited by both) as on a terminal
    const follow = new Deno.Command("setsid", {
      args: ["stdbuf", "-oL", "bash", "-c", tail],
      cwd,
      stdout: "piped",
    }).spawn();
    let printed = "";
    const reading = (async () => {
      for await (const chunk of follow.stdout.pipeThrough(new TextDecoderStream())) {
        printed += chunk;
      }
    })();
    const lines = () => printed.split("\n").filter((l) => l !== "").length;
    await until("tail's first 10 events", () => lines() >= 10);
    await Deno.writeTextFile(`${cwd}/data/mm_events.jsonl`, '{"tsMs":1,"event":"appended"}\n', {
      append: true,
    });
    await until("the appended event", () => printed.includes('"appended"'));
    Deno.kill(-follow.pid, "SIGTERM");
    await follow.status;
    await reading;
    const events = printed.trim().split("\n");
    assert.deepEqual(events, [
      ...s.lines.slice(-10).map((l) => JSON.stringify(l.event)),
      '"appended"',
    ]);
    const nErrors = s.lines.filter((l) => l.event.startsWith("error_")).length;
    assert.ok(nErrors > 0);
    assert.equal(Number((await sh(cwd, errors)).trim()), nErrors);
    const durations = (await sh(cwd, perf)).trim().split("\n").map(Number);
    const expected = s.lines.filter((l) => l.event.startsWith("perf_")).map((l) =>
      l.durationMs as number
    ).sort((a, b) => a - b);
    assert.ok(expected.length >= 3);
    assert.deepEqual(durations, expected);

    // the journal recipes: each runs and prints what its comment says
    const block2 = /### Journal recipes\n+```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const more = block2.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
    assert.equal(more.length, 5, block2);
    const out = await Promise.all(more.map((r) => sh(cwd, `set -o pipefail; ${r}`)));
    const [ends, states, fills, decisions, errs] = out.map((o) => o.trim().split("\n"));
    assert.deepEqual(JSON.parse(ends[0]).exitCode, s.r.exitCode);
    assert.ok(states.every((l) => /"to":"(active|paused|halted)"/.test(l)), states.join("\n"));
    const nFills = s.lines.filter((l) => l.event === "fill").length;
    assert.equal(fills.filter((l) => l !== "").length, nFills);
    for (const f of fills.filter((l) => l !== "")) {
      assert.match(f, /^\d{4}-\d\d-\d\dT.*\t(YES|NO)\t(BUY|SELL)\t0\.\d+\t[\d.]+$/);
    }
    assert.equal(decisions.length, s.lines.filter((l) => l.event === "decision").length);
    assert.ok(Number.isFinite(JSON.parse(decisions[0]).gamma));
    assert.match(errs[0], /^\d+ error_place\t\d+\t/);
  } finally {
    await cleanup(s);
  }
});
