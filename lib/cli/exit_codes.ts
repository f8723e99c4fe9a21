/**
 * Process exit codes of `pm4` (the runtime's: a session ends with one), for
 * the commands.
 *
 * @module
 */

export { EXIT_FAILURE, EXIT_KILLED, EXIT_LOCKED, EXIT_OK, EXIT_USAGE } from "../runtime/mod.ts";
