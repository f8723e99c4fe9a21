/**
 * The simulator's WebSockets, as the venue's: the market channel (a book
 * dump on subscribe, then the market's frames to the sockets subscribed to
 * its tokens) and the user channel (our orders and trades, per API key),
 * both answering PING with PONG — and a network as disorderly as the faults
 * say: frames held behind the next one, sent twice, delayed, or silence.
 *
 * @module
 */

import type { ApiCreds, Auth, KeyRecord } from "./auth.ts";
import type { SimEvent } from "./exchange.ts";
import type { Faults } from "./faults.ts";
import type { Rng } from "./rng.ts";
import { type Json, parseBody } from "./routes.ts";
import type { SimMarket } from "./sim_market.ts";
import {
  bookEvent,
  eventLogLine,
  MarketChannel,
  tokenId,
  userOrderEvent,
  userTradeEvent,
} from "./wire.ts";

/** A frame held back by the reorder faults is sent after the next one, or after this, ms. */
const HELD_MAX_MS = 200;

interface Held {
  ws: WebSocket;
  held: string | null; // a frame held back (reorder fault)
}

interface MarketSocket extends Held {
  assets: Set<string>;
  custom: boolean;
}

interface UserSocket extends Held {
  key: KeyRecord;
  /** Condition ids subscribed (empty: every market). */
  markets: Set<string>;
}

/** Every WebSocket of one simulator. */
export class SimSockets {
  /** Subscriptions accepted so far, market and user channels together. */
  subscriptions = 0;
  private readonly market = new Set<MarketSocket>();
  private readonly user = new Set<UserSocket>();
  // delayed user events and held-back frames: cleared on close
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  /**
   * Listens to the events of every market (`log` receives each as an event-log line).
   * @param sims the simulated markets
   * @param faults live fault knobs
   * @param auth checks the user channel's credentials
   * @param rng the faults' dice
   * @param clock wall clock, ms
   * @param log event-log sink (optional)
   */
  constructor(
    private readonly sims: readonly SimMarket[],
    private readonly faults: Faults,
    private readonly auth: Auth,
    private readonly rng: Rng,
    private readonly clock: () => number,
    log?: (line: string) => void,
  ) {
    for (const sim of sims) this.listen(sim, log);
  }

  /** Sends `sim`'s frames to the sockets subscribed to its tokens and its user events. */
  private listen(sim: SimMarket, log?: (line: string) => void): void {
    const ids = sim.ids;
    const cid = ids.conditionId;
    const channel = new MarketChannel(sim.exchange, ids);
    sim.addListener((ev: SimEvent) => {
      log?.(eventLogLine(ev, sim.startMs));
      switch (ev.type) {
        case "book":
        case "print":
        case "tick_size":
        case "resolved":
          for (const f of channel.frames(ev)) {
            for (const s of this.market) {
              if (!s.assets.has(ids.yesTokenId) && !s.assets.has(ids.noTokenId)) continue;
              if (f.customAsset !== null && !(s.custom && s.assets.has(f.customAsset))) continue;
              this.sendMarket(s, f.text);
            }
          }
          break;
        case "order":
          this.sendUser(ev.order.owner, cid, userOrderEvent(ev.kind, ev.order, ids, ev.tMs));
          break;
        case "trade": {
          const owners = new Set([ev.trade.owner, ...ev.trade.makers.map((m) => m.owner)]);
          for (const o of owners) this.sendUser(o, cid, userTradeEvent(ev.trade, ids, o, ev.tMs));
          break;
        }
      }
    });
  }

  /** Upgrades a request to `/ws/market` or `/ws/user`; null for any other path. */
  upgrade(req: Request, path: string): Response | null {
    if (path !== "/ws/market" && path !== "/ws/user") return null;
    const { socket, response } = Deno.upgradeWebSocket(req);
    if (path === "/ws/market") this.marketSocket(socket);
    else this.userSocket(socket);
    return response;
  }

  /** Closes every socket now (a network drop). */
  drop(): void {
    for (const s of this.market) s.ws.close(1001, "dropped");
    for (const u of this.user) u.ws.close(1001, "dropped");
    this.market.clear();
    this.user.clear();
  }

  /** Drops every socket and pending frame (the server stops). */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.drop();
  }

  private marketSocket(socket: WebSocket): void {
    const s: MarketSocket = { ws: socket, assets: new Set(), custom: false, held: null };
    socket.onopen = () => this.market.add(s);
    socket.onclose = () => this.market.delete(s);
    socket.onerror = () => this.market.delete(s);
    socket.onmessage = (m) => {
      const msg = this.message(socket, m);
      if (msg === null) return;
      const assets = Array.isArray(msg.assets_ids) ? msg.assets_ids.map(String) : [];
      if (msg.operation === "unsubscribe") {
        for (const a of assets) s.assets.delete(a);
        return;
      }
      if (msg.type !== "market" && msg.operation !== "subscribe") return;
      this.subscriptions++;
      for (const a of assets) s.assets.add(a);
      if (msg.custom_feature_enabled === true) s.custom = true;
      if (msg.initial_dump !== false) {
        const dump = this.sims.flatMap((sim) => {
          sim.runUntil(this.clock());
          return ([0, 1] as const)
            .filter((t) => assets.includes(tokenId(sim.ids, t)))
            .map((t) => bookEvent(sim.exchange, sim.ids, t, this.clock()));
        });
        if (dump.length > 0) this.sendMarket(s, JSON.stringify(dump));
      }
    };
  }

  private userSocket(socket: WebSocket): void {
    let u: UserSocket | null = null;
    socket.onclose = () => {
      if (u) this.user.delete(u);
    };
    socket.onmessage = (m) => {
      const msg = this.message(socket, m);
      if (msg === null || msg.type !== "user") return;
      const key = this.auth.verifyCreds(msg.auth as Partial<ApiCreds>);
      if (!key) {
        socket.send(JSON.stringify({ error: "Unauthorized/Invalid api key" }));
        socket.close(1008, "unauthorized");
        return;
      }
      // the venue's filter: only the markets named (none named: all of them)
      const markets = Array.isArray(msg.markets) ? msg.markets.map(String) : [];
      u = { ws: socket, key, held: null, markets: new Set(markets) };
      this.user.add(u);
      this.subscriptions++;
    };
  }

  /** A client's message as JSON; PING is answered here (null), as is anything not an object. */
  private message(socket: WebSocket, m: MessageEvent): Json | null {
    if (typeof m.data !== "string") return null;
    if (m.data.trim() === "PING") {
      if (!this.faults.wsSilent) socket.send("PONG");
      return null;
    }
    const msg = parseBody(m.data);
    return msg && typeof msg === "object" ? msg as Json : null;
  }

  private sendMarket(s: MarketSocket, frame: string): void {
    this.disorderly(s, frame, this.faults.wsReorderRate, this.faults.wsDuplicateRate);
  }

  private sendUser(owner: string, market: string, body: unknown): void {
    const f = this.faults;
    if (f.wsSilent) return;
    const text = JSON.stringify(body);
    for (const u of this.user) {
      if (u.key.apiKey !== owner || (u.markets.size > 0 && !u.markets.has(market))) continue;
      const now = () => this.disorderly(u, text, f.userReorderRate, f.userDuplicateRate);
      if (f.userDelayMs > 0) this.later(now, this.rng.next() * f.userDelayMs);
      else now();
    }
  }

  /**
   * Sends `text` on a socket as a disorderly network would: held behind the
   * next frame with probability `reorder`, sent twice with `duplicate`.
   */
  private disorderly(s: Held, text: string, reorder: number, duplicate: number): void {
    if (this.faults.wsSilent || s.ws.readyState !== WebSocket.OPEN) return;
    if (s.held !== null) {
      s.ws.send(text);
      s.ws.send(s.held);
      s.held = null;
      return;
    }
    if (reorder > 0 && this.rng.chance(reorder)) {
      s.held = text;
      // held behind the next frame, or 200 ms at most: a network reorders, it
      // does not keep a frame for ever when nothing follows it
      this.later(() => {
        if (s.held !== text) return;
        s.held = null;
        if (!this.faults.wsSilent && s.ws.readyState === WebSocket.OPEN) s.ws.send(text);
      }, HELD_MAX_MS);
      return;
    }
    s.ws.send(text);
    if (duplicate > 0 && this.rng.chance(duplicate)) s.ws.send(text);
  }

  private later(f: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      f();
    }, ms);
    this.timers.add(t);
  }
}
