/**
 * The market feed of one binary market: parses frames, routes events by
 * `asset_id` to the YES and NO books (never merged), checks the venue's own
 * best prices against ours, and counts everything it skips. Pure: frames and
 * receive times come in from an adapter.
 *
 * @module
 */

import type { MarketEvent, MarketResolved } from "./events.ts";
import { type LevelSink, MarketParser, SKIP_REASONS, toSink } from "./market_parser.ts";
import { OrderBook } from "./order_book.ts";

/** Counters of events the feed could not apply (parser skips are in `parser.stats`). */
export interface FeedCounters {
  /** Events for a token of another market. */
  unknown_asset: number;
  /** Deltas before the first snapshot of their book. */
  delta_before_snapshot: number;
  /** Deltas between a tick-size change and the next snapshot. */
  delta_while_invalid: number;
  /** Prices that are not on the book's tick grid. */
  off_grid: number;
  /** Snapshots refused (tick unknown or levels off the grid). */
  snapshot_rejected: number;
  /** Our best bid/ask differed from the one the venue stated with a level delta. */
  best_mismatch: number;
}

/** Feed of one market: its two books and counters. */
export class MarketFeed implements LevelSink {
  /** The frame parser (its `stats` count malformed input by reason). */
  readonly parser: MarketParser = new MarketParser();
  /** Book of the YES token. */
  readonly yes: OrderBook;
  /** Book of the NO token. */
  readonly no: OrderBook;
  /** Skips and anomalies of the feed itself. */
  readonly counters: FeedCounters = {
    unknown_asset: 0,
    delta_before_snapshot: 0,
    delta_while_invalid: 0,
    off_grid: 0,
    snapshot_rejected: 0,
    best_mismatch: 0,
  };
  /** The resolution event, once received. */
  resolved: MarketResolved | null = null;
  /** Receive time of the last frame, ms (NaN before any). */
  lastRxMs: number = Number.NaN;
  /**
   * Feed lag of the last event of this market that carried the venue's
   * timestamp: receive time − venue time, ms (NaN before any).
   */
  lagMs: number = Number.NaN;

  /**
   * A feed of both tokens' books, empty.
   *
   * @param yesAssetId token id of YES
   * @param noAssetId token id of NO
   * @param tickPips tick to assume when a snapshot carries none (0: unknown)
   */
  constructor(readonly yesAssetId: string, readonly noAssetId: string, tickPips = 0) {
    this.yes = new OrderBook(yesAssetId, tickPips);
    this.no = new OrderBook(noAssetId, tickPips);
  }

  /** The book of `assetId`, or undefined for another market's token. */
  book(assetId: string): OrderBook | undefined {
    return assetId === this.yesAssetId
      ? this.yes
      : assetId === this.noAssetId
      ? this.no
      : undefined;
  }

  /**
   * Parses one frame received at `rxMs`, applies its events and passes each
   * one that concerns this market to `onEvent` (after it was applied).
   */
  ingest(text: string, rxMs: number, onEvent?: (ev: MarketEvent) => void): void {
    this.lastRxMs = rxMs;
    this.onEvent = onEvent;
    this.parser.parse(text, rxMs, this.applyAndForward, this);
    this.onEvent = undefined;
  }

  /**
   * Applies events received at `rxMs` that come decoded, as {@link ingest}
   * applies a frame's, and passes each one that concerns this market to
   * `onEvent`.
   */
  ingestEvents(
    events: readonly MarketEvent[],
    rxMs: number,
    onEvent?: (ev: MarketEvent) => void,
  ): void {
    this.lastRxMs = rxMs;
    this.onEvent = onEvent;
    for (const ev of events) this.applyAndForward(ev);
    this.onEvent = undefined;
  }

  /** Level changes applied since the counter was last read; see {@link takeChanges}. */
  private changes = 0;

  /** Number of level changes applied to our books since the last call (a requote trigger). */
  takeChanges(): number {
    const n = this.changes;
    this.changes = 0;
    return n;
  }

  /**
   * {@link LevelSink}: applies one level change to its book. Level changes
   * reach `ingest`'s listener only as {@link takeChanges} counts.
   */
  readonly level: LevelSink["level"] = (asset, side, price, size, bestBid, bestAsk, tMs, rxMs) => {
    const book = this.book(asset);
    if (!book) {
      this.counters.unknown_asset++;
      return;
    }
    if (tMs > 0) this.lagMs = rxMs - tMs;
    const r = book.applyDelta(side, price, size, rxMs, tMs);
    if (r === "applied") {
      this.changes++;
      this.checkBest(book, bestBid, bestAsk);
    } else if (r === "no_snapshot") {
      this.counters.delta_before_snapshot++;
    } else if (r === "invalid") {
      this.counters.delta_while_invalid++;
    } else {
      this.counters.off_grid++;
    }
  };

  private onEvent: ((ev: MarketEvent) => void) | undefined = undefined;
  // bound once: a closure per frame would cost an allocation on the hot path
  private readonly applyAndForward = (ev: MarketEvent): void => {
    if (this.apply(ev) && this.onEvent) this.onEvent(ev);
  };

  /**
   * Applies one parsed event; returns true when it concerns this market
   * (even when it had to be skipped, e.g. a delta before the snapshot).
   */
  apply(ev: MarketEvent): boolean {
    switch (ev.kind) {
      case "level":
        toSink(ev, this);
        return this.book(ev.assetId) !== undefined;
      case "book": {
        const book = this.book(ev.assetId);
        if (!book) {
          this.counters.unknown_asset++;
          return false;
        }
        if (ev.tMs > 0) this.lagMs = ev.rxMs - ev.tMs;
        if (book.applySnapshot(ev.bids, ev.asks, ev.tickPips, ev.rxMs, ev.tMs, ev.hash)) {
          this.changes++;
        } else {
          this.counters.snapshot_rejected++;
        }
        return true;
      }
      case "tick_size": {
        const book = this.book(ev.assetId);
        if (!book) {
          this.counters.unknown_asset++;
          return false;
        }
        book.invalidate(ev.newTickPips);
        this.changes++;
        return true;
      }
      case "trade":
      case "best_bid_ask":
        // best_bid_ask is informational: the venue sends it ahead of the
        // price_change frame that makes it true, so it is not checked here.
        if (this.book(ev.assetId)) return true;
        this.counters.unknown_asset++;
        return false;
      case "resolved": {
        const mine = ev.winningAssetId === this.yesAssetId ||
          ev.winningAssetId === this.noAssetId ||
          ev.assetIds.includes(this.yesAssetId);
        if (mine) this.resolved = ev;
        else this.counters.unknown_asset++;
        return mine;
      }
      case "new_market":
        return false;
      case "pong":
        return true;
    }
  }

  /** Compares our top of book with the venue's statement (0 / 10000 = empty side). */
  private checkBest(book: OrderBook, bidPips: number, askPips: number): void {
    const tick = book.grid!.tickPips;
    const ourBid = book.bestBid * tick;
    const ourAsk = book.bestAsk > 0 ? book.bestAsk * tick : 10_000;
    if (
      (bidPips === bidPips && bidPips !== ourBid) || (askPips === askPips && askPips !== ourAsk)
    ) {
      this.counters.best_mismatch++;
    }
  }

  /** Every counter (parser skips and feed anomalies) under one flat record, for the journal. */
  allCounters(): Record<string, number> {
    const out: Record<string, number> = {
      frames: this.parser.stats.frames,
      events: this.parser.stats.events,
    };
    for (const r of SKIP_REASONS) out[`skipped_${r}`] = this.parser.stats.skipped[r];
    for (const [k, v] of Object.entries(this.counters)) out[k] = v;
    return out;
  }
}
