import assert from "node:assert/strict";
import { sha256 } from "@noble/hashes/sha2";
import {
  type DecodeCounters,
  detectFormat,
  LineDecoder,
  snapshotItems,
  tradeItems,
} from "../../lib/backtest/formats.ts";

const ids = { conditionId: "0xcc", yes: "111", no: "222" };
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
const frame = '{"event_type":"last_trade_price","asset_id":"111","timestamp":"1790000000000"}';

Deno.test("formats: detection from the first line", () => {
  assert.equal(detectFormat('{"pm4_recording":1,"condition_id":"0x"}'), "pm4");
  assert.equal(
    detectFormat('{"schema":"x","receive_wall_ms":1,"payload":"[]","payload_sha256":"00"}'),
    "ws_envelope",
  );
  assert.equal(detectFormat(frame), "ws_jsonl");
  assert.equal(detectFormat('[{"bids":[{"price":"0.4","size":"1"}],"asks":[]}'), "l2_snapshots");
  assert.equal(detectFormat('[{"price":"0.47","size":"100","side":"buy"}]'), "l2_trades");
  assert.equal(detectFormat("hello"), null);
  assert.equal(detectFormat('{"foo":1}'), null);
});

Deno.test("formats: pm4 lines — header, frames, trade polls, connections; junk counted", () => {
  const d = new LineDecoder("pm4");
  assert.equal(d.line('{"pm4_recording":1,"condition_id":"0xcc","tick_pips":100}'), null);
  assert.equal(d.header?.tickPips, 100);
  assert.equal(d.header?.conditionId, "0xcc");
  // today's header
  assert.equal(d.line('{"pm4Recording":2,"conditionId":"0xdd","tickPips":10}'), null);
  assert.deepEqual([d.header?.pm4Recording, d.header?.conditionId, d.header?.tickPips], [
    2,
    "0xdd",
    10,
  ]);
  assert.deepEqual(d.line(JSON.stringify({ rx: 5, frame: "PONG" })), {
    kind: "frame",
    rxMs: 5,
    text: "PONG",
  });
  const t = d.line(JSON.stringify({
    rx: 6,
    public_trades: [{ proxyWallet: "0xw", side: "BUY", size: 2, price: 0.5, timestamp: 1 }],
  }));
  assert.equal(t?.kind, "trades");
  assert.deepEqual(d.line('{"rx":7,"connection":"down","detail":"dead"}'), {
    kind: "connection",
    rxMs: 7,
    up: false,
  });
  assert.equal(d.line(""), null);
  assert.equal(d.line("{oops"), null);
  assert.equal(d.line('{"rx":"x","frame":"a"}'), null);
  assert.equal(d.line('{"rx":8}'), null);
  assert.deepEqual(d.counters, { bad_json: 1, bad_shape: 2, bad_hash: 0 });
});

Deno.test("formats: recorder envelopes are checked against their payload hash", () => {
  const d = new LineDecoder("ws_envelope");
  const good = {
    receive_wall_ms: 1790267379153,
    payload: frame,
    payload_sha256: hex(sha256(new TextEncoder().encode(frame))),
  };
  assert.deepEqual(d.line(JSON.stringify(good)), {
    kind: "frame",
    rxMs: 1790267379153,
    text: frame,
  });
  assert.equal(d.line(JSON.stringify({ ...good, payload: frame + " " })), null);
  assert.equal(d.counters.bad_hash, 1);
});

Deno.test("formats: raw frames are timed by their own timestamp (seconds or ms)", () => {
  const d = new LineDecoder("ws_jsonl");
  assert.equal(d.line(frame)?.rxMs, 1790000000000);
  assert.equal(d.line('[{"event_type":"book","timestamp":"1790000000"}]')?.rxMs, 1790000000000);
  assert.equal(d.line('{"event_type":"book"}'), null);
});

Deno.test("formats: id-less L2 snapshots become both books (the other token mirrored)", () => {
  const c: DecodeCounters = { bad_json: 0, bad_shape: 0, bad_hash: 0 };
  const items = snapshotItems(
    [
      {
        bids: [{ price: "0.45", size: "10" }, { price: "0.46", size: "20" }],
        asks: [{ price: "0.48", size: "5" }, { price: "0.47", size: "7" }],
        local_timestamp: "1765450843281",
        timestamp: "1765450842197",
      },
      { bids: "nope" },
    ],
    ids,
    "YES",
    c,
  );
  assert.equal(items.length, 1);
  assert.equal(c.bad_shape, 1);
  const it = items[0];
  assert.ok(it.kind === "frame");
  assert.equal(it.rxMs, 1765450843281);
  const [yes, no] = JSON.parse(it.text);
  assert.deepEqual([yes.asset_id, yes.tick_size, yes.bids.length], ["111", "0.01", 2]);
  // NO bids are 1 − YES asks, NO asks are 1 − YES bids
  assert.deepEqual(no.bids, [{ price: "0.52", size: "5" }, { price: "0.53", size: "7" }]);
  assert.deepEqual(no.asks, [{ price: "0.55", size: "10" }, { price: "0.54", size: "20" }]);
});

Deno.test("formats: id-less trades become last_trade_price frames on the grid", () => {
  const c: DecodeCounters = { bad_json: 0, bad_shape: 0, bad_hash: 0 };
  const items = tradeItems(
    [
      { price: "0.4700000001", size: "100", side: "buy", local_timestamp: "1765450860154" },
      { price: "0.5", size: "1", side: "hold", local_timestamp: "1" },
    ],
    ids,
    "NO",
    c,
  );
  assert.equal(items.length, 1);
  assert.equal(c.bad_shape, 1);
  const t = JSON.parse((items[0] as { text: string }).text);
  assert.deepEqual([t.event_type, t.asset_id, t.price, t.side], [
    "last_trade_price",
    "222",
    "0.47",
    "BUY",
  ]);
});
