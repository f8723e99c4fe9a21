/**
 * The engine's hot path beside the model it wraps (one run, one group, so
 * `deno bench` prints the ratios): one market frame that moves the public
 * top — a `price_change` as the venue sends it, parsed into the books, the
 * top read, a full quoting decision (5 levels per side), the order diff —
 * with a venue that answers every command at once. One frame per iteration;
 * a timer input every 64 frames, as the session's clock would send one.
 *
 * Two cases: the ladder holds (`requote_ticks` 2, as an operator keeping
 * queue priority sets it: the targets moved less than that), and the frame
 * re-prices every order of the ladder (`requote_ticks` 1: ten places and ten
 * cancels with their answers, order records and fills bookkeeping).
 */

import { Engine } from "../lib/engine/mod.ts";
import { decideQuotes, gridFromTick, MICRO, PRICE_E8, QuoteDecision } from "../lib/model/mod.ts";
import { quoteParams } from "../lib/config/mod.ts";
import { books, CID, engineConfig, T0, YES } from "../tests/engine/_engine.ts";
import { answerAtOnce, started } from "./_instant_venue.ts";

/** Five levels per side (a bankroll that fills them); `requoteTicks` as given. */
function config(requoteTicks: number) {
  return engineConfig({
    quote: {
      ladder_max_levels: 5,
      max_order_notional_side: 2000,
      ladder_level_fraction: 0.1,
      requote_ticks: requoteTicks,
    },
    risk: { bankroll_B: 20_000 },
  });
}

/** A one-level `price_change` on YES, as the venue writes it. */
function change(price: string, size: string, bestBid: string) {
  return `{"market":"${CID}", "price_changes":[{"asset_id":"${YES}", "price":"${price}", ` +
    `"size":"${size}", "side":"BUY", "hash":"0xab", "best_bid":"${bestBid}", ` +
    `"best_ask":"0.44"}], "timestamp":"${T0}", "event_type":"price_change"}`;
}

/** The top moves every frame: a bid at `price` joins, then leaves (YES 0.40 – 0.44 else). */
function moves(price: string): string[] {
  return [change(price, "300", price), change(price, "0", "0.40")];
}

/**
 * An engine quoting both books, its orders resting; a step feeds it the next
 * of `frames` and returns how many orders it placed.
 */
function quoting(requoteTicks: number, frames: string[]): () => number {
  const engine = new Engine({ config: config(requoteTicks), journal: () => {} });
  engine.handle(started(T0, 20_000e6));
  engine.handle({ kind: "market_frame", tMs: T0, text: books(0.40, 0.44, T0) });
  answerAtOnce(engine, engine.drain(), T0);
  let tMs = T0;
  let k = 0;
  return () => {
    tMs += 100;
    engine.handle({ kind: "market_frame", tMs, text: frames[k++ & 1] });
    const placed = answerAtOnce(engine, engine.drain(), tMs);
    if ((k & 63) === 0) {
      engine.handle({ kind: "timer", tMs });
      answerAtOnce(engine, engine.drain(), tMs);
    }
    return placed;
  };
}

// a bid a tick above moves the mid half a tick: the targets move less than
// requote_ticks 2; two ticks above, a whole tick: every target moves
const holds = quoting(2, moves("0.41"));
const reprices = quoting(1, moves("0.42"));
// the cases are what they say (after the first move settles the ladder)
holds();
reprices();
for (let i = 0; i < 8; i++) {
  if (holds() !== 0) throw new Error("the ladder should hold at requote_ticks 2");
  if (reprices() !== 10) throw new Error("every order should be re-priced at requote_ticks 1");
}

Deno.bench("engine: one top-moving market frame", { group: "hot path" }, () => {
  holds();
});

Deno.bench(
  "engine: one top-moving market frame that re-prices all 10 orders",
  { group: "hot path" },
  () => {
    reprices();
  },
);

// the same decision the engine makes, alone (features already updated)
const prm = quoteParams(config(2));
const out = new QuoteDecision(5);
const inp = {
  tMs: T0,
  grid: gridFromTick(0.01),
  pRefE8: 0.42 * PRICE_E8,
  bestBidTicks: 40,
  bestAskTicks: 44,
  minOrderMicro: 5 * MICRO,
  yesMicro: 0,
  noMicro: 0,
  cashMicro: 20_000 * MICRO,
  sigma: 1,
  riskVar: 0,
  kappaBid: 20,
  kappaAsk: 20,
  crowdU: 0,
  adverseBid: 0,
  adverseAsk: 0,
  flow: 0,
  tradesPerMin: 0,
};
decideQuotes(inp, prm, out);
if (out.count !== 10) throw new Error(`expected 5 levels per side, got ${out.count} orders`);
let i = 0;
Deno.bench("model: one quoting decision, 5 levels per side", {
  group: "hot path",
  baseline: true,
}, () => {
  inp.tMs = T0 + (i++ & 1023) * 1000;
  decideQuotes(inp, prm, out);
});
