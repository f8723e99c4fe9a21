import assert from "node:assert/strict";
import { withReference } from "../../scripts/readme_reference.ts";
import {
  applyPreset,
  type Config,
  ConfigError,
  configJsonSchema,
  configReference,
  formatIssue,
  MARCHETYPES,
  parseConfig,
  parseConfigText,
  PRESETS,
  quoteParams,
  stripComments,
  toxicityParams,
} from "../../lib/config/mod.ts";

const EXAMPLE = new URL("../../config.example.json", import.meta.url);

function minimal(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    market: {
      condition_id: "0x" + "ab".repeat(32),
      asset_id_yes: "111",
      asset_id_no: "222",
      start_ts_ms: 1_790_000_000_000,
      resolve_ts_ms: 1_800_000_000_000,
      marchetype: "e2",
    },
    risk: { bankroll_B: 100 },
    ...over,
  };
}

function issues(raw: unknown): string[] {
  try {
    parseConfig(raw);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.issues.map(formatIssue);
  }
  assert.fail("expected a ConfigError");
}

Deno.test("config.example.json is complete and valid", async () => {
  const text = await Deno.readTextFile(EXAMPLE);
  const cfg = parseConfigText(text);
  assert.equal(cfg.market.marchetype, "e2");
  // complete: every key of every section appears in the example (as a key or a `_key` comment)
  const raw = JSON.parse(text);
  const schema = configJsonSchema() as {
    properties: Record<string, { properties?: Record<string, unknown> }>;
  };
  for (const [section, def] of Object.entries(schema.properties)) {
    if (!def.properties) continue;
    for (const key of Object.keys(def.properties)) {
      assert.ok(
        key in raw[section] || `_${key}` in raw[section],
        `example lacks ${section}.${key}`,
      );
    }
  }
});

Deno.test({
  name: "defaults fill every omitted key and section",
  permissions: "none",
  fn() {
    const cfg = parseConfig(minimal());
    assert.equal(cfg.risk.n_plays, 1);
    assert.equal(cfg.risk.eta_time, 0.5);
    assert.equal(cfg.quote.reference, "mid");
    assert.equal(cfg.calibration.tau_slow_s, 1800);
    assert.equal(cfg.logging.level, "INFO");
    assert.equal(cfg.logging.journal, "{data_dir}/mm_events.jsonl");
    assert.equal(cfg.logging.enable_performance, false);
    assert.equal(cfg.paths.data_dir, "./data");
    assert.equal(cfg.market.clob_url, "https://clob.polymarket.com");
  },
});

Deno.test({
  name: "the marchetype preset applies first and explicit keys override it",
  permissions: "none",
  fn() {
    for (const type of MARCHETYPES) {
      const m = minimal();
      (m.market as Record<string, unknown>).marchetype = type;
      const cfg = parseConfig(m);
      for (const [k, v] of Object.entries(PRESETS[type].risk)) {
        assert.equal((cfg.risk as unknown as Record<string, unknown>)[k], v, `${type} ${k}`);
      }
    }
    const cfg = parseConfig(minimal({ risk: { bankroll_B: 100, beta_p: 0.3 } }));
    assert.equal(cfg.risk.beta_p, 0.3); // user wins over e2's 1.0
    assert.equal(cfg.risk.alpha_U, 1.5); // preset where the user is silent
    const a3 = parseConfig(minimal({
      market: { ...(minimal().market as object), marchetype: "a3" },
    }));
    assert.equal(a3.risk.A_floor, 0.3);
  },
});

Deno.test({
  name: "logging.level: the README's names in any case; anything else names the allowed ones",
  permissions: "none",
  fn() {
    assert.equal(
      parseConfig({ ...minimal(), logging: { level: "warning" } }).logging.level,
      "WARNING",
    );
    assert.equal(
      parseConfig({ ...minimal(), logging: { level: "Critical" } }).logging.level,
      "CRITICAL",
    );
    const [e] = issues({ ...minimal(), logging: { level: "verbose" } });
    assert.match(e, /logging\.level.*DEBUG, INFO, WARNING, ERROR, CRITICAL/);
  },
});

Deno.test({
  name: "keys beginning with _ are comments at every level",
  permissions: "none",
  fn() {
    const raw = minimal({ _top: "x", risk: { bankroll_B: 100, _note: { deep: [1, { _x: 1 }] } } });
    assert.deepEqual(stripComments({ a: [{ _b: 1, c: 2 }], _d: 3 }), { a: [{ c: 2 }] });
    assert.equal(parseConfig(raw).risk.bankroll_B, 100);
  },
});

Deno.test({
  name: "an out-of-range value names the path, the value and the allowed range",
  permissions: "none",
  fn() {
    assert.deepEqual(issues(minimal({ risk: { bankroll_B: 100, eta_time: 2 } })), [
      "risk.eta_time: expected a number in [0, 0.75], got 2",
    ]);
    assert.deepEqual(issues(minimal({ risk: { bankroll_B: 0 } })), [
      "risk.bankroll_B: expected a number in (0, 1000000000], got 0",
    ]);
    assert.deepEqual(issues(minimal({ risk: { bankroll_B: 100, n_plays: 1.5 } })), [
      "risk.n_plays: expected an integer in [1, 1000], got 1.5",
    ]);
  },
});

Deno.test({
  name: "wrong types, unknown keys, bad enums and missing keys are errors",
  permissions: "none",
  fn() {
    const got = issues({
      market: { marchetype: "z9", tick_size: 0.02, clob_url: "ftp://x" },
      risk: { bankroll_B: "100", foo: 1 },
      quote: { reference: "last" },
      extra: {},
    });
    const has = (prefix: string) =>
      assert.ok(got.some((l) => l.startsWith(prefix)), `${prefix} in\n${got.join("\n")}`);
    has("market.condition_id: missing — expected a 0x-prefixed 32-byte hex condition id");
    has('market.marchetype: expected one of a1, a2, a3, e1, e2, e3, got "z9"');
    has("market.tick_size: expected one of 0.1, 0.01, 0.005, 0.0025, 0.001, 0.0001, got 0.02");
    has('market.clob_url: expected a https or http URL, got "ftp://x"');
    has('risk.bankroll_B: expected a number in (0, 1000000000], got "100"');
    has("risk.foo: unknown key (allowed: bankroll_B,");
    has('quote.reference: expected one of "mid", "micro", got "last"');
    has("extra: unknown key");
  },
});

Deno.test({
  name: "cross-field rules are checked and reported with the other field's value",
  permissions: "none",
  fn() {
    const m = minimal().market as Record<string, unknown>;
    const got = issues(minimal({
      market: { ...m, resolve_ts_ms: m.start_ts_ms, asset_id_no: m.asset_id_yes },
      risk: {
        bankroll_B: 100,
        lambda_min: 3,
        lambda_max: 2,
        w_A: 0,
        w_L: 0,
        cancel_all_before_s: 7200,
      },
      calibration: {
        tau_fast_s: 100,
        tau_slow_s: 50,
        markout_h1_s: 60,
        markout_h2_s: 60,
        dt_sample_s: 120,
      },
    }));
    assert.deepEqual(got, [
      "market.resolve_ts_ms: must be later than market.start_ts_ms (1790000000000), got 1790000000000",
      "risk.lambda_max: must be ≥ risk.lambda_min (3), got 2",
      "risk.w_L: risk.w_A + risk.w_L must be > 0, got 0",
      "risk.cancel_all_before_s: must be ≤ risk.stop_new_risk_before_s (3600), got 7200",
      "calibration.tau_slow_s: must be greater than calibration.tau_fast_s (100), got 50",
      "calibration.markout_h2_s: must be greater than calibration.markout_h1_s (60), got 60",
      "calibration.dt_sample_s: must be ≤ calibration.tau_fast_s (100), got 120",
      'market.asset_id_no: must differ from market.asset_id_yes (YES and NO are separate tokens), got "111"',
    ]);
  },
});

Deno.test({
  name: "every error is reported at once, field errors and cross-field errors together",
  permissions: "none",
  fn() {
    const got = issues(minimal({ risk: { bankroll_B: 100, eta_time: 9, lambda_min: 3 } }));
    assert.equal(got.length, 2);
    assert.match(got[0], /^risk\.eta_time/);
    assert.match(got[1], /^risk\.lambda_max: must be ≥ risk\.lambda_min \(3\), got 2/);
  },
});

Deno.test({
  name: "a document that is not an object, or not JSON, is one clear error",
  permissions: "none",
  fn() {
    assert.deepEqual(issues([1, 2]), [
      "(document): expected a JSON object with sections market, risk, quote, calibration, logging, paths, got [1,2]",
    ]);
    assert.throws(() => parseConfigText("{ nope", "x.json"), (e: Error) => {
      assert.match(e.message, /^x\.json: 1 error\n {2}\(document\): not valid JSON/);
      return true;
    });
    assert.deepEqual(issues(minimal({ risk: null })), [
      "risk: expected an object with keys bankroll_B, n_plays, eta_time, slippage_buffer, cash_reserve, gamma_a, gamma_max, lambda_min, lambda_max, beta_p, alpha_U, U_ref, A_floor, w_A, w_L, U_window_s, c_sigma, nu_sigma, sigma_max, c_tox, I_max, stop_new_risk_before_s, cancel_all_before_s, max_drawdown_frac, max_error_streak, got null",
    ]);
  },
});

Deno.test({
  name: "long values are shortened in messages",
  permissions: "none",
  fn() {
    const [line] = issues(minimal({ quote: { reference: "x".repeat(200) } }));
    assert.ok(line.length < 200);
    assert.match(line, /\.\.\.$/);
  },
});

Deno.test({
  name: "a preset is not applied over a section that is not an object",
  permissions: "none",
  fn() {
    const doc = applyPreset({ market: { marchetype: "e2" }, risk: 5 });
    assert.equal(doc.risk, 5);
    assert.deepEqual(applyPreset({ market: { marchetype: "zz" } }), {
      market: { marchetype: "zz" },
    });
  },
});

Deno.test({
  name: "the JSON Schema has every section, defaults and ranges, and allows _ comments",
  permissions: "none",
  fn() {
    const s = configJsonSchema() as {
      properties: Record<
        string,
        { properties: Record<string, Record<string, unknown>>; patternProperties?: unknown }
      >;
      required: string[];
    };
    assert.deepEqual(Object.keys(s.properties).filter((k) => k !== "$schema"), [
      "market",
      "risk",
      "quote",
      "calibration",
      "logging",
      "paths",
      "portfolio",
    ]);
    assert.deepEqual(s.required, ["market", "risk"]);
    const eta = s.properties.risk.properties.eta_time;
    assert.equal(eta.default, 0.5);
    assert.equal(eta.minimum, 0);
    assert.equal(eta.maximum, 0.75);
    assert.ok(s.properties.risk.patternProperties);
  },
});

Deno.test({
  name: "model parameters convert seconds to ms and keep every value",
  permissions: "none",
  fn() {
    const cfg: Config = parseConfig(minimal());
    const q = quoteParams(cfg);
    assert.equal(q.stopNewRiskBeforeMs, 3_600_000);
    assert.equal(q.cancelAllBeforeMs, 300_000);
    assert.equal(q.bankrollUsdc, 100);
    assert.equal(q.betaP, 1);
    const t = toxicityParams(cfg);
    assert.equal(t.dtSampleMs, 5000);
    assert.equal(t.tauSlowMs, 1_800_000);
    assert.equal(t.cTox, 1.5);
  },
});

Deno.test("docs/configuration.md's reference is the one the schema generates", async () => {
  const readme = await Deno.readTextFile(new URL("../../docs/configuration.md", import.meta.url));
  // deno fmt may pad the tables: compare what the cells say
  const norm = (t: string) =>
    t.split("\n").map((l) => l.replace(/\s*\|\s*/g, "|").replace(/-{3,}/g, "---").trim()).join(
      "\n",
    ).trim();
  assert.equal(
    norm(withReference(readme)),
    norm(readme),
    "docs/configuration.md is stale: deno run --allow-read=docs --allow-write=docs scripts/readme_reference.ts && deno fmt docs",
  );
  assert.match(
    configReference(),
    /\| `level` \| `DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL` \|/,
  );
});

Deno.test("config: the reward override is all three keys or none, each in its range", () => {
  const market = (m: Record<string, unknown>) =>
    minimal({ market: { ...(minimal().market as object), ...m } });
  assert.deepEqual(issues(market({ rewards_daily_usdc: 100 })), [
    "market.rewards_max_spread_cents: must be set with market.rewards_daily_usdc (the reward " +
    "override is all three keys or none), got undefined",
  ]);
  assert.deepEqual(
    issues(market({ rewards_daily_usdc: 100, rewards_max_spread_cents: 0, rewards_min_size: 20 })),
    ["market.rewards_max_spread_cents: expected a number in (0, 50], got 0"],
  );
  const cfg = parseConfig(
    market({ rewards_daily_usdc: 100, rewards_max_spread_cents: 3.5, rewards_min_size: 20 }),
  );
  assert.equal(cfg.market.rewards_max_spread_cents, 3.5);
  assert.equal(cfg.quote.rewards, "off");
  assert.equal(cfg.quote.rewards_max_improve_ticks, 0);
  assert.deepEqual(issues(minimal({ quote: { rewards: "yes" } })), [
    'quote.rewards: expected one of "on", "off", got "yes"',
  ]);
});
