/**
 * The venue's heartbeat dead-man switch, per user (API key): the first
 * heartbeat arms it, each later one must carry the last id issued, and 15 s
 * without one (10 s plus the 5 s buffer) cancels every order of that user —
 * in every market, since the switch belongs to the user, not to a market.
 *
 * @module
 */

import type { Rng } from "./rng.ts";

/** 10 s plus the 5 s buffer, ms. */
export const HEARTBEAT_TIMEOUT_MS = 15_000;

/** The switch of every user of one venue. */
export class DeadManSwitch {
  private readonly armed = new Map<string, { id: string; lastMs: number }>();

  /**
   * Every switch disarmed.
   *
   * @param rng draws the heartbeat ids
   */
  constructor(private readonly rng: Rng) {}

  /** Users whose switch is armed (a heartbeat arrived and has not lapsed). */
  get size(): number {
    return this.armed.size;
  }

  /**
   * A heartbeat from `owner`. The first (id "") arms the switch; later ones
   * must carry the last id issued. Returns the new id, or the expected one
   * with `ok: false`.
   */
  heartbeat(owner: string, id: string, nowMs: number): { ok: boolean; id: string } {
    const hb = this.armed.get(owner);
    if (hb && id !== hb.id && id !== "") return { ok: false, id: hb.id };
    const next = this.rng.hex(16);
    this.armed.set(owner, { id: next, lastMs: nowMs });
    return { ok: true, id: next };
  }

  /** The users whose switch fired by `nowMs` (disarmed now): cancel all their orders. */
  lapsed(nowMs: number): string[] {
    const out: string[] = [];
    for (const [owner, hb] of this.armed) {
      if (nowMs - hb.lastMs > HEARTBEAT_TIMEOUT_MS) {
        this.armed.delete(owner);
        out.push(owner);
      }
    }
    return out;
  }
}
