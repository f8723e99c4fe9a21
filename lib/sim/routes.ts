/**
 * The simulator server's routing: what every route module shares (the
 * simulated market, its exchange, auth, faults, the clock) and the table of
 * routes — exact paths and `/prefix/{param}` ones — with the venue's JSON
 * answers and errors.
 *
 * @module
 */

import type { Auth, KeyRecord } from "./auth.ts";
import type { SimExchange, TokenIdx } from "./exchange.ts";
import type { Faults } from "./faults.ts";
import type { GammaStore } from "./gamma.ts";
import type { SimMarket } from "./sim_market.ts";
import type { MarketIds } from "./sim_market.ts";

/** A JSON object of a request. */
export type Json = Record<string, unknown>;

/** The cursor of the last page (the venue's). */
export { END_CURSOR } from "../exchange/mod.ts";

/** What the routes of one simulator share. */
export interface SimContext {
  /** Every simulated market (one wallet and one dead-man switch per user across them). */
  markets: readonly SimMarket[];
  /** The first market (the one a single-market simulator has; admin knobs default to it). */
  market: SimMarket;
  /** Its exchange. */
  ex: SimExchange;
  /** Its condition and token ids. */
  ids: MarketIds;
  /** Live fault knobs. */
  faults: Faults;
  /** API keys and request signatures. */
  auth: Auth;
  /** Extra Gamma metadata. */
  gamma: GammaStore;
  /** Chain id of the signing domains. */
  chainId: number;
  /** Collateral credited to a new API user, micro-USDC. */
  fundMicro: number;
  /** API key → the maker address seen on its orders (a deposit wallet). */
  funder: Map<string, string>;
  /** Wall clock, ms. */
  clock(): number;
  /** Runs the market up to now (before any read or write). */
  catchUp(): void;
  /** Closes every WebSocket (a network drop). */
  dropSockets(): void;
}

/** A route's handler: `key` is the caller's API key on L2 routes, else null. */
export type Handler = (
  req: Request,
  url: URL,
  body: string,
  key: KeyRecord | null,
) => Promise<Response> | Response;

/** A `/prefix/{param}` route's handler. */
export type ParamHandler = (
  param: string,
  req: Request,
  body: string,
) => Promise<Response> | Response;

/** The route table. */
export class Router {
  private readonly exact = new Map<string, { h: Handler; l2: boolean }>();
  private readonly prefixed = new Map<string, ParamHandler>();

  /** Adds `method path`; `l2`: the request must carry valid L2 headers. */
  route(method: string, path: string, l2: boolean, h: Handler): void {
    this.exact.set(`${method} ${path}`, { h, l2 });
  }

  /** Adds `GET prefix/{param}`. */
  param(prefix: string, h: ParamHandler): void {
    this.prefixed.set(prefix, h);
  }

  /** Answers a request (its body already read), or null when no route matches. */
  async answer(auth: Auth, req: Request, url: URL, body: string): Promise<Response | null> {
    const path = url.pathname;
    const r = this.exact.get(`${req.method} ${path}`);
    if (r) {
      const key = r.l2 ? await auth.verifyL2(req.headers, req.method, path, body) : null;
      return await r.h(req, url, body, key);
    }
    if (req.method !== "GET") return null;
    const cut = path.lastIndexOf("/");
    const h = cut > 0 ? this.prefixed.get(path.slice(0, cut)) : undefined;
    return h ? await h(decodeURIComponent(path.slice(cut + 1)), req, body) : null;
  }
}

/** A JSON answer. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

/** The venue's error answer. */
export function err(message: string, status = 400): Response {
  return json({ error: message }, status);
}

/** A request body as JSON, undefined when empty or malformed. */
export function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A token of one of the simulator's markets. */
export interface MarketToken {
  /** Its market. */
  m: SimMarket;
  /** YES (0) or NO (1). */
  t: TokenIdx;
}

/** The market and token of `url`'s `token_id`, or the venue's error for a bad or unknown one. */
export function needToken(ctx: SimContext, url: URL): MarketToken | Response {
  const id = url.searchParams.get("token_id");
  if (!id || !/^\d+$/.test(id)) return err("Invalid token id");
  return tokenOf(ctx, id) ?? err("No orderbook exists for the requested token id", 404);
}

/** The market and token of an id (undefined when no market has it). */
export function tokenOf(ctx: SimContext, id: string | null): MarketToken | undefined {
  if (id === null) return undefined;
  for (const m of ctx.markets) {
    const t = m.tokenOf(id);
    if (t !== undefined) return { m, t };
  }
  return undefined;
}

/** The market of a condition id (undefined when none). */
export function marketOf(ctx: SimContext, conditionId: string | null): SimMarket | undefined {
  return ctx.markets.find((m) => m.ids.conditionId === conditionId);
}
