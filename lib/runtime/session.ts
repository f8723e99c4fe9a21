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
import {
  Engine,
  type EngineCommand,
  type EngineInput,
  type EngineRecord,
  type EngineStatus,
  InputQueue,
} from "../engine/mod.ts";
import {
  type ExchangePort,
  PaperAdapter,
  PolymarketAdapter,
  readLiveEnv,
  ResilientSocket,
  UserChannelParser,
} from "../exchange/mod.ts";
import { loadCalibration, saveCalibration } from "./calibration_store.ts";
import { type Journal, openJournal } from "./journal.ts";
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
  /** Called with one human line for state changes and warnings. */
  onNotice?: (line: string) => void;
  /**
   * Latency probe: a market frame arrived; order `index` of a batch of
   * `count` was signed (the last one is followed by the batch's POST at once).
   */
  probe?: { frame: () => void; signed: (index: number, count: number) => void };
  /** Version written in the journal header. */
  version?: string;
}

/** How a session ended. */
export interface SessionResult {
  /** Process exit code (0 ok, 4 kill switch). */
  exitCode: number;
  /** Why it stopped. */
  reason: string;
  /** The run's directory (journal, summary). */
  runDir: string;
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

  const startMs = clock();
  const runDir = `${dataDir}/runs/${utcStamp(startMs)}-${cid.slice(2, 10)}`;
  // reconciliations look for our fills from a minute before the start: the
  // ones found at the start are already in the starting balances
  const fillsSinceMs = startMs - 60_000;
  const timers: ReturnType<typeof setTimeout>[] = [];
  const intervals: ReturnType<typeof setInterval>[] = [];
  const sockets: ResilientSocket[] = [];
  let journal: Journal | null = null;
  let adapter: ExchangePort | null = null;
  let engine: Engine | null = null;
  try {
    await Deno.mkdir(runDir, { recursive: true });
    journal = await openJournal(
      `${runDir}/journal.jsonl`,
      c.logging.journal_rotate_mb * 1024 * 1024,
      c.logging.journal_keep,
    );
    const j = journal;
    j.write({
      type: "session",
      tMs: startMs,
      version: o.version ?? "",
      mode: o.mode,
      pid: Deno.pid,
      config: c,
    });

    const notice = (line: string) => o.onNotice?.(line);
    const held: EngineRecord[] = []; // the engine's records of the input being handled
    const eng = new Engine({
      config: c,
      journal: (rec: EngineRecord) => {
        held.push(rec);
        if (rec.type === "state") notice(`state ${rec.from} → ${rec.to} (${rec.reason})`);
        else if (rec.type === "warning") notice(rec.message);
      },
    });
    engine = eng;

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
        j.write({ type: "input", input });
        for (const rec of held) j.write(rec as unknown as Record<string, unknown>);
        held.length = 0;
      },
    });
    const input = (ev: EngineInput) => queue.push(ev);
    const track = (p: Promise<unknown>) => {
      const q = p.catch((e) => notice(`error: ${(e as Error).message}`)).finally(() =>
        inflight.delete(q)
      );
      inflight.add(q);
    };
    const paper = o.adapter
      ? null
      : o.mode === "paper"
      ? new PaperAdapter(c, (fills, tMs) => input({ kind: "fills", tMs, fills }))
      : null;
    const venue: ExchangePort = o.adapter ?? paper ?? new PolymarketAdapter(c, readLiveEnv(o.env));
    adapter = venue;
    const calPath = `${dataDir}/calibration/${cid}.json`;
    const dispatch = (cmd: EngineCommand) => {
      switch (cmd.kind) {
        case "place":
          track((async () => {
            let index = 0;
            const res = await venue.place(cmd.orders, (clientId, orderId) => {
              o.probe?.signed(index++, cmd.orders.length);
              input({ kind: "order_signed", tMs: clock(), clientId, orderId });
            });
            for (const r of res) {
              input({
                kind: "place_result",
                tMs: clock(),
                clientId: r.clientId,
                ok: r.ok,
                status: r.status,
                error: r.error,
                httpStatus: r.httpStatus,
              });
            }
          })());
          break;
        case "cancel":
        case "cancel_all":
          track((async () => {
            const r = cmd.kind === "cancel"
              ? await venue.cancel(cmd.orderIds)
              : await venue.cancelAll();
            input({ kind: "cancel_result", tMs: clock(), ...r });
          })());
          break;
        case "reconcile":
          track((async () => {
            const r = await venue.reconcile(fillsSinceMs);
            input({ kind: "reconciled", tMs: clock(), ...r });
          })());
          break;
        case "save_calibration":
          track(saveCalibration(calPath, cmd.snapshot));
          break;
        case "stop":
          stopped ??= { exitCode: cmd.exitCode, reason: cmd.reason };
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
      }…: ${cal.note}; ${st.openOrders.length} leftover order(s); journal ${runDir}`,
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
        paper?.onFrame(text, rxMs);
        input({ kind: "market_frame", tMs: rxMs, text });
      },
      onState: (up, detail) => {
        notice(`market channel ${detail}`);
        input({ kind: "connection", tMs: clock(), channel: "market", up });
      },
      clock,
    });
    sockets.push(market);
    const user = venue.userChannel();
    if (user && venue instanceof PolymarketAdapter) {
      const tokens = (
        id: string,
      ) => (id === c.market.asset_id_yes ? "YES" : id === c.market.asset_id_no ? "NO" : undefined);
      const parser = new UserChannelParser(venue.owner, tokens);
      sockets.push(
        new ResilientSocket({
          url: user.url,
          subscribe: () => user.subscribe,
          onFrame: (text, rxMs) => {
            for (const ev of parser.parse(text, rxMs)) input(ev);
          },
          onState: (up, detail) => {
            notice(`user channel ${detail}`);
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
          venue.heartbeat().then((r) =>
            input({ kind: "heartbeat", tMs: clock(), ok: r.ok, error: r.error })
          ),
        );
      }, 5_000));
    }
    const pollTrades = () =>
      track(
        venue.publicTrades().then((trades) => {
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

    await stopSignal;

    // ---------------------------------------------------------- shutdown
    o.signal.removeEventListener("abort", onAbort);
    for (const t of timers) clearTimeout(t);
    for (const i of intervals) clearInterval(i);
    for (const s of sockets) s.stop();
    await Promise.allSettled([...inflight]);
    const left = await ensureNoOrders(venue, fillsSinceMs, notice);
    const end = stopped ?? { exitCode: 0, reason: "stopped" };
    const status = eng.status();
    j.write({
      type: "summary",
      tMs: clock(),
      exitCode: end.exitCode,
      reason: end.reason,
      status,
      ordersLeft: left,
    });
    if (left > 0) {
      notice(`WARNING: ${left} order(s) could not be proven cancelled; check the venue`);
    }
    await saveCalibration(calPath, eng.calibration(clock())).catch(() => undefined);
    o.onStatus?.(status, true);
    return { exitCode: end.exitCode, reason: end.reason, runDir, status };
  } catch (e) {
    // an error after the start must not leave orders behind
    if (adapter && engine && engine.state !== "starting") {
      await adapter.cancelAll().catch(() => undefined);
    }
    throw e;
  } finally {
    for (const t of timers) clearTimeout(t);
    for (const i of intervals) clearInterval(i);
    for (const s of sockets) s.stop();
    await journal?.close();
    lock.release();
  }
}

/** Cancels until the venue reports no open order of this market (a few rounds); returns how many remain. */
async function ensureNoOrders(
  venue: ExchangePort,
  sinceMs: number,
  notice: (s: string) => void,
): Promise<number> {
  let left = 0;
  for (let round = 0; round < 5; round++) {
    const cancel = await venue.cancelAll();
    if (cancel.error) notice(`cancel-all: ${cancel.error}`);
    try {
      const r = await venue.reconcile(sinceMs);
      left = r.openOrders.length;
      if (left === 0) return 0;
    } catch (e) {
      notice(`checking open orders: ${(e as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, 250 * 2 ** round));
  }
  return left;
}
