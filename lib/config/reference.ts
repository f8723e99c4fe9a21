/**
 * The configuration reference in Markdown, generated from the JSON Schema of
 * the config (itself generated from the zod schema): every key with its
 * allowed values, default and meaning. `pm4 config reference` prints it; the
 * docs/configuration.md embeds it (a test keeps the two identical).
 *
 * @module
 */

import { configJsonSchema } from "./json_schema.ts";

type Node = Record<string, unknown>;

function allowed(n: Node): string {
  if (Array.isArray(n.enum)) return n.enum.map((v) => `\`${v}\``).join(", ");
  if (Array.isArray(n.anyOf)) {
    const consts = (n.anyOf as Node[]).map((a) => a.const).filter((c) => c !== undefined);
    if (consts.length > 0) return consts.map((v) => `\`${v}\``).join(", ");
  }
  if (n.type === "boolean") return "`true`, `false`";
  if (n.type === "number" || n.type === "integer") {
    const lo = n.minimum ?? n.exclusiveMinimum;
    const hi = n.maximum ?? n.exclusiveMaximum;
    const kind = n.type === "integer" ? "integer" : "number";
    if (lo === undefined && hi === undefined) return kind;
    return `${kind} in ${n.exclusiveMinimum !== undefined ? "(" : "["}${lo ?? "−∞"}, ${hi ?? "∞"}${
      n.exclusiveMaximum !== undefined ? ")" : "]"
    }`;
  }
  if (n.type === "string") {
    if (typeof n.pattern === "string") return `string matching \`${n.pattern}\``;
    if (n.format === "uri") return "URL";
    return "string";
  }
  return String(n.type ?? "any");
}

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The reference: one table per section, keys in schema order. */
export function configReference(): string {
  const root = configJsonSchema() as Node;
  const sections = root.properties as Record<string, Node>;
  const required = new Set((root.required as string[] | undefined) ?? []);
  const out: string[] = [];
  for (const [name, sec] of Object.entries(sections)) {
    if (sec.type !== "object") continue;
    const req = new Set((sec.required as string[] | undefined) ?? []);
    out.push(
      `#### \`${name}\`${required.has(name) ? " (required)" : ""}`,
      "",
      "| key | allowed | default | meaning |",
      "| --- | --- | --- | --- |",
    );
    for (const [key, n] of Object.entries(sec.properties as Record<string, Node>)) {
      const def = n.default !== undefined
        ? `\`${JSON.stringify(n.default)}\``
        : req.has(key)
        ? "required"
        : "—";
      out.push(
        `| \`${key}\` | ${cell(allowed(n))} | ${cell(def)} | ${
          cell(String(n.description ?? ""))
        } |`,
      );
    }
    out.push("");
  }
  return out.join("\n");
}
