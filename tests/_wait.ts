/**
 * Waiting on events in tests: never a fixed sleep before an assertion. A
 * condition is polled until it holds; the bound is generous and fails only a
 * run that is truly stuck, so a busy 2-core machine makes a test slower,
 * never red.
 *
 * @module
 */

/** The default bound of {@link until}, ms. */
export const STUCK_MS = 60_000;

/** Polls `cond` every 20 ms until it holds; resolves with the time it took, ms. */
export async function until(
  what: string,
  cond: () => boolean | Promise<boolean>,
  ms = STUCK_MS,
): Promise<number> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - t0;
}
