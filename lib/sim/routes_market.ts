/**
 * The simulator's public market-data routes, as the CLOB serves them: server
 * time and version, tick size, neg-risk, fee rate, books, prices, spreads,
 * price history and the market objects.
 *
 * @module
 */

import { formatPips } from "../market/mod.ts";
import { simClobMarket, simRewardMarket } from "./gamma.ts";
import {
  END_CURSOR,
  err,
  type Json,
  json,
  marketOf,
  type MarketToken,
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
  const { clock } = ctx;
  const withToken = (url: URL, f: (mt: MarketToken) => Response) => {
    const mt = needToken(ctx, url);
    return mt instanceof Response ? mt : f(mt);
  };
  // best bid and ask of a token, pips
  const best = ({ m, t }: MarketToken) => {
    const [yb, ya, nb, na] = m.exchange.bestPips();
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
    (_r, url) =>
      withToken(url, ({ m }) => json({ minimum_tick_size: m.exchange.tickPips / 10_000 })),
  );
  r.route(
    "GET",
    "/neg-risk",
    false,
    (_r, url) => withToken(url, ({ m }) => json({ neg_risk: m.exchange.spec.negRisk })),
  );
  r.route(
    "GET",
    "/fee-rate",
    false,
    (_r, url) =>
      withToken(
        url,
        ({ m }) => json({ base_fee: Math.round(m.exchange.spec.feeRate * 10_000) }),
      ),
  );
  r.route(
    "GET",
    "/book",
    false,
    (_r, url) => withToken(url, ({ m, t }) => json(bookSummary(m.exchange, m.ids, t, clock()))),
  );
  r.route("POST", "/books", false, (_r, _u, body) => {
    const list = parseBody(body);
    if (!Array.isArray(list)) return err("Invalid payload");
    const out = [];
    for (const p of list) {
      const mt = tokenOf(ctx, String((p as Json)?.token_id ?? ""));
      if (mt !== undefined) out.push(bookSummary(mt.m.exchange, mt.m.ids, mt.t, clock()));
    }
    return json(out);
  });
  r.route("GET", "/midpoint", false, (_r, url) =>
    withToken(url, (mt) => {
      const [b, a] = best(mt);
      return json({ mid: b > 0 && a < 10_000 ? formatPips((b + a) / 2) : "" });
    }));
  r.route("GET", "/price", false, (_r, url) =>
    withToken(url, (mt) => {
      const side = url.searchParams.get("side");
      if (side !== "BUY" && side !== "SELL") return err("Invalid side");
      const [b, a] = best(mt);
      return json({ price: formatPips(side === "BUY" ? b : a) });
    }));
  r.route("GET", "/spread", false, (_r, url) =>
    withToken(url, (mt) => {
      const [b, a] = best(mt);
      return json({ spread: b > 0 && a < 10_000 ? formatPips(a - b) : "" });
    }));
  r.route("GET", "/last-trade-price", false, (_r, url) =>
    withToken(url, ({ m, t }) => {
      const last = m.exchange.lastTradeYesPips;
      return json({
        price: last > 0 ? formatPips(t === 0 ? last : 10_000 - last) : "",
        side: "",
      });
    }));
  r.route("GET", "/prices-history", false, (_r, url) => {
    const mt = tokenOf(ctx, url.searchParams.get("market"));
    if (mt === undefined) return err("Invalid market");
    const nowS = Math.floor(clock() / 1000);
    const interval = url.searchParams.get("interval");
    const start = interval
      ? nowS - (SPAN_S[interval] ?? 86_400)
      : Number(url.searchParams.get("startTs") ?? 0);
    const end = interval ? nowS : Number(url.searchParams.get("endTs") ?? nowS);
    const history = mt.m.history
      .filter(([ts]) => ts >= start && ts <= end)
      .map(([ts, p]) => ({ t: ts, p: Math.round((mt.t === 0 ? p : 1 - p) * 10_000) / 10_000 }));
    return json({ history });
  });
  r.route("GET", "/markets", false, () =>
    json({
      limit: ctx.markets.length,
      count: ctx.markets.length,
      next_cursor: END_CURSOR,
      data: ctx.markets.map(simClobMarket),
    }));
  r.route("GET", "/rewards/markets/current", false, () =>
    json({
      limit: ctx.markets.length,
      count: ctx.markets.length,
      next_cursor: END_CURSOR,
      data: ctx.markets.filter((m) => m.scenario.rewards.dailyPoolUsdc > 0).map(simRewardMarket),
    }));
  r.param("/markets", (id) => {
    const m = marketOf(ctx, id);
    return m ? json(simClobMarket(m)) : err("market not found", 404);
  });
  r.param("/clob-markets", (id) => {
    const m = marketOf(ctx, id);
    if (!m) return err("market not found", 404);
    const { ids, exchange: ex } = m;
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
  r.param("/markets-by-token", (token) => {
    const mt = tokenOf(ctx, token);
    return mt === undefined
      ? err("market not found", 404)
      : json({ condition_id: mt.m.ids.conditionId, token_id: token });
  });
}
