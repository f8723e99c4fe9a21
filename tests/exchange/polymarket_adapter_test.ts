/**
 * The live adapter (clob-client-v2 + the fast signer) against the simulator
 * on loopback: keys, market constants, batches, cancels, reconciliation,
 * fills, heartbeats, and the venue's error cases with their hints.
 */

import assert from "node:assert/strict";
import { simRunConfig } from "../../lib/cli/sim_cmd.ts";
import type { NewOrder } from "../../lib/engine/mod.ts";
import { ExchangeError, hintFor, PolymarketAdapter, readLiveEnv } from "../../lib/exchange/mod.ts";
import { type SimServer } from "../../lib/sim/mod.ts";
import { emptySim, seedBook } from "../sim/_client.ts";
import { until } from "../_wait.ts";

const PK = "0x" + "3c".repeat(32);

async function setup(env: Record<string, string> = {}, quote: Record<string, unknown> = {}) {
  const sim = await emptySim();
  seedBook(sim, [
    { token: 0, side: "BUY", price: 0.4, size: 100 },
    { token: 0, side: "SELL", price: 0.6, size: 100 },
  ]);
  const cfg = simRunConfig(sim, { bankrollUsdc: 1000, dataDir: "./data/unused", extra: { quote } });
  const vars: Record<string, string> = { PK, ...env };
  const adapter = new PolymarketAdapter(cfg, readLiveEnv((k) => vars[k]), {
    attempts: 3,
    baseDelayMs: 5,
  });
  return { sim, adapter };
}

let nextClient = 1;
const order = (token: "YES" | "NO", priceTicks: number, sizeShares: number): NewOrder => ({
  clientId: nextClient++,
  token,
  side: "BUY",
  priceTicks,
  tickPips: 100,
  sizeMicro: sizeShares * 1e6,
});

/** A taker (in-process) sells `size` YES into the bids down to `price`. */
function sellYes(sim: SimServer, price: number, size: number): void {
  const ex = sim.market.exchange;
  ex.deposit("0xtaker", 0, 1e12, 0);
  const r = ex.place({
    id: `0xtake${nextClient++}`,
    owner: "taker",
    address: "0xtaker",
    token: 0,
    side: "SELL",
    pricePips: Math.round(price * 10_000),
    sizeMicro: size * 1e6,
    type: "FAK",
    postOnly: false,
    expirationMs: 0,
  }, Date.now());
  if (!r.ok) throw new Error(r.message);
}

Deno.test("adapter: start derives keys and reads tick, minimum size, balances and leftovers", async () => {
  const { sim, adapter } = await setup();
  try {
    const st = await adapter.start(0);
    assert.deepEqual(st.market, { tickPips: 100, minOrderMicro: 5e6, ownOrdersInBook: true });
    assert.deepEqual(st.balances, { cashMicro: 1000e6, yesMicro: 0, noMicro: 0 });
    assert.deepEqual(st.openOrders, []);
    assert.ok(adapter.owner.length > 0);
    const uc = adapter.userChannel();
    assert.equal(uc.url, `${sim.wsUrl}/ws/user`);
  } finally {
    await sim.stop();
  }
});

Deno.test("adapter: a batch is signed, posted post-only and found by its ids; cancels report per id", async () => {
  const { sim, adapter } = await setup();
  try {
    await adapter.start(0);
    const batch = [order("YES", 45, 10), order("YES", 44, 10), order("NO", 45, 10)];
    const signed = new Map<number, string>();
    const res = await adapter.place(batch, (c, id) => signed.set(c, id));
    assert.deepEqual(res.map((r) => r.outcome), ["live", "live", "live"]);
    const ids = batch.map((o) => signed.get(o.clientId)!);
    const rec = await adapter.reconcile(Date.now() - 60_000);
    assert.deepEqual(rec.openOrders.map((o) => o.id).sort(), [...ids].sort());
    const no = rec.openOrders.find((o) => o.id === ids[2])!;
    assert.deepEqual([no.token, no.side, no.pricePips, no.originalMicro], [
      "NO",
      "BUY",
      4500,
      10e6,
    ]);
    assert.equal(rec.balances.cashMicro, 1000e6, "reservations do not move the balance");

    // post-only: a bid at the ask is refused; the adapter reads the venue's words
    const [cross] = await adapter.place([order("YES", 60, 10)], () => {});
    assert.equal(cross.outcome, "crosses_book");
    assert.equal(cross.status, 400);
    assert.match(cross.message, /crosses the book/);

    const c1 = await adapter.cancel([ids[0], "0xdeadbeef"]);
    assert.deepEqual(c1.canceled, [ids[0]]);
    assert.equal(c1.notCanceled["0xdeadbeef"], "absent");
    const all = await adapter.cancelAll();
    assert.deepEqual(all.canceled.sort(), [ids[1], ids[2]].sort());
    assert.deepEqual((await adapter.reconcile(0)).openOrders, []);
  } finally {
    await sim.stop();
  }
});

Deno.test("adapter: orders are GTD, expiring order_ttl_s after placement (past the venue's minute); the venue retires them", async () => {
  const { sim, adapter } = await setup({}, { order_ttl_s: 1 });
  try {
    await adapter.start(0);
    const signed = new Map<number, string>();
    const before = Date.now();
    const [r] = await adapter.place([order("YES", 45, 10)], (c, id) => signed.set(c, id));
    assert.equal(r.outcome, "live");
    const o = sim.market.exchange.orders.get([...signed.values()][0])!;
    assert.equal(o.type, "GTD");
    // expiration = now + ttl + the venue's 60 s threshold, whole seconds
    const life = o.expirationMs - 60_000 - before;
    assert.ok(life >= 1000 && life <= 3000, `lives ${life} ms`);
    // a process killed now leaves nothing behind once the venue's clock passes it
    await until(
      "the venue retires the expired order",
      async () => (await adapter.reconcile(0)).openOrders.length === 0,
    );
  } finally {
    await sim.stop();
  }
});

Deno.test("adapter: a run with a planned end sends orders that expire two minutes past it, within order_ttl_s", async () => {
  const { sim, adapter } = await setup({}, { order_ttl_s: 900 });
  try {
    await adapter.start(0);
    const expiresIn = async (endInMs: number) => {
      adapter.endsBy(Date.now() + endInMs);
      const signed: string[] = [];
      const before = Date.now();
      const [r] = await adapter.place([order("YES", 40, 10)], (_c, id) => signed.push(id));
      assert.equal(r.outcome, "live");
      return sim.market.exchange.orders.get(signed[0])!.expirationMs - 60_000 - before;
    };
    // a 10-minute cron run: its orders retire 2 minutes after its end, not 15 after placement
    const cron = await expiresIn(600_000);
    assert.ok(cron >= 720_000 && cron <= 722_000, `${cron}`);
    // a run that ends in an hour: order_ttl_s bounds them
    const long = await expiresIn(3_600_000);
    assert.ok(long >= 900_000 && long <= 902_000, `${long}`);
  } finally {
    await sim.stop();
  }
});

Deno.test("adapter: fills of our orders come back from REST with our order ids; balances follow", async () => {
  const { sim, adapter } = await setup();
  try {
    await adapter.start(0);
    const ids: string[] = [];
    const [r] = await adapter.place([order("YES", 45, 20)], (_, id) => ids.push(id));
    assert.equal(r.outcome, "live");
    sellYes(sim, 0.45, 8);
    const rec = await adapter.reconcile(Date.now() - 60_000);
    assert.equal(rec.fills.length, 1);
    const f = rec.fills[0];
    assert.deepEqual(
      [f.orderId, f.token, f.side, f.pricePips, f.sizeMicro, f.feeMicro],
      [ids[0], "YES", "BUY", 4500, 8e6, 0],
    );
    assert.equal(rec.openOrders[0].matchedMicro, 8e6);
    assert.equal(rec.balances.yesMicro, 8e6);
    assert.equal(rec.balances.cashMicro, 1000e6 - 3.6e6);
    const hb = await adapter.heartbeat();
    assert.deepEqual(hb, { ok: true, error: "" });
  } finally {
    await sim.stop();
  }
});

Deno.test("adapter: transient venue errors are retried; refusals are surfaced with a hint", async () => {
  const { sim, adapter } = await setup();
  try {
    Object.assign(sim.faults, { errorBurst: 2, errorStatus: 503 });
    await adapter.start(0); // two 503s, then fine
    const [poor] = await adapter.place([order("YES", 45, 5000)], () => {});
    assert.equal(poor.outcome, "insufficient_funds");
    assert.match(poor.message, /not enough balance/);
    assert.match(hintFor(poor.message, poor.status), /fund the funder address/);
    Object.assign(sim.faults, { makerNotAllowed: true });
    const [na] = await adapter.place([order("YES", 45, 5)], () => {});
    assert.equal(na.outcome, "rejected");
    assert.match(na.message, /maker address not allowed/);
    assert.match(hintFor(na.message, na.status), /POLY_SIGNATURE_TYPE=3/);
  } finally {
    await sim.stop();
  }
});

Deno.test("adapter: wrong API credentials fail the start with a 401 and what to check", async () => {
  const { sim, adapter } = await setup({
    CLOB_API_KEY: "00000000-0000-0000-0000-000000000000",
    CLOB_SECRET: "c2VjcmV0LWNhbmFyeS1kby1ub3QtbG9n",
    CLOB_PASS_PHRASE: "nope",
  });
  try {
    await assert.rejects(adapter.start(0), (e: unknown) => {
      assert.ok(e instanceof ExchangeError);
      assert.equal(e.status, 401);
      assert.match(e.message, /CLOB_API_KEY/);
      assert.ok(!e.message.includes("c2VjcmV0LWNhbmFyeS1kby1ub3QtbG9n"), "no secret in errors");
      return true;
    });
  } finally {
    await sim.stop();
  }
});

Deno.test("adapter: a deposit wallet's orders are built and signed by the official client's builder", async () => {
  const { sim, adapter } = await setup({
    POLY_SIGNATURE_TYPE: "3",
    FUNDER_ADDRESS: "0x" + "d3".repeat(20),
  });
  try {
    await adapter.start(0);
    const ids: string[] = [];
    const [r] = await adapter.place([order("YES", 45, 10)], (_c, id) => ids.push(id));
    // signed by the client's builder (a 0x EIP-712 id) and posted: the simulator checks
    // signatures by recovering an EOA, which a deposit wallet's wrapper signature is not
    assert.match(ids[0], /^0x[0-9a-f]{64}$/);
    assert.ok(r.outcome === "live" || r.outcome === "rejected", r.outcome);
  } finally {
    await sim.stop();
  }
});

Deno.test("adapter: the reward program and the venue's word on which of our orders score", async () => {
  const { sim, adapter } = await setup();
  try {
    await adapter.start(0);
    // e2's program: 300 USDC a day within 4.5¢ of the adjusted midpoint, at least 100 shares
    assert.deepEqual(await adapter.rewardRules(), {
      dailyPoolUsdc: 300,
      maxSpreadCents: 4.5,
      minSizeMicro: 100e6,
      multiplier: 1,
      scale: 3,
    });
    const batch = [order("YES", 48, 100), order("YES", 47, 50), order("NO", 49, 120)];
    const signed = new Map<number, string>();
    await adapter.place(batch, (c, id) => signed.set(c, id));
    const [inBand, small, noBid] = batch.map((o) => signed.get(o.clientId)!);
    // around the 0.40/0.60 book's 0.50: 2¢ and 1¢ (the NO bid is a YES ask at 0.51) score;
    // 50 shares are under the min size; an id that is not ours does not score
    assert.deepEqual(await adapter.ordersScoring([inBand, small, noBid, "0xnotours"]), {
      [inBand]: true,
      [small]: false,
      [noBid]: true,
      "0xnotours": false,
    });
  } finally {
    await sim.stop();
  }
});
