/**
 * JSON Schema of the config file, for editors (`pm4 config schema`).
 *
 * @module
 */

import { z } from "zod";
import { configSchema } from "./schema.ts";

/** The JSON Schema (draft 2020-12) of a config file as written by a user. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  schema.title = "pm4 config";
  schema.description = "pm4 market-maker config. Keys beginning with _ are comments.";
  allowCommentKeys(schema);
  return schema;
}

// Editors should accept the `_comment` keys the loader ignores.
function allowCommentKeys(node: unknown): void {
  if (typeof node !== "object" || node === null) return;
  const o = node as Record<string, unknown>;
  if (o.type === "object" && o.additionalProperties === false) {
    o.patternProperties = { "^_": {} };
  }
  for (const v of Object.values(o)) allowCommentKeys(v);
}
