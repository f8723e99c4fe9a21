/**
 * The parts of a running session that its channels, clocks and shutdown
 * share.
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import type { Engine, EngineInput } from "../engine/mod.ts";
import type { ExchangePort } from "../exchange/mod.ts";
import type { Dispatcher } from "./dispatch.ts";
import type { SessionLog } from "./session_log.ts";

/** One session's engine, venue, dispatcher and journal. */
export interface SessionParts {
  /** The validated config. */
  config: Config;
  /** The engine of this session. */
  engine: Engine;
  /** The exchange port. */
  venue: ExchangePort;
  /** Engine commands to venue calls. */
  dispatcher: Dispatcher;
  /** Journal, counters, notices. */
  log: SessionLog;
  /** Hands an input to the engine's queue (handled in arrival order). */
  input: (ev: EngineInput) => void;
  /** Wall clock, ms. */
  clock: () => number;
}
