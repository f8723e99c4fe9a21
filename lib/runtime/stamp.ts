/**
 * The UTC time stamp in the names of run directories, recordings, backtests
 * and scorecards: `20261125T093005Z` (sorts by time, safe in file names).
 *
 * @module
 */

/** `ms` as `YYYYMMDDTHHMMSSZ`. */
export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}
