/**
 * `pm4 demo`: the whole product in a minute, with nothing to set up — the
 * exchange simulator on loopback, `pm4 run` against it through the real
 * Polymarket adapter (a throwaway key made in memory), a live status line,
 * then the run's summary and its HTML report.
 *
 * @module
 */

import { runSession } from "../runtime/mod.ts";
import { SCENARIO_NAMES, type ScenarioName, startSimServer } from "../sim/mod.ts";
import { type Command, valued } from "./command.ts";
import { parseDuration } from "./duration.ts";
import { UsageError } from "./errors.ts";
import { EXIT_OK } from "./exit_codes.ts";
import { numberFlag } from "./flags.ts";
import { writeReport } from "./report_cmd.ts";
import { summaryTable } from "./result_table.ts";
import { consoleReporter } from "./run_cmd.ts";
import { simRunConfig } from "./sim_cmd.ts";
import { VERSION } from "./version.ts";
import { modelWalkthrough } from "./walkthrough.ts";

function throwawayKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(32));
  return "0x" + [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

/**
 * Market time per wall time of the demo: the calibrated e2 market trades a few
 * times a minute, so a minute of demo plays four market hours to show fills.
 */
const DEMO_SPEED = 240;

/** `pm4 demo`. */
export const demoCommand: Command = {
  name: "demo",
  summary: "Zero-setup demo: the simulator on loopback, pm4 run against it, a report",
  usage: "pm4 demo [--duration D] [--scenario a1..e3] [--seed N] [--speed X] | pm4 demo --explain",
  description: [
    "Starts the exchange simulator on 127.0.0.1 (an e2 market by default, 240× market time: a minute plays four hours), runs",
    "the market maker against it through the real Polymarket client with a throwaway key made in",
    "memory, shows the live status (mid, our quotes, inventory, P&L, σ/λ/γ), then prints the",
    "run's summary and writes its HTML report under ./data/demo. No keys, no internet.",
    "--explain prints how one quoting decision responds to inventory, toxicity, the crowd and",
    "time instead.",
  ].join("\n"),
  options: {
    duration: valued("D", "how long to trade (default 60s)"),
    scenario: valued("NAME", `marchetype scenario (default e2): ${SCENARIO_NAMES.join(", ")}`),
    seed: valued("N", "seed of the simulated market (default 1)"),
    speed: valued("X", "market time per wall time (default 240)"),
    explain: { type: "boolean", help: "walk through the quoting model instead" },
  },
  async run(ctx, { values, positionals }) {
    if (positionals.length > 0) {
      throw new UsageError(`unexpected argument ${positionals[0]}`, "demo");
    }
    if (values.explain) {
      ctx.io.out(modelWalkthrough(ctx.now()).join("\n"));
      return EXIT_OK;
    }
    const scenario = (values.scenario as string | undefined) ?? "e2";
    if (!SCENARIO_NAMES.includes(scenario as ScenarioName)) {
      throw new UsageError(
        `--scenario: expected one of ${SCENARIO_NAMES.join(", ")}, got ${JSON.stringify(scenario)}`,
        "demo",
      );
    }
    const durationMs = values.duration === undefined
      ? 60_000
      : parseDuration(String(values.duration), "--duration", "demo");
    const seed =
      numberFlag(values.seed, { flag: "--seed", lo: 0, hi: 2 ** 31 - 1, int: true }, "demo") ?? 1;
    const speed = numberFlag(values.speed, { flag: "--speed", lo: 1, hi: 1000 }, "demo") ??
      DEMO_SPEED;
    const sim = await startSimServer({ scenario: scenario as ScenarioName, seed, speed });
    try {
      const config = simRunConfig(sim, { bankrollUsdc: 1000, dataDir: "./data/demo" });
      ctx.io.out(
        [
          `pm4 ${VERSION} demo — ${sim.market.scenario.question}`,
          `  exchange simulator on ${sim.url} (scenario ${scenario}, seed ${seed}, ${speed}× market time)`,
          `  trading ${
            (durationMs / 1000).toFixed(0)
          } s with a ${config.risk.bankroll_B} USDC bankroll; Ctrl-C stops early`,
        ].join("\n"),
      );
      const key = throwawayKey();
      const rep = consoleReporter(ctx, config.logging.console);
      const r = await runSession({
        config,
        mode: "live",
        env: (k) => (k === "PK" ? key : undefined),
        signal: ctx.signal,
        clock: ctx.now,
        durationMs,
        onStatus: rep.onStatus,
        onNotice: rep.onNotice,
        version: VERSION,
      });
      const { path, result } = await writeReport(r.runDir, undefined, "demo");
      ctx.io.out(`\nstopped: ${r.reason}\n${summaryTable(result.summary)}`);
      ctx.io.out(`journal: ${r.journal} (run ${r.run})\nreport:  ${path}`);
      return r.exitCode;
    } finally {
      await sim.stop();
    }
  },
};
