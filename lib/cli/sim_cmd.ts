/**
 * `pm4 sim serve`: the exchange simulator on loopback.
 *
 * @module
 */

import { type Config, parseConfig } from "../config/mod.ts";
import {
  SCENARIO_NAMES,
  type ScenarioName,
  type SimMarket,
  type SimServer,
  startSimServer,
} from "../sim/mod.ts";
import { type Command, type CommandContext, valued } from "./command.ts";
import { parseDuration } from "./duration.ts";
import { UsageError } from "./errors.ts";
import { EXIT_OK } from "./exit_codes.ts";
import { openForWrite, writeText } from "./files.ts";
import { checkOutputPath } from "./permissions.ts";
import { numberFlag } from "./flags.ts";

/**
 * A pm4 config for market-making the simulator's market (hosts pointing at
 * it). The resolution time guards are scaled by the simulator's speed: they
 * are written in exchange seconds for a market that lives at speed 1, and a
 * 12-hour window played at 30× would otherwise sit inside "stop new risk"
 * from its first second.
 */
export function simRunConfig(
  sim: SimServer,
  opts: {
    bankrollUsdc: number;
    dataDir: string;
    extra?: Record<string, unknown>;
    /** Which of the simulator's markets (default the first). */
    market?: SimMarket;
  },
): Config {
  const m = opts.market ?? sim.market;
  const extra = opts.extra ?? {};
  const userRisk = (extra.risk ?? {}) as Record<string, unknown>;
  const userPortfolio = (extra.portfolio ?? {}) as Record<string, unknown>;
  const userLogging = (extra.logging ?? {}) as Record<string, unknown>;
  const several = sim.markets.length > 1;
  return parseConfig({
    ...extra,
    // several markets share the data directory: each its own journal, its place in the fleet
    ...(several
      ? {
        logging: { journal: "{data_dir}/{market}/mm_events.jsonl", ...userLogging },
        portfolio: { label: m.slug, event: m.event?.id ?? "", ...userPortfolio },
      }
      : {}),
    market: {
      condition_id: m.ids.conditionId,
      asset_id_yes: m.ids.yesTokenId,
      asset_id_no: m.ids.noTokenId,
      start_ts_ms: m.openMs,
      resolve_ts_ms: m.resolveMs,
      marchetype: m.scenario.name,
      clob_url: sim.url,
      ws_url: sim.wsUrl,
      gamma_url: sim.gammaUrl,
      data_url: sim.dataUrl,
    },
    risk: {
      bankroll_B: opts.bankrollUsdc,
      stop_new_risk_before_s: Math.ceil(3600 / m.speed),
      cancel_all_before_s: Math.ceil(300 / m.speed),
      ...userRisk,
    },
    paths: { data_dir: opts.dataDir },
  });
}

/** `pm4 sim`. */
export const simCommand: Command = {
  name: "sim",
  summary: "Run the exchange simulator (Polymarket CLOB V2 on loopback)",
  usage: "pm4 sim serve [--scenario a1..e3] [--seed N] [--port P] [--speed X] [options]",
  description: [
    "Serves Polymarket's CLOB V2 REST and WebSocket protocol on 127.0.0.1 with seeded agents",
    "(noise and informed traders, competing makers) for one market of the chosen marchetype.",
    "Also serves Gamma-style metadata under /gamma, public trades under /data-api, and /admin",
    "knobs for fault injection (POST /admin/faults, /admin/mode, /admin/tick, /admin/resolve).",
    "The same seed gives the same market; --log writes its event log.",
  ].join("\n"),
  options: {
    scenario: valued("NAME", `marchetype scenario: ${SCENARIO_NAMES.join(", ")} (default e2)`),
    seed: valued("N", "seed of the market and its agents (default 1)"),
    port: valued("P", "port on 127.0.0.1 (default 0: the OS picks one)"),
    speed: valued("X", "market time per wall time (default 1; 60 plays an hour per minute)"),
    fund: valued("USDC", "collateral of a new API user (default 1000)"),
    duration: valued("D", "stop after this long (default: until Ctrl-C)"),
    log: valued("FILE", "write the event log (JSONL, times relative to the start)"),
    "config-out": valued(
      "FILE",
      "write a pm4 config for the market (pm4 run FILE); with --markets N one per market, FILE-<i>.json",
    ),
    markets: valued(
      "N",
      "markets on the one server (default 1): one wallet, one heartbeat per user",
    ),
    "event-outcomes": valued(
      "K",
      "the last K markets are the outcomes of one neg-risk event (default 3 with 4+ markets)",
    ),
    faults: valued("JSON", "initial fault knobs, e.g. '{\"latencyMs\":50}'"),
  },
  async run(ctx, { values, positionals }) {
    if (positionals[0] !== "serve" || positionals.length > 1) {
      throw new UsageError(
        positionals[0]
          ? `unknown action ${JSON.stringify(positionals[0])}; use serve`
          : "missing action: serve",
        "sim",
      );
    }
    const scenario = (values.scenario as string | undefined) ?? "e2";
    if (!SCENARIO_NAMES.includes(scenario as ScenarioName)) {
      throw new UsageError(
        `--scenario: expected one of ${SCENARIO_NAMES.join(", ")}, got ${JSON.stringify(scenario)}`,
        "sim",
      );
    }
    let faults: Record<string, unknown> | undefined;
    if (values.faults !== undefined) {
      try {
        faults = JSON.parse(String(values.faults));
      } catch {
        throw new UsageError("--faults: expected a JSON object", "sim");
      }
    }
    const logFile = values.log as string | undefined;
    const configOut = values["config-out"] as string | undefined;
    // every output path is checked before the simulator starts or prints anything
    if (logFile) checkOutputPath(logFile, "--log", "sim");
    if (configOut) checkOutputPath(configOut, "--config-out", "sim");
    const lines: string[] = [];
    let logHandle: Deno.FsFile | undefined;
    if (logFile) logHandle = await openForWrite(logFile, "--log", "sim");
    const enc = new TextEncoder();
    const sim = await startSimServer({
      scenario: scenario as ScenarioName,
      seed: numberFlag(values.seed, { flag: "--seed", lo: 0, hi: 2 ** 31 - 1, int: true }, "sim"),
      port: numberFlag(values.port, { flag: "--port", lo: 0, hi: 65535, int: true }, "sim"),
      speed: numberFlag(values.speed, { flag: "--speed", lo: 0.001, hi: 10_000 }, "sim"),
      fundUsdc: numberFlag(values.fund, { flag: "--fund", lo: 0, hi: 1e9 }, "sim"),
      markets: numberFlag(values.markets, { flag: "--markets", lo: 1, hi: 50, int: true }, "sim"),
      eventOutcomes: numberFlag(
        values["event-outcomes"],
        { flag: "--event-outcomes", lo: 0, hi: 50, int: true },
        "sim",
      ),
      faults: faults as never,
      log: logHandle ? (l) => lines.push(l) : undefined,
    }).catch((e) => {
      if (e instanceof Error && /address already in use|AddrInUse/i.test(e.message)) {
        throw new UsageError(`--port: ${e.message}`, "sim");
      }
      if (e instanceof Error && e.name === "FaultsError") {
        throw new UsageError(`--faults: ${e.message}`, "sim");
      }
      throw e;
    });
    const flush = () => {
      if (logHandle && lines.length > 0) {
        logHandle.writeSync(enc.encode(lines.join("\n") + "\n"));
        lines.length = 0;
      }
    };
    const flusher = setInterval(flush, 500);
    try {
      printBanner(ctx, sim, scenario);
      if (configOut) {
        const several = sim.markets.length > 1;
        for (const [i, market] of sim.markets.entries()) {
          const file = several ? configOut.replace(/(\.json)?$/, `-${i}.json`) : configOut;
          const cfg = simRunConfig(sim, { bankrollUsdc: 1000, dataDir: "./data", market });
          await writeText(file, JSON.stringify(cfg, null, 2) + "\n", "--config-out", "sim");
          ctx.io.out(`  config     ${file}  (pm4 run ${file})`);
        }
      }
      ctx.io.out("Ctrl-C to stop.");
      const durationMs = values.duration
        ? parseDuration(String(values.duration), "--duration", "sim")
        : Infinity;
      await waitFor(ctx, durationMs);
    } finally {
      clearInterval(flusher);
      await sim.stop();
      flush();
      logHandle?.close();
    }
    ctx.io.out("simulator stopped");
    return EXIT_OK;
  },
};

function printBanner(ctx: CommandContext, sim: SimServer, scenario: string): void {
  const m = sim.market;
  ctx.io.out(
    [
      `pm4 exchange simulator — scenario ${scenario}: ${m.scenario.question}`,
      `  REST       ${sim.url}`,
      `  WebSocket  ${sim.wsUrl}/ws/market  ${sim.wsUrl}/ws/user`,
      `  Gamma      ${sim.gammaUrl}    data API ${sim.dataUrl}`,
      ...sim.markets.flatMap((mk) => [
        `  market     ${mk.ids.conditionId}  ${mk.slug}` +
        (mk.event ? `  (neg-risk event ${mk.event.id}, outcome ${mk.event.index})` : ""),
        `  YES token  ${mk.ids.yesTokenId}`,
        `  NO token   ${mk.ids.noTokenId}`,
      ]),
      `  resolves   ${new Date(m.resolveMs).toISOString()} (speed ${m.speed}×)`,
    ].join("\n"),
  );
}

/** Resolves after `ms` or when the command is aborted (SIGINT/SIGTERM). */
function waitFor(ctx: CommandContext, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (ctx.signal.aborted) return resolve();
    const timer = Number.isFinite(ms) ? setTimeout(resolve, ms) : undefined;
    ctx.signal.addEventListener("abort", () => {
      if (timer !== undefined) clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
