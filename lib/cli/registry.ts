/**
 * Every `pm4` subcommand, in the order `--help` lists them.
 *
 * @module
 */

import { analyzeCommand, initCommand } from "./analyze_cmd.ts";
import type { Command } from "./command.ts";
import { backtestCommand } from "./backtest_cmd.ts";
import { configCommand } from "./config_cmd.ts";
import { demoCommand } from "./demo_cmd.ts";
import { recordCommand } from "./record_cmd.ts";
import { reportCommand } from "./report_cmd.ts";
import { portfolioCommand } from "./portfolio_cmd.ts";
import { runCommand } from "./run_cmd.ts";
import { scorecardCommand } from "./scorecard_cmd.ts";
import { simCommand } from "./sim_cmd.ts";
import { statsCommand } from "./stats_cmd.ts";
import { statusCommand } from "./status_cmd.ts";

/** All subcommands. */
export const COMMANDS: readonly Command[] = [
  runCommand,
  statusCommand,
  portfolioCommand,
  demoCommand,
  simCommand,
  recordCommand,
  backtestCommand,
  analyzeCommand,
  initCommand,
  scorecardCommand,
  statsCommand,
  reportCommand,
  configCommand,
];
