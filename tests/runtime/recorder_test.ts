import assert from "node:assert/strict";
import { simRunConfig } from "../../lib/cli/sim_cmd.ts";
import { openDataSet, record, segmentPath } from "../../lib/runtime/mod.ts";
import { startSimServer } from "../../lib/sim/mod.ts";
import { until } from "../_wait.ts";

Deno.test("recorder: segments with headers, every frame kept across a reconnect, public trades polled", async () => {
  const sim = await startSimServer({ scenario: "e2", seed: 4, speed: 60 });
  const dir = await Deno.makeTempDir();
  try {
    const config = simRunConfig(sim, { bankrollUsdc: 100, dataDir: dir });
    const ac = new AbortController();
    const notices: string[] = [];
    // driven by what happened, not by the clock: a drop once subscribed, the
    // stop once the reconnect, a second segment and a trade poll are on disk
    const onDisk = async () => {
      let text = "";
      let files = 0;
      for await (const e of Deno.readDir(dir)) {
        if (!e.name.startsWith("rec.")) continue;
        files++;
        text += await Deno.readTextFile(`${dir}/${e.name}`);
      }
      return { files, text };
    };
    const driver = (async () => {
      await until("the first subscription", () => sim.subscriptions >= 1);
      sim.dropSockets();
      await until("a reconnect, a second segment and a trade poll", async () => {
        const d = await onDisk();
        return d.files >= 2 && d.text.includes('"detail":"reconnected"') &&
          d.text.includes('"publicTrades"');
      });
      ac.abort();
    })();
    const totals = await record({
      config,
      path: `${dir}/rec.jsonl`,
      rotateBytes: 1 << 30,
      rotateMs: 1200,
      tradesEveryMs: 500,
      signal: ac.signal,
      onNotice: (l) => notices.push(l),
    });
    await driver;
    assert.ok(totals.files.length >= 2, `${totals.files}`);
    assert.equal(totals.reconnects, 1);
    const ids = {
      conditionId: config.market.condition_id,
      yes: config.market.asset_id_yes,
      no: config.market.asset_id_no,
    };
    const data = await openDataSet(totals.files, ids);
    assert.equal(data.header?.tickPips, 100);
    assert.equal(data.header?.minOrderMicro, 5e6);
    let frames = 0;
    let dumps = 0;
    const conn: boolean[] = [];
    let trades = 0;
    let last = 0;
    for await (const b of data.batches()) {
      for (const it of b) {
        assert.ok(it.rxMs >= last, "in time order across segments");
        last = it.rxMs;
        if (it.kind === "frame") {
          frames++;
          if (
            it.text.startsWith('[{"event_type":"book"') || it.text.includes('"event_type":"book"')
          ) dumps++;
        } else if (it.kind === "connection") conn.push(it.up);
        else trades += it.trades.length;
      }
    }
    assert.equal(frames, totals.frames, "every frame received is on disk");
    assert.deepEqual(conn, [true, false, true], "up, the drop, up again");
    assert.ok(dumps >= 2, "a fresh book after the reconnect");
    assert.ok(trades > 0, "public trades polled");
    assert.deepEqual(data.counters, { bad_json: 0, bad_shape: 0, bad_hash: 0 });
  } finally {
    await sim.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("recorder: segment names insert the start time before the extension", () => {
  const t = Date.UTC(2026, 10, 25, 9, 30, 5);
  assert.equal(segmentPath("a/rec.jsonl.gz", t, true), "a/rec.jsonl.gz");
  assert.equal(segmentPath("a/rec.jsonl.gz", t, false), "a/rec.20261125T093005Z.jsonl.gz");
  assert.equal(segmentPath("rec.jsonl", t, false), "rec.20261125T093005Z.jsonl");
  assert.equal(segmentPath("rec.txt", t, false), "rec.txt.20261125T093005Z");
});

Deno.test("recorder: the stop never rotates — no segment is left without its header", async () => {
  const sim = await startSimServer({ scenario: "e2", seed: 4, speed: 60 });
  const dir = await Deno.makeTempDir();
  try {
    const config = simRunConfig(sim, { bankrollUsdc: 100, dataDir: dir });
    const ac = new AbortController();
    // the clock jumps past the rotation age once subscribed: every flush from
    // then on is due to rotate, the last one (at the stop) included
    let now = Date.now();
    const stopper = (async () => {
      await until("the first subscription", () => sim.subscriptions >= 1);
      now += 10_000;
      ac.abort();
    })();
    const totals = await record({
      config,
      path: `${dir}/rec.jsonl`,
      rotateBytes: 1 << 30,
      rotateMs: 1000,
      tradesEveryMs: 0,
      signal: ac.signal,
      clock: () => now,
    });
    await stopper;
    for (const f of totals.files) {
      const first = (await Deno.readTextFile(f)).split("\n")[0];
      assert.equal(JSON.parse(first).pm4Recording, 2, `${f} starts with the header`);
    }
  } finally {
    await sim.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
