/**
 * The live and paper runtime: sessions, the journal, the market lock, the
 * calibration file.
 *
 * @module
 */

export { runSession, type SessionOptions, type SessionResult } from "./session.ts";
export { journalPathOf, LockedError } from "./run_files.ts";
export {
  type Journal,
  journalFiles,
  type JournalOptions,
  type JournalSession,
  openJournal,
  readJournal,
  readSessions,
  REDACTED_FIELDS,
  type RunPointer,
} from "./journal.ts";
export { PerfStats } from "./perf.ts";
export { DataFileError, type DataSet, openDataSet } from "./data_files.ts";
export { acquireLock, type MarketLock } from "./lock.ts";
export { loadCalibration, saveCalibration } from "./calibration_store.ts";
export { record, type RecorderOptions, type RecorderTotals, segmentPath } from "./recorder.ts";
export { utcStamp } from "./stamp.ts";
export {
  type MetricsServer,
  type MetricsSnapshot,
  renderMetrics,
  serveMetrics,
} from "./metrics.ts";
export { formatSummary, type SessionSummary, summarizeSession } from "./status.ts";
export { EXIT_FAILURE, EXIT_KILLED, EXIT_LOCKED, EXIT_OK, EXIT_USAGE } from "./exit_codes.ts";
export { PaperAdapter } from "./paper.ts";
