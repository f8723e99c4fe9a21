/**
 * `pm4 config validate FILE` and `pm4 config schema [--out FILE]`.
 *
 * @module
 */

import { type Config, configJsonSchema, configReference, parseConfigText } from "../config/mod.ts";
import type { Command } from "./command.ts";
import { UsageError } from "./errors.ts";
import { EXIT_OK } from "./exit_codes.ts";
import { writeText } from "./files.ts";

/**
 * Reads and validates a config file.
 * @throws {UsageError} when the file cannot be read
 * @throws {ConfigError} with every problem in it
 */
export async function loadConfigFile(path: string, command: string): Promise<Config> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new UsageError(`config file ${path} not found`, command);
    }
    if (e instanceof Deno.errors.NotCapable) throw e;
    throw new UsageError(`cannot read config file ${path}: ${(e as Error).message}`, command);
  }
  return parseConfigText(text, path);
}

/** `pm4 config`. */
export const configCommand: Command = {
  name: "config",
  summary: "Validate a config file, or write its JSON Schema or reference",
  usage: "pm4 config validate FILE | pm4 config schema [--out FILE] | pm4 config reference",
  description: [
    "validate FILE  checks every key (type, range, unknown keys, cross-field rules) and prints",
    "               every error at once; exit 0 when valid, 2 otherwise.",
    "schema         writes the JSON Schema of the config for editors (stdout or --out FILE).",
    "reference      prints every key, its allowed values, default and meaning (Markdown).",
    "Keys beginning with _ are comments.",
  ].join("\n"),
  options: {
    out: {
      type: "string",
      short: "o",
      arg: "FILE",
      help: "schema, reference: write to FILE instead of stdout",
    },
  },
  async run(ctx, { values, positionals }) {
    const [action, file, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`, "config");
    if (action === "validate") {
      if (!file) throw new UsageError("validate needs a FILE", "config");
      const cfg = await loadConfigFile(file, "config");
      ctx.io.out(
        `${file}: valid (marchetype ${cfg.market.marchetype}, bankroll ${cfg.risk.bankroll_B} USDC, ` +
          `${cfg.risk.n_plays} play${cfg.risk.n_plays === 1 ? "" : "s"})`,
      );
      return EXIT_OK;
    }
    if (action === "schema" || action === "reference") {
      if (file) throw new UsageError(`unexpected argument ${file}; use --out FILE`, "config");
      const text = action === "schema"
        ? JSON.stringify(configJsonSchema(), null, 2) + "\n"
        : configReference();
      if (typeof values.out === "string") {
        await writeText(values.out, text, "--out", "config");
        ctx.io.out(`wrote ${values.out}`);
      } else {
        ctx.io.out(text.trimEnd());
      }
      return EXIT_OK;
    }
    throw new UsageError(
      action
        ? `unknown action ${JSON.stringify(action)}; use validate, schema or reference`
        : "missing action: validate, schema or reference",
      "config",
    );
  },
};
