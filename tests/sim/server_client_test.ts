/**
 * The real @polymarket/clob-client-v2 with a viem account against the
 * simulator over HTTP, and WebSocket clients on both channels. Every test
 * starts its own server on a free port and stops it.
 */

import assert from "node:assert/strict";
import { AssetType, ClobClient, OrderType, Side } from "@polymarket/clob-client-v2";
import { l2Signature, SCENARIOS } from "../../lib/sim/mod.ts";
import { parseRewardRules } from "../../lib/exchange/mod.ts";
import { client, emptySim, seedBook, wallet, Ws } from "./_client.ts";
import { until } from "../_wait.ts";

const OPTS = { tickSize: "0.01" as const, negRisk: false };

/** The clients return `{ error, status }` objects on failure (their types do not say so). */
function failure(x: unknown): { status?: number; error?: string; heartbeat_id?: string } {
  return x as { status?: number; error?: string; heartbeat_id?: string };
}

Deno.test("API keys: create once, derive the same creds, refuse bad L1 headers", async () => {
  const sim = await emptySim();
  try {
    const signer = wallet();
    const l1 = new ClobClient({ host: sim.url, chain: 137, signer });
    const created = await l1.createApiKey();
    assert.match(created.key, /^[0-9a-f-]{36}$/);
    const derived = await l1.deriveApiKey();
    assert.deepEqual(derived, created);
    assert.deepEqual(await l1.createOrDeriveApiKey(), created); // create fails, derive answers
    const bad = await fetch(`${sim.url}/auth/api-key`, {
      method: "POST",
      headers: {
        POLY_ADDRESS: signer.account.address,
        POLY_SIGNATURE: "0x" + "11".repeat(65),
        POLY_TIMESTAMP: "1",
        POLY_NONCE: "0",
      },
    });
    assert.equal(bad.status, 401);
    assert.deepEqual(await bad.json(), { error: "Invalid L1 Request headers" });
  } finally {
    await sim.stop();
  }
});

Deno.test("L2: a wrong HMAC, key or stale timestamp is refused as the venue does", async () => {
  const sim = await emptySim();
  try {
    const { creds, address } = await client(sim);
    const ts = String(Math.floor(Date.now() / 1000));
    const headers = (sig: string, t = ts, key = creds.key) => ({
      POLY_ADDRESS: address,
      POLY_SIGNATURE: sig,
      POLY_TIMESTAMP: t,
      POLY_API_KEY: key,
      POLY_PASSPHRASE: creds.passphrase,
    });
    const good = await l2Signature(creds.secret, ts, "GET", "/data/orders", "");
    assert.equal((await fetch(`${sim.url}/data/orders`, { headers: headers(good) })).status, 200);
    for (
      const h of [
        headers(good.slice(0, -4) + "AAA="),
        headers(good, "1000"),
        headers(good, ts, "nope"),
      ]
    ) {
      const r = await fetch(`${sim.url}/data/orders`, { headers: h });
      assert.equal(r.status, 401);
      assert.deepEqual(await r.json(), { error: "Unauthorized/Invalid api key" });
    }
  } finally {
    await sim.stop();
  }
});

Deno.test("orders: post one, post a batch of 15, post-only cross refused, open orders, cancels", async () => {
  const sim = await emptySim();
  try {
    const ids = sim.market.ids;
    seedBook(sim, [
      { token: 0, side: "BUY", price: 0.45, size: 100 },
      { token: 0, side: "SELL", price: 0.55, size: 100 },
    ]);
    const { c } = await client(sim);
    const one = await c.createAndPostOrder(
      { tokenID: ids.yesTokenId, price: 0.44, size: 10, side: Side.BUY },
      OPTS,
      OrderType.GTC,
      true,
    );
    assert.equal(one.success, true);
    assert.equal(one.status, "live");
    assert.match(one.orderID, /^0x[0-9a-f]{64}$/);

    // the order id is the EIP-712 hash the client itself computes
    const signed = await c.createOrder({
      tokenID: ids.yesTokenId,
      price: 0.43,
      size: 10,
      side: Side.BUY,
    }, OPTS);
    const batch = [{ order: signed, orderType: OrderType.GTC }];
    for (let i = 0; i < 14; i++) {
      const px = i % 2 === 0 ? 0.30 + i / 100 : 0.60 + i / 100;
      const side = i % 2 === 0 ? Side.BUY : Side.SELL;
      const token = side === Side.SELL ? ids.noTokenId : ids.yesTokenId; // sell side as BUY NO works too
      const o = await c.createOrder({
        tokenID: token,
        price: side === Side.SELL ? 1 - px : px,
        size: 5 + i,
        side: Side.BUY,
      }, OPTS);
      batch.push({ order: o, orderType: OrderType.GTC });
    }
    const res = await c.postOrders(batch, true);
    assert.equal(res.length, 15);
    assert.ok(
      res.every((r: { success: boolean }) => r.success),
      JSON.stringify(res.filter((r: { success: boolean }) => !r.success)),
    );
    assert.equal(res[0].orderID.length, 66);

    const cross = failure(
      await c.createAndPostOrder(
        { tokenID: ids.yesTokenId, price: 0.55, size: 10, side: Side.BUY },
        OPTS,
        OrderType.GTC,
        true,
      ),
    );
    assert.equal(cross.status, 400);
    assert.match(cross.error!, /^order 0x[0-9a-f]{64} crosses the book$/);

    const open = await c.getOpenOrders();
    assert.equal(open.length, 16);
    assert.ok(
      open.some((o) =>
        o.id === one.orderID && o.status === "LIVE" && o.price === "0.44" &&
        o.original_size === "10"
      ),
    );

    const single = await c.cancelOrder({ orderID: one.orderID });
    assert.deepEqual(single, { canceled: [one.orderID], not_canceled: {} });
    const again = await c.cancelOrder({ orderID: one.orderID });
    assert.deepEqual(again.canceled, []);
    const two = await c.cancelOrders([res[0].orderID, res[1].orderID]);
    assert.equal(two.canceled.length, 2);
    const noTok = await c.cancelMarketOrders({ asset_id: ids.noTokenId });
    assert.equal(noTok.canceled.length, 7);
    const rest = await c.cancelAll();
    assert.equal(rest.canceled.length, 6);
    assert.equal((await c.getOpenOrders()).length, 0);
  } finally {
    await sim.stop();
  }
});

Deno.test("a taker order trades; trades, balances and the heartbeat answer as on the venue", async () => {
  const sim = await emptySim({
    settlement: { minedDelayMs: 100, confirmDelayMs: 100, failureRate: 0 },
  });
  try {
    const ids = sim.market.ids;
    seedBook(sim, [{ token: 0, side: "SELL", price: 0.55, size: 100 }]);
    const { c } = await client(sim);
    const bal0 = await c.getBalanceAllowance({ asset_type: AssetType.COLLATERAL });
    assert.equal(bal0.balance, "1000000000");
    assert.ok(Object.values(bal0.allowances).every((a) => BigInt(a) > 0n));
    const r = await c.createAndPostOrder(
      { tokenID: ids.yesTokenId, price: 0.56, size: 20, side: Side.BUY },
      OPTS,
      OrderType.GTC,
    );
    assert.equal(r.success, true);
    assert.equal(r.status, "matched");
    assert.equal(r.tradeIDs?.length, 1);
    assert.equal(r.transactionsHashes?.length, 1); // the client waited for the trade to be mined
    const trades = await c.getTrades();
    assert.equal(trades.length, 1);
    assert.deepEqual([trades[0].side, trades[0].size, trades[0].price, trades[0].trader_side], [
      "BUY",
      "20",
      "0.55",
      "TAKER",
    ]);
    assert.equal(trades[0].maker_orders[0].matched_amount, "20");
    const bal = await c.getBalanceAllowance({ asset_type: AssetType.COLLATERAL });
    assert.equal(bal.balance, String(1_000_000_000 - 11_000_000));
    const yes = await c.getBalanceAllowance({
      asset_type: AssetType.CONDITIONAL,
      token_id: ids.yesTokenId,
    });
    assert.equal(yes.balance, "20000000");
    const hb1 = await c.postHeartbeat();
    assert.match(hb1.heartbeat_id, /^[0-9a-f]{32}$/);
    const hb2 = await c.postHeartbeat(hb1.heartbeat_id);
    assert.notEqual(hb2.heartbeat_id, hb1.heartbeat_id);
    const stale = failure(await c.postHeartbeat(hb1.heartbeat_id));
    assert.equal(stale.status, 400);
    assert.equal(stale.heartbeat_id, hb2.heartbeat_id);
  } finally {
    await sim.stop();
  }
});

Deno.test("market data over REST: book (best last), tick size, neg risk, midpoint, market info", async () => {
  const sim = await emptySim();
  try {
    const ids = sim.market.ids;
    seedBook(sim, [
      { token: 0, side: "BUY", price: 0.40, size: 10 },
      { token: 0, side: "BUY", price: 0.45, size: 20 },
      { token: 1, side: "BUY", price: 0.45, size: 30 }, // YES ask at 0.55
    ]);
    const c = new ClobClient({ host: sim.url, chain: 137 });
    const book = await c.getOrderBook(ids.yesTokenId);
    assert.deepEqual(book.bids, [{ price: "0.4", size: "10" }, { price: "0.45", size: "20" }]);
    assert.deepEqual(book.asks, [{ price: "0.55", size: "30" }]);
    assert.equal(book.hash.length, 40);
    const noBook = await c.getOrderBook(ids.noTokenId);
    assert.deepEqual(noBook.bids, [{ price: "0.45", size: "30" }]);
    assert.deepEqual(noBook.asks, [{ price: "0.6", size: "10" }, { price: "0.55", size: "20" }]);
    assert.equal(await c.getTickSize(ids.yesTokenId), "0.01");
    assert.equal(await c.getNegRisk(ids.yesTokenId), false);
    assert.deepEqual(await c.getMidpoint(ids.yesTokenId), { mid: "0.5" });
    const info = await c.getClobMarketInfo(ids.conditionId);
    assert.deepEqual(info.t.map((t: { o: string }) => t.o), ["Yes", "No"]);
    const missing = await fetch(`${sim.url}/book?token_id=123`);
    assert.equal(missing.status, 404);
  } finally {
    await sim.stop();
  }
});

Deno.test("WebSockets: initial dump, price_change on place and cancel, last_trade_price, user order/trade events in order", async () => {
  const sim = await emptySim({
    settlement: { minedDelayMs: 50, confirmDelayMs: 50, failureRate: 0 },
  });
  const ids = sim.market.ids;
  seedBook(sim, [{ token: 0, side: "SELL", price: 0.60, size: 50 }]);
  const { c, creds } = await client(sim);
  const market = await Ws.open(`${sim.wsUrl}/ws/market`, {
    type: "market",
    assets_ids: [ids.yesTokenId, ids.noTokenId],
    initial_dump: true,
  });
  const user = await Ws.open(`${sim.wsUrl}/ws/user`, {
    type: "user",
    markets: [ids.conditionId],
    auth: { apiKey: creds.key, secret: creds.secret, passphrase: creds.passphrase },
  });
  try {
    const dump = JSON.parse(await market.next((f) => f.startsWith("[")));
    assert.deepEqual(
      dump.map((b: { event_type: string; asset_id: string }) => [b.event_type, b.asset_id]),
      [
        ["book", ids.yesTokenId],
        ["book", ids.noTokenId],
      ],
    );
    assert.deepEqual(dump[0].asks, [{ price: "0.6", size: "50" }]);

    market.ws.send("PING");
    await market.next((f) => f === "PONG");

    let from = market.frames.length;
    const placed = await c.createAndPostOrder(
      { tokenID: ids.yesTokenId, price: 0.5, size: 10, side: Side.BUY },
      OPTS,
      OrderType.GTC,
      true,
    );
    const pc = JSON.parse(await market.next((f) => f.includes('"price_change"'), 5000, from));
    assert.deepEqual(
      pc.price_changes.map((
        x: Record<string, string>,
      ) => [x.asset_id, x.price, x.size, x.side, x.best_bid, x.best_ask]),
      [
        [ids.yesTokenId, "0.5", "10", "BUY", "0.5", "0.6"],
        [ids.noTokenId, "0.5", "10", "SELL", "0.4", "0.5"],
      ],
    );

    from = market.frames.length;
    await c.cancelOrder({ orderID: placed.orderID });
    const gone = JSON.parse(await market.next((f) => f.includes('"price_change"'), 5000, from));
    assert.equal(gone.price_changes[0].size, "0");

    from = market.frames.length;
    const taken = await c.createAndPostOrder(
      { tokenID: ids.yesTokenId, price: 0.6, size: 10, side: Side.BUY },
      OPTS,
      OrderType.GTC,
    );
    const ltp = JSON.parse(await market.next((f) => f.includes("last_trade_price"), 5000, from));
    assert.deepEqual([ltp.asset_id, ltp.price, ltp.size, ltp.side], [
      ids.yesTokenId,
      "0.6",
      "10",
      "BUY",
    ]);

    // user channel: PLACEMENT and CANCELLATION of the resting order, then the trade MATCHED → MINED → CONFIRMED
    await user.next((f) => f.includes('"CONFIRMED"'));
    const mine = user.frames.map((f) => JSON.parse(f));
    const orderEvents = mine.filter((e) => e.event_type === "order" && e.id === placed.orderID).map(
      (e) => e.type,
    );
    assert.deepEqual(orderEvents, ["PLACEMENT", "CANCELLATION"]);
    const tradeStatuses = mine.filter((e) =>
      e.event_type === "trade" && e.taker_order_id === taken.orderID
    ).map((e) => e.status);
    assert.deepEqual(tradeStatuses, ["MATCHED", "MINED", "CONFIRMED"]);
    assert.ok(mine.every((e) => e.event_type !== "trade" || e.trader_side === "TAKER"));
  } finally {
    await market.close();
    await user.close();
    await sim.stop();
  }
});

Deno.test("a user channel with bad credentials is refused", async () => {
  const sim = await emptySim();
  try {
    const ws = await Ws.open(`${sim.wsUrl}/ws/user`, {
      type: "user",
      auth: { apiKey: "x", secret: "y", passphrase: "z" },
    });
    await ws.closed;
    assert.match(ws.frames[0], /Unauthorized/);
  } finally {
    await sim.stop();
  }
});

Deno.test("faults: error bursts, reject storms, cancel-only, maker not allowed, WebSocket drops", async () => {
  const sim = await emptySim();
  try {
    const ids = sim.market.ids;
    const { c } = await client(sim);
    const admin = (path: string, body: unknown) =>
      fetch(`${sim.url}/admin/${path}`, { method: "POST", body: JSON.stringify(body) }).then((r) =>
        r.json()
      );

    await admin("faults", { errorBurst: 2, errorStatus: 429 });
    const r1 = await c.getOpenOrders().catch((e) => e);
    assert.ok(r1 instanceof Error || (r1 as { status?: number }).status === 429);
    const raw = await fetch(`${sim.url}/time`);
    assert.deepEqual([raw.status, await raw.json()], [429, { error: "Too Many Requests" }]);
    assert.equal((await fetch(`${sim.url}/time`)).status, 200);

    await admin("faults", { rejectStorm: 1 });
    const storm = failure(
      await c.createAndPostOrder(
        { tokenID: ids.yesTokenId, price: 0.3, size: 10, side: Side.BUY },
        OPTS,
        OrderType.GTC,
        true,
      ),
    );
    assert.deepEqual([storm.status, storm.error], [500, "could not run the execution"]);

    await admin("mode", { mode: "cancel_only" });
    const co = failure(
      await c.createAndPostOrder(
        { tokenID: ids.yesTokenId, price: 0.3, size: 10, side: Side.BUY },
        OPTS,
        OrderType.GTC,
        true,
      ),
    );
    assert.equal(co.status, 503);
    assert.match(co.error!, /cancel-only/);
    await admin("mode", { mode: "open" });

    await admin("faults", { makerNotAllowed: true });
    const na = failure(
      await c.createAndPostOrder(
        { tokenID: ids.yesTokenId, price: 0.3, size: 10, side: Side.BUY },
        OPTS,
        OrderType.GTC,
        true,
      ),
    );
    assert.equal(na.error, "maker address not allowed, please use the deposit wallet flow");
    await admin("faults", { makerNotAllowed: false });

    const bad = await fetch(`${sim.url}/admin/faults`, {
      method: "POST",
      body: JSON.stringify({ nope: 1 }),
    });
    assert.equal(bad.status, 400);

    const ws = await Ws.open(`${sim.wsUrl}/ws/market`, {
      type: "market",
      assets_ids: [ids.yesTokenId],
    });
    await admin("drop-ws", {});
    await ws.closed;
    assert.equal(ws.ws.readyState, WebSocket.CLOSED);
  } finally {
    await sim.stop();
  }
});

Deno.test("metadata and public trades for offline analysis: Gamma markets and events, data-API trades", async () => {
  const sim = await startWithAgents();
  try {
    const m = await (await fetch(`${sim.gammaUrl}/markets?slug=sim-e2`)).json();
    assert.equal(m.length, 1);
    assert.deepEqual(JSON.parse(m[0].clobTokenIds), [
      sim.market.ids.yesTokenId,
      sim.market.ids.noTokenId,
    ]);
    assert.deepEqual(JSON.parse(m[0].outcomes), ["Yes", "No"]);
    const ev = await (await fetch(`${sim.gammaUrl}/events/slug/sim-e2`)).json();
    assert.equal(ev.markets[0].conditionId, sim.market.ids.conditionId);
    const trades =
      await (await fetch(`${sim.dataUrl}/trades?market=${sim.market.ids.conditionId}&limit=50`))
        .json();
    assert.ok(trades.length > 0);
    assert.match(trades[0].proxyWallet, /^0x[0-9a-f]{40}$/);
    assert.ok(["BUY", "SELL"].includes(trades[0].side));
  } finally {
    await sim.stop();
  }
});

async function startWithAgents() {
  const { startSimServer } = await import("../../lib/sim/mod.ts");
  const sim = await startSimServer({ scenario: "e2", seed: 2, speed: 600 });
  // let the agents trade for a few simulated minutes
  await until("5 public trades", () => sim.market.publicTrades.length >= 5);
  return sim;
}

Deno.test("market orders: createAndPostMarketOrder FAK BUY (USDC) and SELL (shares) under the venue's market-order precision", async () => {
  const sim = await emptySim({
    settlement: { minedDelayMs: 50, confirmDelayMs: 50, failureRate: 0 },
  });
  try {
    const ids = sim.market.ids;
    seedBook(sim, [
      { token: 0, side: "SELL", price: 0.53, size: 100 },
      { token: 0, side: "BUY", price: 0.5, size: 100 },
    ]);
    const { c, address } = await client(sim);
    // BUY 12.34 USDC: maker 12.34 (2 decimals), taker 23.283 shares (≤ 4 decimals)
    const buy = await c.createAndPostMarketOrder(
      { tokenID: ids.yesTokenId, amount: 12.34, side: Side.BUY, price: 0.53 },
      OPTS,
      OrderType.FAK,
    );
    assert.equal(buy.success, true, JSON.stringify(buy));
    assert.equal(buy.status, "matched");
    const acct = sim.market.exchange.account(address.toLowerCase());
    assert.equal(acct.yes, 23_283_000, "23.283 shares bought");
    // the limit-order rule is not applied to it: a 4-decimal share amount is fine
    // SELL 10 shares at 0.50: maker 10 shares (2 decimals), taker 5 USDC
    const sell = await c.createAndPostMarketOrder(
      { tokenID: ids.yesTokenId, amount: 10, side: Side.SELL, price: 0.5 },
      OPTS,
      OrderType.FAK,
    );
    assert.equal(sell.success, true, JSON.stringify(sell));
    assert.equal(sim.market.exchange.account(address.toLowerCase()).yes, 13_283_000);
    // amounts past the market-order precision are refused with the venue's text
    const { decodeOrder } = await import("../../lib/sim/signed_order.ts");
    const { orderTypedData } = await import("../../lib/exchange/mod.ts");
    const signer = wallet();
    const base = await c.createOrder(
      { tokenID: ids.yesTokenId, price: 0.53, size: 10, side: Side.BUY },
      OPTS,
    );
    const bad = {
      ...base,
      maker: signer.account.address,
      signer: signer.account.address,
      signatureType: 0,
      makerAmount: "5565001", // 5.565001 USDC: 6 decimals
      takerAmount: "10500000",
    };
    // deno-lint-ignore no-explicit-any
    const typed = orderTypedData(bad as any, 137, false);
    // deno-lint-ignore no-explicit-any
    bad.signature = await signer.account.signTypedData(typed as any);
    await assert.rejects(
      decodeOrder(bad, 137, false, 100, true),
      /invalid amounts, the market buy orders maker amount supports a max accuracy of 2 decimals, taker amount a max of 4 decimals/,
    );
    // the same amounts as a limit order break its own (tick-based) rule
    await assert.rejects(
      decodeOrder(bad, 137, false, 100, false),
      /invalid amounts, the buy orders maker amount supports a max accuracy of 4 decimals/,
    );
  } finally {
    await sim.stop();
  }
});

Deno.test("liquidity rewards: the client reads the program, asks which orders score, and reads the day's earnings", async () => {
  // 1 USDC a minute for orders within 3¢ of the adjusted midpoint and of 20 shares or more
  const rewards = { dailyPoolUsdc: 1_440, maxSpreadCents: 3, minSizeShares: 20 };
  const sim = await emptySim({ scenario: { ...SCENARIOS.e2, rewards } });
  try {
    const ids = sim.market.ids;
    seedBook(sim, [
      { token: 0, side: "BUY", price: 0.45, size: 100 },
      { token: 0, side: "SELL", price: 0.55, size: 100 },
    ]);
    const { c, address } = await client(sim);
    const post = async (tokenID: string, price: number, size: number) =>
      (await c.createAndPostOrder(
        { tokenID, price, size, side: Side.BUY },
        OPTS,
        OrderType.GTC,
        true,
      )).orderID as string;
    const inBand = await post(ids.yesTokenId, 0.48, 30);
    const far = await post(ids.yesTokenId, 0.40, 30);
    const small = await post(ids.yesTokenId, 0.49, 10); // under the min size (and under the cutoff)
    const noBid = await post(ids.noTokenId, 0.49, 25); // a YES ask at 0.51
    // the adjusted midpoint skips the 10 shares at 0.49: (0.48 + 0.51)/2, both of ours 1.5¢ away
    assert.equal(sim.market.rewards.adjustedMid(), 4_950);
    const scoring = await c.areOrdersScoring({ orderIds: [inBand, far, small, noBid] });
    assert.deepEqual(scoring, { [inBand]: true, [far]: false, [small]: false, [noBid]: true });
    assert.deepEqual(await c.isOrderScoring({ order_id: inBand }), { scoring: true });
    assert.deepEqual(await c.isOrderScoring({ order_id: far }), { scoring: false });
    // the venue's list of rewarded markets, as the client pages it
    const current = await c.getCurrentRewards();
    assert.equal(current.length, 1);
    assert.equal(current[0].condition_id, ids.conditionId);
    assert.deepEqual(
      [
        current[0].rewards_max_spread,
        current[0].rewards_min_size,
        current[0].rewards_config[0].rate_per_day,
      ],
      [3, 20, 1_440],
    );
    // the program as the venue publishes it, read as pm4 reads it
    const rules = parseRewardRules(await c.getMarket(ids.conditionId));
    assert.deepEqual(rules, {
      dailyPoolUsdc: 1_440,
      maxSpreadCents: 3,
      minSizeMicro: 20e6,
      multiplier: 1,
      scale: 3,
    });
    // one sample: ours (0.25·30 and 0.25·25 → Q_min 6.25) against the maker's 0.45/0.55,
    // 4.5¢ and 5.5¢ away: outside the band, so the minute is all ours
    const now = Date.now();
    sim.market.rewards.sample(now - 86_400_000);
    sim.market.rewards.sample(now);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const earned = await c.getTotalEarningsForUserForDay(day(now));
    assert.equal(earned.length, 1);
    assert.equal(earned[0].maker_address, address.toLowerCase());
    assert.equal(earned[0].earnings, 1);
    // an earlier day keeps its earnings; a day without samples has none
    assert.equal((await c.getTotalEarningsForUserForDay(day(now - 86_400_000)))[0].earnings, 1);
    assert.equal((await c.getTotalEarningsForUserForDay(day(now - 2 * 86_400_000)))[0].earnings, 0);
    // a date the venue cannot read is refused, not answered with nothing
    const bad = failure(await c.getTotalEarningsForUserForDay("yesterday"));
    assert.deepEqual([bad.status, bad.error], [400, "invalid date yesterday: expected YYYY-MM-DD"]);
  } finally {
    await sim.stop();
  }
});
