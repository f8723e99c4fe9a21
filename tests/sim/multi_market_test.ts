/**
 * Many markets on one simulator, driven by Polymarket's own client: one
 * wallet across them, per-market cancels, one heartbeat switch per user that
 * cancels in every market when it fires, GTD expiry, and a neg-risk event
 * whose outcomes resolve together with exactly one YES.
 */

import assert from "node:assert/strict";
import { AssetType, OrderType, Side } from "@polymarket/clob-client-v2";
import { startSimServer } from "../../lib/sim/mod.ts";
import { client } from "./_client.ts";

const OPTS = { tickSize: "0.01" as const, negRisk: false };
const NEG = { tickSize: "0.01" as const, negRisk: true };

Deno.test("sim --markets: one wallet, per-market cancels, one heartbeat switch across markets", async () => {
  let now = Date.now();
  const sim = await startSimServer({
    scenario: "e2",
    seed: 5,
    agents: false,
    markets: 4,
    clock: () => now,
  });
  try {
    assert.equal(sim.markets.length, 4);
    assert.equal(new Set(sim.markets.map((m) => m.ids.conditionId)).size, 4);
    const [m0, m1, m2] = sim.markets;
    assert.equal(m0.exchange.spec.negRisk, false);
    assert.ok(m1.event && m2.event && m1.event.id === m2.event.id);
    const { c } = await client(sim);

    // one wallet: 1000 USDC, whichever market asks
    const cash = async () =>
      Number((await c.getBalanceAllowance({ asset_type: AssetType.COLLATERAL })).balance) / 1e6;
    assert.equal(await cash(), 1000);
    const a = await c.createAndPostOrder(
      { tokenID: m0.ids.yesTokenId, price: 0.4, size: 1500, side: Side.BUY },
      OPTS,
      OrderType.GTC,
      true,
    );
    assert.equal(a.success, true); // 600 USDC reserved in market 0
    const b = await c.createAndPostOrder(
      { tokenID: m1.ids.yesTokenId, price: 0.4, size: 1500, side: Side.BUY },
      NEG,
      OrderType.GTC,
      true,
    ).catch((e) => e);
    // the 400 left cannot cover another 600 in market 1: the reservation is the wallet's
    assert.ok(!b?.success, JSON.stringify(b));
    const c1 = await c.createAndPostOrder(
      { tokenID: m1.ids.yesTokenId, price: 0.4, size: 500, side: Side.BUY },
      NEG,
      OrderType.GTC,
      true,
    );
    assert.equal(c1.success, true);

    // a market's cancel leaves the other markets' orders alone
    const cancel = await c.cancelMarketOrders({ market: m0.ids.conditionId });
    assert.deepEqual(cancel.canceled, [a.orderID]);
    assert.equal(m1.exchange.openOrders().length, 1);

    // the dead-man switch is the user's: silence cancels in every market
    await c.createAndPostOrder(
      { tokenID: m2.ids.noTokenId, price: 0.3, size: 10, side: Side.BUY },
      NEG,
      OrderType.GTC,
      true,
    );
    const hb = await c.postHeartbeat("");
    assert.ok(hb.heartbeat_id);
    now += 10_000;
    await c.postHeartbeat(hb.heartbeat_id); // still alive: nothing cancelled
    assert.equal(m1.exchange.openOrders().length + m2.exchange.openOrders().length, 2);
    now += 16_000;
    await fetch(`${sim.url}/admin/state`).then((r) => r.body?.cancel());
    assert.equal(m1.exchange.openOrders().length, 0);
    assert.equal(m2.exchange.openOrders().length, 0);
    assert.equal(await cash(), 1000, "every reservation released");
  } finally {
    await sim.stop();
  }
});

Deno.test("sim --markets: the neg-risk event is one Gamma event and resolves with exactly one YES", async () => {
  let now = Date.now();
  const sim = await startSimServer({
    scenario: "e1",
    seed: 9,
    agents: false,
    markets: 5,
    eventOutcomes: 3,
    clock: () => now,
  });
  try {
    const events = await (await fetch(`${sim.gammaUrl}/events`)).json() as {
      id: string;
      negRisk?: boolean;
      markets: { conditionId: string; negRisk: boolean }[];
    }[];
    const neg = events.filter((e) => e.negRisk);
    assert.equal(neg.length, 1);
    assert.equal(neg[0].markets.length, 3);
    assert.ok(neg[0].markets.every((m) => m.negRisk));
    assert.equal(events.length, 3); // two markets of their own, one event
    now = sim.market.resolveMs + 1;
    await fetch(`${sim.url}/admin/state`).then((r) => r.body?.cancel());
    const outcomes = sim.markets.slice(2).map((m) => m.exchange.resolved);
    assert.deepEqual(outcomes.filter((w) => w === 0).length, 1, `winners ${outcomes}`);
    assert.ok(outcomes.every((w) => w !== null));
  } finally {
    await sim.stop();
  }
});
