/**
 * Durations on the command line: `90`, `90s`, `15m`, `2h`, `1d`, `500ms`.
 *
 * @module
 */

import { UsageError } from "./errors.ts";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration into ms. A bare number is seconds.
 * @throws {UsageError} on anything else
 */
export function parseDuration(text: string, flag: string, command = ""): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) {
    throw new UsageError(
      `${flag}: expected a duration like 90s, 15m, 2h or 1d, got ${JSON.stringify(text)}`,
      command,
    );
  }
  const ms = Number(m[1]) * UNITS[m[2] ?? "s"];
  if (!(ms > 0)) throw new UsageError(`${flag}: the duration must be positive`, command);
  return Math.round(ms);
}
