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

import type { TradePrinted } from "../market/mod.ts";
import { PaperAdapter } from "./paper.ts";
import { EXIT_KILLED } from "./exit_codes.ts";
import type { Config } from "../config/mod.ts";
import {
  encodeRecord,
  Engine,
  type EngineCommand,
  type EngineInput,
  type EngineRecord,
  type EngineStatus,
  InputQueue,
  type JournalLevel,
  journalLevel,
  line,
  passes,
  recordLevel,
} from "../engine/mod.ts";
import {
  type CancelOutcome,
  ExchangeError,
  type ExchangePort,
  PolymarketAdapter,
  readLiveEnv,
  ResilientSocket,
} from "../exchange/mod.ts";
import { loadCalibration, saveCalibration } from "./calibration_store.ts";
import { type Journal, openJournal, type RunPointer } from "./journal.ts";
import { type MetricsServer, serveMetrics } from "./metrics.ts";
import { PerfStats } from "./perf.ts";
import { acquireLock } from "./lock.ts";
import { utcStamp } from "./stamp.ts";

/** Another process runs this market. */
export class LockedError extends Error {
  /** @param message which market and which lock file */
  constructor(message: string) {
    super(message);
    this.name = "LockedError";
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
  const dataDir = c.paths.data_dir.replace(/\/$/, "");
  for (const d of ["locks", "calibration", "runs"]) {
    await Deno.mkdir(`${dataDir}/${d}`, { recursive: true });
  }
  const lockPath = `${dataDir}/locks/${cid}.lock`;
  const lock = await acquireLock(lockPath);
  if (!lock) {
    throw new LockedError(`another pm4 instance is running market ${cid} (lock ${lockPath})`);
  }
  const journalPath = journalPathOf(c);
  await Deno.mkdir(journalPath.replace(/\/[^/]*$/, "") || ".", { recursive: true });
  // the journal is one per market instance: two markets appending to one
  // file (and rotating it) would interleave and lose lines
  const journalLock = await acquireLock(`${journalPath}.lock`);
  if (!journalLock) {
    lock.release();
    throw new LockedError(
      `the journal ${journalPath} is in use by another pm4 instance; give each market its own ` +
        `logging.journal (e.g. "{data_dir}/{market}/mm_events.jsonl")`,
    );
  }

  const startMs = clock();
  const run = `${utcStamp(startMs)}-${cid.slice(2, 10)}`;
  const runDir = `${dataDir}/runs/${run}`;
  const minLevel = journalLevel(c.logging.level);
  // reconciliations look for our fills from a minute before the start: the
  // ones found at the start are already in the starting balances
  const fillsSinceMs = startMs - 60_000;
  let lastReconcileMs = -Infinity;
  const timers: ReturnType<typeof setTimeout>[] = [];
  const intervals: ReturnType<typeof setInterval>[] = [];
  const sockets: ResilientSocket[] = [];
  let journal: Journal | null = null;
  let adapter: ExchangePort | null = null;
  let engine: Engine | null = null;
  let metricsServer: MetricsServer | null = null;
  try {
    await Deno.mkdir(runDir, { recursive: true });
    const pointer: RunPointer = { run, journal: journalPath };
    await Deno.writeTextFile(`${runDir}/run.json`, JSON.stringify(pointer) + "\n");
    let contextOf: () => Record<string, unknown> = () => ({ market: cid, run });
    journal = await openJournal(journalPath, {
      rotateBytes: c.logging.journal_rotate_mb * 1024 * 1024,
      keep: c.logging.journal_keep,
      level: minLevel,
      context: c.logging.enable_context_tracking ? () => contextOf() : undefined,
    });
    const j = journal;
    j.always(line(startMs, "session_start", "info", {
      run,
      version: o.version ?? "",
      mode: o.mode,
      pid: Deno.pid,
      run_dir: runDir,
      config: c,
    }));

    const notice = (text: string, level: JournalLevel = "info") => {
      if (passes(level, minLevel)) o.onNotice?.(text);
    };
    const held: EngineRecord[] = []; // the engine's records of the input being handled
    // counters for /metrics, since the start
    const orderCounts: Record<string, number> = {};
    const errorCounts: Record<string, number> = {};
    const reconnects: Record<string, number> = {};
    const bump = (rec: Record<string, number>, k: string) => (rec[k] = (rec[k] ?? 0) + 1);
    const perf = c.logging.enable_performance ? new PerfStats(ENGINE_SAMPLED) : null;
    // paper fills come from the trades the engine parsed (a frame is parsed once)
    const printed: TradePrinted[] = [];
    const eng = new Engine({
      config: c,
      onMarketEvent: o.mode === "paper" && !o.adapter
        ? (ev) => {
          if (ev.kind === "trade") printed.push(ev);
        }
        : undefined,
      journal: (rec: EngineRecord) => {
        held.push(rec);
        if (rec.type === "order") bump(orderCounts, rec.change);
        else if (rec.type === "error") bump(errorCounts, rec.operation);
        if (rec.type === "state") {
          notice(`state ${rec.from} → ${rec.to} (${rec.reason})`, recordLevel(rec));
        } else if (rec.type === "notice") notice(rec.message, rec.level);
        else if (rec.type === "error" && rec.error_type !== "crosses_book") {
          // a post-only race is market life: journaled and counted (status line, summary)
          notice(`error: ${rec.operation}: ${rec.message}`.trim(), "error");
        }
      },
      perf: perf
        ? {
          now: () => performance.now(),
          every: ENGINE_SAMPLE_EVERY,
          record: (op, ms) => perf.record(op, ms),
        }
        : undefined,
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
    const debug = j.wants("debug");
    /** A failed venue call: `error_<operation>`, the stack only at DEBUG. */
    const failure = (operation: string, e: unknown, inputs: Record<string, unknown>) => {
      const err = e instanceof Error ? e : new Error(String(e));
      const ex = err instanceof ExchangeError ? err : null;
      j.write(line(clock(), `error_${operation}`, "error", {
        operation,
        error_type: err.name,
        message: err.message,
        status: ex?.status ?? 0,
        response: ex?.venueMessage ?? "",
        inputs,
        ...(debug ? { stack: err.stack ?? "" } : {}),
      }));
      bump(errorCounts, operation);
      notice(`error: ${operation}: ${err.message}`, "error");
    };
    /**
     * The venue refused an order or a cancel failed: `error_<operation>` with
     * the adapter's judgement, the venue's status and words. A post-only race
     * (crosses_book) is market life: journaled and counted, never printed.
     */
    const refusal = (
      operation: string,
      errorType: string,
      message: string,
      status: number,
      inputs: Record<string, unknown>,
    ) => {
      j.write(line(clock(), `error_${operation}`, "error", {
        operation,
        error_type: errorType,
        message,
        status,
        inputs,
      }));
      if (errorType === "crosses_book") return;
      bump(errorCounts, operation);
      notice(`error: ${operation}: ${status || ""} ${message}`.trim(), "error");
    };
    /** Times a venue call: perf_<operation>, and a venue_call line at DEBUG. */
    const timed = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
      if (!perf && !debug) return call();
      const t0 = performance.now();
      let ok = false;
      try {
        const r = await call();
        ok = true;
        return r;
      } finally {
        const ms = performance.now() - t0;
        perf?.record(operation, ms);
        if (debug) {
          j.write(line(clock(), "venue_call", "debug", { operation, duration_ms: round3(ms), ok }));
        }
      }
    };

    // up before the venue is touched: a refused address fails the start at once
    if (o.metrics) {
      metricsServer = serveMetrics(o.metrics.host, o.metrics.port, () => {
        const now = clock();
        const inv = eng.inventory;
        return {
          info: { market: cid, mode: o.mode, version: o.version ?? "", run },
          status: eng.status(),
          yesShares: inv.yesMicro / 1e6,
          noShares: inv.noMicro / 1e6,
          cashUsdc: inv.cashMicro / 1e6,
          peakPnlUsdc: eng.switches.peakPnlUsdc,
          errorStreak: eng.switches.errorStreak,
          orders: orderCounts,
          errors: errorCounts,
          reconnects,
          feedAgeS: (now - eng.feed.lastRxMs) / 1000,
          feedLagS: eng.feed.lagMs / 1000,
          feedSkips: eng.feed.allCounters(),
          uptimeS: (now - startMs) / 1000,
        };
      });
      const h = o.metrics.host.includes(":") ? `[${o.metrics.host}]` : o.metrics.host;
      o.onMetrics?.(`http://${h}:${metricsServer.port}/metrics`);
    }

    // ---------------------------------------------------------- the loop
    const inflight = new Set<Promise<unknown>>();
    let stopped: { exitCode: number; reason: string } | null = null;
    let resolveStop: () => void = () => {};
    const stopSignal = new Promise<void>((r) => (resolveStop = r));
    // Inputs are handled one at a time, in arrival order: an input raised
    // while one is being handled (an order signed during the dispatch of its
    // placement) waits its turn. Commands go out before the journal is
    // written — the tick-to-order path — and the journal keeps the order
    // input, then the records it caused.
    const queue = new InputQueue(eng, {
      command: (_input, cmd) => dispatch(cmd),
      after: (input) => {
        j.write(line(input.tMs, "input", "info", { input }));
        for (const rec of held) j.write(encodeRecord(rec));
        held.length = 0;
      },
    });
    const input = (ev: EngineInput) => queue.push(ev);
    /** Keeps a venue call in flight until it settles; a throw becomes `error_<operation>`. */
    const track = (
      operation: string,
      p: Promise<unknown>,
      inputs: Record<string, unknown> = {},
    ) => {
      const q = p.catch((e) => failure(operation, e, inputs)).finally(() => inflight.delete(q));
      inflight.add(q);
    };
    const paper = o.adapter
      ? null
      : o.mode === "paper"
      ? new PaperAdapter(c, eng.feed, (fills, tMs) => input({ kind: "fills", tMs, fills }))
      : null;
    const venue: ExchangePort = o.adapter ?? paper ?? new PolymarketAdapter(c, readLiveEnv(o.env));
    adapter = venue;
    const calPath = `${dataDir}/calibration/${cid}.json`;
    const dispatch = (cmd: EngineCommand) => {
      switch (cmd.kind) {
        case "place":
          track(
            "rest_place",
            (async () => {
              let index = 0;
              let t = perf ? performance.now() : 0;
              const ids = new Map<number, string>();
              const res = await timed(
                "rest_place",
                () =>
                  venue.place(cmd.orders, (clientId, orderId) => {
                    if (perf) {
                      const now = performance.now();
                      perf.record("sign", now - t);
                      t = now;
                    }
                    o.probe?.signed(index++, cmd.orders.length);
                    ids.set(clientId, orderId);
                    input({ kind: "order_signed", tMs: clock(), clientId, orderId });
                  }),
              );
              for (const r of res) {
                if (r.outcome !== "live" && r.outcome !== "matched") {
                  const ord = cmd.orders.find((x) => x.clientId === r.clientId);
                  refusal("place", r.outcome, r.message, r.status, {
                    order_id: ids.get(r.clientId),
                    token: ord?.token,
                    side: ord?.side,
                    price: ord ? ord.priceTicks * ord.tickPips / 10_000 : undefined,
                    size: ord ? ord.sizeMicro / 1e6 : undefined,
                  });
                }
                input({
                  kind: "place_result",
                  tMs: clock(),
                  clientId: r.clientId,
                  outcome: r.outcome,
                });
              }
            })(),
            { orders: cmd.orders.length },
          );
          break;
        case "cancel":
          track(
            "rest_cancel",
            (async () => {
              const r = await timed("rest_cancel", () => venue.cancel(cmd.orderIds));
              if (r.requestError) {
                refusal("cancel", "failed", r.requestError, 0, { order_ids: r.failed });
              }
              input(cancelResult(clock(), r));
            })(),
            { order_ids: cmd.orderIds },
          );
          break;
        case "cancel_all":
          track(
            "rest_cancel_all",
            (async () => {
              const r = await timed("rest_cancel_all", () => venue.cancelAll());
              if (r.requestError) {
                refusal("cancel", "failed", r.requestError, 0, { order_ids: r.failed });
              }
              input(cancelResult(clock(), r));
            })(),
          );
          break;
        case "reconcile":
          track(
            "rest_reconcile",
            (async () => {
              // fills since the last good reconciliation (with a margin), not since the
              // start: a long session does not re-read its whole history every minute
              const t = clock();
              const since = Math.max(fillsSinceMs, lastReconcileMs - RECONCILE_LOOKBACK_MS);
              const r = await timed("rest_reconcile", () => venue.reconcile(since)).catch(
                (e) => {
                  input({ kind: "reconcile_failed", tMs: clock(), error: (e as Error).message });
                  throw e;
                },
              );
              lastReconcileMs = t;
              input({ kind: "reconciled", tMs: clock(), ...r });
            })(),
          );
          break;
        case "save_calibration":
          track("calibration_save", saveCalibration(calPath, cmd.snapshot), { path: calPath });
          break;
        case "stop":
          stopped ??= { exitCode: cmd.killed ? EXIT_KILLED : 0, reason: cmd.reason };
          resolveStop();
          break;
      }
    };

    // ---------------------------------------------------------- start
    const st = await venue.start(fillsSinceMs);
    const cal = await loadCalibration(calPath, cid);
    const calFresh = cal.snapshot !== null &&
      startMs - cal.snapshot.savedMs <= c.calibration.max_age_s * 1000;
    const warm = !calFresh && c.calibration.warm_start ? await venue.history(startMs) : null;
    notice(
      `${o.mode} session on ${
        cid.slice(0, 10)
      }…: ${cal.note}; ${st.openOrders.length} leftover order(s); journal ${journalPath}`,
    );
    input({
      kind: "started",
      tMs: clock(),
      market: st.market,
      balances: st.balances,
      openOrders: st.openOrders,
      knownFills: st.fills,
      calibration: cal.snapshot,
      warm,
    });

    // ---------------------------------------------------------- sockets
    // reconnects (and perf_ws_reconnect): from a channel going down to its next subscription
    const downSince = new Map<string, number>();
    const reconnectTimer = (channel: string, up: boolean) => {
      const since = downSince.get(channel);
      if (!up) {
        if (since === undefined) downSince.set(channel, performance.now());
      } else if (since !== undefined) {
        bump(reconnects, channel);
        perf?.record("ws_reconnect", performance.now() - since);
        downSince.delete(channel);
      }
    };
    const wsBase = c.market.ws_url.replace(/\/$/, "");
    const market = new ResilientSocket({
      url: `${wsBase}/ws/market`,
      subscribe: () => ({
        type: "market",
        assets_ids: [c.market.asset_id_yes, c.market.asset_id_no],
        initial_dump: true,
        custom_feature_enabled: true,
      }),
      onFrame: (text, rxMs) => {
        o.probe?.frame();
        input({ kind: "market_frame", tMs: rxMs, text });
        if (paper) {
          paper.afterFrame(rxMs, printed);
          printed.length = 0;
        }
      },
      onState: (up, detail) => {
        notice(`market channel ${detail}`, up ? "info" : "warning");
        reconnectTimer("market", up);
        input({ kind: "connection", tMs: clock(), channel: "market", up });
      },
      clock,
    });
    sockets.push(market);
    const user = venue.userChannel();
    if (user) {
      sockets.push(
        new ResilientSocket({
          url: user.url,
          subscribe: () => user.subscribe,
          onFrame: (text, rxMs) => {
            for (const ev of user.parse(text, rxMs)) input(ev);
          },
          onState: (up, detail) => {
            notice(`user channel ${detail}`, up ? "info" : "warning");
            reconnectTimer("user", up);
            input({ kind: "connection", tMs: clock(), channel: "user", up });
          },
          clock,
        }),
      );
    }
    for (const s of sockets) s.start();

    // ---------------------------------------------------------- timers
    intervals.push(
      setInterval(() => input({ kind: "timer", tMs: clock() }), c.quote.refresh_s * 1000),
    );
    if (venue.mode === "live") {
      intervals.push(setInterval(() => {
        if (eng.tracker.working().length === 0) return;
        track(
          "rest_heartbeat",
          timed("rest_heartbeat", () => venue.heartbeat()).then((r) =>
            input({ kind: "heartbeat", tMs: clock(), ok: r.ok, error: r.error })
          ),
        );
      }, 5_000));
    }
    const pollTrades = () =>
      track(
        "rest_public_trades",
        timed("rest_public_trades", () => venue.publicTrades()).then((trades) => {
          if (trades.length > 0) input({ kind: "public_trades", tMs: clock(), trades });
        }),
      );
    // the warm start just read the same trades: the first poll can wait a minute
    if (!warm) pollTrades();
    intervals.push(setInterval(pollTrades, 60_000));
    if (o.durationMs !== undefined) {
      timers.push(
        setTimeout(
          () => input({ kind: "stop_requested", tMs: clock(), reason: "duration" }),
          o.durationMs,
        ),
      );
    }
    if (o.untilMs !== undefined) {
      timers.push(
        setTimeout(
          () => input({ kind: "stop_requested", tMs: clock(), reason: "until" }),
          Math.max(0, o.untilMs - startMs),
        ),
      );
    }
    const onAbort = () => input({ kind: "stop_requested", tMs: clock(), reason: "signal" });
    if (o.signal.aborted) onAbort();
    else o.signal.addEventListener("abort", onAbort, { once: true });
    if (o.onStatus) intervals.push(setInterval(() => o.onStatus!(eng.status(), false), 500));
    let perfSinceMs = clock();
    const flushPerf = () => {
      if (!perf) return;
      const now = clock();
      for (const l of perf.flush(now, now - perfSinceMs)) j.write(l);
      perfSinceMs = now;
    };
    if (perf) intervals.push(setInterval(flushPerf, PERF_WINDOW_MS));

    await stopSignal;

    // ---------------------------------------------------------- shutdown
    o.signal.removeEventListener("abort", onAbort);
    for (const t of timers) clearTimeout(t);
    for (const i of intervals) clearInterval(i);
    for (const s of sockets) s.stop();
    await Promise.allSettled([...inflight]);
    const { left, last } = await ensureNoOrders(
      venue,
      fillsSinceMs,
      (m) => notice(m, "warning"),
    );
    // the venue's final word: fills the user channel had not delivered yet are
    // applied, so the session ends on the exchange's position, not on ours
    if (last) input({ kind: "reconciled", tMs: clock(), ...last });
    const end = stopped ?? { exitCode: 0, reason: "stopped" };
    const status = eng.status();
    flushPerf();
    if (left > 0) {
      j.write(line(clock(), "error_shutdown", "critical", {
        operation: "shutdown",
        error_type: "OrdersLeft",
        message: `${left} order(s) could not be proven cancelled; check the venue`,
        status: 0,
        response: "",
        inputs: { orders_left: left },
      }));
      notice(
        `CRITICAL: ${left} order(s) could not be proven cancelled; check the venue`,
        "critical",
      );
    }
    await saveCalibration(calPath, eng.calibration(clock())).catch((e) =>
      failure("calibration_save", e, { path: calPath })
    );
    j.always(line(clock(), "session_end", "info", {
      run,
      exit_code: end.exitCode,
      reason: end.reason,
      status,
      orders_left: left,
    }));
    o.onStatus?.(status, true);
    return {
      exitCode: end.exitCode,
      reason: end.reason,
      runDir,
      journal: journalPath,
      run,
      status,
    };
  } catch (e) {
    // an error after the start must not leave orders behind
    if (adapter && engine && engine.switches.state !== "starting") {
      await adapter.cancelAll().catch(() => undefined);
    }
    const err = e as Error;
    journal?.write(line(clock(), "error_session", "critical", {
      operation: "session",
      error_type: err?.name ?? "Error",
      message: err?.message ?? String(e),
      status: err instanceof ExchangeError ? err.status : 0,
      response: err instanceof ExchangeError ? err.venueMessage : "",
      inputs: { mode: o.mode },
      ...(minLevel === "debug" ? { stack: err?.stack ?? "" } : {}),
    }));
    throw e;
  } finally {
    for (const t of timers) clearTimeout(t);
    for (const i of intervals) clearInterval(i);
    for (const s of sockets) s.stop();
    await metricsServer?.stop();
    await journal?.close();
    journalLock.release();
    lock.release();
  }
}

/** The engine times one market message, decision and diff in this many. */
const ENGINE_SAMPLE_EVERY = 32;
const ENGINE_SAMPLED: Record<string, number> = {
  market_message: ENGINE_SAMPLE_EVERY,
  quote_decision: ENGINE_SAMPLE_EVERY,
  order_diff: ENGINE_SAMPLE_EVERY,
};
/**
 * A reconciliation reads the fills since the previous good one minus this,
 * ms (late reports, clock skew); the engine remembers settled fills an hour.
 */
const RECONCILE_LOOKBACK_MS = 600_000;
/** perf_ lines are written this often, ms. */
const PERF_WINDOW_MS = 60_000;

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** The journal path of a config: `logging.journal` with `{data_dir}` and `{market}` filled in. */
export function journalPathOf(c: Config): string {
  return c.logging.journal
    .replaceAll("{data_dir}", c.paths.data_dir.replace(/\/$/, ""))
    .replaceAll("{market}", c.market.condition_id);
}

/** What a venue's reconciliation reads: open orders, fills, balances. */
type Reconciliation = Awaited<ReturnType<ExchangePort["reconcile"]>>;

/**
 * Cancels until the venue reports no open order of this market (a few
 * rounds); returns how many remain and the last reconciliation read.
 */
async function ensureNoOrders(
  venue: ExchangePort,
  sinceMs: number,
  notice: (s: string) => void,
): Promise<{ left: number; last: Reconciliation | null }> {
  let left = 0;
  let last: Reconciliation | null = null;
  for (let round = 0; round < 5; round++) {
    const cancel = await venue.cancelAll();
    if (cancel.requestError) notice(`cancel-all: ${cancel.requestError}`);
    try {
      last = await venue.reconcile(sinceMs);
      left = last.openOrders.length;
      if (left === 0) return { left: 0, last };
    } catch (e) {
      notice(`checking open orders: ${(e as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, 250 * 2 ** round));
  }
  return { left, last };
}

/** The engine's input for a cancel's outcome (the request's own error is the runtime's). */
function cancelResult(tMs: number, r: CancelOutcome): EngineInput {
  const { canceled, notCanceled, failed } = r;
  return { kind: "cancel_result", tMs, canceled, notCanceled, failed };
}
