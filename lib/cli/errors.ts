/**
 * Errors a command reports to the user as one line with exit code 2.
 *
 * @module
 */

/** Wrong flags, arguments or inputs; printed as one line plus the command's help hint. */
export class UsageError extends Error {
  /**
   * A usage error of `command` (empty: of pm4 itself).
   *
   * @param message what was wrong and what to do
   * @param command the command whose `--help` to point at
   */
  constructor(message: string, readonly command = "") {
    super(message);
    this.name = "UsageError";
  }
}

/** Something the permission set does not allow: one line naming it and the flag to add (exit 2). */
export class PermissionError extends Error {
  /** @param message what was refused and how to allow it */
  constructor(message: string) {
    super(message);
    this.name = "PermissionError";
  }
}
