/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
/**
 * A scorecard worker thread: runs each job it is sent and answers with its
 * result. The scorecard keeps one worker per core busy, a job at a time.
 *
 * @module
 */

import "../boot.ts"; // first: scoped env for npm packages that read it as they load
import { runOne, type ScorecardJob } from "./scorecard.ts";

self.onmessage = (e: MessageEvent<ScorecardJob>) => {
  const [strategy, type, seed, bankrollUsdc] = e.data;
  self.postMessage(runOne(strategy, type, seed, bankrollUsdc));
};
