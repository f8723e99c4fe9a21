/**
 * The version, single-sourced from deno.json.
 *
 * @module
 */

import denoJson from "../../deno.json" with { type: "json" };

/** pm4's version (semver). */
export const VERSION: string = denoJson.version;
