/**
 * Replays a session's journal: every input, in the order the session's engine
 * handled it, through a fresh engine with the session's config. The engine is
 * deterministic, so its records — decisions, state changes, order events,
 * fills — must equal the journal's one for one; any difference is reported.
 * The same pass marks the run for the analytics, which is how a live or paper
 * run gets its report.
 *
 * @module
 */

import { type Config, parseConfig } from "../config/mod.ts";
import {
  type CancelRefusal,
  encodeRecord,
  Engine,
  type EngineInput,
  type EngineRecord,
} from "../engine/mod.ts";
import {
  CONTEXT_FIELDS,
  isSessionEvent,
  journalLevel,
  passes,
  upgradeLine,
} from "../formats/mod.ts";
import { accepted, cancelRefusal, refused } from "../exchange/mod.ts";
import { emptyTop, midE8 } from "../market/mod.ts";
import { RunAnalytics, type RunResult } from "./analytics.ts";

/** One difference between the journal and the replay. */
export interface ReplayDifference {
  /** Position among the engine's records. */
  index: number;
  /** What the journal holds (JSON, or "" when the replay produced more). */
  journal: string;
  /** What the replay produced (JSON, or "" when it produced fewer). */
  replay: string;
}

/** What a replay found. */
export interface ReplayReport {
  /** Inputs replayed. */
  inputs: number;
  /** Engine records compared. */
  compared: number;
  /** Decisions among them. */
  decisions: number;
  /** Number of records that differ. */
  differing: number;
  /** The first differences (at most 50). */
  differences: ReplayDifference[];
  /** The run's analytics. */
  result: RunResult;
}

/** The journal has no session header, or a config that no longer validates. */
export class JournalError extends Error {
  /**
   * A journal that cannot be replayed.
   *
   * @param message what is wrong with the journal
   */
  constructor(message: string) {
    super(message);
    this.name = "JournalError";
  }
}

/**
 * Replays one session's journal lines (`session_start` first); `afterInput`
 * sees the engine after each input (invariant checks).
 */
export function replayJournal(
  records: Iterable<Record<string, unknown>>,
  afterInput?: (engine: Engine, input: EngineInput) => void,
): ReplayReport {
  const it = records[Symbol.iterator]();
  const first = it.next();
  const header = first.done ? undefined : first.value;
  if (!header || header.event !== "session_start") {
    throw new JournalError("not a pm4 journal: the first record is not a session_start");
  }
  let config: Config;
  try {
    // a session from before GTD orders (no quote.order_ttl_s) placed GTC: it replays as it ran
    const quote = (header.config as { quote?: Record<string, unknown> } | undefined)?.quote;
    config = parseConfig(
      quote && !("order_ttl_s" in quote)
        ? { ...header.config as object, quote: { ...quote, order_ttl_s: 0 } }
        : header.config,
    );
  } catch (e) {
    throw new JournalError(`the journal's config does not validate: ${(e as Error).message}`);
  }
  // the journal holds what passed its level: the replay compares the same
  const level = journalLevel(config.logging.level);
  if (!passes("info", level)) {
    throw new JournalError(
      `the journal was written at level ${config.logging.level}: it has no inputs to replay ` +
        `(logging.level INFO or DEBUG writes them)`,
    );
  }
  const mode = header.mode === "paper" ? "paper" : "live";
  // version 1 also journaled the decisions that moved the ladder without acting,
  // which version 2 leaves out: of such a journal, compare the decisions that acted
  const v1 = header.journalVersion === undefined;
  const analytics = new RunAnalytics({
    kind: mode,
    conditionId: config.market.condition_id,
    slippageBuffer: config.risk.slippage_buffer,
    cashReserveUsdc: config.risk.cash_reserve,
  });
  const replayed: string[] = [];
  const engine = new Engine({
    config,
    journal: (rec: EngineRecord) => {
      analytics.record(rec);
      const l = encodeRecord(rec);
      if (passes(l.level, level) && !(v1 && idle(l))) replayed.push(JSON.stringify(l));
    },
  });
  const top = emptyTop();
  const report: ReplayReport = {
    inputs: 0,
    compared: 0,
    decisions: 0,
    differing: 0,
    differences: [],
    result: analytics.result(),
  };
  const compare = (journal: string, replay: string) => {
    const i = report.compared++;
    if (journal === replay) return;
    report.differing++;
    if (report.differences.length < 50) report.differences.push({ index: i, journal, replay });
  };
  const expected: string[] = [];
  const drainCompare = () => {
    const n = Math.min(expected.length, replayed.length);
    for (let i = 0; i < n; i++) compare(expected[i], replayed[i]);
    expected.splice(0, n);
    replayed.splice(0, n);
  };
  let lastMs = 0;
  for (let r = it.next(); !r.done; r = it.next()) {
    const rec = upgradeLine(r.value);
    const event = String(rec.event);
    if (event === "input") {
      drainCompare();
      const input = upgradeInput(rec.input as Record<string, unknown>);
      report.inputs++;
      lastMs = input.tMs;
      if (input.kind === "started") {
        const b = input.balances;
        analytics.start(input.tMs, b.cashMicro, b.yesMicro, b.noMicro);
      }
      engine.handle(input);
      for (const cmd of engine.drain()) analytics.command(cmd);
      afterInput?.(engine, input);
      if (
        (input.kind === "market_frame" || input.kind === "market_events") &&
        engine.marketTop(top)
      ) {
        analytics.mark(input.tMs, midE8(top));
      }
    } else if (!isSessionEvent(event) && !(v1 && idle(rec))) {
      if (event === "decision") report.decisions++;
      for (const f of CONTEXT_FIELDS) delete rec[f];
      // the journal wrote NaN as null: compare the JSON texts
      expected.push(JSON.stringify(rec));
    }
  }
  drainCompare();
  for (const e of expected) compare(e, "");
  for (const x of replayed) compare("", x);
  const resolved = engine.feed.resolved;
  if (resolved) {
    const yes = resolved.winningAssetId === config.market.asset_id_yes ||
      /^yes$/i.test(resolved.winningOutcome);
    analytics.resolve(resolved.tMs || lastMs, yes ? "YES" : "NO");
  }
  report.result = analytics.result();
  return report;
}

/** A decision line whose wave neither placed nor cancelled anything. */
function idle(l: Record<string, unknown>): boolean {
  return l.event === "decision" && (l.place as unknown[]).length === 0 &&
    (l.cancel as unknown[]).length === 0;
}

/**
 * An input as journals before typed venue outcomes wrote it, in today's
 * shape: a placement's `ok`/`error`/`httpStatus` and a cancel's reason texts
 * are judged as the adapters judge them now.
 */
function upgradeInput(raw: Record<string, unknown>): EngineInput {
  if (raw.kind === "place_result" && "ok" in raw) {
    const r = raw.ok === true
      ? accepted(Number(raw.clientId), String(raw.status ?? "live"))
      : refused(Number(raw.clientId), Number(raw.httpStatus ?? 0), String(raw.error ?? ""));
    return { kind: "place_result", tMs: Number(raw.tMs), clientId: r.clientId, outcome: r.outcome };
  }
  if (raw.kind === "cancel_result" && "error" in raw) {
    const notCanceled: Record<string, CancelRefusal> = {};
    for (const [id, why] of Object.entries(raw.notCanceled as Record<string, string>)) {
      notCanceled[id] = cancelRefusal(why);
    }
    return {
      kind: "cancel_result",
      tMs: Number(raw.tMs),
      canceled: raw.canceled as string[],
      notCanceled,
      failed: raw.failed as string[],
    };
  }
  return raw as unknown as EngineInput;
}
