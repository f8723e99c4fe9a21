/**
 * Numeric and list flags: a value outside its range, or a name outside its
 * list, is a one-line usage error naming the flag and what it takes.
 *
 * @module
 */

import { UsageError } from "./errors.ts";

/** Bounds and kind of a numeric flag. */
export interface NumberFlag {
  /** The flag as typed, e.g. `--seed`. */
  flag: string;
  /** Smallest allowed value. */
  lo: number;
  /** Largest allowed value. */
  hi: number;
  /** Whole numbers only. */
  int?: boolean;
}

/**
 * The flag's value as a number, or undefined when it was not given.
 * @throws {UsageError} for `command` when it is not a number in range
 */
export function numberFlag(v: unknown, f: NumberFlag, command: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || (f.int && !Number.isInteger(n)) || n < f.lo || n > f.hi) {
    throw new UsageError(
      `${f.flag}: expected ${f.int ? "an integer" : "a number"} in [${f.lo}, ${f.hi}], got ${
        JSON.stringify(v)
      }`,
      command,
    );
  }
  return n;
}

/**
 * A comma-separated flag's names (trimmed, in the order given), or undefined
 * when it was not given.
 * @throws {UsageError} for `command` at the first name not in `allowed`
 */
export function listFlag<T extends string>(
  v: unknown,
  allowed: readonly T[],
  flag: string,
  command: string,
): T[] | undefined {
  if (v === undefined) return undefined;
  const names = String(v).split(",").map((t) => t.trim());
  for (const name of names) {
    if (!allowed.includes(name as T)) {
      throw new UsageError(
        `${flag}: expected some of ${allowed.join(", ")}, got ${JSON.stringify(name)}`,
        command,
      );
    }
  }
  return names as T[];
}
