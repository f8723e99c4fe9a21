import assert from "node:assert/strict";
import { PaperAdapter } from "../../lib/runtime/mod.ts";
import type { Fill } from "../../lib/engine/mod.ts";
import { MarketFeed, type TradePrinted } from "../../lib/market/mod.ts";
import { books, engineConfig, NO, YES } from "../engine/_engine.ts";

/** A paper venue on a feed, as the session runs it: the engine applies a frame, then paper looks. */
function paper() {
  const got: Fill[] = [];
  const cfg = engineConfig({
    market: {
      tick_size: 0.01,
      min_order_size: 5,
      clob_url: "http://127.0.0.1:9",
      data_url: "http://127.0.0.1:9",
    },
  });
  const feed = new MarketFeed(cfg.market.asset_id_yes, cfg.market.asset_id_no, 100);
  const p = new PaperAdapter(cfg, feed, (f) => got.push(...f));
  const frame = (text: string, rxMs: number) => {
    const printed: TradePrinted[] = [];
    feed.ingest(text, rxMs, (ev) => {
      if (ev.kind === "trade") printed.push(ev);
    });
    p.afterFrame(rxMs, printed);
  };
  return { got, p, frame };
}

const trade = (asset: string, price: string, size: string, side: "BUY" | "SELL", t: number) =>
  JSON.stringify({
    event_type: "last_trade_price",
    asset_id: asset,
    market: "0x" + "cd".repeat(32),
    price,
    size,
    side,
    fee_rate_bps: "0",
    timestamp: String(t),
  });

Deno.test("paper: needs no keys, refuses crossing orders, fills through the queue at its own price", async () => {
  const { p, got, frame } = paper();
  const st = await p.start();
  assert.deepEqual(st.market, { tickPips: 100, minOrderMicro: 5e6, ownOrdersInBook: false });
  assert.equal(st.balances.cashMicro, 1000e6);
  frame(books(0.48, 0.52, 1, "30"), 1);
  const ids: string[] = [];
  const res = await p.place([
    { clientId: 1, token: "YES", side: "BUY", priceTicks: 48, tickPips: 100, sizeMicro: 10e6 },
    { clientId: 2, token: "NO", side: "BUY", priceTicks: 48, tickPips: 100, sizeMicro: 10e6 }, // YES ask 0.52
    { clientId: 3, token: "YES", side: "BUY", priceTicks: 52, tickPips: 100, sizeMicro: 10e6 },
  ], (_, id) => ids.push(id));
  assert.deepEqual(res.map((r) => r.outcome), ["live", "live", "crosses_book"]);
  assert.match(res[2].message, /cross the book/);
  // 30 ahead of our bid at 0.48: a 35-share sell fills us for 5
  frame(trade(YES, "0.48", "35", "SELL", 2), 2);
  assert.deepEqual(got.map((f) => [f.orderId, f.token, f.side, f.pricePips, f.sizeMicro]), [
    [ids[0], "YES", "BUY", 4800, 5e6],
  ]);
  // a NO sell at 0.48 is a YES buy at 0.52: it lifts the unified ask where our NO bid waits
  frame(trade(NO, "0.48", "40", "SELL", 3), 3);
  assert.equal(got.at(-1)?.orderId, ids[1]);
  assert.equal(got.at(-1)?.sizeMicro, 10e6);
  const rec = await p.reconcile(0);
  assert.deepEqual(rec.balances, {
    cashMicro: 1000e6 - 0.48 * 5e6 - 0.48 * 10e6,
    yesMicro: 5e6,
    noMicro: 10e6,
  });
  assert.deepEqual(rec.openOrders.map((o) => [o.id, o.matchedMicro]), [[ids[0], 5e6]]);
  assert.equal(rec.fills.length, 2);
  const c = await p.cancelAll();
  assert.deepEqual(c.canceled, [ids[0]]);
  assert.deepEqual((await p.reconcile(0)).openOrders, []);
  assert.equal(p.userChannel(), null);
  assert.equal(await p.history(0), null, "no history host: no warm start, no crash");
});
