/**
 * Authentication as the production CLOB does it (protocol §2):
 *
 * - L1: an EIP-712 `ClobAuth` signature over (address, timestamp, nonce,
 *   fixed message), recovered and compared with `POLY_ADDRESS`; API
 *   credentials are deterministic per (address, nonce).
 * - L2: `POLY_SIGNATURE = base64url(HMAC-SHA256(secret, ts + METHOD + path + body))`
 *   with the API key's secret, plus key, passphrase and a timestamp window.
 *
 * @module
 */

// viem checks signatures; loaded on the first one, so a process that only
// links the simulator in (the CLI) does not carry it
const viem = () => import("viem");

/** The message every L1 signature attests. */
export const CLOB_AUTH_MESSAGE = "This message attests that I control the given wallet";

/** Accepted clock skew of signed timestamps, seconds. */
export const TIMESTAMP_WINDOW_S = 300;

/** API credentials. */
export interface ApiCreds {
  /** API key (uuid). */
  apiKey: string;
  /** HMAC secret, base64url. */
  secret: string;
  /** Passphrase of the API key (sent with every L2 request). */
  passphrase: string;
}

/** A registered API key. */
export interface KeyRecord extends ApiCreds {
  /** Signer address (checksummed as received, compared case-insensitively). */
  address: string;
  /** Nonce it was created with. */
  nonce: string;
}

const enc = new TextEncoder();

function b64url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_");
}

function decodeSecret(secret: string): Uint8Array {
  const s = secret.replace(/-/g, "+").replace(/_/g, "/").replace(/[^A-Za-z0-9+/=]/g, "");
  const padded = s + "=".repeat((4 - (s.length % 4)) % 4);
  const bin = atob(padded);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

async function hmac(key: Uint8Array, message: string): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey(
    "raw",
    key as BufferSource,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", k, enc.encode(message)));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The L2 signature of a request (what the clients compute). */
export async function l2Signature(
  secret: string,
  timestamp: string,
  method: string,
  path: string,
  body: string,
): Promise<string> {
  return b64url(await hmac(decodeSecret(secret), timestamp + method + path + body));
}

/** Why a request was refused. */
export class AuthError extends Error {
  /**
   * A request the venue refuses to authenticate.
   *
   * @param message the venue's text
   */
  constructor(message: string, readonly status = 401) {
    super(message);
    this.name = "AuthError";
  }
}

/** API keys of a server: derivation, L1 and L2 checks. */
export class Auth {
  private readonly byKey = new Map<string, KeyRecord>();
  private readonly byAddressNonce = new Map<string, KeyRecord>();

  /**
   * The venue's keys, derived from a secret.
   *
   * @param serverSecret derives every credential (same secret → same creds)
   * @param chainId chain of the ClobAuth domain
   * @param nowSeconds wall clock, Unix seconds
   */
  constructor(
    private readonly serverSecret: string,
    readonly chainId: number,
    private readonly nowSeconds: () => number,
  ) {}

  /** Deterministic credentials of (address, nonce). */
  async derive(address: string, nonce: string): Promise<KeyRecord> {
    const id = `${address.toLowerCase()}|${nonce}`;
    const known = this.byAddressNonce.get(id);
    if (known) return known;
    const root = enc.encode(this.serverSecret);
    const k = hex(await hmac(root, `key|${id}`));
    const apiKey = `${k.slice(0, 8)}-${k.slice(8, 12)}-4${k.slice(13, 16)}-a${k.slice(17, 20)}-${
      k.slice(20, 32)
    }`;
    const secret = b64url(await hmac(root, `secret|${id}`));
    const passphrase = hex(await hmac(root, `pass|${id}`)).slice(0, 64);
    const rec = { apiKey, secret, passphrase, address, nonce };
    this.byAddressNonce.set(id, rec);
    this.byKey.set(apiKey, rec);
    return rec;
  }

  /** True when (address, nonce) already has a key. */
  exists(address: string, nonce: string): boolean {
    return this.byAddressNonce.has(`${address.toLowerCase()}|${nonce}`);
  }

  /** The key record of `apiKey`, if any. */
  key(apiKey: string): KeyRecord | undefined {
    return this.byKey.get(apiKey);
  }

  /** Deletes an API key. */
  revoke(apiKey: string): void {
    const rec = this.byKey.get(apiKey);
    if (!rec) return;
    this.byKey.delete(apiKey);
    this.byAddressNonce.delete(`${rec.address.toLowerCase()}|${rec.nonce}`);
  }

  /**
   * Checks L1 headers; returns the address and nonce.
   * @throws {AuthError} `Invalid L1 Request headers`
   */
  async verifyL1(headers: Headers): Promise<{ address: string; nonce: string }> {
    const address = headers.get("poly_address") ?? "";
    const signature = headers.get("poly_signature") ?? "";
    const timestamp = headers.get("poly_timestamp") ?? "";
    const nonce = headers.get("poly_nonce") ?? "0";
    const bad = new AuthError("Invalid L1 Request headers");
    if (!/^0x[0-9a-fA-F]{40}$/.test(address) || !/^0x[0-9a-fA-F]{130}$/.test(signature)) throw bad;
    if (!/^\d+$/.test(timestamp) || !/^\d+$/.test(nonce)) throw bad;
    if (Math.abs(Number(timestamp) - this.nowSeconds()) > TIMESTAMP_WINDOW_S) throw bad;
    let signer: string;
    try {
      const { recoverTypedDataAddress } = await viem();
      signer = await recoverTypedDataAddress({
        domain: { name: "ClobAuthDomain", version: "1", chainId: this.chainId },
        types: {
          ClobAuth: [
            { name: "address", type: "address" },
            { name: "timestamp", type: "string" },
            { name: "nonce", type: "uint256" },
            { name: "message", type: "string" },
          ],
        },
        primaryType: "ClobAuth",
        message: {
          address: address as `0x${string}`,
          timestamp,
          nonce: BigInt(nonce),
          message: CLOB_AUTH_MESSAGE,
        },
        signature: signature as `0x${string}`,
      });
    } catch {
      throw bad;
    }
    if (signer.toLowerCase() !== address.toLowerCase()) throw bad;
    return { address, nonce };
  }

  /**
   * Checks L2 headers against the request; returns the key record.
   * @throws {AuthError} `Unauthorized/Invalid api key`
   */
  async verifyL2(headers: Headers, method: string, path: string, body: string): Promise<KeyRecord> {
    const bad = new AuthError("Unauthorized/Invalid api key");
    const rec = this.byKey.get(headers.get("poly_api_key") ?? "");
    if (!rec) throw bad;
    if (headers.get("poly_passphrase") !== rec.passphrase) throw bad;
    if ((headers.get("poly_address") ?? "").toLowerCase() !== rec.address.toLowerCase()) throw bad;
    const ts = headers.get("poly_timestamp") ?? "";
    if (!/^\d+$/.test(ts) || Math.abs(Number(ts) - this.nowSeconds()) > TIMESTAMP_WINDOW_S) {
      throw bad;
    }
    const expected = await l2Signature(rec.secret, ts, method, path, body);
    if (headers.get("poly_signature") !== expected) throw bad;
    return rec;
  }

  /** Checks the raw credentials of a user-channel subscription. */
  verifyCreds(creds: Partial<ApiCreds> | undefined): KeyRecord | undefined {
    const rec = creds?.apiKey ? this.byKey.get(creds.apiKey) : undefined;
    if (!rec || rec.secret !== creds?.secret || rec.passphrase !== creds?.passphrase) {
      return undefined;
    }
    return rec;
  }
}
