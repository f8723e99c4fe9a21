/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
/**
 * A scorecard worker thread: runs the jobs it is sent, one result message
 * per run, then `"done"`. The scorecard spreads its runs over one worker per
 * core.
 *
 * @module
 */

import "../boot.ts"; // first: scoped env for npm packages that read it as they load
import type { ScenarioName } from "../sim/mod.ts";
import { runOne } from "./scorecard.ts";

self.onmessage = (e: MessageEvent<[string, ScenarioName, number][]>) => {
  for (const [strategy, type, seed] of e.data) self.postMessage(runOne(strategy, type, seed));
  self.postMessage("done");
};
