/**
 * Every `pm4` subcommand, in the order `--help` lists them.
 *
 * @module
 */

import type { Command } from "./command.ts";
import { backtestCommand } from "./backtest_cmd.ts";
import { configCommand } from "./config_cmd.ts";
import { EXIT_OK } from "./exit_codes.ts";
import { pendingCommand } from "./pending.ts";
import { recordCommand } from "./record_cmd.ts";
import { reportCommand } from "./report_cmd.ts";
import { runCommand } from "./run_cmd.ts";
import { simCommand } from "./sim_cmd.ts";
import { modelWalkthrough } from "./walkthrough.ts";

const demoCommand: Command = {
  name: "demo",
  summary: "Zero-setup demo (for now: a walkthrough of the PM4 quoting model)",
  usage: "pm4 demo",
  description:
    "Prints how one quoting decision responds to inventory, toxicity, the crowd and time.",
  options: {},
  run(ctx) {
    ctx.io.out(modelWalkthrough(ctx.now()).join("\n"));
    return Promise.resolve(EXIT_OK);
  },
};

/** All subcommands. */
export const COMMANDS: readonly Command[] = [
  runCommand,
  demoCommand,
  simCommand,
  recordCommand,
  backtestCommand,
  pendingCommand(
    "analyze",
    "Analyse a market and suggest a marchetype",
    "pm4 analyze <url|slug|condition id> [--json]",
    "market analysis (issue #8) has not landed",
  ),
  pendingCommand(
    "init",
    "Write a config for a market",
    "pm4 init <url|slug|condition id> [--bankroll B] [--marchetype X] [--out FILE]",
    "config generation (issue #8) has not landed",
  ),
  pendingCommand(
    "scorecard",
    "PM4 against baseline strategies across marchetypes, in simulation",
    "pm4 scorecard [--seeds N] [--types a1,...]",
    "the strategy scorecard (issue #7) has not landed",
  ),
  reportCommand,
  configCommand,
];
