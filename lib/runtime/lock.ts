/**
 * One instance per market: an exclusive lock on a file in the data
 * directory. The operating system releases it when the process dies, so a
 * restart after `kill -9` is not blocked by a stale lock.
 *
 * @module
 */

/** A held lock. */
export interface MarketLock {
  /** Releases the lock. */
  release(): void;
}

/** Takes the lock at `path`, or returns null when another process holds it. */
export async function acquireLock(path: string): Promise<MarketLock | null> {
  const file = await Deno.open(path, { read: true, write: true, create: true });
  if (!(await file.tryLock(true))) {
    file.close();
    return null;
  }
  await file.truncate();
  await file.write(new TextEncoder().encode(`${Deno.pid}\n`));
  return {
    release() {
      try {
        file.unlockSync();
      } finally {
        file.close();
      }
    },
  };
}
