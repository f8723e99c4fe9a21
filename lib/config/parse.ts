/**
 * Parsing a config: strip `_` comment keys, apply the marchetype preset, then
 * the user's keys, validate every key and the cross-field rules, report all
 * problems at once.
 *
 * @module
 */

import { z } from "zod";
import { ConfigError, type ConfigIssue, shortJson } from "./errors.ts";
import { PRESETS } from "./marchetypes.ts";
import { type Config, configSchema, type Marchetype, MARCHETYPES } from "./schema.ts";

/** A JSON object. */
export type Json = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A deep copy of `v` without keys that begin with `_` (comments). */
export function stripComments(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripComments);
  if (!isObject(v)) return v;
  const out: Json = {};
  for (const [k, val] of Object.entries(v)) {
    if (!k.startsWith("_")) out[k] = stripComments(val);
  }
  return out;
}

/** The user's document with the preset of its marchetype underneath it. */
export function applyPreset(doc: Json): Json {
  const market = doc.market;
  const type = isObject(market) ? market.marchetype : undefined;
  if (typeof type !== "string" || !(MARCHETYPES as readonly string[]).includes(type)) return doc;
  const preset = PRESETS[type as Marchetype];
  const out: Json = { ...doc };
  for (const [section, keys] of Object.entries(preset)) {
    const user = doc[section];
    if (user !== undefined && !isObject(user)) continue; // reported by the schema
    out[section] = { ...keys, ...(user ?? {}) };
  }
  return out;
}

function valueAt(doc: unknown, path: readonly PropertyKey[]): unknown {
  let v = doc;
  for (const k of path) {
    if (!isObject(v) && !Array.isArray(v)) return undefined;
    v = (v as Json)[k as string];
  }
  return v;
}

function issuesFromZod(error: z.ZodError, doc: unknown): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const iss of error.issues) {
    const path = iss.path.map(String).join(".");
    if (iss.code === "unrecognized_keys") {
      const section = iss.path;
      const shape = shapeAt(section);
      const allowed = shape ? Object.keys(shape).join(", ") : "";
      for (const key of iss.keys) {
        out.push({
          path: [...section.map(String), key].join("."),
          message: `unknown key (allowed: ${allowed}; keys beginning with _ are comments)`,
          found: shortJson(valueAt(doc, [...section, key])),
        });
      }
      continue;
    }
    const found = valueAt(doc, iss.path);
    let message = iss.message;
    if (iss.code === "invalid_type" && iss.expected === "object") {
      const shape = shapeAt(iss.path);
      message = `expected an object${shape ? ` with keys ${Object.keys(shape).join(", ")}` : ""}`;
    }
    out.push({ path, message, found: shortJson(found) });
  }
  return out;
}

function shapeAt(path: readonly PropertyKey[]): Record<string, z.ZodType> | undefined {
  let s: z.ZodType = configSchema;
  for (const k of path) {
    const shape = objectShape(s);
    if (!shape || !(String(k) in shape)) return undefined;
    s = shape[String(k)];
  }
  return objectShape(s);
}

function objectShape(s: z.ZodType): Record<string, z.ZodType> | undefined {
  let cur: z.ZodType = s;
  // unwrap prefault/default/optional wrappers
  while (!(cur instanceof z.ZodObject)) {
    const inner = (cur as unknown as { def?: { innerType?: z.ZodType } }).def?.innerType;
    if (!inner) return undefined;
    cur = inner;
  }
  return cur.shape as Record<string, z.ZodType>;
}

/** How a key compares with another of its section (the words of the error). */
const COMPARE: Record<
  string,
  {
    ok: (v: number, o: number) => boolean;
    message: (other: string, o: number, key: string) => string;
  }
> = {
  later: { ok: (v, o) => v > o, message: (other, o) => `must be later than ${other} (${o})` },
  ">": { ok: (v, o) => v > o, message: (other, o) => `must be greater than ${other} (${o})` },
  ">=": { ok: (v, o) => v >= o, message: (other, o) => `must be ≥ ${other} (${o})` },
  "<=": { ok: (v, o) => v <= o, message: (other, o) => `must be ≤ ${other} (${o})` },
  "sum > 0": {
    ok: (v, o) => v + o > 0,
    message: (other, _o, key) => `${other} + ${key} must be > 0`,
  },
};

/** Cross-field rules inside one section: [section, key (the one reported), comparison, other key]. */
const CROSS_RULES: readonly [string, string, keyof typeof COMPARE, string][] = [
  ["market", "resolve_ts_ms", "later", "start_ts_ms"],
  ["risk", "lambda_max", ">=", "lambda_min"],
  ["risk", "w_L", "sum > 0", "w_A"],
  ["risk", "cancel_all_before_s", "<=", "stop_new_risk_before_s"],
  ["calibration", "tau_slow_s", ">", "tau_fast_s"],
  ["calibration", "markout_h2_s", ">", "markout_h1_s"],
  ["calibration", "dt_sample_s", "<=", "tau_fast_s"],
  ["portfolio", "lease_s", ">", "renew_s"],
];

/** The value of `section.key` after defaults, or undefined when it is invalid itself. */
function fieldValue(doc: Json, section: string, key: string): unknown {
  const shape = shapeAt([section]);
  const field = shape?.[key];
  if (!field) return undefined;
  const sec = doc[section];
  const raw = isObject(sec) ? sec[key] : undefined;
  const r = field.safeParse(raw);
  return r.success ? r.data : undefined;
}

function crossIssues(doc: Json): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const [section, key, cmp, other] of CROSS_RULES) {
    const v = fieldValue(doc, section, key);
    const o = fieldValue(doc, section, other);
    if (typeof v !== "number" || typeof o !== "number" || COMPARE[cmp].ok(v, o)) continue;
    out.push({
      path: `${section}.${key}`,
      message: COMPARE[cmp].message(`${section}.${other}`, o, `${section}.${key}`),
      found: shortJson(v),
    });
  }
  // the reward program's override is whole or absent: a partial one would
  // mix the config's numbers with the venue's
  const rewardKeys = ["rewards_daily_usdc", "rewards_max_spread_cents", "rewards_min_size"];
  const market = isObject(doc.market) ? doc.market : {};
  const given = rewardKeys.filter((k) => market[k] !== undefined);
  if (given.length > 0 && given.length < rewardKeys.length) {
    const missing = rewardKeys.find((k) => market[k] === undefined)!;
    out.push({
      path: `market.${missing}`,
      message: `must be set with market.${
        given[0]
      } (the reward override is all three keys or none)`,
      found: "undefined",
    });
  }
  const yes = fieldValue(doc, "market", "asset_id_yes");
  if (typeof yes === "string" && yes === fieldValue(doc, "market", "asset_id_no")) {
    out.push({
      path: "market.asset_id_no",
      message: "must differ from market.asset_id_yes (YES and NO are separate tokens)",
      found: shortJson(yes),
    });
  }
  return out;
}

/**
 * Validates a parsed JSON document and returns the config with presets and
 * defaults applied.
 * @throws {ConfigError} with every problem found
 *
 * @example
 * ```ts
 * import { parseConfig } from "./mod.ts";
 * const c = parseConfig({
 *   market: {
 *     condition_id: "0x" + "ab".repeat(32),
 *     asset_id_yes: "1",
 *     asset_id_no: "2",
 *     start_ts_ms: 1_790_000_000_000,
 *     resolve_ts_ms: 1_800_000_000_000,
 *     marchetype: "e2",
 *   },
 *   risk: { bankroll_B: 1000 },
 * });
 * // the marchetype's preset and every default are in
 * if (c.quote.requote_ticks !== 1 || c.risk.n_plays !== 1) throw new Error("defaults");
 * ```
 */
export function parseConfig(raw: unknown, source = "config"): Config {
  if (!isObject(raw)) {
    throw new ConfigError([{
      path: "",
      message:
        "expected a JSON object with sections market, risk, quote, calibration, logging, paths",
      found: shortJson(raw),
    }], source);
  }
  const doc = applyPreset(stripComments(raw) as Json);
  const result = configSchema.safeParse(doc);
  const issues = result.success ? [] : issuesFromZod(result.error, doc);
  issues.push(...crossIssues(doc));
  if (issues.length > 0 || !result.success) throw new ConfigError(issues, source);
  return result.data;
}

/**
 * Parses config text (JSON). A syntax error is reported as a config issue at
 * the document with the parser's position.
 * @throws {ConfigError}
 */
export function parseConfigText(text: string, source = "config"): Config {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([{
      path: "",
      message: `not valid JSON (${(e as Error).message})`,
      found: undefined,
    }], source);
  }
  return parseConfig(raw, source);
}
