/** Helpers to drive the simulator server with the real clob-client-v2 and a WebSocket. */

import { type ApiKeyCreds, ClobClient } from "@polymarket/clob-client-v2";
import { createWalletClient, http } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { polygon } from "viem/chains";
import {
  type SimExchange,
  type SimMarket,
  type SimServer,
  type SimServerOptions,
  startSimServer,
} from "../../lib/sim/mod.ts";
import { STUCK_MS } from "../_wait.ts";

/** An empty simulated market (no agents) on a free port. */
export function emptySim(opts: SimServerOptions = {}): Promise<SimServer> {
  return startSimServer({ scenario: "e2", seed: 11, agents: false, ...opts });
}

/** A viem wallet client as the clob client wants it (its transport is never used). */
export function wallet(pk = generatePrivateKey()) {
  const account = privateKeyToAccount(pk);
  return createWalletClient({ account, chain: polygon, transport: http("http://127.0.0.1:9") });
}

/** A clob client with API credentials created on the server. */
export async function client(
  sim: SimServer,
  pk?: `0x${string}`,
): Promise<{ c: ClobClient; creds: ApiKeyCreds; address: string }> {
  const signer = wallet(pk);
  const l1 = new ClobClient({ host: sim.url, chain: 137, signer });
  const creds = await l1.createOrDeriveApiKey();
  const c = new ClobClient({ host: sim.url, chain: 137, signer, creds });
  return { c, creds, address: signer.account.address };
}

let seeded = 0; // order ids stay unique when a market is seeded more than once

/** Seeds resting liquidity from a funded market maker (in-process), in `market` (default the first). */
export function seedBook(
  sim: SimServer,
  levels: { token: 0 | 1; side: "BUY" | "SELL"; price: number; size: number }[],
  market: SimMarket = sim.market,
): void {
  const ex = market.exchange;
  ex.deposit("0xmaker", 1e12, 1e12, 1e12);
  for (const l of levels) {
    const r = ex.place({
      id: `0xseed${++seeded}`,
      owner: "maker",
      address: "0xmaker",
      token: l.token,
      side: l.side,
      pricePips: Math.round(l.price * 10_000),
      sizeMicro: l.size * 1_000_000,
      type: "GTC",
      postOnly: false,
      expirationMs: 0,
    }, Date.now());
    if (!r.ok) throw new Error(r.message);
  }
}

/**
 * A funded taker sells YES at `pricePips` or better, fill-and-kill
 * (in-process): it takes the bids at or above that price, ours among them.
 */
export function takerSells(ex: SimExchange, pricePips: number, sizeMicro: number) {
  ex.deposit("0xtaker", 0, 1e12, 0);
  return ex.place({
    id: `0xtaker${crypto.randomUUID().replaceAll("-", "")}`,
    owner: "taker",
    address: "0xtaker",
    token: 0,
    side: "SELL",
    pricePips,
    sizeMicro,
    type: "FAK",
    postOnly: false,
    expirationMs: 0,
  }, Date.now());
}

/** A WebSocket that records every frame and can await one matching a predicate. */
export class Ws {
  readonly frames: string[] = [];
  private waiters: { pred: (f: string) => boolean; resolve: (f: string) => void }[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<void>;
  private constructor(readonly ws: WebSocket) {
    this.opened = new Promise((r) => ws.addEventListener("open", () => r(), { once: true }));
    this.closed = new Promise((r) => ws.addEventListener("close", () => r(), { once: true }));
    ws.addEventListener("message", (e) => {
      const f = String(e.data);
      this.frames.push(f);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(f)) return true;
        w.resolve(f);
        return false;
      });
    });
  }

  /** Connects and sends `subscribe`. */
  static async open(url: string, subscribe: unknown): Promise<Ws> {
    const w = new Ws(new WebSocket(url));
    await w.opened;
    w.ws.send(JSON.stringify(subscribe));
    return w;
  }

  /** Resolves with the first frame (already received or coming) that matches; fails after `ms`. */
  next(pred: (f: string) => boolean, ms = STUCK_MS, from = 0): Promise<string> {
    const seen = this.frames.slice(from).find(pred);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching frame within ${ms} ms; got:\n${this.frames.slice(-5).join("\n")}`,
            ),
          ),
        ms,
      );
      this.waiters.push({
        pred,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  /** Closes and waits for the close. */
  async close(): Promise<void> {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.close();
    await this.closed;
  }
}
