import assert from "node:assert/strict";
import {
  acquireLock,
  loadCalibration,
  openJournal,
  PerfStats,
  readJournal,
  readSessions,
  saveCalibration,
} from "../../lib/runtime/mod.ts";
import { Engine } from "../../lib/engine/mod.ts";
import { line } from "../../lib/formats/mod.ts";
import { CID, engineConfig } from "../engine/_engine.ts";

const CANARY = "0x" + "c0ffee".repeat(10) + "c0ff";

Deno.test("journal: JSONL, one record a line; secret-named fields are redacted at any depth", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const j = await openJournal(`${dir}/journal.jsonl`, {
      rotateBytes: 1 << 20,
      keep: 3,
      level: "info",
    });
    j.write(line(1, "a", "info", { n: 1 }));
    j.write(
      line(2, "b", "info", {
        auth: { apiKey: "k", secret: CANARY, passphrase: CANARY },
        PK: CANARY,
      }),
    );
    j.write(line(3, "c", "warning", { nested: [{ privateKey: CANARY }] }));
    await j.close();
    const text = await Deno.readTextFile(`${dir}/journal.jsonl`);
    assert.ok(!text.includes(CANARY), text);
    assert.ok(
      text.startsWith('{"tsMs":1,"event":"a","level":"info","n":1}\n'),
      "compact, tsMs and event first",
    );
    const lines = text.trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.event), ["a", "b", "c"]);
    assert.equal(lines[0].n, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("journal: rotates by size and keeps the newest files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // the sink rotates between batches: write three batches bigger than the limit
    let i = 0;
    for (let batch = 0; batch < 4; batch++) {
      const j = await openJournal(`${dir}/journal.jsonl`, {
        rotateBytes: 2000,
        keep: 2,
        level: "info",
      });
      for (let k = 0; k < 40; k++) j.write(line(k, "x", "info", { i: i++, pad: "y".repeat(50) }));
      await j.close();
    }
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(names, ["journal.jsonl", "journal.jsonl.1", "journal.jsonl.2"]);
    const last = (await Deno.readTextFile(`${dir}/journal.jsonl`)).trim().split("\n").at(-1)!;
    assert.equal(JSON.parse(last).i, 159, "nothing lost at the head");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("journal: the level filters; context fields are appended; sessions are read apart", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/mm_events.jsonl`;
    for (const [run, level] of [["r1", "warning"], ["r2", "debug"]] as const) {
      let n = 0;
      const j = await openJournal(path, {
        rotateBytes: 1 << 20,
        keep: 2,
        level,
        context: () => ({ run, cycle: n++ }),
      });
      j.write(line(1, "session_start", "critical", { run }));
      for (const l of ["debug", "info", "warning", "error", "critical"] as const) {
        assert.equal(j.wants(l), l !== "debug" && l !== "info" || level === "debug");
        j.write(line(2, `e_${l}`, l, {}));
      }
      await j.close();
    }
    const sessions = await readSessions(path);
    assert.deepEqual(sessions.map((s) => s.run), ["r1", "r2"]);
    assert.deepEqual(sessions[0].lines.map((l) => l.event), [
      "session_start",
      "e_warning",
      "e_error",
      "e_critical",
    ]);
    assert.equal(sessions[1].lines.length, 6);
    assert.equal(sessions[1].lines[2].run, "r2");
    assert.deepEqual(
      (await readJournal(path)).map((l) => l.event),
      sessions[1].lines.map((l) => l.event),
    );
    assert.equal((await readJournal(path, "r1")).length, 4);
    await Deno.mkdir(`${dir}/run`);
    await Deno.writeTextFile(`${dir}/run/run.json`, JSON.stringify({ run: "r1", journal: path }));
    assert.equal((await readJournal(`${dir}/run`)).length, 4);
    await assert.rejects(() => readJournal(path, "r3"), /no session r3/);
    await assert.rejects(() => readJournal(`${dir}/none`), /no such journal/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("perf: mean, percentiles and counts per operation; a flush starts a new window", () => {
  const p = new PerfStats({ quote_decision: 32 });
  for (let i = 1; i <= 100; i++) p.record("quote_decision", i / 100);
  p.record("rest_place", 12.5);
  const lines = p.flush(1000, 60_000);
  assert.deepEqual(lines.map((l) => l.event), ["perf_quote_decision", "perf_rest_place"]);
  const d = lines[0];
  assert.equal(d.durationMs, 0.505);
  assert.equal(d.p50Ms, 0.51);
  assert.equal(d.p99Ms, 1);
  assert.equal(d.maxMs, 1);
  assert.equal(d.count, 100);
  assert.equal(d.sampledOneIn, 32);
  assert.equal(lines[1].sampledOneIn, 1);
  assert.deepEqual(p.flush(2000, 1000), [], "nothing timed since");
});

Deno.test("lock: one holder per market; released on release", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const a = await acquireLock(`${dir}/m.lock`);
    assert.ok(a);
    assert.equal(await acquireLock(`${dir}/m.lock`), null);
    a.release();
    const b = await acquireLock(`${dir}/m.lock`);
    assert.ok(b);
    b.release();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("calibration store: round trip; other markets, versions and junk are ignored with a note", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/cal.json`;
    assert.deepEqual(await loadCalibration(path, CID), {
      snapshot: null,
      note: "no saved calibration",
    });
    const snap = new Engine({ config: engineConfig() }).calibration(123);
    await saveCalibration(path, snap);
    assert.deepEqual((await loadCalibration(path, CID)).snapshot, snap);
    assert.equal((await loadCalibration(path, "0xother")).note, "calibration of another market");
    await Deno.writeTextFile(path, JSON.stringify({ ...snap, version: 2 }));
    assert.match((await loadCalibration(path, CID)).note, /version 2/);
    await Deno.writeTextFile(path, "{not json");
    assert.match((await loadCalibration(path, CID)).note, /not valid JSON/);
    await Deno.writeTextFile(path, JSON.stringify({ version: 1, conditionId: CID }));
    assert.match((await loadCalibration(path, CID)).note, /incomplete/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
