/**
 * A session's clocks: the engine's timer (`quote.refresh_s`), heartbeats to a
 * live venue while we have orders (its dead-man switch), the public-trades
 * poll behind the crowd U, the duration and `--until` stops, SIGINT/SIGTERM,
 * the status line and the `perf_*` window.
 *
 * @module
 */

import type { SessionOptions } from "./session.ts";
import type { SessionParts } from "./session_parts.ts";

/** perf_ lines are written this often, ms. */
const PERF_WINDOW_MS = 60_000;
/** The reward program is read again this often, ms. */
const REWARDS_POLL_MS = 600_000;
/** A live venue cancels everything without a heartbeat for ~10 s: one every 5 s. */
const HEARTBEAT_MS = 5_000;

/** When a session stops by itself, and what it reports while it runs. */
export type SessionClocks = Pick<SessionOptions, "durationMs" | "untilMs" | "signal" | "onStatus">;

/**
 * Starts the clocks at `startMs`; `firstTradesPoll` false when the warm start
 * just read the public trades. Returns what stops them all.
 */
export function startClocks(
  p: SessionParts,
  o: SessionClocks,
  startMs: number,
  firstTradesPoll: boolean,
): () => void {
  const { config: c, engine: eng, venue, dispatcher: d, log, input, clock } = p;
  const timers: ReturnType<typeof setTimeout>[] = [];
  const intervals: ReturnType<typeof setInterval>[] = [];
  const every = (ms: number, f: () => void) => intervals.push(setInterval(f, ms));
  const stopIn = (ms: number, reason: "duration" | "until") =>
    timers.push(setTimeout(() => input({ kind: "stop_requested", tMs: clock(), reason }), ms));
  every(c.quote.refresh_s * 1000, () => input({ kind: "timer", tMs: clock() }));
  if (venue.mode === "live") {
    every(HEARTBEAT_MS, () => {
      if (eng.tracker.working().length === 0) return;
      d.track(
        "rest_heartbeat",
        log.timed("rest_heartbeat", () => venue.heartbeat()).then((r) =>
          input({ kind: "heartbeat", tMs: clock(), ok: r.ok, error: r.error })
        ),
      );
    });
  }
  const pollTrades = () =>
    d.track(
      "rest_public_trades",
      log.timed("rest_public_trades", () => venue.publicTrades()).then((trades) => {
        if (trades.length > 0) input({ kind: "public_trades", tMs: clock(), trades });
      }),
    );
  if (firstTradesPoll) pollTrades();
  every(60_000, pollTrades);
  // the reward program changes while live (pool, band, min size): read it at
  // the start and every 10 minutes; a failed read keeps the last one
  if (c.market.rewards_daily_usdc === undefined) {
    const pollRewards = () =>
      d.track(
        "rest_rewards",
        log.timed("rest_rewards", () => venue.rewardRules()).then((rewards) =>
          input({ kind: "market_rewards", tMs: clock(), rewards })
        ),
      );
    pollRewards();
    every(REWARDS_POLL_MS, pollRewards);
  }
  // live: the venue's word on which of our resting orders score, once a minute (its sampling)
  if (venue.mode === "live") {
    every(60_000, () => {
      if (eng.rewards.rules === null) return;
      const ids = eng.tracker.working().flatMap((o) =>
        o.state === "live" && o.orderId !== null ? [o.orderId] : []
      );
      if (ids.length === 0) return;
      d.track(
        "rest_orders_scoring",
        log.timed("rest_orders_scoring", () => venue.ordersScoring(ids)).then((scoring) => {
          if (scoring) input({ kind: "orders_scoring", tMs: clock(), scoring });
        }),
      );
    });
  }
  if (o.durationMs !== undefined) stopIn(o.durationMs, "duration");
  if (o.untilMs !== undefined) stopIn(Math.max(0, o.untilMs - startMs), "until");
  const onAbort = () => input({ kind: "stop_requested", tMs: clock(), reason: "signal" });
  if (o.signal.aborted) onAbort();
  else o.signal.addEventListener("abort", onAbort, { once: true });
  const onStatus = o.onStatus;
  if (onStatus) every(500, () => onStatus(eng.status(), false));
  if (log.perf) every(PERF_WINDOW_MS, () => log.flushPerf());
  return () => {
    o.signal.removeEventListener("abort", onAbort);
    for (const t of timers) clearTimeout(t);
    for (const i of intervals) clearInterval(i);
  };
}
