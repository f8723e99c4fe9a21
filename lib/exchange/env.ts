/**
 * The live adapter's environment (secrets come from the environment only):
 * `PK`, `CLOB_API_KEY`/`CLOB_SECRET`/`CLOB_PASS_PHRASE` (derived from PK when
 * absent), `FUNDER_ADDRESS`, `CLOB_HOST`, `CHAIN_ID` (137),
 * `POLY_SIGNATURE_TYPE` (0 EOA, 1 proxy, 2 Safe, 3 deposit wallet).
 *
 * @module
 */

/** Every variable the live adapter reads (the `live` permission set grants exactly these). */
export const ENV_VARS = [
  "PK",
  "CLOB_API_KEY",
  "CLOB_SECRET",
  "CLOB_PASS_PHRASE",
  "FUNDER_ADDRESS",
  "CLOB_HOST",
  "CHAIN_ID",
  "POLY_SIGNATURE_TYPE",
] as const;

/** Validated environment of a live session. */
export interface LiveEnv {
  /** Private key (0x + 64 hex). Never logged. */
  privateKey: string;
  /** API credentials, when all three are set. */
  creds: { key: string; secret: string; passphrase: string } | null;
  /** Funder address for proxy, Safe and deposit wallets. */
  funder: string | undefined;
  /** CLOB host override. */
  host: string | undefined;
  /** Chain id: 137 Polygon, 80002 Amoy. */
  chainId: number;
  /** 0 EOA, 1 proxy, 2 Safe, 3 deposit wallet. */
  signatureType: 0 | 1 | 2 | 3;
}

/** A variable is missing or malformed; the message names it and says what is expected. */
export class EnvError extends Error {
  /**
   * An environment variable that is missing or malformed.
   *
   * @param message which variable and what it must be
   */
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

/**
 * Reads and checks the environment for live trading.
 * @throws {EnvError} naming the variable; never echoing a secret
 */
export function readLiveEnv(get: (name: string) => string | undefined): LiveEnv {
  const pk = get("PK");
  if (!pk) {
    throw new EnvError(
      "PK is not set: live trading needs the private key in the environment (or use --paper)",
    );
  }
  const key = pk.startsWith("0x") ? pk : `0x${pk}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new EnvError(
      `PK must be 64 hex digits (optionally 0x-prefixed); it has ${pk.length} characters`,
    );
  }
  const k = get("CLOB_API_KEY");
  const s = get("CLOB_SECRET");
  const p = get("CLOB_PASS_PHRASE");
  const some = [k, s, p].filter((x) => x !== undefined && x !== "").length;
  if (some !== 0 && some !== 3) {
    throw new EnvError(
      "CLOB_API_KEY, CLOB_SECRET and CLOB_PASS_PHRASE must be set together (or none: they are derived from PK)",
    );
  }
  const chain = get("CHAIN_ID") ?? "137";
  if (chain !== "137" && chain !== "80002") {
    throw new EnvError(
      `CHAIN_ID must be 137 (Polygon) or 80002 (Amoy), got ${JSON.stringify(chain)}`,
    );
  }
  const sigType = get("POLY_SIGNATURE_TYPE") ?? "0";
  if (!/^[0-3]$/.test(sigType)) {
    throw new EnvError(
      `POLY_SIGNATURE_TYPE must be 0 (EOA), 1 (proxy), 2 (Safe) or 3 (deposit wallet), got ${
        JSON.stringify(sigType)
      }`,
    );
  }
  const funder = get("FUNDER_ADDRESS") || undefined;
  if (funder !== undefined && !/^0x[0-9a-fA-F]{40}$/.test(funder)) {
    throw new EnvError(
      `FUNDER_ADDRESS must be a 0x-prefixed 20-byte address, got ${JSON.stringify(funder)}`,
    );
  }
  if (Number(sigType) !== 0 && funder === undefined) {
    throw new EnvError(
      `POLY_SIGNATURE_TYPE=${sigType} needs FUNDER_ADDRESS (the wallet that holds the funds)`,
    );
  }
  const host = get("CLOB_HOST") || undefined;
  if (host !== undefined && !/^https?:\/\/[^/]+/.test(host)) {
    throw new EnvError(`CLOB_HOST must be an http(s) URL, got ${JSON.stringify(host)}`);
  }
  return {
    privateKey: key,
    creds: some === 3 ? { key: k!, secret: s!, passphrase: p! } : null,
    funder,
    host,
    chainId: Number(chain),
    signatureType: Number(sigType) as 0 | 1 | 2 | 3,
  };
}
