/**
 * The simulator's public market-data routes, as the CLOB serves them: server
 * time and version, tick size, neg-risk, fee rate, books, prices, spreads,
 * price history and the market objects.
 *
 * @module
 */

import { formatPips } from "../market/mod.ts";
import type { TokenIdx } from "./exchange.ts";
import { simClobMarket } from "./gamma.ts";
import {
  END_CURSOR,
  err,
  type Json,
  json,
  needToken,
  parseBody,
  type Router,
  type SimContext,
  tokenOf,
} from "./routes.ts";
import { bookSummary } from "./wire.ts";

/** Spans of `/prices-history?interval=`, s. */
const SPAN_S: Record<string, number> = {
  "1h": 3600,
  "6h": 21_600,
  "1d": 86_400,
  "1w": 604_800,
  max: Infinity,
};

/** Adds the public market-data routes. */
export function marketRoutes(r: Router, ctx: SimContext): void {
  const { ex, ids, market, clock } = ctx;
  const withToken = (url: URL, f: (t: TokenIdx) => Response) => {
    const t = needToken(ctx, url);
    return t instanceof Response ? t : f(t);
  };
  // best bid and ask of a token, pips
  const best = (t: TokenIdx) => {
    const [yb, ya, nb, na] = ex.bestPips();
    return t === 0 ? [yb, ya] : [nb, na];
  };
  r.route("GET", "/", false, () => json("OK"));
  r.route("GET", "/ok", false, () => json("OK"));
  r.route("GET", "/time", false, () => json(Math.floor(clock() / 1000)));
  r.route("GET", "/version", false, () => json({ version: 2 }));
  r.route(
    "GET",
    "/tick-size",
    false,
    (_r, url) => withToken(url, () => json({ minimum_tick_size: ex.tickPips / 10_000 })),
  );
  r.route(
    "GET",
    "/neg-risk",
    false,
    (_r, url) => withToken(url, () => json({ neg_risk: ex.spec.negRisk })),
  );
  r.route(
    "GET",
    "/fee-rate",
    false,
    (_r, url) => withToken(url, () => json({ base_fee: Math.round(ex.spec.feeRate * 10_000) })),
  );
  r.route(
    "GET",
    "/book",
    false,
    (_r, url) => withToken(url, (t) => json(bookSummary(ex, ids, t, clock()))),
  );
  r.route("POST", "/books", false, (_r, _u, body) => {
    const list = parseBody(body);
    if (!Array.isArray(list)) return err("Invalid payload");
    const out = [];
    for (const p of list) {
      const t = tokenOf(ctx, String((p as Json)?.token_id ?? ""));
      if (t !== undefined) out.push(bookSummary(ex, ids, t, clock()));
    }
    return json(out);
  });
  r.route("GET", "/midpoint", false, (_r, url) =>
    withToken(url, (t) => {
      const [b, a] = best(t);
      return json({ mid: b > 0 && a < 10_000 ? formatPips((b + a) / 2) : "" });
    }));
  r.route("GET", "/price", false, (_r, url) =>
    withToken(url, (t) => {
      const side = url.searchParams.get("side");
      if (side !== "BUY" && side !== "SELL") return err("Invalid side");
      const [b, a] = best(t);
      return json({ price: formatPips(side === "BUY" ? b : a) });
    }));
  r.route("GET", "/spread", false, (_r, url) =>
    withToken(url, (t) => {
      const [b, a] = best(t);
      return json({ spread: b > 0 && a < 10_000 ? formatPips(a - b) : "" });
    }));
  r.route("GET", "/last-trade-price", false, (_r, url) =>
    withToken(url, (t) => {
      const last = ex.lastTradeYesPips;
      return json({
        price: last > 0 ? formatPips(t === 0 ? last : 10_000 - last) : "",
        side: "",
      });
    }));
  r.route("GET", "/prices-history", false, (_r, url) => {
    const t = tokenOf(ctx, url.searchParams.get("market"));
    if (t === undefined) return err("Invalid market");
    const nowS = Math.floor(clock() / 1000);
    const interval = url.searchParams.get("interval");
    const start = interval
      ? nowS - (SPAN_S[interval] ?? 86_400)
      : Number(url.searchParams.get("startTs") ?? 0);
    const end = interval ? nowS : Number(url.searchParams.get("endTs") ?? nowS);
    const history = market.history
      .filter(([ts]) => ts >= start && ts <= end)
      .map(([ts, p]) => ({ t: ts, p: Math.round((t === 0 ? p : 1 - p) * 10_000) / 10_000 }));
    return json({ history });
  });
  r.route(
    "GET",
    "/markets",
    false,
    () => json({ limit: 1, count: 1, next_cursor: END_CURSOR, data: [simClobMarket(market)] }),
  );
  r.param(
    "/markets",
    (id) => id === ids.conditionId ? json(simClobMarket(market)) : err("market not found", 404),
  );
  r.param("/clob-markets", (id) => {
    if (id !== ids.conditionId) return err("market not found", 404);
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
  });
  r.param(
    "/markets-by-token",
    (token) =>
      tokenOf(ctx, token) === undefined
        ? err("market not found", 404)
        : json({ condition_id: ids.conditionId, token_id: token }),
  );
}
