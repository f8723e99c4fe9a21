/**
 * The live and paper runtime: sessions, the journal, the market lock, the
 * calibration file.
 *
 * @module
 */

export {
  PortfolioHaltedError,
  runSession,
  type SessionOptions,
  type SessionResult,
} from "./session.ts";
export { LedgerError, marketLabel } from "./lease.ts";
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
// types of the engine that this API names
export type { Balances, CalibrationSnapshot, CancelRefusal, CancelResult } from "../engine/mod.ts";
export type { EngineInput, EngineStatus, ExchangeOrder, Fill } from "../engine/mod.ts";
export type { MarketInfo, NewOrder, Outcome } from "../engine/mod.ts";
export type { JournalLevel, JournalLine } from "../formats/mod.ts";
export type { PlaceFailure, PlaceResult, PlaceStatus, Started } from "../engine/mod.ts";
export type { TradingState, WarmStartData } from "../engine/mod.ts";
export type { CancelOutcome, ExchangePort, PlaceOutcome, StartState } from "../exchange/mod.ts";
export type { UserChannel } from "../exchange/mod.ts";
export type { Config } from "../config/mod.ts";
export type { DataFormat, DataItem, DecodeCounters } from "../backtest/mod.ts";
export type { RecordingHeader } from "../formats/mod.ts";
export type { TokenIds, VenueState } from "../backtest/mod.ts";
export type { PublicTrade, TradePrinted } from "../market/mod.ts";
export type { KappaSnapshot, ToxicitySnapshot } from "../model/mod.ts";
