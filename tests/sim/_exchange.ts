/** A small exchange for tests: tick 0.01, min size 5, fee 2% with exponent 1. */

import { type OrderRequest, type SimEvent, SimExchange } from "../../lib/sim/mod.ts";

export const T = 1_800_000_000_000;
export const M = 1_000_000; // micro per unit

export function exchange(opts: { feeRate?: number; failureRate?: number } = {}) {
  const events: SimEvent[] = [];
  const ex = new SimExchange(
    {
      conditionId: "0x" + "ab".repeat(32),
      yesTokenId: "1",
      noTokenId: "2",
      tickPips: 100,
      minOrderMicro: 5 * M,
      feeRate: opts.feeRate ?? 0,
      feeExponent: 1,
      negRisk: false,
    },
    { minedDelayMs: 2000, confirmDelayMs: 3000, failureRate: opts.failureRate ?? 0 },
    (e) => events.push(e.type === "book" ? { ...e, changes: e.changes } as SimEvent : e),
    1,
  );
  for (const a of ["alice", "bob", "carol"]) ex.deposit(a, 10_000 * M, 1000 * M, 1000 * M);
  let seq = 0;
  const order = (over: Partial<OrderRequest> & { owner: string }): OrderRequest => ({
    id: `o${++seq}`,
    address: over.owner,
    token: 0,
    side: "BUY",
    pricePips: 5000,
    sizeMicro: 10 * M,
    type: "GTC",
    postOnly: false,
    expirationMs: 0,
    ...over,
  });
  return { ex, events, order };
}
