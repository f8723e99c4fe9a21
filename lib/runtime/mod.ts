/**
 * The live and paper runtime: sessions, the journal, the market lock, the
 * calibration file.
 *
 * @module
 */

export { LockedError, runSession, type SessionOptions, type SessionResult } from "./session.ts";
export { type Journal, openJournal, REDACTED_FIELDS } from "./journal.ts";
export { acquireLock, type MarketLock } from "./lock.ts";
export { loadCalibration, saveCalibration } from "./calibration_store.ts";
