import assert from "node:assert/strict";
import type { z } from "zod";
import type { Config, ConfigInput } from "../../lib/config/mod.ts";
import { configSchema } from "../../lib/config/schema.ts";
import { configTypesSource } from "../../lib/config/type_source.ts";

// The generated types are the zod schema's: the parsed config both ways (a
// key added, removed, retyped or newly defaulted in the schema breaks this
// file's type check), and every config written as ConfigInput says is one the
// schema reads (it also reads more: `logging.level` in lower case).
type Parsed = z.output<typeof configSchema>;
type Written = z.input<typeof configSchema>;
export const both = {
  parsed: (c: Parsed): Config => c,
  config: (c: Config): Parsed => c,
  input: (c: ConfigInput): Written => c,
};

Deno.test("config types: config_types.ts is generated from the current schema (deno task gen)", async () => {
  const file = await Deno.readTextFile(
    new URL("../../lib/config/config_types.ts", import.meta.url),
  );
  // deno fmt may wrap long lines (a wrapped union starts with "|"): compare
  // without whitespace and those bars
  const squash = (s: string) => s.replace(/\s+/g, "").replace(/([,<(:=])\|/g, "$1");
  assert.equal(squash(file), squash(configTypesSource()), "run deno task gen");
});
