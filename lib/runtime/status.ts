/**
 * `pm4 status`: what a running or finished instance is doing, read from its
 * journal alone — the last state, quote and model terms, position, fills,
 * order and error counts, and how it ended (or that it is still running,
 * which the journal's lock tells).
 *
 * @module
 */

import { type JournalLine } from "../formats/mod.ts";

/** The summary of one session. */
export interface SessionSummary {
  /** Run id. */
  run: string;
  /** live or paper. */
  mode: string;
  /** pm4 version that wrote it. */
  version: string;
  /** Market condition id. */
  market: string;
  /** Level the journal was written at. */
  level: string;
  /** First and last line's time, ms since the epoch. */
  startedMs: number;
  /** Time of the last line, ms. */
  lastMs: number;
  /** Trading state after the last state change ("" before any). */
  state: string;
  /** Why (the last state change's reason). */
  stateReason: string;
  /** The last decision: reference price, bid and ask (NaN when none), q, σ λ γ, δ. */
  quote: {
    p: number;
    bid: number;
    ask: number;
    q: number;
    qMax: number;
    sigma: number;
    lambda: number;
    gamma: number;
    delta: number;
  } | null;
  /** Inputs handled and decisions journaled. */
  inputs: number;
  /** Decisions journaled. */
  decisions: number;
  /** Fills, and the last one's position after it (YES, NO shares; cash USDC). */
  fills: number;
  /** Position after the last fill, or null when none. */
  position: { yes: number; no: number; cashUsdc: number } | null;
  /** Order events by change (placed, rejected, unknown, done). */
  orders: Record<string, number>;
  /** Warnings by event. */
  warnings: Record<string, number>;
  /** Errors by event (error_<operation>), and the last one. */
  errors: Record<string, number>;
  /** Post-only orders the book moved onto in flight (journaled as error_place, not errors). */
  races: number;
  /** The last reward sample: our orders scoring of those resting, and today's estimate; null without one. */
  rewards: {
    scoring: number;
    orders: number;
    todayUsdc: number;
    totalUsdc: number;
    /** The venue's last word (live): k of n score; null before it answered. */
    venue: { scoring: number; orders: number } | null;
  } | null;
  /** The last error's line, or null. */
  lastError: { event: string; message: string; tsMs: number } | null;
  /** How it ended, or null while running (or when killed before writing it). */
  end: { exitCode: number; reason: string; ordersLeft: number; pnlUsdc: number } | null;
}

function n(v: unknown): number {
  return typeof v === "number" ? v : Number.NaN;
}

/** Summarises one session's lines (`session_start` first). */
export function summarizeSession(lines: readonly JournalLine[]): SessionSummary {
  const head = lines[0] ?? {} as JournalLine;
  const cfg = (head.config ?? {}) as {
    market?: { condition_id?: string };
    logging?: { level?: string };
  };
  const s: SessionSummary = {
    run: String(head.run ?? ""),
    mode: String(head.mode ?? ""),
    version: String(head.version ?? ""),
    market: cfg.market?.condition_id ?? "",
    level: cfg.logging?.level ?? "",
    startedMs: n(head.tsMs),
    lastMs: n(lines.at(-1)?.tsMs),
    state: "",
    stateReason: "",
    quote: null,
    inputs: 0,
    decisions: 0,
    fills: 0,
    position: null,
    orders: {},
    warnings: {},
    errors: {},
    races: 0,
    rewards: null,
    lastError: null,
    end: null,
  };
  const bump = (rec: Record<string, number>, k: string) => (rec[k] = (rec[k] ?? 0) + 1);
  for (const l of lines) {
    // a pause is a warning too (its state line's level), so count before the event's own case
    if (l.level === "warning") bump(s.warnings, l.event);
    switch (l.event) {
      case "input":
        s.inputs++;
        break;
      case "state":
        s.state = String(l.to);
        s.stateReason = String(l.reason ?? "");
        break;
      case "decision": {
        s.decisions++;
        const q = l.quote as Record<string, number>;
        const tick = n(l.tickPips) / 10_000;
        s.quote = {
          p: n(q.p),
          bid: q.bidTicks > 0 ? q.bidTicks * tick : Number.NaN,
          ask: q.askTicks > 0 ? q.askTicks * tick : Number.NaN,
          q: n(q.q),
          qMax: n(q.qMax),
          sigma: n(q.sigma),
          lambda: n(q.lambda),
          gamma: n(q.gamma),
          delta: n(q.delta),
        };
        break;
      }
      case "fill":
        s.fills++;
        s.position = {
          yes: n(l.yesMicro) / 1e6,
          no: n(l.noMicro) / 1e6,
          cashUsdc: n(l.cashMicro) / 1e6,
        };
        break;
      case "order":
        bump(s.orders, String(l.change));
        break;
      case "reward": {
        const r = (l.sample ?? {}) as Record<string, number>;
        s.rewards = {
          scoring: n(r.scoring),
          orders: n(r.orders),
          todayUsdc: n(r.todayUsdc),
          totalUsdc: (s.rewards?.totalUsdc ?? 0) + (Number.isFinite(r.usdc) ? r.usdc : 0),
          venue: s.rewards?.venue ?? null,
        };
        break;
      }
      case "reward_check":
        if (s.rewards) s.rewards.venue = { scoring: n(l.scoring), orders: n(l.orders) };
        break;
      case "session_end": {
        const st = (l.status ?? {}) as { pnlUsdc?: number };
        s.end = {
          exitCode: n(l.exitCode),
          reason: String(l.reason ?? ""),
          ordersLeft: n(l.ordersLeft),
          pnlUsdc: n(st.pnlUsdc),
        };
        break;
      }
      default:
        if (l.event === "error_place" && l.errorType === "crosses_book") s.races++;
        else if (l.event.startsWith("error_")) {
          bump(s.errors, l.event);
          s.lastError = { event: l.event, message: String(l.message ?? ""), tsMs: l.tsMs };
        }
    }
  }
  return s;
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d+Z$/, "Z") : "?";
}

function fmt(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : "–";
}

function counts(rec: Record<string, number>): string {
  const e = Object.entries(rec);
  return e.length === 0 ? "none" : e.map(([k, v]) => `${k} ${v}`).join(", ");
}

/** The summary as text lines; `running` from the journal's lock, `nowMs` for ages. */
export function formatSummary(s: SessionSummary, running: boolean, nowMs: number): string[] {
  const age = Math.max(0, Math.round((nowMs - s.lastMs) / 1000));
  const lines = [
    `run ${s.run} (${s.mode}, pm4 ${s.version}) on ${s.market.slice(0, 12)}…`,
    `  ${
      running ? "RUNNING" : s.end ? "FINISHED" : "ENDED without a session_end (killed?)"
    } — started ${iso(s.startedMs)}, last event ${
      iso(s.lastMs)
    } (${age} s ago); journal level ${s.level}`,
    `  state ${s.state || "?"}${s.stateReason ? ` (${s.stateReason})` : ""}`,
  ];
  const q = s.quote;
  if (q) {
    lines.push(
      `  p ${fmt(q.p, 4)}  bid ${fmt(q.bid, 4)}  ask ${fmt(q.ask, 4)}  q ${fmt(q.q, 2)} / ${
        fmt(q.qMax, 2)
      }  σ ${fmt(q.sigma, 2)} λ ${fmt(q.lambda, 2)} γ ${fmt(q.gamma, 2)} δ ${fmt(q.delta, 4)}`,
    );
  }
  lines.push(
    `  inputs ${s.inputs}, decisions ${s.decisions}, fills ${s.fills}` +
      (s.position
        ? ` (now YES ${fmt(s.position.yes, 2)}, NO ${fmt(s.position.no, 2)}, cash ${
          fmt(s.position.cashUsdc, 2)
        } USDC)`
        : ""),
    `  orders: ${counts(s.orders)}`,
    ...(s.rewards
      ? [
        `  rewards: scoring ${s.rewards.scoring}/${s.rewards.orders} at the last sample` +
        (s.rewards.venue
          ? ` (the venue: ${s.rewards.venue.scoring}/${s.rewards.venue.orders})`
          : "") +
        `, ~${fmt(s.rewards.todayUsdc, 2)} USDC today, ~${
          fmt(s.rewards.totalUsdc, 2)
        } this session (estimated)`,
      ]
      : []),
    `  warnings: ${counts(s.warnings)}`,
    `  errors: ${counts(s.errors)}` + (s.races > 0 ? `; post-only races ${s.races}` : ""),
  );
  if (s.lastError) {
    lines.push(
      `  last error ${iso(s.lastError.tsMs)} ${s.lastError.event}: ${s.lastError.message}`,
    );
  }
  if (s.end) {
    lines.push(
      `  ended: exit ${s.end.exitCode} (${s.end.reason}), P&L ${fmt(s.end.pnlUsdc, 2)} USDC, ` +
        `${s.end.ordersLeft} order(s) left at the exchange`,
    );
  }
  return lines;
}
