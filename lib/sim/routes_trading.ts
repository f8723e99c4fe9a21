/**
 * The simulator's authenticated routes, as the CLOB serves them: API keys
 * (L1), and with L2 headers orders (signed, validated, matched), cancels,
 * our open orders and trades, balances and allowances, heartbeats (the
 * dead-man switch), order scoring and notifications.
 *
 * @module
 */

import { EXCHANGE_V2, NEG_RISK_ADAPTER, NEG_RISK_EXCHANGE_V2 } from "../exchange/mod.ts";
import { formatMicro } from "../market/mod.ts";
import type { KeyRecord } from "./auth.ts";
import {
  END_CURSOR,
  err,
  type Json,
  json,
  parseBody,
  type Router,
  type SimContext,
  tokenOf,
} from "./routes.ts";
import { REWARD_ASSET } from "./rewards.ts";
import { decodeOrder, OrderBodyError } from "./signed_order.ts";
import { openOrderJson, tokenId, tradeJson } from "./wire.ts";

/** An allowance that never runs out (2^256 − 1). */
const UNLIMITED = "115792089237316195423570985008687907853269984665640564039457584007913129639935";

/** Adds the authenticated routes. */
export function tradingRoutes(r: Router, ctx: SimContext): void {
  const { ex, auth, faults, clock, catchUp } = ctx;
  // an order id is unique across the venue: the market that holds it
  const orderOf = (id: string) => {
    for (const m of ctx.markets) {
      const o = m.exchange.orders.get(id);
      if (o) return { m, o };
    }
    return undefined;
  };
  r.route("POST", "/auth/api-key", false, async (req) => {
    const { address, nonce } = await auth.verifyL1(req.headers);
    if (auth.exists(address, nonce)) return err("Could not create api key");
    const rec = await auth.derive(address, nonce);
    if (ex.account(address.toLowerCase()).collateral === 0) {
      ex.deposit(address.toLowerCase(), ctx.fundMicro);
    }
    return json({ apiKey: rec.apiKey, secret: rec.secret, passphrase: rec.passphrase });
  });
  r.route("GET", "/auth/derive-api-key", false, async (req) => {
    const { address, nonce } = await auth.verifyL1(req.headers);
    if (!auth.exists(address, nonce)) return err("Could not derive api key", 400);
    const rec = await auth.derive(address, nonce);
    return json({ apiKey: rec.apiKey, secret: rec.secret, passphrase: rec.passphrase });
  });
  r.route("GET", "/auth/ban-status/closed-only", true, () => json({ closed_only: false }));
  r.route("GET", "/auth/api-keys", true, (_r, _u, _b, key) => json({ apiKeys: [key!.apiKey] }));
  r.route("DELETE", "/auth/api-key", true, (_r, _u, _b, key) => {
    auth.revoke(key!.apiKey);
    return json("OK");
  });
  r.route("POST", "/order", true, async (_r, _u, body, key) => {
    const res = await placeOne(ctx, parseBody(body), key!);
    return json(res.status === 200 ? res.body : { error: res.body.error }, res.status);
  });
  r.route("POST", "/orders", true, async (_r, _u, body, key) => {
    const list = parseBody(body);
    if (!Array.isArray(list)) return err("Invalid order payload");
    if (list.length > 15) return err("Too many orders in one request: at most 15");
    const out = [];
    for (const item of list) {
      const res = await placeOne(ctx, item, key!);
      out.push(res.status === 200 ? res.body : { ...res.body, status: "" });
    }
    return json(out);
  });
  const cancelIds = (list: string[], key: KeyRecord) => {
    catchUp();
    const canceled: string[] = [];
    const notCanceled: Record<string, string> = {};
    for (const id of list) {
      const found = orderOf(id);
      const o = found?.o;
      if (!o || o.owner !== key.apiKey) notCanceled[id] = "order not found";
      else if (o.status !== "LIVE") {
        notCanceled[id] = `order can't be canceled: already ${o.status.toLowerCase()}`;
      } else if (found.m.exchange.cancel(id, key.apiKey, clock())) canceled.push(id);
    }
    return json({ canceled, not_canceled: notCanceled });
  };
  r.route("DELETE", "/order", true, (_r, _u, body, key) => {
    const p = parseBody(body) as Json;
    if (typeof p?.orderID !== "string") return err("Invalid payload");
    return cancelIds([p.orderID], key!);
  });
  r.route("DELETE", "/orders", true, (_r, _u, body, key) => {
    const p = parseBody(body);
    if (!Array.isArray(p) || !p.every((x) => typeof x === "string")) return err("Invalid payload");
    return cancelIds(p as string[], key!);
  });
  r.route("DELETE", "/cancel-all", true, (_r, _u, _b, key) => {
    catchUp();
    const canceled = ctx.markets.flatMap((m) => m.exchange.cancelAll(key!.apiKey, clock()));
    return json({ canceled, not_canceled: {} });
  });
  r.route("DELETE", "/cancel-market-orders", true, (_r, _u, body, key) => {
    const p = (parseBody(body) ?? {}) as Json;
    const none = json({ canceled: [], not_canceled: {} });
    const token = p.asset_id === undefined ? undefined : tokenOf(ctx, String(p.asset_id));
    if (p.asset_id !== undefined && token === undefined) return none;
    // one market's orders only (another instance on this key quotes the others)
    const markets = ctx.markets.filter((m) =>
      (p.market === undefined || m.ids.conditionId === p.market) && (!token || token.m === m)
    );
    catchUp();
    const canceled = markets.flatMap((m) => m.exchange.cancelAll(key!.apiKey, clock(), token?.t));
    return json({ canceled, not_canceled: {} });
  });
  const page = (data: unknown[]) =>
    json({ data, next_cursor: END_CURSOR, limit: 500, count: data.length });
  r.route("GET", "/data/orders", true, (_r, url, _b, key) => {
    catchUp();
    const id = url.searchParams.get("id");
    const market = url.searchParams.get("market");
    const asset = url.searchParams.get("asset_id");
    return page(
      ctx.markets.filter((m) => !market || m.ids.conditionId === market).flatMap((m) =>
        m.exchange.openOrders(key!.apiKey)
          .filter((o) => (!id || o.id === id) && (!asset || tokenId(m.ids, o.token) === asset))
          .map((o) => openOrderJson(o, m.ids))
      ),
    );
  });
  r.param("/data/order", async (id, req, body) => {
    let key: KeyRecord;
    try {
      key = await auth.verifyL2(req.headers, "GET", `/data/order/${id}`, body);
    } catch (e) {
      return err((e as Error).message, 401);
    }
    catchUp();
    const found = orderOf(id);
    return found && found.o.owner === key.apiKey
      ? json(openOrderJson(found.o, found.m.ids))
      : json(null);
  });
  r.route("GET", "/data/trades", true, (_r, url, _b, key) => {
    catchUp();
    const q = url.searchParams;
    const owner = key!.apiKey;
    const market = q.get("market");
    const before = q.get("before");
    const after = q.get("after");
    return page(
      ctx.markets.filter((m) => !market || m.ids.conditionId === market).flatMap((m) =>
        [...m.exchange.trades.values()]
          .filter((t) => t.owner === owner || t.makers.some((mk) => mk.owner === owner))
          .filter((t) => !q.get("id") || t.id === q.get("id"))
          .filter((t) => !q.get("asset_id") || tokenId(m.ids, t.token) === q.get("asset_id"))
          .filter((t) => !before || t.matchMs / 1000 < Number(before))
          .filter((t) => !after || t.matchMs / 1000 > Number(after))
          .map((t) => tradeJson(t, m.ids, owner))
      ),
    );
  });
  const balance = (url: URL, key: KeyRecord) => {
    catchUp();
    const address = (ctx.funder.get(key.apiKey) ?? key.address).toLowerCase();
    // the cash is one wallet's across markets; the shares are the token's market's
    const a = ex.account(address);
    const type = url.searchParams.get("asset_type");
    let value: number;
    if (type === "COLLATERAL") {
      value = a.collateral;
    } else if (type === "CONDITIONAL") {
      const mt = tokenOf(ctx, url.searchParams.get("token_id"));
      if (mt === undefined) return err("Invalid token id");
      const held = mt.m.exchange.account(address);
      value = mt.t === 0 ? held.yes : held.no;
    } else {
      return err("Invalid asset type");
    }
    const allow = a.allowance ? UNLIMITED : "0";
    return json({
      balance: String(value),
      allowances: {
        [EXCHANGE_V2]: allow,
        [NEG_RISK_EXCHANGE_V2]: allow,
        [NEG_RISK_ADAPTER]: allow,
      },
    });
  };
  r.route("GET", "/balance-allowance", true, (_r, url, _b, key) => balance(url, key!));
  r.route("GET", "/balance-allowance/update", true, (_r, url, _b, key) => balance(url, key!));
  r.route("POST", "/v1/heartbeats", true, (_r, _u, body, key) => {
    const p = parseBody(body) as Json;
    const id = typeof p?.heartbeat_id === "string"
      ? p.heartbeat_id
      : p?.heartbeat_id === null
      ? ""
      : undefined;
    if (id === undefined) return err("Invalid payload");
    // lost on the way: the client sees the id it sent come back, the exchange nothing
    if (faults.heartbeatLoss) return json({ heartbeat_id: id });
    catchUp();
    const res = ex.heartbeat(key!.apiKey, id, clock());
    return res.ok
      ? json({ heartbeat_id: res.id })
      : json({ error: "Invalid Heartbeat ID", heartbeat_id: res.id }, 400);
  });
  // liquidity rewards: whether an order of the caller's scores in a sample
  // taken now, and what the caller's address earned today
  const scoring = (id: string, owner: string) => {
    const hit = orderOf(id);
    return hit !== undefined && hit.o.owner === owner && hit.m.rewards.scoring(hit.o);
  };
  r.route("GET", "/order-scoring", true, (_r, url, _b, key) => {
    return json({ scoring: scoring(url.searchParams.get("order_id") ?? "", key!.apiKey) });
  });
  r.route("POST", "/orders-scoring", true, (_r, _u, body, key) => {
    const p = parseBody(body);
    const ids = Array.isArray(p) ? p.map(String) : [];
    return json(Object.fromEntries(ids.map((id) => [id, scoring(id, key!.apiKey)])));
  });
  r.route("GET", "/rewards/user/total", true, (_r, url, _b, key) => {
    const date = url.searchParams.get("date") ?? new Date(clock()).toISOString().slice(0, 10);
    const address = key!.address.toLowerCase();
    const ms = Date.parse(`${date}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(ms)) {
      return json({ error: `invalid date ${date}: expected YYYY-MM-DD` }, 400);
    }
    const day = Math.floor(ms / 86_400_000);
    const earnings = ctx.markets.reduce((a, m) => a + m.rewards.tally(address).earnedOn(day), 0);
    return json([{
      date,
      asset_address: REWARD_ASSET,
      maker_address: address,
      earnings: Math.round(earnings * 1e6) / 1e6,
      asset_rate: 1,
    }]);
  });
  r.route("GET", "/notifications", true, () => json([]));
  r.route("GET", "/data/pre-migration-orders", true, () => page([]));
}

/** One signed order of `key`: validated as the venue does, then matched or rested. */
async function placeOne(
  ctx: SimContext,
  raw: unknown,
  key: KeyRecord,
): Promise<{ status: number; body: Json }> {
  const { faults, clock } = ctx;
  const p = raw as Json;
  const fail = (status: number, message: string, orderID = "") => ({
    status,
    body: { error: message, success: false, errorMsg: message, orderID },
  });
  if (typeof p !== "object" || p === null) return fail(400, "Invalid order payload");
  if (p.owner !== key.apiKey) {
    return fail(400, "the order owner has to be the same as the API KEY");
  }
  const type = p.orderType as string;
  if (!["GTC", "GTD", "FOK", "FAK"].includes(type)) return fail(400, "Invalid order type");
  if (faults.rejectStorm > 0) {
    faults.rejectStorm--;
    return fail(500, "could not run the execution");
  }
  // the order's market, from its token, before the signature is checked on its exchange
  const tokenHint = (p.order as Json | undefined)?.tokenId;
  const mt = tokenOf(ctx, typeof tokenHint === "string" ? tokenHint : String(tokenHint ?? ""));
  const ex = mt?.m.exchange ?? ctx.ex;
  let o;
  try {
    o = await decodeOrder(
      p.order,
      ctx.chainId,
      ex.spec.negRisk,
      ex.tickPips,
      type === "FOK" || type === "FAK",
    );
  } catch (e) {
    if (e instanceof OrderBodyError) return fail(400, e.message);
    throw e;
  }
  if (o.signer.toLowerCase() !== key.address.toLowerCase()) {
    return fail(400, "invalid signature: signer is not the API key's address");
  }
  if (faults.makerNotAllowed && o.signatureType !== 3) {
    return fail(400, "maker address not allowed, please use the deposit wallet flow", o.id);
  }
  if (mt === undefined || tokenOf(ctx, o.tokenId)?.m !== mt.m) {
    return fail(400, "Invalid token id", o.id);
  }
  if (o.maker.toLowerCase() !== key.address.toLowerCase()) ctx.funder.set(key.apiKey, o.maker);
  ctx.catchUp();
  const r = ex.place({
    id: o.id,
    owner: key.apiKey,
    address: o.maker.toLowerCase(),
    token: mt.t,
    side: o.side,
    pricePips: o.pricePips,
    sizeMicro: o.sizeMicro,
    type: type as "GTC",
    postOnly: p.postOnly === true,
    expirationMs: o.expirationMs,
  }, clock());
  if (!r.ok) return fail(r.httpStatus, r.message, o.id);
  return {
    status: 200,
    body: {
      success: true,
      errorMsg: "",
      orderID: o.id,
      status: r.status,
      takingAmount: r.tradeIds.length ? formatMicro(r.takingMicro) : "",
      makingAmount: r.tradeIds.length ? formatMicro(r.makingMicro) : "",
      transactionsHashes: [],
      tradeIDs: r.tradeIds,
    },
  };
}
