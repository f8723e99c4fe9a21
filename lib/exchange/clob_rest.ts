/**
 * The CLOB V2 REST calls the live adapter makes, over `fetch`, authenticated
 * as Polymarket's clients do (protocol §2; `@polymarket/clob-client-v2`'s
 * headers, bodies and pagination, which the tests compare byte for byte):
 *
 * - L1 (`POLY_ADDRESS`, `POLY_SIGNATURE` = the EIP-712 `ClobAuth` signature,
 *   `POLY_TIMESTAMP`, `POLY_NONCE`) to create or derive the API key;
 * - L2 (`POLY_SIGNATURE` = base64url HMAC-SHA256 with the key's secret over
 *   timestamp + method + path + body, with `POLY_API_KEY`,
 *   `POLY_PASSPHRASE`, `POLY_TIMESTAMP`, `POLY_ADDRESS`) for everything of
 *   the account.
 *
 * A live instance thus loads neither the official client nor viem, axios and
 * their trees (~38 MiB of a process that makes one market); a deposit
 * wallet's orders still go through the client (loaded only then).
 *
 * @module
 */

import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha2";
import type { OrderSigner } from "./order_signer.ts";
import type { WireOrder } from "./order_types.ts";

/** The first page's cursor. */
const FIRST_CURSOR = "MA==";
/** The CLOB's cursor after the last page of a paged answer. */
export const END_CURSOR = "LTE=";

/** API credentials of an account. */
export interface ApiCreds {
  /** API key. */
  key: string;
  /** HMAC secret, base64 (url-safe or not). */
  secret: string;
  /** Passphrase of the API key (sent with every L2 request). */
  passphrase: string;
}

/** The venue refused a request (HTTP status ≥ 400, or an `error` in the answer). */
export class VenueHttpError extends Error {
  /**
   * @param status HTTP status (0: the request never got an answer)
   * @param message the venue's words
   * @param data the answer's body, when JSON
   */
  constructor(readonly status: number, message: string, readonly data: unknown) {
    super(message);
    this.name = "VenueHttpError";
  }
}

/** One account's REST session with the CLOB. */
export class ClobRest {
  /** The API credentials in use (after {@link ClobRest.useCreds}). */
  creds: ApiCreds | null = null;
  private hmacKey: Uint8Array | null = null;
  private readonly enc = new TextEncoder();

  /**
   * @param host the CLOB's base URL, without a trailing slash
   * @param signer the account's signer (its address authenticates)
   * @param clock wall clock, ms (L1 and L2 timestamps are its seconds)
   */
  constructor(
    private readonly host: string,
    private readonly signer: OrderSigner,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Uses `creds` for every L2 call from now on. */
  useCreds(creds: ApiCreds): void {
    this.creds = creds;
    this.hmacKey = decodeSecret(creds.secret);
  }

  /** Derives the account's API key (L1); the venue refuses when none was created. */
  deriveApiKey(nonce = 0): Promise<ApiCreds> {
    return this.l1("GET", "/auth/derive-api-key", nonce);
  }

  /** Creates the account's API key (L1); the venue refuses when one exists. */
  createApiKey(nonce = 0): Promise<ApiCreds> {
    return this.l1("POST", "/auth/api-key", nonce);
  }

  /** `GET /tick-size`: `{ minimum_tick_size }`. */
  tickSize(tokenId: string): Promise<unknown> {
    return this.send("GET", "/tick-size", { token_id: tokenId });
  }

  /** `GET /neg-risk`: `{ neg_risk }`. */
  negRisk(tokenId: string): Promise<{ neg_risk?: boolean }> {
    return this.send("GET", "/neg-risk", { token_id: tokenId }) as Promise<{ neg_risk?: boolean }>;
  }

  /** `GET /book`: one token's book summary. */
  book(tokenId: string): Promise<Record<string, unknown> | null> {
    return this.send("GET", "/book", { token_id: tokenId }) as Promise<Record<string, unknown>>;
  }

  /** `POST /orders`: signed orders, post-only, GTD when they expire (else GTC); the venue's answer per order. */
  postOrders(orders: readonly WireOrder[]): Promise<unknown> {
    const owner = this.creds?.key ?? "";
    const body = orders.map((order) => ({
      deferExec: false,
      postOnly: true,
      order: { ...order, salt: Number(order.salt) },
      owner,
      orderType: order.expiration && order.expiration !== "0" ? "GTD" : "GTC",
    }));
    return this.l2("POST", "/orders", undefined, body);
  }

  /** `DELETE /orders`: `{ canceled, not_canceled }`. */
  cancelOrders(ids: readonly string[]): Promise<CancelAnswer> {
    return this.l2("DELETE", "/orders", undefined, ids) as Promise<CancelAnswer>;
  }

  /** `DELETE /cancel-market-orders` of one market: `{ canceled, not_canceled }`. */
  cancelMarketOrders(conditionId: string): Promise<CancelAnswer> {
    return this.l2("DELETE", "/cancel-market-orders", undefined, {
      market: conditionId,
    }) as Promise<CancelAnswer>;
  }

  /** `GET /data/orders` of one market, every page. */
  openOrders(conditionId: string): Promise<unknown[]> {
    return this.pages("/data/orders", { market: conditionId });
  }

  /** `GET /data/trades` of one market after `afterS` (unix seconds), every page. */
  trades(conditionId: string, afterS: string): Promise<unknown[]> {
    return this.pages("/data/trades", { market: conditionId, after: afterS });
  }

  /** `GET /balance-allowance` of collateral (no token) or of a token. */
  balanceAllowance(tokenId?: string): Promise<unknown> {
    const q: Record<string, string> = tokenId === undefined
      ? { asset_type: "COLLATERAL" }
      : { asset_type: "CONDITIONAL", token_id: tokenId };
    q.signature_type = String(this.signer.opts.signatureType);
    return this.l2("GET", "/balance-allowance", q);
  }

  /** `POST /orders-scoring`: whether each of our orders scores for liquidity rewards now. */
  ordersScoring(ids: readonly string[]): Promise<Record<string, boolean>> {
    return this.l2("POST", "/orders-scoring", undefined, ids) as Promise<Record<string, boolean>>;
  }

  /** `POST /v1/heartbeats`: `{ heartbeat_id }` (a 400 carries the id to adopt). */
  heartbeat(id: string): Promise<{ heartbeat_id: string }> {
    return this.l2("POST", "/v1/heartbeats", undefined, { heartbeat_id: id }) as Promise<
      { heartbeat_id: string }
    >;
  }

  private async pages(path: string, query: Record<string, string>): Promise<unknown[]> {
    const out: unknown[] = [];
    let cursor = FIRST_CURSOR;
    while (cursor !== END_CURSOR) {
      const page = await this.l2("GET", path, { ...query, next_cursor: cursor }) as {
        data?: unknown[];
        next_cursor?: string;
      } | null;
      if (!Array.isArray(page?.data)) throw new VenueHttpError(200, `${path}: no data`, page);
      out.push(...page.data);
      // a page without a cursor is the last one
      cursor = typeof page.next_cursor === "string" && page.next_cursor
        ? page.next_cursor
        : END_CURSOR;
    }
    return out;
  }

  private async l1(method: string, path: string, nonce: number): Promise<ApiCreds> {
    const ts = Math.floor(this.clock() / 1000);
    const r = await this.send(method, path, undefined, undefined, {
      POLY_ADDRESS: this.signer.address,
      POLY_SIGNATURE: this.signer.clobAuth(ts, nonce),
      POLY_TIMESTAMP: String(ts),
      POLY_NONCE: String(nonce),
    }) as { apiKey?: string; secret?: string; passphrase?: string } | null;
    if (!r?.apiKey || !r.secret || !r.passphrase) {
      throw new VenueHttpError(200, "the venue returned no key", r);
    }
    return { key: r.apiKey, secret: r.secret, passphrase: r.passphrase };
  }

  private l2(
    method: string,
    path: string,
    query?: Record<string, string>,
    body?: unknown,
  ): Promise<unknown> {
    const creds = this.creds;
    const key = this.hmacKey;
    if (!creds || !key) throw new VenueHttpError(0, "no API credentials (L2)", null);
    const ts = String(Math.floor(this.clock() / 1000));
    const text = body === undefined ? undefined : JSON.stringify(body);
    const mac = hmac(sha256, key, this.enc.encode(ts + method + path + (text ?? "")));
    return this.send(method, path, query, text, {
      POLY_ADDRESS: this.signer.address,
      POLY_SIGNATURE: base64Url(mac),
      POLY_TIMESTAMP: ts,
      POLY_API_KEY: creds.key,
      POLY_PASSPHRASE: creds.passphrase,
    });
  }

  private async send(
    method: string,
    path: string,
    query?: Record<string, string>,
    body?: string,
    auth?: Record<string, string>,
  ): Promise<unknown> {
    const url = query ? `${this.host}${path}?${new URLSearchParams(query)}` : this.host + path;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { "Content-Type": "application/json", Accept: "*/*", ...auth },
        body,
      });
    } catch (e) {
      throw new VenueHttpError(0, (e as Error).message, null);
    }
    const text = await res.text();
    let data: unknown = text;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      // a non-JSON answer (an HTML error page): its text is the message
    }
    const error = data !== null && typeof data === "object" && "error" in data
      ? (data as { error: unknown }).error
      : undefined;
    if (!res.ok || error !== undefined) {
      const msg = error !== undefined
        ? (typeof error === "string" ? error : JSON.stringify(error))
        : typeof data === "string" && data
        ? data.slice(0, 200)
        : res.statusText;
      throw new VenueHttpError(res.status, msg, data);
    }
    return data;
  }
}

/** A cancel's answer. */
export interface CancelAnswer {
  /** Ids cancelled. */
  canceled?: string[];
  /** Ids not cancelled, with the venue's reason. */
  not_canceled?: Record<string, string>;
}

function decodeSecret(secret: string): Uint8Array {
  const s = secret.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(s + "=".repeat((4 - s.length % 4) % 4)), (c) => c.charCodeAt(0));
}

function base64Url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_");
}
