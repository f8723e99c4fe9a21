import assert from "node:assert/strict";
import { fillsOfTrade, UserChannelParser } from "../../lib/exchange/mod.ts";

const OWNER = "key-ours";
const tokens = (id: string) => (id === "111" ? "YES" : id === "222" ? "NO" : undefined);

/** A trade where a taker bought YES against two makers: one of ours (a NO bid → mint) and a stranger. */
const MAKER_TRADE = {
  event_type: "trade",
  id: "trade-1",
  market: "0xm",
  asset_id: "111",
  side: "BUY",
  size: "30",
  price: "0.55",
  status: "MATCHED",
  owner: "key-taker",
  trader_side: "MAKER",
  taker_order_id: "0xtaker",
  match_time: "1795000000",
  maker_orders: [
    {
      order_id: "0xmine",
      owner: OWNER,
      asset_id: "222",
      matched_amount: "20",
      price: "0.45",
      side: "BUY",
      outcome: "No",
    },
    {
      order_id: "0xother",
      owner: "key-x",
      asset_id: "111",
      matched_amount: "10",
      price: "0.55",
      side: "SELL",
      outcome: "Yes",
    },
  ],
};

Deno.test("user channel: our maker entries become fills at our own price and token", () => {
  const fills = fillsOfTrade(MAKER_TRADE, OWNER, tokens);
  assert.deepEqual(fills, [{
    tradeId: "trade-1",
    orderId: "0xmine",
    token: "NO",
    side: "BUY",
    pricePips: 4500,
    sizeMicro: 20e6,
    feeMicro: 0,
    status: "MATCHED",
    matchMs: 1_795_000_000_000,
  }]);
  assert.deepEqual(fillsOfTrade(MAKER_TRADE, "key-nobody", tokens), []);
});

Deno.test("user channel: a trade we took is one fill of the taker order", () => {
  const taker = { ...MAKER_TRADE, owner: OWNER, trader_side: "TAKER", status: "CONFIRMED" };
  const [f] = fillsOfTrade(taker, OWNER, tokens);
  assert.equal(f.orderId, "0xtaker");
  assert.equal(f.token, "YES");
  assert.equal(f.sizeMicro, 30e6);
  assert.equal(f.status, "CONFIRMED");
});

Deno.test("user channel: frames parse into order updates and fills; junk is counted, not thrown", () => {
  const p = new UserChannelParser(OWNER, tokens);
  const order = {
    event_type: "order",
    id: "0xmine",
    asset_id: "222",
    type: "UPDATE",
    size_matched: "20",
    original_size: "50",
  };
  const out = p.parse(JSON.stringify([order, MAKER_TRADE]), 42);
  assert.deepEqual(out[0], {
    kind: "order_update",
    tMs: 42,
    orderId: "0xmine",
    type: "UPDATE",
    matchedMicro: 20e6,
  });
  assert.equal(out[1].kind, "fills");
  assert.equal(p.skipped, 0);
  assert.deepEqual(p.parse("PONG", 1), []);
  for (
    const bad of ["{", "[1]", '{"event_type":"nope"}', JSON.stringify({ ...order, type: "WAT" })]
  ) {
    assert.deepEqual(p.parse(bad, 1), []);
  }
  assert.equal(p.skipped, 4);
  // another market of the same account: ignored without counting as junk
  assert.deepEqual(p.parse(JSON.stringify({ ...order, asset_id: "999" }), 1), []);
  assert.equal(p.skipped, 4);
});
