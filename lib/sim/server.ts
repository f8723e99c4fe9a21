/**
 * The exchange simulator as a server: Polymarket's CLOB V2 REST and
 * WebSocket protocol on 127.0.0.1 (an OS-assigned port by default), plus a
 * Gamma-style metadata API under `/gamma`, a data-API-style public trades
 * endpoint under `/data-api`, and `/admin` knobs for fault injection. The real
 * `@polymarket/clob-client-v2` talks to it exactly as to production.
 *
 * @module
 */

import { Auth, AuthError } from "./auth.ts";
import type { SettlementSpec, SharedVenue } from "./exchange.ts";
import { DeadManSwitch } from "./dead_man.ts";
import { type Faults, noFaults, updateFaults } from "./faults.ts";
import { GammaStore } from "./gamma.ts";
import { Rng } from "./rng.ts";
import { err, Router, type SimContext } from "./routes.ts";
import { adminRoutes } from "./routes_admin.ts";
import { marketRoutes } from "./routes_market.ts";
import { tradingRoutes } from "./routes_trading.ts";
import { type Scenario, type ScenarioName, SCENARIOS } from "./scenarios.ts";
import { type NegRiskEvent, SimMarket } from "./sim_market.ts";
import { SimSockets } from "./sim_sockets.ts";

/** How to start a simulator server. */
export interface SimServerOptions {
  /** Scenario name (a1…e3) or a full scenario. */
  scenario?: ScenarioName | Scenario;
  /** Seed of the market (default 1). */
  seed?: number;
  /** Port (default 0: OS-assigned). */
  port?: number;
  /** Market ms per wall ms (default 1). */
  speed?: number;
  /** Chain id of the signing domains (default 137). */
  chainId?: number;
  /** Collateral credited to a new API user's address, USDC (default 1000). */
  fundUsdc?: number;
  /** Trade settlement timing. */
  settlement?: SettlementSpec;
  /** Initial faults. */
  faults?: Partial<Faults>;
  /** Run the agents (default true). */
  agents?: boolean;
  /** Wall clock, ms (default Date.now). */
  clock?: () => number;
  /** Receives each event-log line (times relative to the start). */
  log?: (line: string) => void;
  /** Extra Gamma metadata served beside the simulated market. */
  gamma?: GammaStore;
  /**
   * Markets on the one server (default 1): the same scenario, seeds `seed`,
   * `seed + 1`, …; one wallet and one heartbeat switch per user across them.
   */
  markets?: number;
  /**
   * How many of them (the last ones) are the outcomes of one neg-risk event
   * (default 3 with 4 or more markets, else none).
   */
  eventOutcomes?: number;
}

/** A running simulator. */
export interface SimServer {
  /** REST base, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** WebSocket base (`/ws/market`, `/ws/user` are appended by clients). */
  readonly wsUrl: string;
  /** Gamma base (`/gamma`). */
  readonly gammaUrl: string;
  /** Data API base (`/data-api`). */
  readonly dataUrl: string;
  /** The port it listens on, 127.0.0.1. */
  readonly port: number;
  /** The (first) simulated market. */
  readonly market: SimMarket;
  /** Every simulated market. */
  readonly markets: readonly SimMarket[];
  /** Live fault knobs. */
  readonly faults: Faults;
  /** Metadata store (add fixtures here). */
  readonly gamma: GammaStore;
  /** Closes every WebSocket now (a network drop). */
  dropSockets(): void;
  /** Subscriptions accepted so far, market and user channels together (tests wait on it). */
  readonly subscriptions: number;
  /** Stops the server and its loop. */
  stop(): Promise<void>;
}

/**
 * Starts a simulator server.
 *
 * @example
 * ```ts
 * import { startSimServer } from "./mod.ts";
 * const sim = await startSimServer({ scenario: "e2", seed: 1, agents: false });
 * const r = await fetch(`${sim.url}/time`); // as clob.polymarket.com answers
 * if (!r.ok || typeof (await r.json()) !== "number") throw new Error("no time");
 * await sim.stop();
 * ```
 */
export function startSimServer(opts: SimServerOptions = {}): Promise<SimServer> {
  try {
    return Promise.resolve(serve(opts));
  } catch (e) {
    return Promise.reject(e);
  }
}

function serve(opts: SimServerOptions): SimServer {
  const clock = opts.clock ?? (() => Date.now());
  const scenario = typeof opts.scenario === "object"
    ? opts.scenario
    : SCENARIOS[opts.scenario ?? "e2"];
  const seed = opts.seed ?? 1;
  const chainId = opts.chainId ?? 137;
  const count = Math.max(1, Math.floor(opts.markets ?? 1));
  const outcomes = Math.min(count, opts.eventOutcomes ?? (count >= 4 ? 3 : 0));
  // one wallet and one dead-man switch per user across the markets
  const shared: SharedVenue | undefined = count > 1
    ? { wallets: new Map(), deadMan: new DeadManSwitch(new Rng(seed ^ 0xdead)) }
    : undefined;
  const markets: SimMarket[] = [];
  const firstOutcome = count - outcomes;
  // the event's one YES: the first outcome whose own truth says YES, else the last
  const winner = () => {
    const own = markets.slice(firstOutcome).findIndex((m) => m.truth.outcome === 1);
    return own >= 0 ? own : outcomes - 1;
  };
  for (let i = 0; i < count; i++) {
    const event: NegRiskEvent | undefined = i >= firstOutcome && outcomes > 0
      ? {
        id: String(900_000 + seed),
        slug: `sim-event-${seed}`,
        title: `Simulated neg-risk event (${outcomes} outcomes)`,
        index: i - firstOutcome,
        resolvesYes: (k) => k === winner(),
      }
      : undefined;
    markets.push(
      new SimMarket({
        scenario,
        seed: seed + i,
        startMs: clock(),
        speed: opts.speed ?? 1,
        settlement: opts.settlement,
        agents: opts.agents,
        shared,
        slug: i === 0 ? undefined : `sim-${scenario.name}-${i}`,
        event,
      }),
    );
  }
  const market = markets[0];
  const faults = noFaults();
  if (opts.faults) updateFaults(faults, opts.faults);
  const auth = new Auth(`pm4-sim-${seed}`, chainId, () => Math.floor(clock() / 1000));
  const sockets = new SimSockets(markets, faults, auth, new Rng(seed ^ 0xfa17), clock, opts.log);
  const catchUp = () => {
    const now = clock();
    for (const m of markets) m.runUntil(now);
    // the user's switch is the venue's: when it fires, their orders go in every market
    if (shared) {
      for (const owner of shared.deadMan.lapsed(now)) {
        for (const m of markets) m.exchange.sweepOwner(owner, now);
      }
    }
  };
  const ctx: SimContext = {
    markets,
    market,
    ex: market.exchange,
    ids: market.ids,
    faults,
    auth,
    gamma: opts.gamma ?? new GammaStore(),
    chainId,
    fundMicro: Math.round((opts.fundUsdc ?? 1000) * 1e6),
    funder: new Map(),
    clock,
    catchUp,
    dropSockets: () => sockets.drop(),
  };
  const router = new Router();
  marketRoutes(router, ctx);
  tradingRoutes(router, ctx);
  adminRoutes(router, ctx);

  const handle = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const path = url.pathname;
    if (req.headers.get("upgrade")?.toLowerCase() === "websocket") {
      return sockets.upgrade(req, path) ?? err("not found", 404);
    }
    const body = await req.text();
    if (!path.startsWith("/admin/")) {
      if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
      if (faults.errorBurst > 0) {
        faults.errorBurst--;
        return err(
          faults.errorStatus === 429 ? "Too Many Requests" : "could not run the execution",
          faults.errorStatus,
        );
      }
    }
    try {
      return await router.answer(auth, req, url, body) ?? err("not found", 404);
    } catch (e) {
      if (e instanceof AuthError) return err(e.message, e.status);
      return err(`internal error: ${(e as Error).message}`, 500);
    }
  };

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: opts.port ?? 0, onListen: () => {} },
    handle,
  );
  const port = (server.addr as Deno.NetAddr).port;
  const loop = setInterval(catchUp, 20);
  // the periodic network drop follows its fault knob
  let dropTimer: ReturnType<typeof setInterval> | undefined;
  let dropEvery = 0;
  const dropLoop = setInterval(() => {
    if (faults.wsDropEveryMs !== dropEvery) {
      dropEvery = faults.wsDropEveryMs;
      if (dropTimer !== undefined) clearInterval(dropTimer);
      dropTimer = dropEvery > 0 ? setInterval(() => sockets.drop(), dropEvery) : undefined;
    }
  }, 50);
  catchUp();
  const base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    wsUrl: `ws://127.0.0.1:${port}`,
    gammaUrl: `${base}/gamma`,
    dataUrl: `${base}/data-api`,
    port,
    market,
    markets,
    faults,
    gamma: ctx.gamma,
    dropSockets: () => sockets.drop(),
    get subscriptions() {
      return sockets.subscriptions;
    },
    async stop() {
      clearInterval(loop);
      clearInterval(dropLoop);
      if (dropTimer !== undefined) clearInterval(dropTimer);
      sockets.close();
      await server.shutdown();
    },
  };
}
