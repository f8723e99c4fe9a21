/**
 * The exchange simulator as a server: Polymarket's CLOB V2 REST and
 * WebSocket protocol on 127.0.0.1 (an OS-assigned port by default), plus a
 * Gamma-style metadata API under `/gamma`, a data-API-style public trades
 * endpoint under `/data-api`, and `/admin` knobs for fault injection. The real
 * `@polymarket/clob-client-v2` talks to it exactly as to production.
 *
 * @module
 */

import { type ApiCreds, Auth, AuthError, type KeyRecord } from "./auth.ts";
import type { SettlementSpec, SimEvent, TokenIdx } from "./exchange.ts";
import { type Faults, FaultsError, noFaults, updateFaults } from "./faults.ts";
import { GammaStore, simClobMarket, simGammaMarket } from "./gamma.ts";
import { Rng } from "./rng.ts";
import { type Scenario, type ScenarioName, SCENARIOS } from "./scenarios.ts";
import { decodeOrder, OrderBodyError } from "./signed_order.ts";
import { EXCHANGE_V2, NEG_RISK_ADAPTER, NEG_RISK_EXCHANGE_V2 } from "../exchange/mod.ts";
import { SimMarket } from "./sim_market.ts";
import {
  bookEvent,
  bookSummary,
  eventLogLine,
  MarketChannel,
  openOrderJson,
  tokenId,
  tradeJson,
  userOrderEvent,
  userTradeEvent,
} from "./wire.ts";
import { formatMicro, formatPips } from "../market/mod.ts";

/** How to start a simulator server. */
export interface SimServerOptions {
  /** Scenario name (a1…e3) or a full scenario. */
  scenario?: ScenarioName | Scenario;
  /** Seed of the market (default 1). */
  seed?: number;
  /** Port (default 0: OS-assigned). */
  port?: number;
  /** Market ms per wall ms (default 1). */
  speed?: number;
  /** Chain id of the signing domains (default 137). */
  chainId?: number;
  /** Collateral credited to a new API user's address, USDC (default 1000). */
  fundUsdc?: number;
  /** Trade settlement timing. */
  settlement?: SettlementSpec;
  /** Initial faults. */
  faults?: Partial<Faults>;
  /** Run the agents (default true). */
  agents?: boolean;
  /** Wall clock, ms (default Date.now). */
  clock?: () => number;
  /** Receives each event-log line (times relative to the start). */
  log?: (line: string) => void;
  /** Extra Gamma metadata served beside the simulated market. */
  gamma?: GammaStore;
}

/** A running simulator. */
export interface SimServer {
  /** REST base, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** WebSocket base (`/ws/market`, `/ws/user` are appended by clients). */
  readonly wsUrl: string;
  /** Gamma base (`/gamma`). */
  readonly gammaUrl: string;
  /** Data API base (`/data-api`). */
  readonly dataUrl: string;
  /** The port. */
  readonly port: number;
  /** The simulated market. */
  readonly market: SimMarket;
  /** Live fault knobs. */
  readonly faults: Faults;
  /** Metadata store (add fixtures here). */
  readonly gamma: GammaStore;
  /** Closes every WebSocket now (a network drop). */
  dropSockets(): void;
  /** Subscriptions accepted so far, market and user channels together (tests wait on it). */
  readonly subscriptions: number;
  /** Stops the server and its loop. */
  stop(): Promise<void>;
}

type Json = Record<string, unknown>;

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

function err(message: string, status = 400): Response {
  return json({ error: message }, status);
}

const END_CURSOR = "LTE=";
/** A frame held back by the reorder faults is sent after the next one, or after this, ms. */
const HELD_MAX_MS = 200;

interface MarketSocket {
  ws: WebSocket;
  assets: Set<string>;
  custom: boolean;
  held: string | null; // a frame held back (reorder fault)
}

interface UserSocket {
  ws: WebSocket;
  key: KeyRecord;
  held: string | null; // an event held back (user reorder fault)
}

/** Starts a simulator server. */
export function startSimServer(opts: SimServerOptions = {}): Promise<SimServer> {
  try {
    return Promise.resolve(serve(opts));
  } catch (e) {
    return Promise.reject(e);
  }
}

function serve(opts: SimServerOptions): SimServer {
  const clock = opts.clock ?? (() => Date.now());
  const scenario = typeof opts.scenario === "object"
    ? opts.scenario
    : SCENARIOS[opts.scenario ?? "e2"];
  const seed = opts.seed ?? 1;
  const chainId = opts.chainId ?? 137;
  const fundMicro = Math.round((opts.fundUsdc ?? 1000) * 1e6);
  const market = new SimMarket({
    scenario,
    seed,
    startMs: clock(),
    speed: opts.speed ?? 1,
    settlement: opts.settlement,
    agents: opts.agents,
  });
  const ex = market.exchange;
  const ids = market.ids;
  const faults = noFaults();
  if (opts.faults) updateFaults(faults, opts.faults);
  const auth = new Auth(`pm4-sim-${seed}`, chainId, () => Math.floor(clock() / 1000));
  const gamma = opts.gamma ?? new GammaStore();
  const funder = new Map<string, string>(); // api key → maker address seen on its orders
  const rng = new Rng(seed ^ 0xfa17);
  const marketSockets = new Set<MarketSocket>();
  const userSockets = new Set<UserSocket>();
  // delayed user events and held-back frames: cleared when the server stops
  const timers = new Set<ReturnType<typeof setTimeout>>();

  /**
   * Sends `text` on a socket as a disorderly network would: held behind the
   * next frame with probability `reorder`, sent twice with `duplicate`.
   */
  const disorderly = (
    s: { ws: WebSocket; held: string | null },
    text: string,
    reorder: number,
    duplicate: number,
  ) => {
    if (faults.wsSilent || s.ws.readyState !== WebSocket.OPEN) return;
    if (s.held !== null) {
      s.ws.send(text);
      s.ws.send(s.held);
      s.held = null;
      return;
    }
    if (reorder > 0 && rng.chance(reorder)) {
      s.held = text;
      // held behind the next frame, or 200 ms at most: a network reorders, it
      // does not keep a frame for ever when nothing follows it
      const t = setTimeout(() => {
        timers.delete(t);
        if (s.held !== text) return;
        s.held = null;
        if (!faults.wsSilent && s.ws.readyState === WebSocket.OPEN) s.ws.send(text);
      }, HELD_MAX_MS);
      timers.add(t);
      return;
    }
    s.ws.send(text);
    if (duplicate > 0 && rng.chance(duplicate)) s.ws.send(text);
  };
  const send = (s: MarketSocket, frame: string) =>
    disorderly(s, frame, faults.wsReorderRate, faults.wsDuplicateRate);
  const userNow = (u: UserSocket, text: string) =>
    disorderly(u, text, faults.userReorderRate, faults.userDuplicateRate);
  const sendUser = (owner: string, body: unknown) => {
    if (faults.wsSilent) return;
    const text = JSON.stringify(body);
    for (const u of userSockets) {
      if (u.key.apiKey !== owner) continue;
      if (faults.userDelayMs > 0) {
        const t = setTimeout(() => {
          timers.delete(t);
          userNow(u, text);
        }, rng.next() * faults.userDelayMs);
        timers.add(t);
      } else userNow(u, text);
    }
  };
  const channel = new MarketChannel(ex, ids);
  market.addListener((ev: SimEvent) => {
    if (opts.log) opts.log(eventLogLine(ev, market.startMs));
    switch (ev.type) {
      case "book":
      case "print":
      case "tick_size":
      case "resolved":
        for (const f of channel.frames(ev)) {
          for (const s of marketSockets) {
            if (!s.assets.has(ids.yesTokenId) && !s.assets.has(ids.noTokenId)) continue;
            if (f.customAsset !== null && !(s.custom && s.assets.has(f.customAsset))) continue;
            send(s, f.text);
          }
        }
        break;
      case "order":
        sendUser(ev.order.owner, userOrderEvent(ev.kind, ev.order, ids, ev.tMs));
        break;
      case "trade": {
        const owners = new Set([ev.trade.owner, ...ev.trade.makers.map((m) => m.owner)]);
        for (const o of owners) sendUser(o, userTradeEvent(ev.trade, ids, o, ev.tMs));
        break;
      }
      case "mode":
        break;
    }
  });

  const catchUp = () => market.runUntil(clock());
  const addressOf = (key: KeyRecord) => (funder.get(key.apiKey) ?? key.address).toLowerCase();
  const tokenOf = (id: string | null) => (id === null ? undefined : market.tokenOf(id));

  // ------------------------------------------------------------ routes

  const handlers: Record<
    string,
    (req: Request, url: URL, body: string, key: KeyRecord | null) => Promise<Response> | Response
  > = {};
  const route = (method: string, path: string, l2: boolean, h: (typeof handlers)[string]) => {
    handlers[`${method} ${path}`] = h;
    if (l2) l2Routes.add(`${method} ${path}`);
  };
  const l2Routes = new Set<string>();

  // public
  route("GET", "/", false, () => json("OK"));
  route("GET", "/ok", false, () => json("OK"));
  route("GET", "/time", false, () => json(Math.floor(clock() / 1000)));
  route("GET", "/version", false, () => json({ version: 2 }));
  const needToken = (url: URL): TokenIdx | Response => {
    const id = url.searchParams.get("token_id");
    if (!id || !/^\d+$/.test(id)) return err("Invalid token id");
    const t = tokenOf(id);
    return t === undefined ? err("No orderbook exists for the requested token id", 404) : t;
  };
  route("GET", "/tick-size", false, (_r, url) => {
    const t = needToken(url);
    return t instanceof Response ? t : json({ minimum_tick_size: ex.tickPips / 10_000 });
  });
  route("GET", "/neg-risk", false, (_r, url) => {
    const t = needToken(url);
    return t instanceof Response ? t : json({ neg_risk: ex.spec.negRisk });
  });
  route("GET", "/fee-rate", false, (_r, url) => {
    const t = needToken(url);
    return t instanceof Response ? t : json({ base_fee: Math.round(ex.spec.feeRate * 10_000) });
  });
  route("GET", "/book", false, (_r, url) => {
    const t = needToken(url);
    return t instanceof Response ? t : json(bookSummary(ex, ids, t, clock()));
  });
  route("POST", "/books", false, (_r, _u, body) => {
    const list = parseBody(body);
    if (!Array.isArray(list)) return err("Invalid payload");
    const out = [];
    for (const p of list) {
      const t = tokenOf(String((p as Json)?.token_id ?? ""));
      if (t !== undefined) out.push(bookSummary(ex, ids, t, clock()));
    }
    return json(out);
  });
  const priceOf = (t: TokenIdx) => {
    const [yb, ya, nb, na] = ex.bestPips();
    return t === 0 ? [yb, ya] : [nb, na];
  };
  route("GET", "/midpoint", false, (_r, url) => {
    const t = needToken(url);
    if (t instanceof Response) return t;
    const [b, a] = priceOf(t);
    return json({ mid: b > 0 && a < 10_000 ? formatPips((b + a) / 2) : "" });
  });
  route("GET", "/price", false, (_r, url) => {
    const t = needToken(url);
    if (t instanceof Response) return t;
    const side = url.searchParams.get("side");
    if (side !== "BUY" && side !== "SELL") return err("Invalid side");
    const [b, a] = priceOf(t);
    return json({ price: formatPips(side === "BUY" ? b : a) });
  });
  route("GET", "/spread", false, (_r, url) => {
    const t = needToken(url);
    if (t instanceof Response) return t;
    const [b, a] = priceOf(t);
    return json({ spread: b > 0 && a < 10_000 ? formatPips(a - b) : "" });
  });
  route("GET", "/last-trade-price", false, (_r, url) => {
    const t = needToken(url);
    if (t instanceof Response) return t;
    const last = ex.lastTradeYesPips;
    return json({ price: last > 0 ? formatPips(t === 0 ? last : 10_000 - last) : "", side: "" });
  });
  route("GET", "/prices-history", false, (_r, url) => {
    const t = tokenOf(url.searchParams.get("market"));
    if (t === undefined) return err("Invalid market");
    const nowS = Math.floor(clock() / 1000);
    const span: Record<string, number> = {
      "1h": 3600,
      "6h": 21_600,
      "1d": 86_400,
      "1w": 604_800,
      max: Infinity,
    };
    const interval = url.searchParams.get("interval");
    const start = interval
      ? nowS - (span[interval] ?? 86_400)
      : Number(url.searchParams.get("startTs") ?? 0);
    const end = interval ? nowS : Number(url.searchParams.get("endTs") ?? nowS);
    const history = market.history
      .filter(([ts]) => ts >= start && ts <= end)
      .map(([ts, p]) => ({ t: ts, p: Math.round((t === 0 ? p : 1 - p) * 10_000) / 10_000 }));
    return json({ history });
  });
  route(
    "GET",
    "/markets",
    false,
    () => json({ limit: 1, count: 1, next_cursor: END_CURSOR, data: [simClobMarket(market)] }),
  );
  route("GET", "/auth/ban-status/closed-only", true, () => json({ closed_only: false }));

  // L1
  route("POST", "/auth/api-key", false, async (req) => {
    const { address, nonce } = await auth.verifyL1(req.headers);
    if (auth.exists(address, nonce)) return err("Could not create api key");
    const rec = await auth.derive(address, nonce);
    if (ex.account(address.toLowerCase()).collateral === 0) {
      ex.deposit(address.toLowerCase(), fundMicro);
    }
    return json({ apiKey: rec.apiKey, secret: rec.secret, passphrase: rec.passphrase });
  });
  route("GET", "/auth/derive-api-key", false, async (req) => {
    const { address, nonce } = await auth.verifyL1(req.headers);
    if (!auth.exists(address, nonce)) return err("Could not derive api key", 400);
    const rec = await auth.derive(address, nonce);
    return json({ apiKey: rec.apiKey, secret: rec.secret, passphrase: rec.passphrase });
  });

  // L2
  route("GET", "/auth/api-keys", true, (_r, _u, _b, key) => json({ apiKeys: [key!.apiKey] }));
  route("DELETE", "/auth/api-key", true, (_r, _u, _b, key) => {
    auth.revoke(key!.apiKey);
    return json("OK");
  });
  const placeOne = async (
    raw: unknown,
    key: KeyRecord,
  ): Promise<{ status: number; body: Json }> => {
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
    let o;
    try {
      o = await decodeOrder(
        p.order,
        chainId,
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
    const token = tokenOf(o.tokenId);
    if (token === undefined) return fail(400, "Invalid token id", o.id);
    if (o.maker.toLowerCase() !== key.address.toLowerCase()) funder.set(key.apiKey, o.maker);
    catchUp();
    const r = ex.place({
      id: o.id,
      owner: key.apiKey,
      address: o.maker.toLowerCase(),
      token,
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
  };
  route("POST", "/order", true, async (_r, _u, body, key) => {
    const r = await placeOne(parseBody(body), key!);
    return json(r.status === 200 ? r.body : { error: r.body.error }, r.status);
  });
  route("POST", "/orders", true, async (_r, _u, body, key) => {
    const list = parseBody(body);
    if (!Array.isArray(list)) return err("Invalid order payload");
    if (list.length > 15) return err("Too many orders in one request: at most 15");
    const out = [];
    for (const item of list) {
      const r = await placeOne(item, key!);
      out.push(r.status === 200 ? r.body : { ...r.body, status: "" });
    }
    return json(out);
  });
  const cancelIds = (ids_: string[], key: KeyRecord) => {
    catchUp();
    const canceled: string[] = [];
    const notCanceled: Record<string, string> = {};
    for (const id of ids_) {
      const o = ex.orders.get(id);
      if (!o || o.owner !== key.apiKey) notCanceled[id] = "order not found";
      else if (o.status !== "LIVE") {
        notCanceled[id] = `order can't be canceled: already ${o.status.toLowerCase()}`;
      } else if (ex.cancel(id, key.apiKey, clock())) canceled.push(id);
    }
    return json({ canceled, not_canceled: notCanceled });
  };
  route("DELETE", "/order", true, (_r, _u, body, key) => {
    const p = parseBody(body) as Json;
    if (typeof p?.orderID !== "string") return err("Invalid payload");
    return cancelIds([p.orderID], key!);
  });
  route("DELETE", "/orders", true, (_r, _u, body, key) => {
    const p = parseBody(body);
    if (!Array.isArray(p) || !p.every((x) => typeof x === "string")) return err("Invalid payload");
    return cancelIds(p as string[], key!);
  });
  route("DELETE", "/cancel-all", true, (_r, _u, _b, key) => {
    catchUp();
    return json({ canceled: ex.cancelAll(key!.apiKey, clock()), not_canceled: {} });
  });
  route("DELETE", "/cancel-market-orders", true, (_r, _u, body, key) => {
    const p = (parseBody(body) ?? {}) as Json;
    if (p.market !== undefined && p.market !== ids.conditionId) {
      return json({ canceled: [], not_canceled: {} });
    }
    const token = p.asset_id === undefined ? undefined : tokenOf(String(p.asset_id));
    if (p.asset_id !== undefined && token === undefined) {
      return json({ canceled: [], not_canceled: {} });
    }
    catchUp();
    return json({ canceled: ex.cancelAll(key!.apiKey, clock(), token), not_canceled: {} });
  });
  route("GET", "/data/orders", true, (_r, url, _b, key) => {
    catchUp();
    const id = url.searchParams.get("id");
    const m = url.searchParams.get("market");
    const asset = url.searchParams.get("asset_id");
    const data = ex.openOrders(key!.apiKey)
      .filter((o) =>
        (!id || o.id === id) && (!m || m === ids.conditionId) &&
        (!asset || tokenId(ids, o.token) === asset)
      )
      .map((o) => openOrderJson(o, ids));
    return json({ data, next_cursor: END_CURSOR, limit: 500, count: data.length });
  });
  route("GET", "/data/trades", true, (_r, url, _b, key) => {
    catchUp();
    const q = url.searchParams;
    const owner = key!.apiKey;
    if (q.get("market") && q.get("market") !== ids.conditionId) {
      return json({ data: [], next_cursor: END_CURSOR, limit: 500, count: 0 });
    }
    const before = q.get("before");
    const after = q.get("after");
    const data = [...ex.trades.values()]
      .filter((t) => t.owner === owner || t.makers.some((m) => m.owner === owner))
      .filter((t) => !q.get("id") || t.id === q.get("id"))
      .filter((t) => !q.get("asset_id") || tokenId(ids, t.token) === q.get("asset_id"))
      .filter((t) => !before || t.matchMs / 1000 < Number(before))
      .filter((t) => !after || t.matchMs / 1000 > Number(after))
      .map((t) => tradeJson(t, ids, owner));
    return json({ data, next_cursor: END_CURSOR, limit: 500, count: data.length });
  });
  const balance = (url: URL, key: KeyRecord) => {
    catchUp();
    const a = ex.account(addressOf(key));
    const type = url.searchParams.get("asset_type");
    let value: number;
    if (type === "COLLATERAL") {
      value = a.collateral;
    } else if (type === "CONDITIONAL") {
      const t = tokenOf(url.searchParams.get("token_id"));
      if (t === undefined) return err("Invalid token id");
      value = t === 0 ? a.yes : a.no;
    } else {
      return err("Invalid asset type");
    }
    const allow = a.allowance
      ? "115792089237316195423570985008687907853269984665640564039457584007913129639935"
      : "0";
    return json({
      balance: String(value),
      allowances: {
        [EXCHANGE_V2]: allow,
        [NEG_RISK_EXCHANGE_V2]: allow,
        [NEG_RISK_ADAPTER]: allow,
      },
    });
  };
  route("GET", "/balance-allowance", true, (_r, url, _b, key) => balance(url, key!));
  route("GET", "/balance-allowance/update", true, (_r, url, _b, key) => balance(url, key!));
  route("POST", "/v1/heartbeats", true, (_r, _u, body, key) => {
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
    const r = ex.heartbeat(key!.apiKey, id, clock());
    return r.ok
      ? json({ heartbeat_id: r.id })
      : json({ error: "Invalid Heartbeat ID", heartbeat_id: r.id }, 400);
  });
  route("GET", "/order-scoring", true, () => json({ scoring: false }));
  route("POST", "/orders-scoring", true, (_r, _u, body) => {
    const p = parseBody(body);
    return json(Object.fromEntries((Array.isArray(p) ? p : []).map((id) => [String(id), false])));
  });
  route("GET", "/notifications", true, () => json([]));
  route(
    "GET",
    "/data/pre-migration-orders",
    true,
    () => json({ data: [], next_cursor: END_CURSOR, limit: 500, count: 0 }),
  );

  // data API and Gamma
  route("GET", "/data-api/trades", false, (_r, url) => {
    catchUp();
    const m = url.searchParams.get("market");
    const limit = Math.min(10_000, Number(url.searchParams.get("limit") ?? 100) || 100);
    const offset = Number(url.searchParams.get("offset") ?? 0) || 0;
    const rows = m && m !== ids.conditionId ? [] : [...market.publicTrades].reverse();
    return json(rows.slice(offset, offset + limit));
  });
  const gammaMarkets = () => [simGammaMarket(market, clock()), ...gamma.markets];
  route("GET", "/gamma/markets", false, (_r, url) => {
    const store = new GammaStore();
    for (const mk of gammaMarkets()) store.markets.push(mk);
    return json(store.findMarkets(url.searchParams));
  });
  route("GET", "/gamma/events", false, (_r, url) => {
    const store = new GammaStore();
    const sim = simGammaMarket(market, clock());
    store.events.push(
      { id: sim.id, slug: sim.slug, title: String(sim.question), markets: [sim] },
      ...gamma.events,
    );
    return json(store.findEvents(url.searchParams));
  });

  // admin
  route("POST", "/admin/faults", false, (_r, _u, body) => {
    try {
      updateFaults(faults, parseBody(body));
    } catch (e) {
      if (e instanceof FaultsError) return err(e.message);
      throw e;
    }
    return json(faults);
  });
  route("POST", "/admin/mode", false, (_r, _u, body) => {
    const mode = (parseBody(body) as Json)?.mode;
    if (mode !== "open" && mode !== "cancel_only" && mode !== "disabled") {
      return err("mode: expected open, cancel_only or disabled");
    }
    catchUp();
    ex.setMode(mode, clock());
    return json({ mode });
  });
  route("POST", "/admin/tick", false, (_r, _u, body) => {
    const tick = Number((parseBody(body) as Json)?.tick);
    const pips = Math.round(tick * 10_000);
    if (![1000, 100, 50, 25, 10, 1].includes(pips)) {
      return err("tick: expected 0.1, 0.01, 0.005, 0.0025, 0.001 or 0.0001");
    }
    catchUp();
    ex.setTick(pips, clock());
    return json({ tick });
  });
  route("POST", "/admin/resolve", false, (_r, _u, body) => {
    const w = (parseBody(body) as Json)?.winner;
    if (w !== "YES" && w !== "NO") return err("winner: expected YES or NO");
    catchUp();
    ex.resolve(w === "YES" ? 0 : 1, clock());
    return json({ winner: w });
  });
  route("POST", "/admin/fund", false, (_r, _u, body) => {
    const p = parseBody(body) as Json;
    if (typeof p?.address !== "string") return err("address: expected a string");
    ex.deposit(
      p.address.toLowerCase(),
      Number(p.collateral ?? 0) * 1e6,
      Number(p.yes ?? 0) * 1e6,
      Number(p.no ?? 0) * 1e6,
    );
    const a = ex.account(p.address.toLowerCase());
    if (typeof p.allowance === "boolean") a.allowance = p.allowance;
    return json(a);
  });
  route("POST", "/admin/drop-ws", false, () => {
    dropSockets();
    return json({ dropped: true });
  });
  route("GET", "/admin/state", false, (_r, url) => {
    catchUp();
    const owner = url.searchParams.get("owner");
    const address = url.searchParams.get("address");
    return json({
      now: clock(),
      mode: ex.mode,
      tick: ex.tickPips / 10_000,
      best: ex.bestPips(),
      resolved: ex.resolved,
      ids,
      openMs: market.openMs,
      resolveMs: market.resolveMs,
      openOrders: owner ? ex.openOrders(owner).length : ex.openOrders().length,
      account: address ? ex.account(address.toLowerCase()) : undefined,
      trades: ex.trades.size,
    });
  });

  // ------------------------------------------------------------ websockets

  const marketWs = (req: Request): Response => {
    const { socket, response } = Deno.upgradeWebSocket(req);
    const s: MarketSocket = { ws: socket, assets: new Set(), custom: false, held: null };
    socket.onopen = () => marketSockets.add(s);
    socket.onclose = () => marketSockets.delete(s);
    socket.onerror = () => marketSockets.delete(s);
    socket.onmessage = (m) => {
      if (typeof m.data !== "string") return;
      if (m.data.trim() === "PING") {
        if (!faults.wsSilent) socket.send("PONG");
        return;
      }
      const msg = parseBody(m.data) as Json;
      if (!msg || typeof msg !== "object") return;
      const assets = Array.isArray(msg.assets_ids) ? msg.assets_ids.map(String) : [];
      if (msg.operation === "unsubscribe") {
        for (const a of assets) s.assets.delete(a);
        return;
      }
      if (msg.type !== "market" && msg.operation !== "subscribe") return;
      subscriptions++;
      for (const a of assets) s.assets.add(a);
      if (msg.custom_feature_enabled === true) s.custom = true;
      if (msg.initial_dump !== false) {
        catchUp();
        const dump = ([0, 1] as const)
          .filter((t) => assets.includes(tokenId(ids, t)))
          .map((t) => bookEvent(ex, ids, t, clock()));
        if (dump.length > 0) send(s, JSON.stringify(dump));
      }
    };
    return response;
  };
  const userWs = (req: Request): Response => {
    const { socket, response } = Deno.upgradeWebSocket(req);
    let u: UserSocket | null = null;
    socket.onclose = () => {
      if (u) userSockets.delete(u);
    };
    socket.onmessage = (m) => {
      if (typeof m.data !== "string") return;
      if (m.data.trim() === "PING") {
        if (!faults.wsSilent) socket.send("PONG");
        return;
      }
      const msg = parseBody(m.data) as Json;
      if (!msg || typeof msg !== "object" || msg.type !== "user") return;
      const key = auth.verifyCreds(msg.auth as Partial<ApiCreds>);
      if (!key) {
        socket.send(JSON.stringify({ error: "Unauthorized/Invalid api key" }));
        socket.close(1008, "unauthorized");
        return;
      }
      u = { ws: socket, key, held: null };
      userSockets.add(u);
      subscriptions++;
    };
    return response;
  };
  let subscriptions = 0;
  const dropSockets = () => {
    for (const s of marketSockets) s.ws.close(1001, "dropped");
    for (const u of userSockets) u.ws.close(1001, "dropped");
    marketSockets.clear();
    userSockets.clear();
  };

  // ------------------------------------------------------------ serving

  const handle = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const path = url.pathname;
    if (req.headers.get("upgrade")?.toLowerCase() === "websocket") {
      if (path === "/ws/market") return marketWs(req);
      if (path === "/ws/user") return userWs(req);
      return err("not found", 404);
    }
    const body = await req.text();
    if (!path.startsWith("/admin/")) {
      if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
      if (faults.errorBurst > 0) {
        faults.errorBurst--;
        return err(
          faults.errorStatus === 429 ? "Too Many Requests" : "could not run the execution",
          faults.errorStatus,
        );
      }
    }
    const routeKey = `${req.method} ${path}`;
    const h = handlers[routeKey];
    // path parameters
    if (!h) {
      const m =
        /^(\/markets|\/clob-markets|\/markets-by-token|\/data\/order|\/gamma\/markets|\/gamma\/markets\/slug|\/gamma\/events|\/gamma\/events\/slug)\/([^/]+)$/
          .exec(path);
      if (req.method === "GET" && m) return pathRoute(m[1], decodeURIComponent(m[2]), req, body);
      return err("not found", 404);
    }
    try {
      let key: KeyRecord | null = null;
      if (l2Routes.has(routeKey)) key = await auth.verifyL2(req.headers, req.method, path, body);
      return await h(req, url, body, key);
    } catch (e) {
      if (e instanceof AuthError) return err(e.message, e.status);
      return err(`internal error: ${(e as Error).message}`, 500);
    }
  };

  const pathRoute = async (
    prefix: string,
    param: string,
    req: Request,
    body: string,
  ): Promise<Response> => {
    switch (prefix) {
      case "/markets":
        return param === ids.conditionId
          ? json(simClobMarket(market))
          : err("market not found", 404);
      case "/clob-markets":
        if (param !== ids.conditionId) return err("market not found", 404);
        return json({
          c: ids.conditionId,
          t: [{ t: ids.yesTokenId, o: "Yes" }, { t: ids.noTokenId, o: "No" }],
          mts: ex.tickPips / 10_000,
          nr: ex.spec.negRisk,
          fd: { r: ex.spec.feeRate, e: ex.spec.feeExponent, to: true },
          mbf: 0,
          tbf: Math.round(ex.spec.feeRate * 10_000),
          r: null,
          ao: ex.mode === "open",
          mos: ex.spec.minOrderMicro / 1e6,
        });
      case "/markets-by-token":
        return tokenOf(param) === undefined
          ? err("market not found", 404)
          : json({ condition_id: ids.conditionId, token_id: param });
      case "/data/order": {
        let key: KeyRecord;
        try {
          key = await auth.verifyL2(req.headers, "GET", `/data/order/${param}`, body);
        } catch (e) {
          return err((e as Error).message, 401);
        }
        catchUp();
        const o = ex.orders.get(param);
        return o && o.owner === key.apiKey ? json(openOrderJson(o, ids)) : json(null);
      }
      case "/gamma/markets":
      case "/gamma/markets/slug": {
        const all = gammaMarkets();
        const found = prefix === "/gamma/markets"
          ? all.find((m) => m.id === param)
          : all.find((m) => m.slug === param);
        return found ? json(found) : err("market not found", 404);
      }
      case "/gamma/events":
      case "/gamma/events/slug": {
        const sim = simGammaMarket(market, clock());
        const all = [
          { id: sim.id, slug: sim.slug, title: String(sim.question), markets: [sim] },
          ...gamma.events,
        ];
        const found = prefix === "/gamma/events"
          ? all.find((e) => e.id === param)
          : all.find((e) => e.slug === param);
        return found ? json(found) : err("event not found", 404);
      }
    }
    return err("not found", 404);
  };

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: opts.port ?? 0, onListen: () => {} },
    handle,
  );
  const port = (server.addr as Deno.NetAddr).port;
  const loop = setInterval(catchUp, 20);
  let dropTimer: ReturnType<typeof setInterval> | undefined;
  let dropEvery = 0;
  const dropLoop = setInterval(() => {
    if (faults.wsDropEveryMs !== dropEvery) {
      dropEvery = faults.wsDropEveryMs;
      if (dropTimer !== undefined) clearInterval(dropTimer);
      dropTimer = dropEvery > 0 ? setInterval(dropSockets, dropEvery) : undefined;
    }
  }, 50);
  catchUp();
  const base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    wsUrl: `ws://127.0.0.1:${port}`,
    gammaUrl: `${base}/gamma`,
    dataUrl: `${base}/data-api`,
    port,
    market,
    faults,
    gamma,
    dropSockets,
    get subscriptions() {
      return subscriptions;
    },
    async stop() {
      clearInterval(loop);
      for (const t of timers) clearTimeout(t);
      clearInterval(dropLoop);
      if (dropTimer !== undefined) clearInterval(dropTimer);
      dropSockets();
      await server.shutdown();
    },
  };
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
