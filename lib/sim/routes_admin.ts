/**
 * The simulator's metadata and control routes: the data API's public trades,
 * Gamma's markets and events (the simulated market and any fixtures), and
 * `/admin` — faults, trading mode, tick size, resolution, funding, network
 * drops, state for tests.
 *
 * @module
 */

import { FaultsError, updateFaults } from "./faults.ts";
import { type GammaEvent, GammaStore, simGammaMarket } from "./gamma.ts";
import {
  err,
  type Json,
  json,
  marketOf,
  parseBody,
  type Router,
  type SimContext,
} from "./routes.ts";

/** Ticks the venue allows, pips. */
const TICKS_PIPS = [1000, 100, 50, 25, 10, 1];

/** Adds the data-API, Gamma and admin routes. */
export function adminRoutes(r: Router, ctx: SimContext): void {
  const { faults, gamma, clock, catchUp } = ctx;
  // the market an admin knob acts on: `?market=<condition id>`, else the first
  const target = (url: URL) => marketOf(ctx, url.searchParams.get("market")) ?? ctx.market;
  r.route("GET", "/data-api/trades", false, (_r, url) => {
    catchUp();
    const m = url.searchParams.get("market");
    const limit = Math.min(10_000, Number(url.searchParams.get("limit") ?? 100) || 100);
    const offset = Number(url.searchParams.get("offset") ?? 0) || 0;
    const rows = ctx.markets.filter((sm) => !m || sm.ids.conditionId === m)
      .flatMap((sm) => sm.publicTrades).sort((a, b) => b.timestamp - a.timestamp);
    return json(rows.slice(offset, offset + limit));
  });
  const markets = () => [...ctx.markets.map((m) => simGammaMarket(m, clock())), ...gamma.markets];
  const events = () => {
    const sims = ctx.markets.map((m) => ({ m, g: simGammaMarket(m, clock()) }));
    // a market of its own is an event of one; a neg-risk event's outcomes share one
    const own = sims.filter(({ m }) => m.event === null)
      .map(({ g }) => ({ id: g.id, slug: g.slug, title: String(g.question), markets: [g] }));
    const grouped = new Map<string, GammaEvent>();
    for (const { m, g } of sims) {
      if (m.event === null) continue;
      const e = grouped.get(m.event.id) ??
        { id: m.event.id, slug: m.event.slug, title: m.event.title, negRisk: true, markets: [] };
      e.markets.push(g);
      grouped.set(m.event.id, e);
    }
    return [...own, ...grouped.values(), ...gamma.events];
  };
  r.route("GET", "/gamma/markets", false, (_r, url) => {
    const store = new GammaStore();
    store.markets.push(...markets());
    return json(store.findMarkets(url.searchParams));
  });
  r.route("GET", "/gamma/events", false, (_r, url) => {
    const store = new GammaStore();
    store.events.push(...events());
    return json(store.findEvents(url.searchParams));
  });
  const found = (x: unknown, what: string) => x ? json(x) : err(`${what} not found`, 404);
  r.param("/gamma/markets", (id) => found(markets().find((m) => m.id === id), "market"));
  r.param("/gamma/markets/slug", (s) => found(markets().find((m) => m.slug === s), "market"));
  r.param("/gamma/events", (id) => found(events().find((e) => e.id === id), "event"));
  r.param("/gamma/events/slug", (s) => found(events().find((e) => e.slug === s), "event"));

  r.route("POST", "/admin/faults", false, (_r, _u, body) => {
    try {
      updateFaults(faults, parseBody(body));
    } catch (e) {
      if (e instanceof FaultsError) return err(e.message);
      throw e;
    }
    return json(faults);
  });
  r.route("POST", "/admin/mode", false, (_r, url, body) => {
    const mode = (parseBody(body) as Json)?.mode;
    if (mode !== "open" && mode !== "cancel_only" && mode !== "disabled") {
      return err("mode: expected open, cancel_only or disabled");
    }
    catchUp();
    target(url).exchange.setMode(mode, clock());
    return json({ mode });
  });
  r.route("POST", "/admin/tick", false, (_r, url, body) => {
    const tick = Number((parseBody(body) as Json)?.tick);
    const pips = Math.round(tick * 10_000);
    if (!TICKS_PIPS.includes(pips)) {
      return err("tick: expected 0.1, 0.01, 0.005, 0.0025, 0.001 or 0.0001");
    }
    catchUp();
    target(url).exchange.setTick(pips, clock());
    return json({ tick });
  });
  r.route("POST", "/admin/resolve", false, (_r, url, body) => {
    const w = (parseBody(body) as Json)?.winner;
    if (w !== "YES" && w !== "NO") return err("winner: expected YES or NO");
    catchUp();
    target(url).exchange.resolve(w === "YES" ? 0 : 1, clock());
    return json({ winner: w });
  });
  r.route("POST", "/admin/fund", false, (_r, url, body) => {
    const p = parseBody(body) as Json;
    if (typeof p?.address !== "string") return err("address: expected a string");
    const address = p.address.toLowerCase();
    const ex = target(url).exchange;
    ex.deposit(
      address,
      Number(p.collateral ?? 0) * 1e6,
      Number(p.yes ?? 0) * 1e6,
      Number(p.no ?? 0) * 1e6,
    );
    const a = ex.account(address);
    if (typeof p.allowance === "boolean") a.allowance = p.allowance;
    return json(a);
  });
  r.route("POST", "/admin/drop-ws", false, () => {
    ctx.dropSockets();
    return json({ dropped: true });
  });
  r.route("GET", "/admin/state", false, (_r, url) => {
    catchUp();
    const market = target(url);
    const { exchange: ex, ids } = market;
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
}
