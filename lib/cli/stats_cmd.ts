/**
 * `pm4 stats FILE... | --sim SCENARIO`: the stylized facts of a recording or
 * of simulated markets, one table (the simulator's calibration check).
 *
 * @module
 */

import { DataFileError } from "../runtime/mod.ts";
import { SCENARIO_NAMES, type ScenarioName, SCENARIOS } from "../sim/mod.ts";
import {
  type FactsColumn,
  factsTable,
  formatRange,
  misses,
  QuotesFileError,
  recordingFacts,
  SCENARIO_TARGETS,
  simulatedFacts,
  type StylizedFacts,
} from "../stats/mod.ts";
import { type Command, type CommandContext, valued } from "./command.ts";
import { UsageError } from "./errors.ts";
import { EXIT_OK } from "./exit_codes.ts";
import { numberFlag } from "./flags.ts";

/** Simulated markets per scenario by default: enough that one early resolution does not decide the table. */
export const DEFAULT_SIM_SEEDS = 4;

async function measure(
  files: string[],
  filter: { minVolume?: number; maxVolume?: number },
): Promise<StylizedFacts> {
  try {
    return await recordingFacts(files, filter);
  } catch (e) {
    if (e instanceof DataFileError || e instanceof QuotesFileError) {
      throw new UsageError(e.message, "stats");
    }
    throw e;
  }
}

function baseName(path: string): string {
  return path.split("/").pop() ?? path;
}

/** `pm4 stats`. */
export const statsCommand: Command = {
  name: "stats",
  summary: "Stylized facts of a recording or a simulated market (one table)",
  usage: "pm4 stats [FILE...] [--sim SCENARIO,...|all] [--seeds N] [--hours H] [--json]",
  description: [
    "Measures what a market maker meets: spread and depth, trade sizes, clustered arrivals and",
    "their buy skew, trades that take the whole best level, the mid's move after a trade, the",
    "2-minute mid (unchanged share, kurtosis, jumps, 10-min/2-min volatility), book churn.",
    "FILE...: one recording, in any format `pm4 backtest` reads (several files are one market:",
    "e.g. an L2 snapshot dump with its trade dumps), or a Parquet file of top-of-book polls",
    "(columns ts, slug, bid, ask, volume24hr). --sim: simulated scenarios, measured by the same",
    "code from their market-channel frames. Both given: the recording first, side by side.",
    "A fact the data is too thin for prints –.",
  ].join("\n"),
  options: {
    sim: valued("LIST", `scenarios, comma-separated, or all (${SCENARIO_NAMES.join(",")})`),
    seed: valued("N", "first seed of the simulated markets (default 1)"),
    seeds: valued(
      "N",
      `simulated markets per scenario, seeds N, N+1, … pooled (default ${DEFAULT_SIM_SEEDS})`,
    ),
    hours: valued("H", "simulated hours to measure (default: the whole 12-h window)"),
    name: valued("NAME", "column name of the recording (default: its file)"),
    "min-volume": valued("USDC", "quotes files: keep markets with at least this 24-h volume"),
    "max-volume": valued("USDC", "quotes files: keep markets with at most this 24-h volume"),
    json: { type: "boolean", help: "print the facts as JSON" },
  },
  async run(ctx: CommandContext, { values, positionals }) {
    const sims = values.sim === undefined
      ? []
      : String(values.sim) === "all"
      ? [...SCENARIO_NAMES]
      : String(values.sim).split(",").map((s) => s.trim());
    for (const s of sims) {
      if (!SCENARIO_NAMES.includes(s as ScenarioName)) {
        throw new UsageError(
          `--sim: expected all or some of ${SCENARIO_NAMES.join(", ")}, got ${JSON.stringify(s)}`,
          "stats",
        );
      }
    }
    if (positionals.length === 0 && sims.length === 0) {
      throw new UsageError("give a recording (FILE...) or --sim SCENARIO", "stats");
    }
    const seed =
      numberFlag(values.seed, { flag: "--seed", lo: 0, hi: 2 ** 31, int: true }, "stats") ??
        1;
    const count =
      numberFlag(values.seeds, { flag: "--seeds", lo: 1, hi: 100, int: true }, "stats") ??
        DEFAULT_SIM_SEEDS;
    const seeds = Array.from({ length: count }, (_, i) => seed + i);
    const hours = numberFlag(values.hours, { flag: "--hours", lo: 0.5, hi: 12 }, "stats");
    const volume = {
      minVolume: numberFlag(
        values["min-volume"],
        { flag: "--min-volume", lo: 0, hi: 1e12 },
        "stats",
      ),
      maxVolume: numberFlag(
        values["max-volume"],
        { flag: "--max-volume", lo: 0, hi: 1e12 },
        "stats",
      ),
    };
    const columns: FactsColumn[] = [];
    if (positionals.length > 0) {
      columns.push({
        name: (values.name as string | undefined) ?? baseName(positionals[0]),
        facts: await measure(positionals, volume),
      });
    }
    const checks: string[] = [];
    for (const s of sims as ScenarioName[]) {
      const facts = simulatedFacts(SCENARIOS[s], seeds, hours);
      columns.push({ name: `sim ${s}`, facts });
      const targets = SCENARIO_TARGETS[s];
      const out = misses(facts, targets);
      checks.push(
        out.length === 0
          ? `sim ${s}: all ${Object.keys(targets).length} calibrated facts inside their targets`
          : `sim ${s}: outside its targets: ` +
            out.map((m) => `${m.id} ${m.value?.toFixed(2) ?? "–"} (${formatRange(m.range)})`)
              .join(", "),
      );
    }
    if (values.json) {
      ctx.io.out(
        JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, c.facts])), null, 1),
      );
    } else {
      ctx.io.out(factsTable(columns));
      for (const c of checks) ctx.io.out(c);
    }
    return EXIT_OK;
  },
};
