/**
 * The stylized-facts table: one row per fact, one column per measured
 * source, as Markdown (the same table for recordings and simulated markets).
 *
 * @module
 */

import { type FactId, FACTS, type StylizedFacts } from "./facts.ts";
import { markdownTable } from "../formats/mod.ts";

/** A column of the table. */
export interface FactsColumn {
  /** Column heading (a file or a scenario). */
  name: string;
  /** The facts measured, by name. */
  facts: StylizedFacts;
}

/** A value as printed: its digits, or `–` when the data was too thin. */
function formatFact(facts: StylizedFacts, id: FactId): string {
  const spec = FACTS.find((f) => f.id === id)!;
  const v = facts.facts[id].value;
  return v === null ? "–" : v.toFixed(spec.digits);
}

/** The Markdown table of `columns` (with a header block of coverage). */
export function factsTable(columns: readonly FactsColumn[]): string {
  const head = ["fact", ...columns.map((c) => c.name)];
  const rows: string[][] = [
    ["markets", ...columns.map((c) => String(c.facts.markets))],
    ["market-hours", ...columns.map((c) => c.facts.hours.toFixed(1))],
    ["taker arrivals", ...columns.map((c) => String(c.facts.trades))],
    ...FACTS.map((f) => [f.label, ...columns.map((c) => formatFact(c.facts, f.id))]),
  ];
  return markdownTable(head, rows, 1);
}
