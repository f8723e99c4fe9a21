/**
 * pm4 as a library: the PM4 model and the config types.
 *
 * @example
 * ```ts
 * import { decideQuotes, gridFromTick, parseConfigText, QuoteDecision, quoteParams } from "./mod.ts";
 * ```
 *
 * @module
 */

export * from "./lib/model/mod.ts";
export {
  type Config,
  ConfigError,
  type ConfigInput,
  type ConfigIssue,
  configJsonSchema,
  formatIssue,
  type Marchetype,
  MARCHETYPES,
  parseConfig,
  parseConfigText,
  type Preset,
  PRESETS,
  quoteParams,
  TICK_SIZES,
  toxicityParams,
} from "./lib/config/mod.ts";
