/**
 * `pm4 config validate FILE` and `pm4 config schema [--out FILE]`.
 *
 * @module
 */

import {
  type Config,
  ConfigError,
  configJsonSchema,
  configReference,
  isOriginalFormat,
  type Marchetype,
  MarchetypeNeededError,
  MARCHETYPES,
  migrateConfig,
  type Migration,
  parseConfig,
  parseConfigText,
} from "../config/mod.ts";
import { type Command, valued } from "./command.ts";
import { UsageError } from "./errors.ts";
import { EXIT_OK, EXIT_USAGE } from "./exit_codes.ts";
import { writeText } from "./files.ts";
import { checkOutputPath } from "./permissions.ts";

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
  try {
    return parseConfigText(text, path);
  } catch (e) {
    if (e instanceof ConfigError && isOriginalFormat(safeJson(text))) {
      throw new UsageError(
        `${path} is a config of the original PM4 (market.market, market.wss_url, ` +
          `quote.min_order_size …): convert it with pm4 config migrate ${path} --out NEW.json ` +
          "[--marchetype TYPE]",
        "config",
      );
    }
    throw e;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The migration report: one line per key renamed, converted, kept with a note or dropped; defaults grouped. */
export function migrationReport(m: Migration): string[] {
  const lines: string[] = [];
  for (const c of m.changes) {
    if (c.kind === "defaulted" || c.kind === "preset") continue;
    const what = c.kind === "renamed" || c.kind === "converted"
      ? `${c.from} → ${c.to}`
      : c.from || c.to;
    lines.push(`  ${c.kind.padEnd(9)} ${what}: ${c.why}`);
  }
  const grouped = (kind: "preset" | "defaulted") => {
    const bySection = new Map<string, string[]>();
    for (const c of m.changes) {
      if (c.kind !== kind || c.from !== "") continue;
      const [section, key] = c.to.split(".");
      const list = bySection.get(section) ?? [];
      list.push(`${key} ${c.why.replace(/ \((pm4's default|the \w+ preset)\)$/, "")}`);
      bySection.set(section, list);
    }
    for (const [section, keys] of bySection) {
      lines.push(`  ${kind.padEnd(9)} ${section}: ${keys.join(", ")}`);
    }
  };
  grouped("preset");
  grouped("defaulted");
  return lines;
}

/** `pm4 config`. */
export const configCommand: Command = {
  name: "config",
  summary: "Validate a config file, or write its JSON Schema or reference",
  usage:
    "pm4 config validate FILE | pm4 config migrate OLD [--out NEW] [--marchetype T] | pm4 config schema [--out FILE] | pm4 config reference",
  description: [
    "validate FILE  checks every key (type, range, unknown keys, cross-field rules) and prints",
    "               every error at once; exit 0 when valid, 2 otherwise.",
    "migrate OLD    converts a config of the original PM4 (the Python bot) to pm4's format:",
    "               lists every key renamed, converted, dropped or defaulted and why, then",
    "               validates the result (--out NEW writes it; --marchetype is required when",
    "               the original has none: pm4 does not guess it).",
    "schema         writes the JSON Schema of the config for editors (stdout or --out FILE).",
    "reference      prints every key, its allowed values, default and meaning (Markdown).",
    "Keys beginning with _ are comments.",
  ].join("\n"),
  options: {
    out: {
      type: "string",
      short: "o",
      arg: "FILE",
      help: "schema, reference, migrate: write to FILE instead of stdout",
    },
    marchetype: valued("TYPE", `migrate: the market's marchetype (${MARCHETYPES.join(", ")})`),
    force: { type: "boolean", help: "migrate: overwrite --out when it exists" },
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
    if (action === "migrate") {
      if (!file) throw new UsageError("migrate needs the original config FILE", "config");
      return await migrate(ctx, file, values);
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
        ? `unknown action ${JSON.stringify(action)}; use validate, migrate, schema or reference`
        : "missing action: validate, migrate, schema or reference",
      "config",
    );
  },
};

async function migrate(
  ctx: Parameters<Command["run"]>[0],
  file: string,
  values: Record<string, unknown>,
): Promise<number> {
  const mt = values.marchetype as string | undefined;
  if (mt !== undefined && !(MARCHETYPES as readonly string[]).includes(mt)) {
    throw new UsageError(
      `--marchetype: expected one of ${MARCHETYPES.join(", ")}, got ${JSON.stringify(mt)}`,
      "config",
    );
  }
  const out = values.out as string | undefined;
  if (out !== undefined) {
    checkOutputPath(out, "--out", "config");
    if (!values.force && (await Deno.lstat(out).then(() => true, () => false))) {
      throw new UsageError(`--out: ${out} exists (use --force to overwrite)`, "config");
    }
  }
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable) throw e;
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`, "config");
  }
  const raw = safeJson(text);
  if (raw === undefined || typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new UsageError(`${file}: expected a JSON object (the original PM4 config)`, "config");
  }
  let m: Migration;
  try {
    m = migrateConfig(raw as Record<string, unknown>, mt as Marchetype | undefined);
  } catch (e) {
    if (e instanceof MarchetypeNeededError) throw new UsageError(e.message, "config");
    throw e;
  }
  const doc = JSON.stringify(m.config, null, 2) + "\n";
  ctx.io.out(`${file} → pm4 config (${m.changes.length} keys accounted for):`);
  for (const l of migrationReport(m)) ctx.io.out(l);
  if (out !== undefined) {
    await writeText(out, doc, "--out", "config");
    ctx.io.out(`wrote ${out}`);
  } else {
    ctx.io.out(doc.trimEnd());
  }
  try {
    const cfg = parseConfig(m.config, out ?? "the converted config");
    ctx.io.out(`valid (marchetype ${cfg.market.marchetype}, bankroll ${cfg.risk.bankroll_B} USDC)`);
    return EXIT_OK;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    // placeholders of the original's README (0x_CONDITION_ID …) and the like: say what to fill in
    ctx.io.err(`pm4 config: converted, but still to fix before pm4 run — ${e.message}`);
    return EXIT_USAGE;
  }
}
