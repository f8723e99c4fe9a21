import assert from "node:assert/strict";
import {
  formatSummary,
  readJournal,
  readSessions,
  summarizeSession,
} from "../../lib/runtime/mod.ts";
import { type JournalLine, line } from "../../lib/formats/mod.ts";

const T = Date.UTC(2026, 10, 30, 12, 0, 0);
const CID = "0x" + "ab".repeat(32);

function session(end: boolean): JournalLine[] {
  const l: JournalLine[] = [
    line(T, "session_start", "info", {
      run: "20261130T120000Z-abababab",
      mode: "paper",
      version: "0.1.0",
      config: { market: { condition_id: CID }, logging: { level: "INFO" } },
    }),
    line(T + 10, "input", "info", { kind: "started" }),
    line(T + 20, "state", "info", { from: "starting", to: "active", reason: "" }),
    line(T + 30, "input", "info", { kind: "market_frame" }),
    line(T + 40, "decision", "info", {
      tickPips: 100,
      quote: {
        p: 0.4213,
        bidTicks: 41,
        askTicks: 44,
        q: 0,
        qMax: 80,
        sigma: 1.5,
        lambda: 1.2,
        gamma: 0.3,
        delta: 0,
      },
    }),
    line(T + 50, "order", "info", { change: "placed" }),
    line(T + 51, "order", "info", { change: "placed" }),
    line(T + 60, "fill", "info", { yesMicro: 5_000_000, noMicro: 0, cashMicro: 997_950_000 }),
    line(T + 70, "state", "warning", { from: "active", to: "paused", reason: "stale data" }),
    line(T + 80, "notice", "warning", { code: "crossed_book" }),
    line(T + 90, "error_place", "error", { message: "HTTP 400: invalid tick size" }),
    line(T + 95, "error_rest_orders", "error", { message: "timeout" }),
    line(T + 100, "order", "info", { change: "rejected" }),
    line(T + 110, "state", "info", { from: "paused", to: "active", reason: "" }),
    // a later decision with no ask (one side off) replaces the first
    line(T + 120, "decision", "info", {
      tickPips: 10,
      quote: {
        p: 0.5,
        bidTicks: 498,
        askTicks: 0,
        q: 5,
        qMax: 80,
        sigma: 1,
        lambda: 1,
        gamma: 0.25,
        delta: 0.0125,
      },
    }),
  ];
  if (end) {
    l.push(
      line(T + 5000, "session_end", "info", {
        exitCode: 0,
        reason: "SIGTERM",
        ordersLeft: 0,
        status: { pnlUsdc: -0.35 },
      }),
    );
  }
  return l;
}

Deno.test("status: a session's lines summarised — the last state, quote, position, counts, last error, end", () => {
  const s = summarizeSession(session(true));
  assert.equal(s.run, "20261130T120000Z-abababab");
  assert.equal(s.mode, "paper");
  assert.equal(s.market, CID);
  assert.equal(s.level, "INFO");
  assert.equal(s.startedMs, T);
  assert.equal(s.lastMs, T + 5000);
  assert.equal(s.state, "active");
  assert.equal(s.stateReason, "");
  assert.equal(s.inputs, 2);
  assert.equal(s.decisions, 2);
  // 498 ticks of 10 pips = 0.498; no ask quoted
  assert.ok(Math.abs(s.quote!.bid - 0.498) < 1e-12);
  assert.ok(Number.isNaN(s.quote!.ask));
  assert.equal(s.quote!.delta, 0.0125);
  assert.equal(s.fills, 1);
  assert.deepEqual(s.position, { yes: 5, no: 0, cashUsdc: 997.95 });
  assert.deepEqual(s.orders, { placed: 2, rejected: 1 });
  assert.deepEqual(s.warnings, { state: 1, notice: 1 });
  assert.deepEqual(s.errors, { error_place: 1, error_rest_orders: 1 });
  assert.deepEqual(s.lastError, { event: "error_rest_orders", message: "timeout", tsMs: T + 95 });
  assert.deepEqual(s.end, { exitCode: 0, reason: "SIGTERM", ordersLeft: 0, pnlUsdc: -0.35 });
});

Deno.test("status: reward samples read as scoring k/n, today's estimate and the session's sum", () => {
  const reward = (t: number, scoring: number, usdc: number, todayUsdc: number) =>
    line(t, "reward", "info", {
      sample: { tMs: t, share: 0.1, usdc, scoring, orders: 2, todayUsdc },
    });
  const lines = [
    ...session(false),
    reward(T + 60_000, 2, 0.25, 1.25),
    reward(T + 120_000, 1, 0.5, 1.75),
  ];
  const s = summarizeSession(lines);
  assert.deepEqual(s.rewards, {
    scoring: 1,
    orders: 2,
    todayUsdc: 1.75,
    totalUsdc: 0.75,
    venue: null,
  });
  const text = formatSummary(s, true, T + 120_000);
  assert.ok(
    text.includes(
      "  rewards: scoring 1/2 at the last sample, ~1.75 USDC today, ~0.75 this session (estimated)",
    ),
    text.join("\n"),
  );
  // the venue's word (live) beside the estimate
  const checked = summarizeSession([
    ...lines,
    line(T + 121_000, "reward_check", "info", { scoring: 0, orders: 2, expected: 1 }),
  ]);
  assert.deepEqual(checked.rewards!.venue, { scoring: 0, orders: 2 });
  assert.ok(
    formatSummary(checked, true, T).some((l) =>
      l.startsWith("  rewards: scoring 1/2 at the last sample (the venue: 0/2), ~1.75")
    ),
  );
  // no program, no line
  assert.equal(summarizeSession(session(true)).rewards, null);
  assert.ok(
    !formatSummary(summarizeSession(session(true)), false, T).some((l) => l.includes("rewards")),
  );
});

Deno.test("status: the text names running, finished and killed sessions and ages the last event", () => {
  const done = formatSummary(summarizeSession(session(true)), false, T + 65_000);
  assert.equal(done[0], `run 20261130T120000Z-abababab (paper, pm4 0.1.0) on ${CID.slice(0, 12)}…`);
  assert.equal(
    done[1],
    "  FINISHED — started 2026-11-30T12:00:00Z, last event 2026-11-30T12:00:05Z (60 s ago); journal level INFO",
  );
  assert.equal(done[2], "  state active");
  assert.equal(
    done[3],
    "  p 0.5000  bid 0.4980  ask –  q 5.00 / 80.00  σ 1.00 λ 1.00 γ 0.25 δ 0.0125",
  );
  assert.equal(
    done[4],
    "  inputs 2, decisions 2, fills 1 (now YES 5.00, NO 0.00, cash 997.95 USDC)",
  );
  assert.equal(done[5], "  orders: placed 2, rejected 1");
  assert.equal(done[7], "  errors: error_place 1, error_rest_orders 1");
  assert.equal(done[8], "  last error 2026-11-30T12:00:00Z error_rest_orders: timeout");
  assert.equal(
    done.at(-1),
    "  ended: exit 0 (SIGTERM), P&L -0.35 USDC, 0 order(s) left at the exchange",
  );

  const running = formatSummary(summarizeSession(session(false)), true, T);
  assert.match(running[1], /^ {2}RUNNING — /);
  assert.ok(!running.some((l) => l.includes("ended:")));
  const killed = formatSummary(summarizeSession(session(false)), false, T);
  assert.match(killed[1], /ENDED without a session_end \(killed\?\)/);
  // a clock behind the journal does not print a negative age
  assert.match(killed[1], /\(0 s ago\)/);
});

Deno.test("status: an empty or decision-less journal still summarises, with unknowns shown as such", () => {
  const s = summarizeSession([]);
  assert.equal(s.run, "");
  assert.equal(s.quote, null);
  assert.equal(s.end, null);
  const text = formatSummary(s, false, T);
  assert.match(text[1], /started \?, last event \?/);
  assert.equal(text[2], "  state ?");
  assert.equal(text[3], "  inputs 0, decisions 0, fills 0");
  assert.equal(text[5], "  warnings: none");
});

Deno.test("status: a journal of version 1 (snake_case names) and one of both versions read alike", async () => {
  const old = new URL("../fixtures/journals/before-typed-outcomes.jsonl", import.meta.url).pathname;
  const v1 = summarizeSession(await readJournal(old));
  assert.equal(v1.startedMs, 1796137147286);
  assert.equal(v1.lastMs, 1796137153125);
  assert.deepEqual([v1.end?.exitCode, v1.end?.ordersLeft], [0, 0]);
  assert.ok((v1.errors.error_place ?? 0) > 0);
  assert.equal(typeof v1.lastError?.tsMs, "number", "the last error's time from ts_ms");
  // a file appended to by a run of each version: two sessions, both in today's names
  const dir = await Deno.makeTempDir();
  try {
    const both = `${dir}/mm_events.jsonl`;
    const today = session(true).map((l) => JSON.stringify(l)).join("\n");
    await Deno.writeTextFile(both, (await Deno.readTextFile(old)) + today + "\n");
    const sessions = await readSessions(both);
    assert.equal(sessions.length, 2);
    for (const s of sessions) {
      for (const l of s.lines) {
        assert.equal(typeof l.tsMs, "number", `${l.event} has tsMs`);
        assert.ok(!("ts_ms" in l) && !("exit_code" in l) && !("error_type" in l));
      }
    }
    assert.equal(summarizeSession(sessions[1].lines).end?.exitCode, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
