/**
 * `pm4 config migrate`'s core: the original PM4 config (the seed README's,
 * copied into tests/fixtures/seed_config.example.json) into pm4's format —
 * every key accounted for, the marchetype never guessed.
 */

import assert from "node:assert/strict";
import {
  isOriginalFormat,
  MarchetypeNeededError,
  migrateConfig,
  parseConfig,
} from "../../lib/config/mod.ts";

const SEED = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/seed_config.example.json", import.meta.url)),
);
/** The seed with its README placeholders filled in, as a user of it had them. */
function filled() {
  const s = structuredClone(SEED);
  s.market.market = "0x" + "ab".repeat(32);
  s.market.asset_id_yes = "111";
  s.market.asset_id_no = "222";
  s.market.start_ts_ms = Date.UTC(2026, 0, 1);
  s.market.resolve_ts_ms = Date.UTC(2027, 0, 1);
  return s;
}

Deno.test("migrate: the seed's example config converts, every key accounted for, and validates", () => {
  const m = migrateConfig(filled(), "e2");
  const cfg = parseConfig(m.config);
  const by = (from: string) => m.changes.find((c) => c.from === from);
  assert.equal(cfg.market.condition_id, "0x" + "ab".repeat(32));
  assert.equal(by("market.market")?.kind, "renamed");
  assert.equal(by("market.market")?.to, "market.condition_id");
  assert.equal(cfg.market.ws_url, "wss://ws-subscriptions-clob.polymarket.com");
  assert.equal(by("market.wss_url")?.kind, "converted");
  assert.equal(by("quote.min_order_size")?.kind, "dropped");
  assert.equal(cfg.market.min_order_size, undefined, "read from the exchange");
  assert.equal(by("quote.kappa0")?.kind, "dropped");
  assert.equal(cfg.quote.kappa0, 20);
  // the user's values are kept, and said to override the preset
  assert.equal(cfg.risk.beta_p, 0.8);
  assert.match(by("risk.beta_p")!.why, /overrides the e2 preset \(1\)/);
  assert.equal(cfg.quote.c_risk, 0.2);
  assert.equal(by("quote.c_risk")?.kind, "kept");
  assert.equal(cfg.logging.level, "DEBUG");
  assert.equal(cfg.risk.bankroll_B, 500);
  assert.equal(cfg.risk.n_plays, 3);
  // every key of pm4's config is in the config or in the list
  const listed = new Set(m.changes.map((c) => c.to).filter((t) => t !== ""));
  for (const [section, body] of Object.entries(cfg)) {
    for (const key of Object.keys(body as object)) {
      const path = `${section}.${key}`;
      const inDoc = key in ((m.config[section] ?? {}) as object);
      assert.ok(inDoc || listed.has(path), `${path} neither converted nor listed`);
    }
  }
  const added = m.changes.find((c) => c.to === "market.marchetype")!;
  assert.deepEqual([added.kind, added.why], ["added", "e2, as given (--marchetype)"]);
  assert.equal(m.changes.find((c) => c.to === "quote.c_skew")?.why, "0.25 (pm4's default)");
  assert.equal(m.changes.find((c) => c.to === "market.tick_size")?.why, "unset (optional)");
  assert.equal(m.changes.find((c) => c.to === "market.clob_url")?.kind, "defaulted");
});

Deno.test("migrate: the marchetype is never guessed; a preset's keys are listed as the preset's", () => {
  assert.throws(() => migrateConfig(filled()), MarchetypeNeededError);
  assert.throws(() => migrateConfig(filled()), /give --marchetype, one of a1, a2, a3, e1, e2, e3/);
  const s = filled();
  delete s.risk.beta_p;
  delete s.risk.alpha_U;
  const m = migrateConfig(s, "e3");
  const cfg = parseConfig(m.config);
  assert.equal(cfg.risk.beta_p, 1.5);
  assert.equal(cfg.risk.alpha_U, 0.8);
  const preset = m.changes.filter((c) => c.kind === "preset").map((c) => `${c.to}=${c.why}`);
  assert.deepEqual(preset, [
    "risk.beta_p=1.5 (the e3 preset)",
    "risk.alpha_U=0.8 (the e3 preset)",
  ]);
  // a document that already names its marchetype keeps it
  s.market.marchetype = "a1";
  const k = migrateConfig(s);
  assert.equal(parseConfig(k.config).market.marchetype, "a1");
  assert.equal(k.changes.some((c) => c.to === "market.marchetype" && c.kind === "added"), false);
});

Deno.test("migrate: unknown sections and keys are dropped with the reason; comments ignored", () => {
  const s = filled();
  s.exchange = { name: "polymarket" };
  s.notes = "hello";
  s.quote.spread_mode = "wide";
  s._comment = "a comment";
  s.$schema = "./pm4.schema.json";
  const m = migrateConfig(s, "e2");
  const dropped = m.changes.filter((c) => c.kind === "dropped").map((c) => `${c.from}: ${c.why}`);
  assert.ok(dropped.includes("exchange: not a section of pm4's config"));
  assert.ok(dropped.includes("notes: not a section of pm4's config"));
  assert.ok(dropped.includes("quote.spread_mode: not a key of pm4's config"));
  assert.equal(m.changes.some((c) => c.from.startsWith("_")), false);
  parseConfig(m.config);
});

Deno.test("migrate: the original format is recognised by its keys", () => {
  assert.equal(isOriginalFormat(SEED), true);
  assert.equal(isOriginalFormat({ market: { wss_url: "wss://x" } }), true);
  assert.equal(isOriginalFormat({ quote: { min_order_size: 1 } }), true);
  assert.equal(
    isOriginalFormat(
      JSON.parse(Deno.readTextFileSync(new URL("../../config.example.json", import.meta.url))),
    ),
    false,
  );
  assert.equal(isOriginalFormat([]), false);
  assert.equal(isOriginalFormat(null), false);
});
