/**
 * The live Polymarket adapter: the venue's REST protocol over `fetch`
 * ({@link ClobRest}, authenticated as the official client does) and its user
 * channel. Tick size and neg-risk are read at start, so placing an order does
 * no hidden round trip; orders are signed by the fast {@link OrderSigner}
 * (deposit wallets: by `@polymarket/clob-client-v2`'s builder, loaded only
 * for them) and posted post-only in batches of at most 15, GTD: each expires
 * at the venue `quote.order_ttl_s` after it is placed (GTC when 0), so the
 * orders of a process killed without its shutdown retire themselves.
 *
 * Idempotent calls (reads, cancels, re-posting the same signed orders) are
 * retried with exponential backoff and jitter on network errors, 425, 429 and
 * 5xx; everything else is surfaced with the venue's text and what to do.
 *
 * @module
 */

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
import { type ApiCreds, ClobRest, VenueHttpError } from "./clob_rest.ts";
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
import type { RewardRules } from "../model/mod.ts";
import { fetchPublicTrades, fetchRewardRules, fetchWarmStart } from "./public_data.ts";
import { ExchangeError } from "./errors.ts";
import { balanceOf, minSizeOf, openOrdersOf, tickOf, tradeListOf } from "./responses.ts";
import { fillsOfTrade, UserChannelParser } from "./user_channel.ts";

/** Order ids per `/orders-scoring` request. */
const SCORING_BATCH = 100;

/** Backoff of retried calls. */
export interface RetryPolicy {
  /** Attempts in all (1 = no retry). */
  attempts: number;
  /** First delay, ms (doubles each time, ±50 % jitter). */
  baseDelayMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 200 };

/** Presignatures kept ready: four full batches (see {@link OrderSigner.presign}). */
const PRESIGNED = 60;

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
  if (e instanceof VenueHttpError) {
    return new ExchangeError(operation, e.status, e.message, hintFor(e.message, e.status));
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

/** A GTD order lives until this long before its expiration (the venue's threshold), seconds. */
const GTD_THRESHOLD_S = 60;
/** Orders outlive the run's planned end by this much (its shutdown cancels them first), seconds. */
const END_GRACE_S = 120;

/** The live adapter. */
export class PolymarketAdapter implements ExchangePort {
  readonly mode = "live" as const;
  private rest!: ClobRest;
  private signer!: OrderSigner;
  private depositWallet: DepositWalletSigner | null = null;
  private apiKey = "";
  private creds: ApiCreds = { key: "", secret: "", passphrase: "" };
  private tickSize = "0.01";
  private negRisk = false;
  private heartbeatId = "";
  private plannedEndMs = Infinity;
  private refilling = false;
  private readonly host: string;
  private readonly ids: { cid: string; yes: string; no: string };

  /**
   * The live adapter of `cfg`'s market, before its start.
   *
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

  /** YES or NO for one of this market's token ids (bound: handed to the parsers). */
  private readonly token = (assetId: string): Outcome | undefined =>
    assetId === this.ids.yes ? "YES" : assetId === this.ids.no ? "NO" : undefined;

  /** Keys, market constants and caches; the starting balances, open orders and recent fills. */
  async start(sinceMs: number): Promise<StartState> {
    const type = this.env.signatureType;
    const signerFor = (negRisk: boolean) =>
      new OrderSigner(this.env.privateKey, {
        chainId: this.env.chainId,
        negRisk,
        signatureType: type,
        funder: this.env.funder,
      });
    this.signer = signerFor(false);
    const rest = new ClobRest(this.host, this.signer);
    this.rest = rest;
    let creds = this.env.creds;
    if (!creds) {
      // derive first: creating a key that exists is refused (400) — and so is
      // the create of an instance of the fleet that lost the race to another
      // starting on the same wallet: it derives the key the other created
      const derive = () => withRetry("deriving the API key", this.retry, () => rest.deriveApiKey());
      creds = await derive().catch((e: ExchangeError) => {
        if (e.transient) throw e;
        return withRetry("creating the API key", this.retry, () => rest.createApiKey())
          .catch((c: ExchangeError): Promise<ApiCreds> => {
            if (c.transient) throw c;
            return derive();
          });
      });
    }
    this.creds = { key: creds.key, secret: creds.secret, passphrase: creds.passphrase };
    this.apiKey = creds.key;
    rest.useCreds(this.creds);
    const [tick, negRisk, book] = await Promise.all([
      withRetry("reading the tick size", this.retry, () => rest.tickSize(this.ids.yes)),
      this.cfg.market.neg_risk ??
        withRetry("reading neg risk", this.retry, () => rest.negRisk(this.ids.yes))
          .then((r) => r?.neg_risk === true),
      withRetry("reading the book", this.retry, () => rest.book(this.ids.yes)),
    ]);
    this.tickSize = formatPips(
      this.cfg.market.tick_size
        ? Math.round(this.cfg.market.tick_size * 10_000)
        : tickOf((tick as { minimum_tick_size?: unknown } | null)?.minimum_tick_size),
    );
    this.negRisk = negRisk;
    this.signer = signerFor(negRisk);
    if (type === 3) {
      this.depositWallet = await depositWalletSigner(this.env, this.host, this.creds, {
        tickSize: this.tickSize,
        negRisk,
        cid: this.ids.cid,
        ids: [this.ids.yes, this.ids.no],
      });
    } else {
      this.signer.warmUp(300); // ~0.1 s now instead of slow first quotes
      this.signer.presign(PRESIGNED);
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
   * Signs and posts one batch, post-only, GTD (`quote.order_ttl_s`; 0: GTC). With the fast signer the whole
   * batch is signed synchronously, in the same turn as the decision, so no
   * other event interleaves before the POST.
   */
  async place(
    orders: NewOrder[],
    onSigned: (clientId: number, orderId: string) => void,
  ): Promise<PlaceOutcome[]> {
    const signed: WireOrder[] = [];
    const ids: string[] = [];
    const expiration = this.expiration();
    for (const o of orders) {
      const { order, orderId } = this.depositWallet
        ? await this.depositWallet(this.tokenId(o), o)
        : this.signFast(o);
      // V2 signs no expiration: it rides beside the signed struct
      if (expiration !== "0") order.expiration = expiration;
      ids.push(orderId);
      onSigned(o.clientId, orderId);
      signed.push(order);
    }
    this.refillSoon();
    let res: unknown;
    try {
      // the same signed orders are re-posted on a transient failure: a copy that
      // did land is refused as a duplicate, which counts as placed
      res = await withRetry(
        "posting orders",
        this.retry,
        () => this.rest.postOrders(signed),
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

  /** The token id an order trades. */
  private tokenId(o: NewOrder): string {
    return o.token === "YES" ? this.ids.yes : this.ids.no;
  }

  /**
   * Tops the signer's presignatures up, one per turn of the event loop (each
   * ~0.3 ms): never in one block a market frame would wait behind.
   */
  private refillSoon(): void {
    if (this.refilling || this.depositWallet) return;
    this.refilling = true;
    const step = () => {
      if (this.signer.presignatures >= PRESIGNED) {
        this.refilling = false;
        return;
      }
      this.signer.presign(this.signer.presignatures + 1);
      setTimeout(step, 0);
    };
    setTimeout(step, 0);
  }

  /**
   * The run ends by `ms` (its `--duration`/`--until`, or the resolution's
   * cancel-all time): orders placed from now on expire a couple of minutes
   * after it — a crashed cron run's orders retire soon after its planned
   * end — and never later than `quote.order_ttl_s` after their placement.
   */
  endsBy(ms: number): void {
    this.plannedEndMs = ms;
  }

  /**
   * The expiration of the orders placed now, unix seconds ("0": GTC): the
   * order lives `quote.order_ttl_s`, or until {@link END_GRACE_S} past the
   * run's planned end when that is sooner. The venue retires a GTD order a
   * minute before its expiration (its security threshold), hence the minute
   * added.
   */
  private expiration(): string {
    const ttl = this.cfg.quote.order_ttl_s;
    if (!(ttl > 0)) return "0";
    const nowS = Date.now() / 1000;
    const life = Math.min(
      ttl,
      Math.max(END_GRACE_S, this.plannedEndMs / 1000 + END_GRACE_S - nowS),
    );
    return String(Math.ceil(nowS + life + GTD_THRESHOLD_S));
  }

  /** Signs an order with the fast signer (a fresh random salt, now as its time). */
  private signFast(o: NewOrder): { order: WireOrder; orderId: string } {
    const salt = Math.floor(Math.random() * Number.MAX_SAFE_INTEGER);
    return this.signer.sign(
      {
        tokenId: this.tokenId(o),
        side: o.side,
        pricePips: o.priceTicks * o.tickPips,
        sizeMicro: o.sizeMicro,
      },
      salt,
      Date.now(),
    );
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
          () => this.rest.cancelOrders(chunk),
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
        () => this.rest.cancelMarketOrders(this.ids.cid),
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

  /** This market's open orders of ours, every page. */
  private async openOrders(): Promise<ExchangeOrder[]> {
    const list = await withRetry(
      "reading open orders",
      this.retry,
      () => this.rest.openOrders(this.ids.cid),
    );
    return openOrdersOf(list, this.token);
  }

  /** Our fills of this market since `sinceMs` (a second of margin). */
  private async fills(sinceMs: number): Promise<Fill[]> {
    const after = String(Math.max(0, Math.floor(sinceMs / 1000) - 1));
    const trades = await withRetry(
      "reading trades",
      this.retry,
      () => this.rest.trades(this.ids.cid, after),
    );
    return tradeListOf(trades).flatMap((t) => fillsOfTrade(t, this.apiKey, this.token));
  }

  /** Collateral and both tokens' balances. */
  private async balances(): Promise<Balances> {
    const read = (token: string | undefined, what: string) =>
      withRetry("reading balances", this.retry, () => this.rest.balanceAllowance(token)).then((
        r,
      ) => balanceOf(r, what));
    const [cash, yes, no] = await Promise.all([
      read(undefined, "collateral"),
      read(this.ids.yes, "YES"),
      read(this.ids.no, "NO"),
    ]);
    return { cashMicro: cash, yesMicro: yes, noMicro: no };
  }

  /** Posts a heartbeat with the last id (adopting the venue's id when ours expired). */
  async heartbeat(): Promise<{ ok: boolean; error: string }> {
    try {
      const r = await this.rest.heartbeat(this.heartbeatId);
      this.heartbeatId = r.heartbeat_id;
      return { ok: true, error: "" };
    } catch (e) {
      const data = (e as VenueHttpError)?.data as { heartbeat_id?: string } | undefined;
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

  /** The market's reward program (CLOB market object). */
  rewardRules(): Promise<RewardRules | null> {
    return fetchRewardRules(this.cfg);
  }

  /**
   * The venue's word on which of our orders score, in batches of
   * {@link SCORING_BATCH} ids (one request a batch; the session asks once a
   * minute, the venue's sampling interval).
   */
  async ordersScoring(orderIds: readonly string[]): Promise<Record<string, boolean>> {
    const out: Record<string, boolean> = {};
    for (let i = 0; i < orderIds.length; i += SCORING_BATCH) {
      const part = orderIds.slice(i, i + SCORING_BATCH);
      const r = await withRetry(
        "asking which orders score",
        this.retry,
        () => this.rest.ordersScoring(part),
      );
      for (const id of part) out[id] = r?.[id] === true;
    }
    return out;
  }

  /** The user channel of our API key for this market. */
  userChannel(): UserChannel {
    const parser = new UserChannelParser(this.owner, this.token);
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

/** Signs a deposit wallet's order of token `tokenId` with the client's builder. */
type DepositWalletSigner = (
  tokenId: string,
  o: NewOrder,
) => Promise<{ order: WireOrder; orderId: string }>;

/**
 * The deposit wallet's signer (signature type 3): the wrapper signature is
 * the official client's, so the client, viem and axios are loaded here —
 * only for these accounts.
 */
async function depositWalletSigner(
  env: LiveEnv,
  host: string,
  creds: ApiCreds,
  market: { tickSize: string; negRisk: boolean; cid: string; ids: string[] },
): Promise<DepositWalletSigner> {
  const [{ ClobClient }, axios, viem, { privateKeyToAccount }] = await Promise.all([
    import("@polymarket/clob-client-v2"),
    import("axios"),
    import("viem"),
    import("viem/accounts"),
  ]);
  // axios's default Node adapter needs the system CA store under Deno
  // (--allow-sys, all of it); the fetch adapter only the net permission
  axios.default.defaults.adapter = "fetch";
  const chain = viem.defineChain({
    id: env.chainId,
    name: env.chainId === 137 ? "Polygon" : "Polygon Amoy",
    nativeCurrency: { name: "POL", symbol: "POL", decimals: 18 },
    rpcUrls: { default: { http: [host] } },
  });
  const account = privateKeyToAccount(env.privateKey as `0x${string}`);
  const client = new ClobClient({
    host,
    chain: env.chainId,
    // the transport is never used: orders are signed locally
    signer: viem.createWalletClient({ account, chain, transport: viem.http(host) }),
    signatureType: env.signatureType,
    funderAddress: env.funder,
    throwOnError: true,
    creds,
  });
  // seeded caches: building an order does no round trip
  const c = client as unknown as {
    tickSizes: Record<string, string>;
    negRisk: Record<string, boolean>;
  };
  for (const id of market.ids) {
    c.tickSizes[id] = market.tickSize;
    c.negRisk[id] = market.negRisk;
  }
  await client.getClobMarketInfo(market.cid).catch(() => undefined); // fee info, when the venue has it
  return async (tokenId, o) => {
    const order = await client.createOrder(
      {
        tokenID: tokenId,
        price: o.priceTicks * o.tickPips / 10_000,
        size: o.sizeMicro / 1e6,
        side: o.side as never,
      },
      { tickSize: market.tickSize as never, negRisk: market.negRisk },
    ) as unknown as WireOrder;
    const orderId = viem.hashTypedData(orderTypedData(order, env.chainId, market.negRisk));
    return { order, orderId };
  };
}
