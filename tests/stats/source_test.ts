import assert from "node:assert/strict";
import { type BookTop, FactsCollector, ItemFacts } from "../../lib/stats/mod.ts";
import { ENRICO_FRAMES } from "../_shared_data.ts";
import { LineDecoder } from "../../lib/backtest/formats.ts";

/** Records what the source feeds the collector. */
class Spy extends FactsCollector {
  books: { market: string; token: string; t: number; top: BookTop; churn: number }[] = [];
  trades: { market: string; token: string; t: number; buy: boolean; size: number }[] = [];
  override book(market: string, token: "yes" | "no", t: number, top: BookTop, churn = 0): void {
    this.books.push({ market, token, t, top, churn });
    super.book(market, token, t, top, churn);
  }
  override trade(market: string, token: "yes" | "no", t: number, buy: boolean, size: number): void {
    this.trades.push({ market, token, t, buy, size });
    super.trade(market, token, t, buy, size);
  }
}

const lv = (price: string, size: string) => ({ price, size });

Deno.test("frames become book tops in shares, churn near the touch and YES-direction trades", () => {
  const spy = new Spy();
  const src = new ItemFacts(spy);
  // the first token seen of a market is its YES; levels come best last, as the venue sends them
  src.frame(
    JSON.stringify([
      {
        event_type: "book",
        asset_id: "Y",
        market: "M",
        bids: [lv("0.45", "500"), lv("0.47", "60"), lv("0.48", "100"), lv("0.49", "50")],
        asks: [lv("0.60", "999"), lv("0.52", "30"), lv("0.51", "80"), lv("0.50", "40")],
        tick_size: "0.01",
        timestamp: "1000",
        hash: "",
      },
      {
        event_type: "book",
        asset_id: "N",
        market: "M",
        bids: [lv("0.50", "40")],
        asks: [lv("0.51", "50")],
        tick_size: "0.01",
        timestamp: "1000",
        hash: "",
      },
    ]),
    1000,
  );
  const yes = spy.books[0];
  assert.deepEqual([yes.market, yes.token, yes.t], ["M", "yes", 1000]);
  assert.deepEqual(yes.top, {
    bidPips: 4900,
    askPips: 5000,
    bidSize: 50,
    askSize: 40,
    bidDepth3: 50 + 100 + 60, // 0.49, 0.48, 0.47
    askDepth3: 40 + 80 + 30,
    tickPips: 100,
  });
  assert.equal(spy.books[1].token, "no");
  // the ask at 0.50 is taken (40 → 0) and a far level changes (not near the touch)
  src.frame(
    JSON.stringify({
      event_type: "price_change",
      market: "M",
      timestamp: "2000",
      price_changes: [
        {
          asset_id: "Y",
          price: "0.50",
          size: "0",
          side: "SELL",
          best_bid: "0.49",
          best_ask: "0.51",
        },
        {
          asset_id: "Y",
          price: "0.01",
          size: "700",
          side: "BUY",
          best_bid: "0.49",
          best_ask: "0.51",
        },
      ],
    }),
    2000,
  );
  assert.deepEqual(spy.books.slice(2).map((b) => [b.top.askPips, b.churn]), [[5100, 40], [
    5100,
    0,
  ]]);
  // a taker buys 10 NO: a YES sell that buys a token
  src.frame(
    JSON.stringify({
      event_type: "last_trade_price",
      asset_id: "N",
      market: "M",
      price: "0.51",
      size: "10",
      side: "BUY",
      fee_rate_bps: "0",
      timestamp: "3000",
    }),
    3000,
  );
  assert.deepEqual(spy.trades, [{ market: "M", token: "no", t: 3000, buy: true, size: 10 }]);
  const f = spy.finish();
  assert.equal(f.markets, 1);
  assert.equal(f.trades, 1);
});

Deno.test("known token ids name the market; a real recording's frames are measured", () => {
  const spy = new Spy();
  const src = new ItemFacts(spy, { conditionId: "C", yes: "N", no: "Y" }, "mine");
  src.frame(
    JSON.stringify({
      event_type: "book",
      asset_id: "Y",
      market: "C",
      bids: [lv("0.40", "10")],
      asks: [lv("0.41", "10")],
      tick_size: "0.01",
      timestamp: "1",
      hash: "",
    }),
    1,
  );
  assert.deepEqual([spy.books[0].market, spy.books[0].token], ["mine", "no"]);

  const enrico = new Spy();
  const real = new ItemFacts(enrico);
  const dec = new LineDecoder("ws_envelope");
  for (const line of Deno.readTextFileSync(ENRICO_FRAMES).split("\n")) {
    const it = dec.line(line);
    if (it) real.item(it);
  }
  const f = enrico.finish();
  assert.equal(f.markets, 14); // 28 tokens, two per market
  assert.ok(enrico.books.length >= 28 + 22, `${enrico.books.length} book states`);
  assert.equal(real.skipped, 0);
});
