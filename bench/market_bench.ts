/**
 * Parse + apply throughput on realistic `price_change` frames (the venue's
 * layout, one YES and one NO level per frame as in the recordings), one core.
 * Target (issue #3): ≥ 1,000,000 msgs/s, i.e. ≤ 1 µs per frame.
 */

import { MarketFeed } from "../lib/market/mod.ts";

const MARKET = "0x12ed4858fd4aa92e1a644c74273ca76f49735c114d6833f8a3edef4f19e5ebff";
const YES = "18054759644013870900749170809345467324611742242067616964612696305379357034954";
const NO = "35599907049186982879557420969598528789434547136942253652554709047485665633870";

function bookFrame(asset: string, mid: number): string {
  const bids = [];
  const asks = [];
  for (let k = 1; k <= 20; k++) {
    bids.push({ price: ((mid - k) / 100).toFixed(2), size: String(10 * k) });
    asks.push({ price: ((mid + k) / 100).toFixed(2), size: String(10 * k) });
  }
  return JSON.stringify({
    market: MARKET,
    asset_id: asset,
    timestamp: "1790267353913",
    hash: "d74400f187d2ac32b0882f6d6c50a25554d10383",
    bids: bids.reverse(),
    asks: asks.reverse(),
    tick_size: "0.01",
    event_type: "book",
  });
}

// Frames as the socket delivers them: flat strings, the venue's ", " layout.
const enc = new TextEncoder();
const dec = new TextDecoder();
const frames: string[] = [];
for (let i = 0; i < 1024; i++) {
  const yesPx = 40 + (i % 19); // bid side of YES around the mid
  const size = `${(i % 97) + 1}.${(i * 7) % 100}`;
  const text =
    `{"market":"${MARKET}", "price_changes":[{"asset_id":"${YES}", "price":"0.${yesPx}", "size":"${size}", "side":"BUY", "hash":"1a7aa82ae9603a79667c9232ef191be39e0532b2", "best_bid":"0.59", "best_ask":"0.61"}, {"asset_id":"${NO}", "price":"0.${
      100 - yesPx
    }", "size":"${size}", "side":"SELL", "hash":"5a1dda499ceac37c00b9a859872d9d86dbcfcb39", "best_bid":"0.39", "best_ask":"0.41"}], "timestamp":"${
      1790267379253 + i
    }", "event_type":"price_change"}`;
  frames.push(dec.decode(enc.encode(text)));
}

const feed = new MarketFeed(YES, NO);
feed.ingest(bookFrame(YES, 60), 0);
feed.ingest(bookFrame(NO, 40), 0);
let i = 0;
for (; i < 20_000; i++) feed.ingest(frames[i & 1023], i);
if (feed.parser.stats.skippedTotal !== 0 || feed.yes.status !== "live") {
  throw new Error("bench frames must parse");
}

// 1000 frames per iteration so the harness's own overhead does not count.
Deno.bench("market: parse + apply 1000 price_change frames (2 levels each)", { n: 2000 }, () => {
  for (let k = 0; k < 1000; k++) feed.ingest(frames[i & 1023], i++);
});
