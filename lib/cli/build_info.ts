/**
 * The commit a binary was built from. `deno task compile` writes the real one
 * here for the duration of the build; a source checkout says `source`.
 *
 * @module
 */

/** Git commit of the build (`source` when run from a checkout). */
export const COMMIT: string = "source";
