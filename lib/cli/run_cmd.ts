/**
 * `pm4 run CONFIG [--paper]`: market-make one market, live or paper.
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import type { EngineStatus } from "../engine/mod.ts";
import { EnvError, ExchangeError } from "../exchange/mod.ts";
import {
  LedgerError,
  LockedError,
  PortfolioHaltedError,
  runSession,
  type SessionResult,
} from "../runtime/mod.ts";
import { type Command, type CommandContext, valued } from "./command.ts";
import { loadConfigFile } from "./config_cmd.ts";
import { numberFlag } from "./flags.ts";
import { checkHosts, ledgerHosts, marketHosts } from "./permissions.ts";
import { parseDuration } from "./duration.ts";
import { UsageError } from "./errors.ts";
import { EXIT_KILLED, EXIT_LOCKED } from "./exit_codes.ts";
import { VERSION } from "./version.ts";

/**
 * One status line: state, price, our quotes, position, P&L, σ/λ/γ, orders,
 * fills, post-only races, and where the market pays rewards "scoring k/n"
 * (the venue's count when it has answered since the last estimate) with
 * today's estimate.
 */
export function statusLine(s: EngineStatus): string {
  const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : "—");
  const sign = (x: number, d = 2) => (x >= 0 ? "+" : "") + x.toFixed(d);
  return [
    `[${s.state}${s.reason ? `: ${s.reason}` : ""}]`,
    `p ${f(s.p)}`,
    `bid ${f(s.bid, 3)} ask ${f(s.ask, 3)}`,
    `q ${sign(s.q)}`,
    `P&L ${sign(s.pnlUsdc)}`,
    `σ ${f(s.sigma, 2)} λ ${f(s.lambda, 2)} γ ${f(s.gamma, 2)}`,
    `orders ${s.orders} fills ${s.fills} races ${s.races}`,
    ...(s.rewards ? [rewardsText(s)] : []),
  ].join(" | ");
}

/**
 * "scoring k/n" — the venue's count when it answered after the last
 * estimate — and today's estimated rewards.
 */
function rewardsText(s: EngineStatus): string {
  const r = s.rewards!;
  const v = s.rewardsVenue;
  const venue = v !== null && v.tMs >= r.tMs;
  const [k, n] = venue ? [v.scoring, v.orders] : [r.scoring, r.orders];
  return `scoring ${k}/${n}${venue ? " (venue)" : ""} rewards ~${r.todayUsdc.toFixed(2)} today`;
}

/** Console output of a session per `logging.console`: a status line on a TTY, plain lines otherwise. */
export function consoleReporter(ctx: CommandContext, mode: Config["logging"]["console"]) {
  const tty = mode === "status" || (mode === "auto" && ctx.io.isTerminal);
  let lastPlain = 0;
  let drawn = false;
  return {
    onStatus(s: EngineStatus, final: boolean) {
      if (mode === "quiet") return;
      if (tty) {
        if (final) {
          ctx.io.live("");
          ctx.io.out(statusLine(s));
        } else ctx.io.live(statusLine(s));
        drawn = !final;
        return;
      }
      const now = ctx.now();
      if (final || now - lastPlain >= 30_000) {
        lastPlain = now;
        ctx.io.out(statusLine(s));
      }
    },
    onNotice(line: string) {
      if (mode === "quiet") return;
      if (tty && drawn) ctx.io.live(""); // the notice takes the line; the status comes back
      ctx.io.out(line);
    },
  };
}

/** Runs a session from the CLI, mapping its failures to exit codes. */
export async function runFromCli(
  ctx: CommandContext,
  cfg: Config,
  mode: "live" | "paper",
  opts: { durationMs?: number; untilMs?: number; metrics?: { host: string; port: number } },
  command: string,
): Promise<SessionResult | number> {
  checkHosts([...marketHosts(cfg), ...ledgerHosts(cfg)]);
  const rep = consoleReporter(ctx, cfg.logging.console);
  try {
    return await runSession({
      config: cfg,
      mode,
      env: ctx.env,
      signal: ctx.signal,
      clock: ctx.now,
      durationMs: opts.durationMs,
      untilMs: opts.untilMs,
      onStatus: rep.onStatus,
      onNotice: rep.onNotice,
      version: VERSION,
      metrics: opts.metrics,
      onMetrics: (url) => ctx.io.out(`metrics: ${url}`),
    });
  } catch (e) {
    if (e instanceof LockedError) {
      ctx.io.err(`pm4 ${command}: ${e.message}`);
      return EXIT_LOCKED;
    }
    if (e instanceof PortfolioHaltedError) {
      ctx.io.err(`pm4 ${command}: ${e.message}`);
      return EXIT_KILLED;
    }
    if (e instanceof EnvError || e instanceof LedgerError) throw new UsageError(e.message, command);
    if (e instanceof ExchangeError) throw new UsageError(e.message, command);
    if (e instanceof TypeError && /fetch|connect|dns|refused/i.test(e.message)) {
      throw new UsageError(`cannot reach the venue: ${e.message}`, command);
    }
    throw e;
  }
}

/** `pm4 run`. */
export const runCommand: Command = {
  name: "run",
  summary: "Market-make one market, live or --paper",
  usage:
    "pm4 run CONFIG [--paper] [--duration D | --until TIME] [--metrics-port P [--metrics-host H]]",
  description: [
    "Quotes the config's market with the PM4 model until --duration/--until, the resolution guard,",
    "a kill switch, or SIGINT/SIGTERM — then cancels every order, proves none is left, and exits.",
    "Live needs PK in the environment (API keys are derived when CLOB_API_KEY/SECRET/PASS_PHRASE",
    "are unset); --paper needs no keys and fills against the live tape.",
    "One instance per market (a second exits 3). Journal and calibration go to paths.data_dir.",
    "--metrics-port serves Prometheus metrics at http://127.0.0.1:P/metrics while it runs.",
  ].join("\n"),
  options: {
    paper: { type: "boolean", help: "paper trading: live market data, simulated fills, no keys" },
    duration: valued("D", "stop after this long (90s, 15m, 2h, 1d)"),
    until: valued("TIME", "stop at this time (ISO 8601, e.g. 2026-12-01T18:00:00Z)"),
    "metrics-port": valued("P", "serve Prometheus metrics on this port (0: any free one)"),
    "metrics-host": valued(
      "H",
      "address to bind the metrics to (default 127.0.0.1; 0.0.0.0 in a container)",
    ),
  },
  async run(ctx, { values, positionals }) {
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError("missing CONFIG file", "run");
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`, "run");
    const cfg = await loadConfigFile(file, "run");
    const durationMs = values.duration !== undefined
      ? parseDuration(String(values.duration), "--duration", "run")
      : undefined;
    let untilMs: number | undefined;
    if (values.until !== undefined) {
      untilMs = Date.parse(String(values.until));
      if (Number.isNaN(untilMs)) {
        throw new UsageError(
          `--until: expected an ISO 8601 time, got ${JSON.stringify(values.until)}`,
          "run",
        );
      }
      if (untilMs <= ctx.now()) {
        throw new UsageError(`--until: ${values.until} is in the past`, "run");
      }
    }
    const port = numberFlag(
      values["metrics-port"],
      { flag: "--metrics-port", lo: 0, hi: 65535, int: true },
      "run",
    );
    if (port === undefined && values["metrics-host"] !== undefined) {
      throw new UsageError("--metrics-host needs --metrics-port", "run");
    }
    const metrics = port === undefined
      ? undefined
      : { host: String(values["metrics-host"] ?? "127.0.0.1"), port };
    const r = await runFromCli(
      ctx,
      cfg,
      values.paper ? "paper" : "live",
      { durationMs, untilMs, metrics },
      "run",
    );
    if (typeof r === "number") return r;
    ctx.io.out(
      `stopped: ${r.reason} — journal ${r.journal} (run ${r.run}), run directory ${r.runDir}`,
    );
    return r.exitCode;
  },
};
