/**
 * The version, single-sourced from deno.json.
 *
 * @module
 */

import denoJson from "../../deno.json" with { type: "json" };
import { COMMIT } from "./build_info.ts";

/** pm4's version (semver). */
export const VERSION: string = denoJson.version;

/** `pm4 --version`: version, commit, the Deno runtime and the platform. */
export function versionLine(): string {
  return `pm4 ${VERSION} (commit ${COMMIT}; deno ${Deno.version.deno}; ${Deno.build.target})`;
}
