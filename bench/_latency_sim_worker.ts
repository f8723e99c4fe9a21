/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
/**
 * The simulator for bench/latency.ts, in its own thread so that its work
 * (signature checks, matching, broadcasting) does not queue behind the bot's.
 * Messages in: `{ dataDir }` to start, then `"move"` to toggle a maker bid.
 * Messages out: `{ config }` once started, `"moved"` after each move.
 */

import "../lib/boot.ts"; // first: scoped env for axios's debug
import { simRunConfig } from "../lib/cli/sim_cmd.ts";
import { type SimServer, startSimServer } from "../lib/sim/mod.ts";

let sim: SimServer;
let seq = 0;
let inner: string | null = null;

function makerOrder(side: "BUY" | "SELL", pricePips: number): string {
  const id = `0xlat${++seq}`;
  const r = sim.market.exchange.place({
    id,
    owner: "maker",
    address: "0xmaker",
    token: 0,
    side,
    pricePips,
    sizeMicro: 300e6,
    type: "GTC",
    postOnly: false,
    expirationMs: 0,
  }, Date.now());
  if (!r.ok) throw new Error(r.message);
  return id;
}

self.onmessage = async (e: MessageEvent) => {
  if (typeof e.data === "object" && e.data.dataDir) {
    sim = await startSimServer({ scenario: "e2", seed: 3, agents: false });
    sim.market.exchange.deposit("0xmaker", 1e12, 1e12, 1e12);
    makerOrder("BUY", 4500);
    makerOrder("SELL", 5500);
    const config = simRunConfig(sim, {
      bankrollUsdc: 1000,
      dataDir: e.data.dataDir,
      extra: {
        quote: { min_requote_interval_ms: 0, ladder_max_levels: 1, refresh_s: 60 },
        logging: { console: "quiet" },
      },
    });
    self.postMessage({ config });
  } else if (e.data === "move") {
    // toggle a bid at 0.49: the mid moves 2 ticks and both quotes follow
    if (inner) {
      sim.market.exchange.cancel(inner, "maker", Date.now());
      inner = null;
    } else inner = makerOrder("BUY", 4900);
    self.postMessage("moved");
  } else if (e.data === "stop") {
    await sim.stop();
    self.postMessage("stopped");
  }
};
