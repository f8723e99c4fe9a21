/**
 * Writes lib/config/config_types.ts from the config schema (run by
 * `deno task gen`, which formats it after).
 */

import { configTypesSource } from "../lib/config/type_source.ts";

await Deno.writeTextFile("lib/config/config_types.ts", configTypesSource());
