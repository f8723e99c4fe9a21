/**
 * A live or paper session: the thin shell around the engine. It takes the
 * market's lock, opens the journal, starts the venue adapter and reconciles,
 * loads or warms the calibration, connects the market and user WebSockets,
 * runs the timers (quote refresh, heartbeat, public trades, duration), turns
 * the engine's commands into venue calls and their answers into inputs — and
 * on a stop, a kill switch or SIGINT/SIGTERM cancels every order and proves
 * none is left before it exits.
 *
 * Every input is journaled, in the order the engine handled it, so the
 * journal replays into the same decisions.
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import { Engine, type EngineInput, type EngineStatus, InputQueue } from "../engine/mod.ts";
import { JOURNAL_VERSION, journalLevel, line } from "../formats/mod.ts";
import {
  ExchangeError,
  type ExchangePort,
  PolymarketAdapter,
  readLiveEnv,
  type ResilientSocket,
} from "../exchange/mod.ts";
import type { TradePrinted } from "../market/mod.ts";
import { openChannels } from "./channels.ts";
import { Dispatcher } from "./dispatch.ts";
import { type Journal, openJournal } from "./journal.ts";
import { type MetricsServer, serveMetrics } from "./metrics.ts";
import { PaperAdapter } from "./paper.ts";
import { openRunFiles } from "./run_files.ts";
import { SessionLog } from "./session_log.ts";
import type { SessionParts } from "./session_parts.ts";
import { startClocks } from "./session_timers.ts";
import { endSession, startEngine } from "./lifecycle.ts";
import { keepLease, type LeaseKeeper, LedgerError, marketLabel } from "./lease.ts";
import { type Ledger, ledgerWhere, openLedger } from "../portfolio/mod.ts";

/** The fleet is halted today (its daily loss limit): a new run does not start. */
export class PortfolioHaltedError extends Error {
  /**
   * The run is refused.
   *
   * @param message one line: the halt's reason and how to lift it
   */
  constructor(message: string) {
    super(message);
    this.name = "PortfolioHaltedError";
  }
}

/** How to run a session. */
export interface SessionOptions {
  /** The validated config. */
  config: Config;
  /** `live` trades with keys; `paper` simulates fills against the live tape. */
  mode: "live" | "paper";
  /** Environment reader (only the permitted variables). */
  env: (name: string) => string | undefined;
  /** Aborted on SIGINT/SIGTERM: cancel everything and exit cleanly. */
  signal: AbortSignal;
  /** Wall clock, ms (default Date.now). */
  clock?: () => number;
  /** Stop after this long, ms. */
  durationMs?: number;
  /** Stop at this time, ms since the epoch. */
  untilMs?: number;
  /** Use this venue instead of building one from `mode`. */
  adapter?: ExchangePort;
  /** Called twice a second with the engine's status, and once at the end with `final`. */
  onStatus?: (s: EngineStatus, final: boolean) => void;
  /**
   * Called with one human line for state changes, warnings and errors — those
   * at or above `logging.level`.
   */
  onNotice?: (line: string) => void;
  /**
   * Latency probe: a market frame arrived; order `index` of a batch of
   * `count` was signed (the last one is followed by the batch's POST at once).
   */
  probe?: { frame: () => void; signed: (index: number, count: number) => void };
  /** Version written in the journal header. */
  version?: string;
  /** Serve Prometheus metrics on `host:port` (port 0: the OS picks; see `onMetrics`). */
  metrics?: { host: string; port: number };
  /** Learns the metrics URL once the endpoint listens. */
  onMetrics?: (url: string) => void;
}

/** How a session ended. */
export interface SessionResult {
  /** Process exit code (0 ok, 4 kill switch). */
  exitCode: number;
  /** Why it stopped. */
  reason: string;
  /** The run's directory (`run.json`: the run id and its journal; reports go here). */
  runDir: string;
  /** The journal the session wrote to. */
  journal: string;
  /** The session's id in the journal (`session_start.run`). */
  run: string;
  /** The engine's last status. */
  status: EngineStatus;
}

/** Runs a session until it stops; resolves with its exit code. */
export async function runSession(o: SessionOptions): Promise<SessionResult> {
  const c = o.config;
  const clock = o.clock ?? (() => Date.now());
  const cid = c.market.condition_id;
  const startMs = clock();
  // a fleet halted today refuses a new run before it touches anything
  const ledger: Ledger | null = await openLedger(c, o.env);
  try {
    const halt = await ledger?.admit(startMs).catch((e) => {
      throw new LedgerError(ledgerWhere(c), e);
    });
    if (halt) {
      throw new PortfolioHaltedError(
        `the portfolio is halted for ${halt.day} (${halt.reason}); it resumes at the next UTC ` +
          `day, or now with \`pm4 portfolio resume\` (ledger ${ledgerWhere(c)})`,
      );
    }
  } catch (e) {
    await ledger?.close();
    throw e;
  }
  let files;
  try {
    files = await openRunFiles(c, startMs);
  } catch (e) {
    await ledger?.close();
    throw e;
  }
  const { run, runDir, journalPath, calPath } = files;
  const minLevel = journalLevel(c.logging.level);
  // reconciliations look for our fills from a minute before the start: the
  // ones found at the start are already in the starting balances
  const fillsSinceMs = startMs - 60_000;
  let stopClocks = () => {};
  let sockets: ResilientSocket[] = [];
  let journal: Journal | null = null;
  let adapter: ExchangePort | null = null;
  let engine: Engine | null = null;
  let metricsServer: MetricsServer | null = null;
  let lease: LeaseKeeper | null = null;
  try {
    let contextOf: () => Record<string, unknown> = () => ({ market: cid, run });
    journal = await openJournal(journalPath, {
      rotateBytes: c.logging.journal_rotate_mb * 1024 * 1024,
      keep: c.logging.journal_keep,
      level: minLevel,
      context: c.logging.enable_context_tracking ? () => contextOf() : undefined,
    });
    journal.always(line(startMs, "session_start", "info", {
      journalVersion: JOURNAL_VERSION,
      run,
      version: o.version ?? "",
      mode: o.mode,
      pid: Deno.pid,
      runDir,
      config: c,
    }));
    const log = new SessionLog(journal, clock, minLevel, o.onNotice, c.logging.enable_performance);
    // paper fills come from the trades the engine parsed (a frame is parsed once)
    const printed: TradePrinted[] = [];
    const paperTape = o.mode === "paper" && !o.adapter;
    const eng = new Engine({
      config: c,
      onMarketEvent: paperTape ? (ev) => ev.kind === "trade" && printed.push(ev) : undefined,
      journal: log.record,
      perf: log.enginePerf(),
    });
    engine = eng;
    if (c.logging.enable_context_tracking) {
      contextOf = () => ({
        market: cid,
        run,
        cycle: eng.cycles,
        orders: eng.tracker.working().map((w) => w.orderId ?? `#${w.clientId}`),
      });
    }
    // up before the venue is touched: a refused address fails the start at once
    if (o.metrics) {
      const info = {
        market: marketLabel(c),
        condition_id: cid,
        mode: o.mode,
        version: o.version ?? "",
        run,
      };
      metricsServer = serveMetrics(
        o.metrics.host,
        o.metrics.port,
        () => log.metrics(eng, info, startMs),
      );
      const h = o.metrics.host.includes(":") ? `[${o.metrics.host}]` : o.metrics.host;
      o.onMetrics?.(`http://${h}:${metricsServer.port}/metrics`);
    }

    // Inputs are handled one at a time, in arrival order: an input raised
    // while one is being handled (an order signed during the dispatch of its
    // placement) waits its turn. Commands go out before the journal is
    // written — the tick-to-order path — and the journal keeps the order
    // input, then the records it caused.
    const queue = new InputQueue(eng, {
      command: (_input, cmd) => dispatcher.dispatch(cmd),
      after: log.afterInput,
    });
    const input = (ev: EngineInput) => queue.push(ev);
    const paper = paperTape
      ? new PaperAdapter(c, eng.feed, (fills, tMs) => input({ kind: "fills", tMs, fills }))
      : null;
    let live: PolymarketAdapter | null = null;
    if (!o.adapter && !paper) {
      live = new PolymarketAdapter(c, readLiveEnv(o.env));
      // the run's planned end: its duration or --until, or the resolution's cancel-all
      live.endsBy(Math.min(
        o.durationMs !== undefined ? startMs + o.durationMs : Infinity,
        o.untilMs ?? Infinity,
        c.market.resolve_ts_ms - c.risk.cancel_all_before_s * 1000,
      ));
    }
    const venue: ExchangePort = o.adapter ?? paper ?? live!;
    adapter = venue;
    const dispatcher = new Dispatcher(
      venue,
      log,
      input,
      clock,
      fillsSinceMs,
      calPath,
      o.probe?.signed,
    );
    const parts: SessionParts = { config: c, engine: eng, venue, dispatcher, log, input, clock };

    const warmed = await startEngine(parts, o.mode, startMs, fillsSinceMs, files);
    // the lease before the first quote: nothing is placed beyond what the ledger granted
    if (ledger) lease = await keepLease(parts, ledger, run, startMs);
    sockets = openChannels(parts, {
      arrived: o.probe?.frame,
      handled: paper
        ? (rxMs) => {
          paper.afterFrame(rxMs, printed);
          printed.length = 0;
        }
        : undefined,
    });
    // the warm start just read the same trades: the first poll can wait a minute
    stopClocks = startClocks(parts, o, startMs, !warmed);

    await dispatcher.stopSignal;
    stopClocks();
    for (const s of sockets) s.stop();
    const end = await endSession(parts, files, fillsSinceMs);
    await lease?.release();
    o.onStatus?.(end.status, true);
    return { ...end, runDir, journal: journalPath, run };
  } catch (e) {
    // an error after the start must not leave orders behind
    if (adapter && engine && engine.switches.state !== "starting") {
      await adapter.cancelAll().catch(() => undefined);
    }
    const err = e as Error;
    journal?.write(line(clock(), "error_session", "critical", {
      operation: "session",
      errorType: err?.name ?? "Error",
      message: err?.message ?? String(e),
      status: err instanceof ExchangeError ? err.status : 0,
      response: err instanceof ExchangeError ? err.venueMessage : "",
      inputs: { mode: o.mode },
      ...(minLevel === "debug" ? { stack: err?.stack ?? "" } : {}),
    }));
    throw e;
  } finally {
    lease?.stop();
    await ledger?.close().catch(() => undefined);
    stopClocks();
    for (const s of sockets) s.stop();
    await metricsServer?.stop();
    await journal?.close();
    files.release();
  }
}
