/**
 * Config: schema (zod), marchetype presets, parsing with errors that name the
 * JSON path, the value and the allowed range.
 *
 * @module
 */

export {
  capacityDefaults,
  type Config,
  type ConfigInput,
  LOG_LEVELS,
  type LogLevel,
  type Marchetype,
  MARCHETYPES,
  TICK_SIZES,
} from "./schema.ts";
export { type Preset, PRESETS } from "./marchetypes.ts";
export { ConfigError, type ConfigIssue, formatIssue } from "./errors.ts";
export { applyPreset, isObject, parseConfig, parseConfigText, stripComments } from "./parse.ts";
export {
  isOriginalFormat,
  MarchetypeNeededError,
  migrateConfig,
  type Migration,
  type MigrationChange,
} from "./migrate.ts";
export { marketCapitalUsdc, quoteParams, toxicityParams } from "./params.ts";
export { configJsonSchema } from "./json_schema.ts";
export { configReference } from "./reference.ts";
export type { Json } from "./parse.ts";
export type { QuoteParams, ToxicityParams } from "../model/mod.ts";
export type { Defaulted } from "./config_types.ts";
