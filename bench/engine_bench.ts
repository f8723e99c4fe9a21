/**
 * The engine's hot path beside the model it wraps (one run, one group, so
 * `deno bench` prints the ratio): one market frame that moves the public
 * top — a `price_change` as the venue sends it, parsed into the books, the
 * top read, a full quoting decision, the order diff and the commands — with
 * a venue that answers every command at once (so a re-priced ladder costs
 * its places and cancels too). One frame per iteration; a timer input every
 * 64 frames, as the session's clock would send one.
 */

import { Engine } from "../lib/engine/mod.ts";
import { decideQuotes, gridFromTick, MICRO, PRICE_E8, QuoteDecision } from "../lib/model/mod.ts";
import { quoteParams } from "../lib/config/mod.ts";
import { books, CID, engineConfig, T0, YES } from "../tests/engine/_engine.ts";
import { answerAtOnce } from "./_instant_venue.ts";

const cfg = engineConfig();

/** A one-level `price_change` on `asset`, as the venue writes it. */
function change(asset: string, price: string, size: string, side: string, bb: string, ba: string) {
  return `{"market":"${CID}", "price_changes":[{"asset_id":"${asset}", "price":"${price}", ` +
    `"size":"${size}", "side":"${side}", "hash":"0xab", "best_bid":"${bb}", "best_ask":"${ba}"}], ` +
    `"timestamp":"${T0}", "event_type":"price_change"}`;
}

const engine = new Engine({ config: cfg, journal: () => {} });
engine.handle({
  kind: "started",
  tMs: T0,
  market: { tickPips: 100, minOrderMicro: 5e6, ownOrdersInBook: false },
  balances: { cashMicro: 1000e6, yesMicro: 0, noMicro: 0 },
  openOrders: [],
  knownFills: [],
  calibration: null,
  warm: null,
});
// both books two-sided: YES 0.40 / 0.44, NO 0.56 / 0.60
engine.handle({ kind: "market_frame", tMs: T0, text: books(0.40, 0.44, T0) });
answerAtOnce(engine, engine.drain(), T0);
// the top moves every frame: a bid at 0.41 joins, then leaves
const moves = [
  change(YES, "0.41", "300", "BUY", "0.41", "0.44"),
  change(YES, "0.41", "0", "BUY", "0.40", "0.44"),
];
let tMs = T0;
let k = 0;

Deno.bench("engine: one top-moving market frame", { group: "hot path" }, () => {
  tMs += 100;
  engine.handle({ kind: "market_frame", tMs, text: moves[k++ & 1] });
  answerAtOnce(engine, engine.drain(), tMs);
  if ((k & 63) === 0) {
    engine.handle({ kind: "timer", tMs });
    answerAtOnce(engine, engine.drain(), tMs);
  }
});

// the same decision the engine makes, alone (features already updated)
const prm = quoteParams(cfg);
const out = new QuoteDecision(cfg.quote.ladder_max_levels);
const inp = {
  tMs: T0,
  grid: gridFromTick(0.01),
  pRefE8: 0.42 * PRICE_E8,
  bestBidTicks: 40,
  bestAskTicks: 44,
  minOrderMicro: 5 * MICRO,
  yesMicro: 0,
  noMicro: 0,
  cashMicro: 1000 * MICRO,
  sigma: 1,
  kappaBid: cfg.quote.kappa0,
  kappaAsk: cfg.quote.kappa0,
  crowdU: 0,
};
let i = 0;
Deno.bench("model: one quoting decision, 5 levels per side", {
  group: "hot path",
  baseline: true,
}, () => {
  inp.tMs = T0 + (i++ & 1023) * 1000;
  decideQuotes(inp, prm, out);
});
