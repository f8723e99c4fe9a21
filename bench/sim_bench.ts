/**
 * Matcher throughput in-process: 50 traders send limit orders within ±6
 * ticks of the mid (many marketable: they match, mint or merge; the rest
 * rest) and cancel their oldest beyond 20 resting, with trade settlement
 * advancing. Target (issue #4): ≥ 200,000 orders/s.
 */

import { type SimEvent, SimExchange } from "../lib/sim/exchange.ts";
import { Rng } from "../lib/sim/rng.ts";

let events = 0;
const ex = new SimExchange(
  {
    conditionId: "0x" + "ab".repeat(32),
    yesTokenId: "1",
    noTokenId: "2",
    tickPips: 100,
    minOrderMicro: 5_000_000,
    feeRate: 0.02,
    feeExponent: 1,
    negRisk: false,
  },
  { minedDelayMs: 2000, confirmDelayMs: 3000, failureRate: 0 },
  (_ev: SimEvent) => {
    events++;
  },
  7,
);
const traders = Array.from({ length: 50 }, (_, i) => `0x${i.toString(16).padStart(40, "0")}`);
for (const t of traders) ex.deposit(t, 1e15, 1e13, 1e13);
const rng = new Rng(1);
let seq = 0;
let t = 1_800_000_000_000;
// each trader keeps at most 20 resting orders and cancels its oldest beyond
// that, as makers do, so the book stays the size of a real one
const resting = traders.map(() => [] as string[]);

/** One order operation: a new order (taking what it crosses), or a cancel. */
function one(): void {
  t += 1;
  const k = rng.int(0, traders.length - 1);
  const who = traders[k];
  const mine = resting[k];
  if (mine.length >= 20) {
    ex.cancel(mine.shift()!, who, t);
    return;
  }
  const buy = rng.chance(0.5);
  const viaNo = rng.chance(0.3);
  const yes = 50 + rng.int(-6, 6);
  const price = (viaNo ? 100 - yes : yes) * 100;
  const id = `o${++seq}`;
  const r = ex.place({
    id,
    owner: who,
    address: who,
    token: viaNo ? 1 : 0,
    side: buy !== viaNo ? "BUY" : "SELL",
    pricePips: price,
    sizeMicro: rng.int(5, 60) * 1_000_000,
    type: "GTC",
    postOnly: false,
    expirationMs: 0,
  }, t);
  if (r.ok && r.status === "live") mine.push(id);
  if ((seq & 1023) === 0) ex.advance(t);
}

for (let i = 0; i < 20_000; i++) one();

Deno.bench("sim: 1000 order operations through the matcher", { n: 500 }, () => {
  for (let i = 0; i < 1000; i++) one();
});
