/**
 * Rewrites the configuration reference of docs/configuration.md (between its
 * `config-reference` markers) from the schema:
 * `deno run --allow-read=docs --allow-write=docs scripts/readme_reference.ts`.
 * A test fails while the page's copy differs.
 *
 * @module
 */

import { configReference } from "../lib/config/mod.ts";

const START = "<!-- config-reference:start -->";
const END = "<!-- config-reference:end -->";

/** The page's text with the reference between the markers replaced. */
export function withReference(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) {
    throw new Error("docs/configuration.md: the config-reference markers are missing");
  }
  return readme.slice(0, a + START.length) + "\n\n" + configReference().trimEnd() + "\n\n" +
    readme.slice(b);
}

if (import.meta.main) {
  const path = new URL("../docs/configuration.md", import.meta.url);
  await Deno.writeTextFile(path, withReference(await Deno.readTextFile(path)));
}
