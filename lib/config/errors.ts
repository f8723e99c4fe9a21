/**
 * Config errors: each names the JSON path, the value found and what is allowed.
 *
 * @module
 */

/** One problem in a config. */
export interface ConfigIssue {
  /** JSON path, dotted (`risk.eta_time`); empty for the document itself. */
  readonly path: string;
  /** What is allowed (e.g. `expected a number in [0.25, 0.75]`). */
  readonly message: string;
  /** The value found, as short JSON; `undefined` when the key is missing (or, at the document, not applicable). */
  readonly found: string | undefined;
}

/** All problems of a config, reported together. */
export class ConfigError extends Error {
  /**
   * One error carrying every problem found.
   * @param issues every problem found, in document order
   * @param source file name (or "config") shown before the list
   */
  constructor(readonly issues: readonly ConfigIssue[], readonly source = "config") {
    super(
      `${source}: ${issues.length} error${issues.length === 1 ? "" : "s"}\n` +
        issues.map((i) => `  ${formatIssue(i)}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** `path: message, got value` (or `path: missing, message`). */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.path === "" ? "(document)" : issue.path;
  if (issue.found === undefined) {
    return issue.path === ""
      ? `${where}: ${issue.message}`
      : `${where}: missing — ${issue.message}`;
  }
  return `${where}: ${issue.message}, got ${issue.found}`;
}

/** Short JSON of a value for an error message (never more than 60 characters). */
export function shortJson(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
