/**
 * A session's WebSockets: the market channel (both tokens' books and trades)
 * and, for a venue that has one, the user channel (our orders and trades),
 * each resubscribing after a drop. A channel going down or up is an engine
 * input; the time from a drop to the next subscription is a reconnect
 * (counted, and timed as `perf_ws_reconnect`).
 *
 * @module
 */

import { ResilientSocket } from "../exchange/mod.ts";
import type { SessionParts } from "./session_parts.ts";

/** What a session does around each market frame. */
export interface FrameHooks {
  /** A frame arrived (the latency probe's start), before the engine sees it. */
  arrived?: () => void;
  /** The engine handled the frame received at `rxMs` (paper fills). */
  handled?: (rxMs: number) => void;
}

/** Opens and starts the channels; returns the sockets (stop them at the end). */
export function openChannels(p: SessionParts, hooks: FrameHooks): ResilientSocket[] {
  const { config: c, venue, log, input, clock } = p;
  const downSince = new Map<string, number>();
  const onState = (channel: "market" | "user", up: boolean, detail: string) => {
    log.notice(`${channel} channel ${detail}`, up ? "info" : "warning");
    const since = downSince.get(channel);
    if (!up) {
      if (since === undefined) downSince.set(channel, performance.now());
    } else if (since !== undefined) {
      log.count(log.reconnects, channel);
      log.perf?.record("ws_reconnect", performance.now() - since);
      downSince.delete(channel);
    }
    input({ kind: "connection", tMs: clock(), channel, up });
  };
  const sockets = [
    new ResilientSocket({
      url: `${c.market.ws_url.replace(/\/$/, "")}/ws/market`,
      subscribe: () => ({
        type: "market",
        assets_ids: [c.market.asset_id_yes, c.market.asset_id_no],
        initial_dump: true,
        custom_feature_enabled: true,
      }),
      onFrame: (text, rxMs) => {
        hooks.arrived?.();
        input({ kind: "market_frame", tMs: rxMs, text });
        hooks.handled?.(rxMs);
      },
      onState: (up, detail) => onState("market", up, detail),
      clock,
    }),
  ];
  const user = venue.userChannel();
  if (user) {
    sockets.push(
      new ResilientSocket({
        url: user.url,
        subscribe: () => user.subscribe,
        onFrame: (text, rxMs) => {
          for (const ev of user.parse(text, rxMs)) input(ev);
        },
        onState: (up, detail) => onState("user", up, detail),
        clock,
      }),
    );
  }
  for (const s of sockets) s.start();
  return sockets;
}
