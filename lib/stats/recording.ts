/**
 * The stylized facts of a recording on disk: market data files in any format
 * a backtest reads (one market; several files are read in time order), or a
 * Parquet file of top-of-book polls of many markets.
 *
 * @module
 */

import { openDataSet } from "../runtime/mod.ts";
import { FactsCollector, type StylizedFacts } from "./facts.ts";
import { feedQuotes, isParquet, type QuoteFilter, QuotesFileError } from "./quotes.ts";
import { ItemFacts } from "./source.ts";

/** Ids given to recordings whose files carry none (L2 snapshot and trade dumps). */
const DUMP_IDS = { conditionId: "recorded", yes: "YES", no: "NO" };

async function head(path: string): Promise<Uint8Array> {
  using f = await Deno.open(path, { read: true });
  const b = new Uint8Array(4);
  const n = await f.read(b);
  return b.subarray(0, n ?? 0);
}

/**
 * Facts of the recording made of `files`.
 * @throws {DataFileError} a file is missing or of no known format
 * @throws {QuotesFileError} a Parquet file is unreadable or mixed with other files
 */
export async function recordingFacts(
  files: readonly string[],
  filter: QuoteFilter = {},
): Promise<StylizedFacts> {
  const parquet: string[] = [];
  const other: string[] = [];
  for (const f of files) {
    let bytes: Uint8Array | null = null;
    try {
      bytes = await head(f);
    } catch {
      // openDataSet names the file and what is wrong with it
    }
    (bytes && isParquet(bytes) ? parquet : other).push(f);
  }
  const c = new FactsCollector();
  if (parquet.length > 0) {
    if (other.length > 0) {
      throw new QuotesFileError(
        `${
          parquet[0]
        }: a Parquet quotes file is a recording of its own: measure it without other files`,
      );
    }
    for (const p of parquet) {
      try {
        await feedQuotes(await Deno.readFile(p), c, filter);
      } catch (e) {
        if (e instanceof QuotesFileError) throw new QuotesFileError(`${p}: ${e.message}`);
        throw e;
      }
    }
    return c.finish();
  }
  const data = await openDataSet([...other], DUMP_IDS);
  const h = data.header;
  const src = new ItemFacts(
    c,
    h ? { conditionId: h.conditionId, yes: h.assetIdYes, no: h.assetIdNo } : DUMP_IDS,
  );
  for await (const batch of data.batches()) for (const it of batch) src.item(it);
  return c.finish();
}
