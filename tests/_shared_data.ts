/**
 * Real recordings that live beside the repository (`../shared/data`), not in
 * it: a user's clone does not have them. A test that needs one asks here; when
 * a file is missing the test is registered as ignored and one line names the
 * file, so the suite passes on a bare clone and says what it did not check.
 *
 * @module
 */

/** `../shared/data/` of this checkout, a filesystem path ending in `/`. */
export const SHARED_DATA = new URL("../../shared/data/", import.meta.url).pathname;

/** The real ENRICOBIGNOZZI frames shipped with the tests (MIT, see tests/fixtures/enrico). */
export const ENRICO_FRAMES =
  new URL("./fixtures/enrico/ws_frames.first24lines.jsonl", import.meta.url).pathname;

/**
 * Paths of `files` under `../shared/data`, or null — after printing one line
 * naming the first missing file — when any is absent.
 */
export function sharedData(test: string, files: string[]): string[] | null {
  const paths = files.map((f) => SHARED_DATA + f);
  for (const p of paths) {
    try {
      Deno.statSync(p);
    } catch {
      console.log(`skip: ${test}: ${p} is missing (real recordings live in ../shared/data)`);
      return null;
    }
  }
  return paths;
}
