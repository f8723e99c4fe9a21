/**
 * Configs of the original PM4 (the Python bot of the seed README) into pm4's
 * format. The mapping is explicit, key by key: what maps is converted, what
 * pm4 does differently is dropped with the reason, and every key pm4 adds is
 * listed with its default — nothing changes silently. The one thing that
 * cannot be guessed is the marchetype: the original had none, and it sets
 * the structural-risk presets, so the caller must name it.
 *
 * @module
 */

import { PRESETS } from "./marchetypes.ts";
import { applyPreset, isObject, stripComments } from "./parse.ts";
import { configSchema, type Marchetype, MARCHETYPES } from "./schema.ts";
import type { Json } from "./parse.ts";

/** What happened to one key. */
export interface MigrationChange {
  /**
   * renamed (or moved), converted (value rewritten), kept (same key, a note),
   * dropped, added (the marchetype), preset (its value), defaulted (pm4's default)
   */
  kind: "renamed" | "converted" | "kept" | "dropped" | "added" | "preset" | "defaulted";
  /** The key in the original config (`section.key`), or "" for a key pm4 adds. */
  from: string;
  /** The key in pm4's config, or "" for a dropped one. */
  to: string;
  /** Why, in one line. */
  why: string;
}

/** The outcome of a migration. */
export interface Migration {
  /** The converted document (validate it with `parseConfig`). */
  config: Json;
  /** Every key renamed, converted, dropped or defaulted, in document order. */
  changes: MigrationChange[];
}

/** The original config has no marchetype and none was given. */
export class MarchetypeNeededError extends Error {
  constructor() {
    super(
      "the original config has no marchetype and pm4 will not guess it (it sets the " +
        `structural-risk presets): give --marchetype, one of ${MARCHETYPES.join(", ")} ` +
        "(a = anytime / e = end-of-period resolution; 1 low … 3 high information; " +
        "`pm4 analyze <market>` suggests one)",
    );
    this.name = "MarchetypeNeededError";
  }
}

/** Keys whose value is kept under another name: original `section.key` → pm4 `section.key`. */
const RENAMED: Record<string, [string, string]> = {
  "market.market": [
    "market.condition_id",
    "the CLOB calls the condition id `market`; pm4 names it",
  ],
};

/** Original keys pm4 does not take, with the reason. */
const DROPPED: Record<string, string> = {
  "quote.min_order_size":
    "pm4 reads each market's minimum order size from the exchange at start (an order below " +
    "it is refused); set market.min_order_size only to force a larger one",
  "quote.kappa0":
    "unused by the original; pm4 calibrates κ from the trades it sees and starts from its " +
    "own prior (quote.kappa0, 1/logit)",
};

/** Original keys kept as they are, with what the user should know. */
const NOTES: Record<string, (v: unknown, mt: Marchetype) => string> = {
  "quote.c_risk": (v) =>
    `${v}, the risk term of the half-spread as before; pm4 adds the measured variance of ` +
    "logit(p) over quote.risk_horizon_s to it and the liquidity term from κ, so spreads come " +
    "out wider — its default is 0.02",
  "risk.slippage_buffer": (v) =>
    `${v}; unused by the original, pm4 applies it to the capacity and the cash floor`,
};

/** True when `raw` looks like an original PM4 config rather than a pm4 one. */
export function isOriginalFormat(raw: unknown): boolean {
  if (!isObject(raw)) return false;
  const m = raw.market;
  const q = raw.quote;
  return (isObject(m) && ("market" in m || "wss_url" in m)) ||
    (isObject(q) && "min_order_size" in q);
}

/**
 * Converts an original PM4 config. `marchetype` is required unless the
 * document already carries one under `market.marchetype`.
 * @throws {MarchetypeNeededError} when neither names the marchetype
 */
export function migrateConfig(raw: Json, marchetype?: Marchetype): Migration {
  const doc = stripComments(raw) as Json;
  const changes: MigrationChange[] = [];
  const out: Json = {};
  const given = isObject(doc.market) ? doc.market.marchetype : undefined;
  const mt = marchetype ??
    ((MARCHETYPES as readonly string[]).includes(String(given)) ? given as Marchetype : undefined);
  if (!mt) throw new MarchetypeNeededError();
  const schemaSections = Object.keys(configSchema.shape);
  for (const [section, body] of Object.entries(doc)) {
    if (!isObject(body) || !schemaSections.includes(section)) {
      if (section === "$schema") continue; // an editor hint, not a setting
      changes.push({
        kind: "dropped",
        from: section,
        to: "",
        why: "not a section of pm4's config",
      });
      continue;
    }
    for (const [key, value] of Object.entries(body)) {
      const from = `${section}.${key}`;
      if (from in DROPPED) {
        changes.push({ kind: "dropped", from, to: "", why: DROPPED[from] });
        continue;
      }
      if (from === "market.wss_url") {
        // the original gave the market channel's full URL; pm4 takes the base and
        // appends /ws/market and /ws/user itself
        const base = String(value).replace(/\/ws\/(market|user)\/?$/, "").replace(/\/$/, "");
        put(out, "market.ws_url", base);
        changes.push({
          kind: "converted",
          from,
          to: "market.ws_url",
          why: `the WebSocket base ${base} (pm4 appends /ws/market and /ws/user)`,
        });
        continue;
      }
      const renamed = RENAMED[from];
      const to = renamed ? renamed[0] : from;
      if (!isKnown(to)) {
        changes.push({ kind: "dropped", from, to: "", why: "not a key of pm4's config" });
        continue;
      }
      put(out, to, value);
      if (renamed) changes.push({ kind: "renamed", from, to, why: renamed[1] });
      else if (from in NOTES) changes.push({ kind: "kept", from, to, why: NOTES[from](value, mt) });
      else if (presetValue(mt, to) !== undefined) {
        changes.push({
          kind: "kept",
          from,
          to,
          why: `${value} overrides the ${mt} preset (${presetValue(mt, to)}); ` +
            "remove it to use the preset",
        });
      }
    }
  }
  put(out, "market.marchetype", mt);
  if (given !== mt) {
    changes.push({
      kind: "added",
      from: "",
      to: "market.marchetype",
      why: `${mt}, as given (--marchetype)`,
    });
  }
  // every key pm4 has that the original did not set: the preset's or pm4's default
  const preset = applyPreset({ market: { marchetype: mt } });
  for (const section of schemaSections) {
    const shape = sectionShape(section);
    if (!shape) continue;
    const mine = isObject(out[section]) ? out[section] as Json : {};
    for (const key of Object.keys(shape)) {
      if (key in mine) continue;
      const to = `${section}.${key}`;
      const pv = (preset[section] as Json | undefined)?.[key];
      if (pv !== undefined) {
        changes.push({ kind: "preset", from: "", to, why: `${pv} (the ${mt} preset)` });
      } else {
        const d = defaultOf(section, key);
        changes.push({
          kind: "defaulted",
          from: "",
          to,
          why: d.required
            ? "required: pm4 cannot run without it"
            : d.value === undefined
            ? "unset (optional)"
            : `${JSON.stringify(d.value)} (pm4's default)`,
        });
      }
    }
  }
  return { config: out, changes };
}

function put(doc: Json, path: string, value: unknown): void {
  const [section, key] = path.split(".");
  const s = (doc[section] ??= {}) as Json;
  s[key] = value;
}

function presetValue(mt: Marchetype, path: string): number | undefined {
  const [section, key] = path.split(".");
  return (PRESETS[mt] as unknown as Record<string, Record<string, number> | undefined>)[section]
    ?.[key];
}

/** The object schema of a section (unwrapping its prefault), or null for a non-object key. */
function sectionShape(section: string): Record<string, unknown> | null {
  // deno-lint-ignore no-explicit-any
  let s: any = (configSchema.shape as Record<string, unknown>)[section];
  while (s && !s.shape && typeof s.unwrap === "function") s = s.unwrap();
  return s?.shape ?? null;
}

function isKnown(path: string): boolean {
  const [section, key] = path.split(".");
  const shape = sectionShape(section);
  return shape !== null && key in shape;
}

/** The default of `section.key` (value undefined: optional without one). */
function defaultOf(section: string, key: string): { required: boolean; value: unknown } {
  const shape = sectionShape(section);
  // deno-lint-ignore no-explicit-any
  const field: any = shape?.[key];
  const r = field?.safeParse?.(undefined);
  return r?.success ? { required: false, value: r.data } : { required: true, value: undefined };
}
