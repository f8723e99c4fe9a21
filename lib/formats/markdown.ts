/**
 * Markdown tables as pm4 prints them (scorecards, facts): the first
 * `textColumns` columns left-aligned, the numbers right-aligned, every column
 * padded to its widest cell.
 *
 * @module
 */

/**
 * The table of `head` and `rows` (cells as printed).
 *
 * @example
 * ```ts
 * import { markdownTable } from "./markdown.ts";
 * const t = markdownTable(["name", "n"], [["a", "10"], ["bb", "2"]], 1);
 * console.assert(t === "| name |  n |\n| ---- | -: |\n| a    | 10 |\n| bb   |  2 |");
 * ```
 */
export function markdownTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  textColumns: number,
): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]) =>
    "| " + r.map((x, i) => (i < textColumns ? x.padEnd(w[i]) : x.padStart(w[i]))).join(" | ") +
    " |";
  const rule = w.map((n, i) => (i < textColumns ? "-".repeat(n) : "-".repeat(n - 1) + ":"));
  return [line(head), "| " + rule.join(" | ") + " |", ...rows.map(line)].join("\n");
}
