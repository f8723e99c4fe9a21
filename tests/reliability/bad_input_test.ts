/**
 * Bad input, fuzzed: config files and every REST and WebSocket answer the
 * adapter reads — malformed JSON, wrong types, missing fields, huge numbers,
 * NaN strings. Always a clear error (ConfigError, ExchangeError naming the
 * field) or a counted skip; never a crash, never a silent default.
 * (The market channel's own fuzz, ≥ 100,000 frames, is tests/market/market_fuzz_test.ts.)
 */

import "../../lib/boot.ts";
import assert from "node:assert/strict";
import fc from "fast-check";
import { simRunConfig } from "../../lib/cli/sim_cmd.ts";
import { ConfigError, parseConfig, parseConfigText } from "../../lib/config/mod.ts";
import {
  balanceOf,
  ExchangeError,
  fillsOfTrade,
  minSizeOf,
  openOrdersOf,
  PolymarketAdapter,
  readLiveEnv,
  tickOf,
  tradeListOf,
  UserChannelParser,
} from "../../lib/exchange/mod.ts";
import { parsePublicTrades } from "../../lib/market/mod.ts";
import { startSimServer } from "../../lib/sim/mod.ts";

const EXAMPLE = await Deno.readTextFile(new URL("../../config.example.json", import.meta.url));
const BASE = JSON.parse(EXAMPLE);

/** Hostile values: wrong types, huge and tiny numbers, NaN strings, junk. */
const hostile = fc.oneof(
  fc.constantFrom(
    null,
    "NaN",
    "nan",
    "Infinity",
    "-1",
    "1e400",
    "",
    " ",
    "0x",
    "12abc",
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    -0,
    true,
    [],
    {},
    "\u0000",
  ),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 12 }),
  fc.anything({ maxDepth: 2 }),
);

/** The leaves of an object: [section, key] pairs (comment keys left out). */
function leaves(o: Record<string, Record<string, unknown>>): [string, string][] {
  const out: [string, string][] = [];
  for (const [s, sec] of Object.entries(o)) {
    if (s.startsWith("_") || typeof sec !== "object" || sec === null) continue;
    for (const k of Object.keys(sec)) if (!k.startsWith("_")) out.push([s, k]);
  }
  return out;
}

Deno.test("bad input: a config key set to a hostile value is an error naming it, or taken as given", () => {
  const keys = leaves(BASE);
  let errors = 0;
  fc.assert(
    // (undefined is an absent key: its default applies, by design)
    fc.property(
      fc.constantFrom(...keys),
      hostile.filter((v) => v !== undefined),
      ([section, key], v) => {
        const doc = structuredClone(BASE);
        doc[section][key] = v;
        let cfg;
        try {
          cfg = parseConfig(doc);
        } catch (e) {
          assert.ok(e instanceof ConfigError, `${section}.${key} = ${Deno.inspect(v)}: ${e}`);
          assert.match((e as Error).message, new RegExp(`${section}\\.${key}`));
          errors++;
          return;
        }
        // accepted: then exactly as given (the level's case is normalised) — never a default
        const got = (cfg as unknown as Record<string, Record<string, unknown>>)[section][key];
        const want = key === "level" && typeof v === "string" ? v.toUpperCase() : v;
        assert.deepEqual(
          got,
          want,
          `${section}.${key}: gave ${Deno.inspect(v)}, got ${Deno.inspect(got)}`,
        );
      },
    ),
    { numRuns: 3000, seed: 11 },
  );
  assert.ok(errors > 2000, `${errors} refusals`);
});

Deno.test("bad input: config text cut, spliced or garbled is one ConfigError, never a crash", () => {
  fc.assert(
    fc.property(
      fc.nat(EXAMPLE.length),
      fc.nat(EXAMPLE.length),
      fc.string({ maxLength: 8 }),
      (a, b, junk) => {
        const [i, j] = a < b ? [a, b] : [b, a];
        for (const text of [EXAMPLE.slice(0, i), EXAMPLE.slice(0, i) + junk + EXAMPLE.slice(j)]) {
          try {
            parseConfigText(text);
          } catch (e) {
            assert.ok(e instanceof ConfigError, String(e));
          }
        }
      },
    ),
    { numRuns: 2000, seed: 12 },
  );
});

const TOKENS = (
  id: string,
) => (id === "1" ? "YES" as const : id === "2" ? "NO" as const : undefined);
const ORDER = {
  id: "0x" + "ab".repeat(32),
  asset_id: "1",
  side: "BUY",
  price: "0.45",
  original_size: "20",
  size_matched: "5",
};
const TRADE = {
  id: "t1",
  status: "MATCHED",
  match_time: "1790000000",
  asset_id: "1",
  side: "SELL",
  price: "0.45",
  size: "5",
  owner: "taker",
  maker_orders: [
    {
      order_id: ORDER.id,
      owner: "me",
      asset_id: "1",
      price: "0.45",
      matched_amount: "5",
      side: "BUY",
    },
  ],
};

/** A valid sample with one field replaced (or removed) by a hostile value. */
function mutate(sample: Record<string, unknown>) {
  return fc.tuple(fc.constantFrom(...Object.keys(sample)), hostile, fc.boolean()).map(
    ([k, v, drop]) => {
      const o = structuredClone(sample);
      if (drop) delete o[k];
      else o[k] = v;
      return o;
    },
  );
}

/** Only ExchangeError may escape `f`. */
function clearOrValue<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    assert.ok(e instanceof ExchangeError, `not an ExchangeError: ${e}`);
    assert.match((e as Error).message, /malformed answer: .+ is /);
    return null;
  }
}

Deno.test("bad input: REST answers — balances, open orders, trades, tick, minimum size", () => {
  fc.assert(
    fc.property(fc.oneof(hostile, fc.record({ balance: hostile })), (r) => {
      const v = clearOrValue(() => balanceOf(r, "collateral"));
      if (v !== null) assert.ok(Number.isSafeInteger(v) && v >= 0);
    }),
    { numRuns: 2000, seed: 21 },
  );
  assert.throws(() => balanceOf({}, "YES"), /YES balance is undefined/, "missing is not zero");
  assert.equal(balanceOf({ balance: "1000000" }, "x"), 1_000_000);

  fc.assert(
    fc.property(
      fc.oneof(hostile, fc.array(fc.oneof(mutate(ORDER), hostile), { maxLength: 4 })),
      (l) => {
        const orders = clearOrValue(() => openOrdersOf(l, TOKENS));
        for (const o of orders ?? []) {
          assert.ok(o.pricePips > 0 && o.pricePips < 10_000 && Number.isInteger(o.pricePips));
          assert.ok(
            o.originalMicro > 0 && o.matchedMicro >= 0 && o.matchedMicro <= o.originalMicro,
          );
          assert.ok(o.side === "BUY" || o.side === "SELL");
        }
      },
    ),
    { numRuns: 3000, seed: 22 },
  );
  assert.equal(openOrdersOf([ORDER], TOKENS)[0].matchedMicro, 5e6);

  fc.assert(
    fc.property(
      fc.oneof(hostile, fc.array(fc.oneof(mutate(TRADE), hostile), { maxLength: 3 })),
      (l) => {
        const trades = clearOrValue(() => tradeListOf(l)) ?? [];
        for (const t of trades) {
          for (const f of fillsOfTrade(t, "me", TOKENS)) {
            assert.ok(f.pricePips > 0 && f.pricePips < 10_000 && f.sizeMicro > 0);
            assert.ok(f.side === "BUY" || f.side === "SELL");
          }
        }
      },
    ),
    { numRuns: 3000, seed: 23 },
  );
  assert.equal(fillsOfTrade(TRADE, "me", TOKENS).length, 1);

  fc.assert(
    fc.property(hostile, (v) => {
      const t = clearOrValue(() => tickOf(v));
      if (t !== null) assert.ok([1000, 100, 50, 25, 10, 1].includes(t));
      const m = clearOrValue(() => minSizeOf(v));
      if (m !== null) assert.ok(m > 0 && Number.isSafeInteger(m));
    }),
    { numRuns: 2000, seed: 24 },
  );
});

Deno.test("bad input: user-channel frames and public trades are skipped and counted, never thrown", () => {
  const p = new UserChannelParser("me", TOKENS);
  const valid = JSON.stringify({ event_type: "trade", ...TRADE });
  let frames = 0;
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        mutate({ event_type: "trade", ...TRADE }).map((o) => JSON.stringify(o)),
        fc.tuple(fc.nat(valid.length), fc.string({ maxLength: 4 })).map(([i, s]) =>
          valid.slice(0, i) + s
        ),
        fc.anything().map((v) => JSON.stringify(v) ?? "undefined"),
      ),
      (text) => {
        frames++;
        for (const ev of p.parse(text, 1)) {
          if (ev.kind === "fills") {
            for (const f of ev.fills) assert.ok(f.pricePips > 0 && f.sizeMicro > 0);
          }
        }
      },
    ),
    { numRuns: 5000, seed: 31 },
  );
  assert.ok(p.skipped > frames / 2, `${p.skipped} of ${frames} skipped and counted`);

  fc.assert(
    fc.property(
      fc.oneof(
        hostile,
        fc.array(
          fc.oneof(
            hostile,
            fc.record({
              proxyWallet: hostile,
              side: hostile,
              asset: hostile,
              price: hostile,
              size: hostile,
              timestamp: hostile,
            }),
          ),
          { maxLength: 4 },
        ),
      ),
      (json) => {
        const r = parsePublicTrades(json);
        assert.ok(r.skipped >= 0);
        for (const t of r.trades) assert.ok(t.pricePips > 0 && t.sizeMicro > 0 && t.tMs > 0);
      },
    ),
    { numRuns: 2000, seed: 32 },
  );
});

Deno.test({
  name: "bad input: a venue answering garbage fails the start with an ExchangeError, never a crash",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    // the simulator's market for the ids and hosts; a hostile server for every REST answer
    const sim = await startSimServer({ scenario: "e2", seed: 2, agents: false });
    const bodies = fc.sample(
      fc.oneof(
        fc.constantFrom("", "{", "[1,", "null", "NaN", '{"balance":"NaN"}', '"x"', "[{}]"),
        fc.anything({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? ""),
      ),
      { numRuns: 24, seed: 41 },
    );
    // every answer is the simulator's except the `target`-th, which is garbage
    let n = 0;
    let target = 0;
    let garbage = "";
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      async (req) => {
        if (n++ === target) {
          return new Response(garbage, { headers: { "content-type": "application/json" } });
        }
        const u = new URL(req.url);
        const r = await fetch(`${sim.url}${u.pathname}${u.search}`, {
          method: req.method,
          headers: req.headers,
          body: req.method === "GET" ? undefined : await req.text(),
        });
        return new Response(await r.text(), { status: r.status, headers: r.headers });
      },
    );
    try {
      const cfg = simRunConfig(sim, { bankrollUsdc: 100, dataDir: "./data/unused" });
      cfg.market.clob_url = `http://127.0.0.1:${server.addr.port}`;
      let failed = 0;
      for (let t = 0; t < 12; t++) {
        for (const body of bodies.slice(0, 6)) {
          n = 0;
          target = t;
          garbage = body;
          // no retries: the garbage answer is final
          const adapter = new PolymarketAdapter(
            cfg,
            readLiveEnv((k) => (k === "PK" ? "0x" + "4d".repeat(32) : undefined)),
            { attempts: 1, baseDelayMs: 1 },
          );
          await adapter.start(Date.now()).then(
            (st) => {
              assert.ok(Number.isSafeInteger(st.balances.cashMicro) && st.balances.cashMicro >= 0);
              assert.ok(st.market.tickPips > 0 && st.market.minOrderMicro > 0);
            },
            (e) => {
              failed++;
              assert.ok(e instanceof ExchangeError, `answer #${t} ${body}: ${e?.stack ?? e}`);
            },
          );
        }
      }
      assert.ok(failed > 30, `${failed} starts refused the garbage`);
    } finally {
      await server.shutdown();
      await sim.stop();
    }
  },
});
