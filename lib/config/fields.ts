/**
 * Field builders for the config schema: every numeric field states its
 * allowed range in its own error message, so an error names the range.
 *
 * @module
 */

import { z } from "zod";

interface NumOpts {
  /** Integer only. */
  int?: boolean;
  /** Lower bound excluded: `(lo, hi]`. */
  loOpen?: boolean;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? v.toFixed(0) : String(v);
}

/** The range text used in error messages, e.g. `a number in [0.25, 0.75]`. */
export function rangeText(lo: number, hi: number, opts: NumOpts = {}): string {
  return `${opts.int ? "an integer" : "a number"} in ${opts.loOpen ? "(" : "["}${fmt(lo)}, ${
    fmt(hi)
  }]`;
}

/** A number (or integer) in `[lo, hi]` (or `(lo, hi]`) with a default. */
export function num(
  lo: number,
  hi: number,
  def: number,
  doc: string,
  opts: NumOpts = {},
): z.ZodDefault<z.ZodNumber> {
  return reqNum(lo, hi, doc, opts).default(def);
}

/** A required number (or integer) in `[lo, hi]` (or `(lo, hi]`). */
export function reqNum(lo: number, hi: number, doc: string, opts: NumOpts = {}): z.ZodNumber {
  const error = `expected ${rangeText(lo, hi, opts)}`;
  let s = z.number({ error });
  if (opts.int) s = s.int({ error });
  s = opts.loOpen ? s.gt(lo, { error }) : s.gte(lo, { error });
  return s.lte(hi, { error }).describe(doc);
}

/** One of a fixed set of strings, with a default. */
export function choice<const T extends readonly [string, ...string[]]>(
  values: T,
  def: T[number],
  doc: string,
): z.ZodDefault<z.ZodEnum<{ [K in T[number]]: K }>> {
  const error = `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
  return z.enum(values, { error }).describe(doc).default(def as never);
}

/** A URL with one of the given schemes, with a default. */
export function url(
  schemes: readonly string[],
  def: string,
  doc: string,
): z.ZodDefault<z.ZodString> {
  const error = `expected a ${schemes.join(" or ")} URL`;
  return z.string({ error }).refine((s) => {
    try {
      return schemes.includes(new URL(s).protocol.replace(":", ""));
    } catch {
      return false;
    }
  }, { error }).describe(doc).default(def);
}
