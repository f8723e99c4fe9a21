/**
 * The live Polymarket adapter, on `@polymarket/clob-client-v2` with a viem
 * account. Tick size, neg-risk and fee info are read at start and seeded into
 * the client's caches, so placing an order does no hidden round trip; orders
 * are signed by the fast {@link OrderSigner} (the client's own builder for
 * deposit wallets) and posted post-only GTC in batches of at most 15.
 *
 * Idempotent calls (reads, cancels, re-posting the same signed orders) are
 * retried with exponential backoff and jitter on network errors, 425, 429 and
 * 5xx; everything else is surfaced with the venue's text and what to do.
 *
 * @module
 */

import {
  ApiError,
  AssetType,
  ClobClient,
  OrderType,
  type SignedOrder as ClientSignedOrder,
} from "@polymarket/clob-client-v2";
import axios from "axios";
import { createWalletClient, hashTypedData, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { polygon, polygonAmoy } from "viem/chains";
import type { Config } from "../config/mod.ts";
import type {
  Balances,
  ExchangeOrder,
  Fill,
  NewOrder,
  Outcome,
  WarmStartData,
} from "../engine/mod.ts";
import { formatPips, parsePricePips, type PublicTrade } from "../market/mod.ts";
import type { LiveEnv } from "./env.ts";
import { OrderSigner } from "./order_signer.ts";
import { orderTypedData, type WireOrder } from "./order_types.ts";
import type { ExchangePort, StartState, UserChannel } from "./port.ts";
import {
  accepted,
  type CancelOutcome,
  cancelOutcome,
  type PlaceOutcome,
  refused,
} from "./outcomes.ts";
import { fetchPublicTrades, fetchWarmStart } from "./public_data.ts";
import { ExchangeError } from "./errors.ts";
import { balanceOf, minSizeOf, openOrdersOf, tickOf, tradeListOf } from "./responses.ts";
import { fillsOfTrade, UserChannelParser } from "./user_channel.ts";

// The Polymarket client calls axios, whose default Node adapter needs the
// system CA store under Deno (--allow-sys, all of it); the fetch adapter needs
// only the net permission the live set grants, host by host.
axios.defaults.adapter = "fetch";

/** Backoff of retried calls. */
export interface RetryPolicy {
  /** Attempts in all (1 = no retry). */
  attempts: number;
  /** First delay, ms (doubles each time, ±50 % jitter). */
  baseDelayMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 200 };

/** What an operator should do about a venue message. */
export function hintFor(message: string, status: number): string {
  if (status === 401 || /invalid api key|L1 Request headers|Unauthorized/i.test(message)) {
    return "check CLOB_API_KEY / CLOB_SECRET / CLOB_PASS_PHRASE (or unset them to derive the key from PK) and the machine's clock";
  }
  if (/maker address not allowed/i.test(message)) {
    return "new API users must trade through a deposit wallet: set POLY_SIGNATURE_TYPE=3 and FUNDER_ADDRESS to it";
  }
  if (/not enough balance|allowance/i.test(message)) {
    return "fund the funder address with pUSD and approve it to both V2 exchanges and the neg-risk adapter, then retry";
  }
  return "";
}

function toError(operation: string, e: unknown): ExchangeError {
  if (e instanceof ExchangeError) return e;
  if (e instanceof ApiError) {
    const status = typeof e.status === "number" ? e.status : 0;
    return new ExchangeError(operation, status, e.message, hintFor(e.message, status));
  }
  return new ExchangeError(operation, 0, (e as Error)?.message ?? String(e));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Runs `fn`, retrying transient failures with exponential backoff and jitter. */
export async function withRetry<T>(
  operation: string,
  policy: RetryPolicy,
  fn: () => Promise<T>,
): Promise<T> {
  let last: ExchangeError | undefined;
  for (let i = 0; i < policy.attempts; i++) {
    try {
      return await fn();
    } catch (e) {
      last = toError(operation, e);
      if (!last.transient || i === policy.attempts - 1) throw last;
      await sleep(policy.baseDelayMs * 2 ** i * (0.5 + Math.random()));
    }
  }
  throw last!;
}

/** The live adapter. */
export class PolymarketAdapter implements ExchangePort {
  readonly mode = "live" as const;
  private client!: ClobClient;
  private signer: OrderSigner | null = null;
  private apiKey = "";
  private creds = { key: "", secret: "", passphrase: "" };
  private tickSize = "0.01";
  private negRisk = false;
  private heartbeatId = "";
  private readonly host: string;
  private readonly ids: { cid: string; yes: string; no: string };

  /**
   * @param cfg the config (market, hosts)
   * @param env the validated environment (secrets)
   * @param retry backoff of retried calls
   */
  constructor(
    private readonly cfg: Config,
    private readonly env: LiveEnv,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.host = (env.host ?? cfg.market.clob_url).replace(/\/$/, "");
    this.ids = {
      cid: cfg.market.condition_id,
      yes: cfg.market.asset_id_yes,
      no: cfg.market.asset_id_no,
    };
  }

  private token(assetId: string): Outcome | undefined {
    return assetId === this.ids.yes ? "YES" : assetId === this.ids.no ? "NO" : undefined;
  }

  /** Keys, market constants and caches; the starting balances, open orders and recent fills. */
  async start(sinceMs: number): Promise<StartState> {
    const chain = this.env.chainId === 137 ? polygon : polygonAmoy;
    const account = privateKeyToAccount(this.env.privateKey as `0x${string}`);
    // the transport is never used: orders and L1 headers are signed locally
    const wallet = createWalletClient({ account, chain, transport: http(this.host) });
    const base = {
      host: this.host,
      chain: this.env.chainId,
      signer: wallet,
      signatureType: this.env.signatureType,
      funderAddress: this.env.funder,
      throwOnError: true,
    };
    let creds = this.env.creds;
    if (!creds) {
      const l1 = new ClobClient(base);
      // derive first: creating a key that exists is refused (400), and with
      // throwOnError the client's createOrDerive never reaches its fallback
      creds = await withRetry("deriving the API key", this.retry, () => l1.deriveApiKey())
        .catch((e: ExchangeError) => {
          if (e.transient) throw e;
          return withRetry("creating the API key", this.retry, () => l1.createApiKey());
        });
      if (!creds?.key) {
        throw new ExchangeError(
          "deriving the API key",
          0,
          "the venue returned no key",
          hintFor("", 401),
        );
      }
    }
    this.creds = { key: creds.key, secret: creds.secret, passphrase: creds.passphrase };
    this.apiKey = creds.key;
    this.client = new ClobClient({ ...base, creds });
    const c = this.client;
    const [tick, negRisk, book] = await Promise.all([
      withRetry("reading the tick size", this.retry, () => c.getTickSize(this.ids.yes)),
      this.cfg.market.neg_risk ??
        withRetry("reading neg risk", this.retry, () => c.getNegRisk(this.ids.yes)),
      withRetry("reading the book", this.retry, () => c.getOrderBook(this.ids.yes)),
    ]);
    this.tickSize = formatPips(
      this.cfg.market.tick_size ? Math.round(this.cfg.market.tick_size * 10_000) : tickOf(tick),
    );
    this.negRisk = negRisk;
    // pre-warm the client's caches for both tokens: no hidden round trips later
    for (const id of [this.ids.yes, this.ids.no]) {
      (c as unknown as { tickSizes: Record<string, string> }).tickSizes[id] = this.tickSize;
      (c as unknown as { negRisk: Record<string, boolean> }).negRisk[id] = negRisk;
    }
    await c.getClobMarketInfo(this.ids.cid).catch(() => undefined); // fee info, when the venue has it
    if (this.env.signatureType !== 3) {
      this.signer = new OrderSigner(this.env.privateKey, {
        chainId: this.env.chainId,
        negRisk,
        signatureType: this.env.signatureType,
        funder: this.env.funder,
      });
      this.signer.warmUp(300); // ~0.1 s now instead of slow first quotes
    }
    const minOrder = this.cfg.market.min_order_size
      ? Math.round(this.cfg.market.min_order_size * 1e6)
      : minSizeOf(book?.min_order_size);
    const { openOrders, fills, balances } = await this.reconcile(sinceMs);
    return {
      fills,
      market: {
        tickPips: parsePricePips(this.tickSize),
        minOrderMicro: minOrder,
        ownOrdersInBook: true,
      },
      balances,
      openOrders,
    };
  }

  /**
   * Signs and posts one batch, post-only GTC. With the fast signer the whole
   * batch is signed synchronously, in the same turn as the decision, so no
   * other event interleaves before the POST.
   */
  async place(
    orders: NewOrder[],
    onSigned: (clientId: number, orderId: string) => void,
  ): Promise<PlaceOutcome[]> {
    const signed: { order: ClientSignedOrder; orderType: OrderType }[] = [];
    const ids: string[] = [];
    for (const o of orders) {
      const { order, orderId } = this.signer
        ? this.signFast(this.signer, o)
        : await this.signByClient(o);
      ids.push(orderId);
      onSigned(o.clientId, orderId);
      signed.push({ order, orderType: OrderType.GTC });
    }
    let res: unknown;
    try {
      // the same signed orders are re-posted on a transient failure: a copy that
      // did land is refused as a duplicate, which counts as placed
      res = await withRetry(
        "posting orders",
        this.retry,
        () => this.client.postOrders(signed, true),
      );
    } catch (e) {
      const err = toError("posting orders", e);
      return orders.map((o) => refused(o.clientId, err.status, err.venueMessage));
    }
    const list = Array.isArray(res) ? res as Record<string, unknown>[] : [];
    return orders.map((o, i) => {
      const r = list.find((x) => x.orderID === ids[i]) ?? list[i] ?? {};
      const msg = String(r.errorMsg ?? r.error ?? "");
      if (r.success === true || /duplicated/i.test(msg)) {
        return accepted(o.clientId, String(r.status ?? "live"));
      }
      return refused(o.clientId, msg ? 400 : 0, msg || "no answer for this order");
    });
  }

  private tokenId(o: NewOrder): string {
    return o.token === "YES" ? this.ids.yes : this.ids.no;
  }

  private signFast(
    signer: OrderSigner,
    o: NewOrder,
  ): { order: ClientSignedOrder; orderId: string } {
    const salt = Math.floor(Math.random() * Number.MAX_SAFE_INTEGER);
    const r = signer.sign(
      {
        tokenId: this.tokenId(o),
        side: o.side,
        pricePips: o.priceTicks * o.tickPips,
        sizeMicro: o.sizeMicro,
      },
      salt,
      Date.now(),
    );
    return { order: r.order as unknown as ClientSignedOrder, orderId: r.orderId };
  }

  /** Deposit wallets (type 3): the client's builder makes the wrapper signature. */
  private async signByClient(o: NewOrder): Promise<{ order: ClientSignedOrder; orderId: string }> {
    const order = await this.client.createOrder(
      {
        tokenID: this.tokenId(o),
        price: o.priceTicks * o.tickPips / 10_000,
        size: o.sizeMicro / 1e6,
        side: o.side as never,
      },
      { tickSize: this.tickSize as never, negRisk: this.negRisk },
    );
    const orderId = hashTypedData(
      orderTypedData(order as unknown as WireOrder, this.env.chainId, this.negRisk),
    );
    return { order, orderId };
  }

  /** Cancels by id (in chunks the venue accepts). */
  async cancel(ids: string[]): Promise<CancelOutcome> {
    const canceled: string[] = [];
    const notCanceled: Record<string, string> = {};
    const failed: string[] = [];
    let error = "";
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      try {
        const r = await withRetry(
          "cancelling orders",
          this.retry,
          () => this.client.cancelOrders(chunk),
        );
        canceled.push(...(r?.canceled ?? []));
        Object.assign(notCanceled, r?.not_canceled ?? {});
      } catch (e) {
        failed.push(...chunk);
        error = toError("cancelling orders", e).message;
      }
    }
    const out = cancelOutcome(canceled, notCanceled);
    out.failed = failed;
    out.requestError = error;
    return out;
  }

  /** Cancels every order of this market. */
  async cancelAll(): Promise<CancelOutcome> {
    try {
      const r = await withRetry(
        "cancelling the market's orders",
        this.retry,
        () => this.client.cancelMarketOrders({ market: this.ids.cid }),
      );
      return cancelOutcome(r?.canceled ?? [], r?.not_canceled ?? {});
    } catch (e) {
      const error = toError("cancelling the market's orders", e).message;
      return { canceled: [], notCanceled: {}, failed: [], requestError: error };
    }
  }

  /** Open orders, fills since `sinceMs`, balances. */
  async reconcile(
    sinceMs: number,
  ): Promise<{ openOrders: ExchangeOrder[]; fills: Fill[]; balances: Balances }> {
    const [openOrders, fills, balances] = await Promise.all([
      this.openOrders(),
      this.fills(sinceMs),
      this.balances(),
    ]);
    return { openOrders, fills, balances };
  }

  private async openOrders(): Promise<ExchangeOrder[]> {
    const list = await withRetry(
      "reading open orders",
      this.retry,
      () => this.client.getOpenOrders({ market: this.ids.cid }),
    );
    return openOrdersOf(list, (id) => this.token(id));
  }

  private async fills(sinceMs: number): Promise<Fill[]> {
    const after = String(Math.max(0, Math.floor(sinceMs / 1000) - 1));
    const trades = await withRetry(
      "reading trades",
      this.retry,
      () => this.client.getTrades({ market: this.ids.cid, after }),
    );
    const tokens = (id: string) => this.token(id);
    return tradeListOf(trades).flatMap((t) => fillsOfTrade(t, this.apiKey, tokens));
  }

  private async balances(): Promise<Balances> {
    const c = this.client;
    const read = (p: Parameters<ClobClient["getBalanceAllowance"]>[0], what: string) =>
      withRetry("reading balances", this.retry, () => c.getBalanceAllowance(p)).then((r) =>
        balanceOf(r, what)
      );
    const [cash, yes, no] = await Promise.all([
      read({ asset_type: AssetType.COLLATERAL }, "collateral"),
      read({ asset_type: AssetType.CONDITIONAL, token_id: this.ids.yes }, "YES"),
      read({ asset_type: AssetType.CONDITIONAL, token_id: this.ids.no }, "NO"),
    ]);
    return { cashMicro: cash, yesMicro: yes, noMicro: no };
  }

  /** Posts a heartbeat with the last id (adopting the venue's id when ours expired). */
  async heartbeat(): Promise<{ ok: boolean; error: string }> {
    try {
      const r = await this.client.postHeartbeat(this.heartbeatId);
      this.heartbeatId = r.heartbeat_id;
      return { ok: true, error: "" };
    } catch (e) {
      const data = (e as ApiError)?.data as { heartbeat_id?: string } | undefined;
      if (data?.heartbeat_id) {
        this.heartbeatId = data.heartbeat_id;
        return this.heartbeat();
      }
      return { ok: false, error: toError("heartbeat", e).message };
    }
  }

  /** A day of YES prices and recent trades (warm start); null when the venue has none. */
  history(nowMs: number): Promise<WarmStartData | null> {
    return fetchWarmStart(this.cfg, this.host, nowMs);
  }

  /** Recent public trades of the market (data API). */
  publicTrades(): Promise<PublicTrade[]> {
    return fetchPublicTrades(this.cfg);
  }

  /** The user channel of our API key for this market. */
  userChannel(): UserChannel {
    const tokens = (id: string) =>
      id === this.ids.yes ? "YES" as const : id === this.ids.no ? "NO" as const : undefined;
    const parser = new UserChannelParser(this.owner, tokens);
    return {
      parse: (text, rxMs) => parser.parse(text, rxMs),
      url: `${this.cfg.market.ws_url.replace(/\/$/, "")}/ws/user`,
      subscribe: {
        type: "user",
        markets: [this.ids.cid],
        auth: {
          apiKey: this.creds.key,
          secret: this.creds.secret,
          passphrase: this.creds.passphrase,
        },
      },
    };
  }

  /** Our API key (not a secret: it names the owner of orders and trades). */
  get owner(): string {
    return this.apiKey;
  }
}
