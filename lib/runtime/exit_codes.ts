/**
 * Process exit codes of `pm4`, documented in the README (exit codes) for cron and systemd.
 *
 * @module
 */

/** Finished normally (including a clean stop on SIGINT/SIGTERM with all orders cancelled). */
export const EXIT_OK = 0;
/** Unexpected failure (a bug or an unrecoverable environment error); the stack is printed. */
export const EXIT_FAILURE = 1;
/** The user's input is wrong: flags, config, market reference, unreachable host. One line, no stack. */
export const EXIT_USAGE = 2;
/** Another instance already runs this market (lock held). */
export const EXIT_LOCKED = 3;
/** A kill switch stopped trading (drawdown limit, reject/error streak); every order was cancelled. */
export const EXIT_KILLED = 4;
