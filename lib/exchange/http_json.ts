/**
 * One public GET of the venue's JSON APIs (CLOB, Gamma, data API), used by
 * the live session's public data and by the market analysis: a timeout, the
 * body parsed when it is JSON (its text otherwise), a network failure named
 * by host in one line.
 *
 * @module
 */

/** A public GET that never got an answer. */
export class UnreachableError extends Error {
  /**
   * A host that did not answer.
   *
   * @param message `cannot reach <host>: <why>`
   */
  constructor(message: string) {
    super(message);
    this.name = "UnreachableError";
  }
}

/**
 * GETs `url`; resolves to the HTTP status and the body (JSON when it parses,
 * the text otherwise). A missing net permission is rethrown as is (the CLI
 * names the permission set); any other failure is an {@link UnreachableError}.
 */
export async function getJson(
  url: string,
  timeoutMs: number,
): Promise<{ status: number; body: unknown }> {
  let r: Response;
  try {
    r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable) throw e;
    const why = (e as Error).name === "TimeoutError"
      ? "timed out"
      : (e as Error).message.split("\n")[0];
    throw new UnreachableError(`cannot reach ${new URL(url).origin}: ${why}`);
  }
  const text = await r.text();
  try {
    return { status: r.status, body: JSON.parse(text) };
  } catch {
    return { status: r.status, body: text };
  }
}
