import assert from "node:assert/strict";
import {
  acquireLock,
  loadCalibration,
  openJournal,
  saveCalibration,
} from "../../lib/runtime/mod.ts";
import { Engine } from "../../lib/engine/mod.ts";
import { CID, engineConfig } from "../engine/_engine.ts";

const CANARY = "0x" + "c0ffee".repeat(10) + "c0ff";

Deno.test("journal: JSONL, one record a line; secret-named fields are redacted at any depth", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const j = await openJournal(`${dir}/journal.jsonl`, 1 << 20, 3);
    j.write({ type: "a", n: 1 });
    j.write({ type: "b", auth: { apiKey: "k", secret: CANARY, passphrase: CANARY }, PK: CANARY });
    j.write({ type: "c", nested: [{ privateKey: CANARY }] });
    await j.close();
    const text = await Deno.readTextFile(`${dir}/journal.jsonl`);
    assert.ok(!text.includes(CANARY), text);
    const lines = text.trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.type), ["a", "b", "c"]);
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
      const j = await openJournal(`${dir}/journal.jsonl`, 2000, 2);
      for (let k = 0; k < 40; k++) j.write({ type: "x", i: i++, pad: "y".repeat(50) });
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
