/**
 * The venue's errors as the adapter reports them.
 *
 * @module
 */

/** A venue error: the operation, the HTTP status (0: no answer) and the venue's text. */
export class ExchangeError extends Error {
  /**
   * A venue call that failed.
   *
   * @param operation what we tried
   * @param status HTTP status, 0 when no answer came
   * @param venueMessage the venue's text
   * @param hint what the operator can do ("" when nothing)
   */
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly venueMessage: string,
    readonly hint = "",
  ) {
    super(
      `${operation} failed (${status || "no answer"}): ${venueMessage}${hint ? ` — ${hint}` : ""}`,
    );
    this.name = "ExchangeError";
  }

  /** Worth retrying: no answer, 425 (engine restarting), 429, 5xx. */
  get transient(): boolean {
    return this.status === 0 || this.status === 425 || this.status === 429 || this.status >= 500;
  }
}
