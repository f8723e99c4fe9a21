/**
 * Fault injection knobs of the simulator, set per scenario at start or live
 * through `POST /admin/faults`. Every knob defaults to "no fault".
 *
 * @module
 */

/** The knobs. */
export interface Faults {
  /** Extra latency on every REST response, ms. */
  latencyMs: number;
  /** The next N REST requests fail with `errorStatus`. */
  errorBurst: number;
  /** Status of the burst: 429 (rate limit), 500, 503 or 425 (engine restarting). */
  errorStatus: 425 | 429 | 500 | 503;
  /** The next N order posts are refused with 500 `could not run the execution`. */
  rejectStorm: number;
  /** Close every WebSocket this often, ms (0 = never). */
  wsDropEveryMs: number;
  /** Probability that a market frame is sent twice. */
  wsDuplicateRate: number;
  /** Probability that a market frame is held back and sent after the next one. */
  wsReorderRate: number;
  /**
   * Probability that a user-channel event (an order UPDATE, a trade) is held
   * back and sent after the next one: a trade before the order update that
   * announced it, or the other way round — the venue promises no order.
   */
  userReorderRate: number;
  /** Probability that a user-channel event is sent twice. */
  userDuplicateRate: number;
  /** Each user-channel event is delayed by a uniform 0…this, ms (events overtake each other). */
  userDelayMs: number;
  /** Stop sending anything on WebSockets (and stop answering PING): a dead connection. */
  wsSilent: boolean;
  /** Refuse orders of non-deposit-wallet makers (signature types 0–2), as for new API users since 2026. */
  makerNotAllowed: boolean;
  /**
   * Heartbeats are answered but never reach the exchange: its dead-man switch
   * cancels the owner's orders 15 s after the last one that did.
   */
  heartbeatLoss: boolean;
}

/** A network and venue that behave (every knob off). */
export function noFaults(): Faults {
  return {
    latencyMs: 0,
    errorBurst: 0,
    errorStatus: 500,
    rejectStorm: 0,
    wsDropEveryMs: 0,
    wsDuplicateRate: 0,
    wsReorderRate: 0,
    userReorderRate: 0,
    userDuplicateRate: 0,
    userDelayMs: 0,
    wsSilent: false,
    makerNotAllowed: false,
    heartbeatLoss: false,
  };
}

/** Why a faults update was refused. */
export class FaultsError extends Error {
  /**
   * A fault setting out of range.
   *
   * @param message which knob and what is allowed
   */
  constructor(message: string) {
    super(message);
    this.name = "FaultsError";
  }
}

/**
 * Applies a partial update (from JSON) to `f`, checking every knob.
 * @throws {FaultsError} on an unknown knob or a bad value
 */
export function updateFaults(f: Faults, patch: unknown): void {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
    throw new FaultsError("expected a JSON object of fault knobs");
  }
  for (const [k, v] of Object.entries(patch)) {
    switch (k) {
      case "latencyMs":
      case "errorBurst":
      case "rejectStorm":
      case "wsDropEveryMs":
      case "userDelayMs":
        if (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)) {
          throw new FaultsError(`${k}: expected a number ≥ 0`);
        }
        f[k] = v;
        break;
      case "wsDuplicateRate":
      case "wsReorderRate":
      case "userReorderRate":
      case "userDuplicateRate":
        if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
          throw new FaultsError(`${k}: expected a number in [0, 1]`);
        }
        f[k] = v;
        break;
      case "errorStatus":
        if (v !== 425 && v !== 429 && v !== 500 && v !== 503) {
          throw new FaultsError(`${k}: expected 425, 429, 500 or 503`);
        }
        f.errorStatus = v;
        break;
      case "wsSilent":
      case "makerNotAllowed":
      case "heartbeatLoss":
        if (typeof v !== "boolean") throw new FaultsError(`${k}: expected true or false`);
        f[k] = v;
        break;
      default:
        throw new FaultsError(
          `unknown fault knob ${JSON.stringify(k)}; known: ${Object.keys(noFaults()).join(", ")}`,
        );
    }
  }
}
