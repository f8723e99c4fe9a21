/**
 * Parser of market-channel frames (protocol §4.2): `book`, `price_change`
 * (current `price_changes[]` and legacy `changes` schemas), `tick_size_change`,
 * `last_trade_price`, `best_bid_ask`, `new_market`, `market_resolved`, frames
 * holding one event or an array of them, and the text keepalive `PONG`.
 *
 * It reads the text once with a strict scanner and builds only the typed
 * events (no intermediate JSON objects): a `price_change` frame costs a few
 * hundred nanoseconds. A frame that is not valid JSON emits nothing; an event
 * with wrong or missing fields is skipped alone. Nothing throws: every skip is
 * counted by reason in {@link MarketParser.stats}.
 *
 * @module
 */

import { parseFixedRange, PRICE_DECIMALS, SIZE_DECIMALS } from "./decimal.ts";
import type { LevelChanged, MarketEvent, PriceLevel } from "./events.ts";
import { ASK, BID } from "./order_book.ts";
import {
  beginText,
  CH,
  isScalarStart,
  listDone,
  nextInList,
  num,
  skipValue,
  str,
  tokEnd,
  tokenString,
  tokEscaped,
  tokStart,
  ws,
} from "./json_scan.ts";

/** Why an input was skipped. */
export type SkipReason =
  | "invalid_json"
  | "not_object"
  | "unknown_event"
  | "missing_field"
  | "bad_price"
  | "bad_size"
  | "bad_side"
  | "bad_tick";

/** All skip reasons, for reports. */
export const SKIP_REASONS: readonly SkipReason[] = [
  "invalid_json",
  "not_object",
  "unknown_event",
  "missing_field",
  "bad_price",
  "bad_size",
  "bad_side",
  "bad_tick",
];

/**
 * Receives level changes without an event object per change. `side` is 0 for
 * bids, 1 for asks; prices in pips, sizes in micro-shares; best prices as in
 * {@link LevelChanged}; times in ms.
 */
export interface LevelSink {
  /** One level of `assetId` now holds `sizeMicro` at `pricePips`. */
  level(
    assetId: string,
    side: number,
    pricePips: number,
    sizeMicro: number,
    bestBidPips: number,
    bestAskPips: number,
    tMs: number,
    rxMs: number,
  ): void;
}

/** Counters of a parser: frames, events and skips by reason. */
export class ParseStats {
  /** Frames parsed. */
  frames = 0;
  /** Events emitted. */
  events = 0;
  /** Skipped inputs by reason. */
  readonly skipped: Record<SkipReason, number> = {
    invalid_json: 0,
    not_object: 0,
    unknown_event: 0,
    missing_field: 0,
    bad_price: 0,
    bad_size: 0,
    bad_side: 0,
    bad_tick: 0,
  };

  /** Total skips. */
  get skippedTotal(): number {
    let t = 0;
    for (const r of SKIP_REASONS) t += this.skipped[r];
    return t;
  }
}

// Scalar fields of an event object.
const F_EVENT_TYPE = 0;
const F_ASSET_ID = 1;
const F_MARKET = 2;
const F_TIMESTAMP = 3;
const F_HASH = 4;
const F_PRICE = 5;
const F_SIZE = 6;
const F_SIDE = 7;
const F_BEST_BID = 8;
const F_BEST_ASK = 9;
const F_TICK_SIZE = 10;
const F_OLD_TICK = 11;
const F_NEW_TICK = 12;
const F_FEE_RATE = 13;
const F_QUESTION = 14;
const F_WIN_ASSET = 15;
const F_WIN_OUTCOME = 16;
const N_FIELDS = 17;

// Array fields.
const A_BIDS = 100;
const A_ASKS = 101;
const A_PRICE_CHANGES = 102;
const A_CHANGES = 103;
const A_ASSETS_IDS = 104;
const A_OUTCOMES = 105;
const UNKNOWN = -1;

const ABSENT = 0;
const STRING = 1;
const NUMBER = 2;
const ESCAPED = 3;

/** The keys the parser reads, by name. */
const KEYS: Record<string, number> = {
  event_type: F_EVENT_TYPE,
  asset_id: F_ASSET_ID,
  market: F_MARKET,
  timestamp: F_TIMESTAMP,
  hash: F_HASH,
  price: F_PRICE,
  size: F_SIZE,
  side: F_SIDE,
  best_bid: F_BEST_BID,
  best_ask: F_BEST_ASK,
  tick_size: F_TICK_SIZE,
  old_tick_size: F_OLD_TICK,
  new_tick_size: F_NEW_TICK,
  fee_rate_bps: F_FEE_RATE,
  question: F_QUESTION,
  winning_asset_id: F_WIN_ASSET,
  winning_outcome: F_WIN_OUTCOME,
  bids: A_BIDS,
  asks: A_ASKS,
  price_changes: A_PRICE_CHANGES,
  changes: A_CHANGES,
  assets_ids: A_ASSETS_IDS,
  outcomes: A_OUTCOMES,
};

/**
 * The keys by length, then by first character: a key is found by one table
 * look-up and confirmed against the one or two names that share both.
 */
const KEYS_BY_SHAPE: { name: string; id: number }[][][] = [];
for (const [name, id] of Object.entries(KEYS)) {
  const byFirst = KEYS_BY_SHAPE[name.length] ??= [];
  (byFirst[name.charCodeAt(0)] ??= []).push({ name, id });
}

/** Key of the last string token as a field or array id, or UNKNOWN (no allocation). */
function keyOf(s: string): number {
  if (tokEscaped) return UNKNOWN;
  const candidates = KEYS_BY_SHAPE[tokEnd - tokStart]?.[s.charCodeAt(tokStart)];
  if (candidates === undefined) return UNKNOWN;
  for (const k of candidates) if (s.startsWith(k.name, tokStart)) return k.id;
  return UNKNOWN;
}

/** The last token as a price in pips (exact), NaN when malformed. */
function tokenPips(s: string): number {
  return tokEscaped ? Number.NaN : parseFixedRange(s, tokStart, tokEnd, PRICE_DECIMALS, true);
}

/** The last token as a size in micro-units (rounded), NaN when malformed. */
function tokenMicro(s: string): number {
  return tokEscaped ? Number.NaN : parseFixedRange(s, tokStart, tokEnd, SIZE_DECIMALS, false);
}

/** BUY → 0 (bid side), SELL → 1 (ask side), anything else −1; lower case accepted. */
function tokenSide(s: string): number {
  const len = tokEnd - tokStart;
  if (len === 3 && (s.startsWith("BUY", tokStart) || s.startsWith("buy", tokStart))) return 0;
  if (len === 4 && (s.startsWith("SELL", tokStart) || s.startsWith("sell", tokStart))) return 1;
  return -1;
}

/**
 * Fast path for the frame that dominates the feed: one `price_change` object
 * laid out as the venue writes it — `market`, `price_changes` (entries with
 * `asset_id, price, size, side, hash, best_bid, best_ask` in that order),
 * `timestamp`, `event_type`, with `,` or `, ` between members and plain
 * decimal strings. Each key and its punctuation is matched as one literal and
 * each value found with one native search. On any deviation it returns false
 * and the general parser takes the frame, so it never changes what a frame
 * means — only how fast the usual one is read.
 */
function fastPriceChange(s: string, e: Entries): boolean {
  e.count = 0;
  if (!s.startsWith('{"market":"', 0)) return false;
  let i = 11;
  let end = s.indexOf('"', i);
  if (end < 0) return false;
  e.marketStart = i;
  e.marketEnd = end;
  i = sep(s, end + 1);
  if (!s.startsWith('"price_changes":[', i)) return false;
  i += 17;
  for (;;) {
    if (!s.startsWith('{"asset_id":"', i)) return false;
    i += 13;
    const assetAt = i;
    const assetEnd = s.indexOf('"', i);
    if (assetEnd <= i) return false;
    i = sep(s, assetEnd + 1);
    if (!s.startsWith('"price":"', i)) return false;
    i += 9;
    end = s.indexOf('"', i);
    const price = fastPips(s, i, end);
    i = sep(s, end + 1);
    if (!s.startsWith('"size":"', i)) return false;
    i += 8;
    end = s.indexOf('"', i);
    const size = fastMicro(s, i, end);
    i = sep(s, end + 1);
    if (!s.startsWith('"side":"', i)) return false;
    i += 8;
    let side: number;
    if (s.startsWith('BUY"', i)) {
      side = 0;
      i += 4;
    } else if (s.startsWith('SELL"', i)) {
      side = 1;
      i += 5;
    } else {
      return false;
    }
    i = sep(s, i);
    if (!s.startsWith('"hash":"', i)) return false;
    end = s.indexOf('"', i + 8);
    if (end < 0) return false;
    i = sep(s, end + 1);
    if (!s.startsWith('"best_bid":"', i)) return false;
    i += 12;
    end = s.indexOf('"', i);
    const bestBid = fastPips(s, i, end);
    i = sep(s, end + 1);
    if (!s.startsWith('"best_ask":"', i)) return false;
    i += 12;
    end = s.indexOf('"', i);
    const bestAsk = fastPips(s, i, end);
    if (
      !(price > 0) || !(size >= 0) || !(bestBid >= 0 && bestBid < 10_000) ||
      !(bestAsk > 0) || s.charCodeAt(end + 1) !== CH.RBRACE
    ) return false;
    e.push(assetAt, assetEnd, price, size, side, bestBid, bestAsk);
    i = end + 2;
    if (s.charCodeAt(i) === CH.RBRACKET) break;
    i = sep(s, i);
  }
  i = sep(s, i + 1);
  if (!s.startsWith('"timestamp":"', i)) return false;
  i += 13;
  end = s.indexOf('"', i);
  if (end - i < 10 || end - i > 15) return false;
  let t = 0;
  for (let k = i; k < end; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return false;
    t = t * 10 + d;
  }
  i = sep(s, end + 1);
  if (!s.startsWith('"event_type":"price_change"}', i) || i + 28 !== s.length) return false;
  // every value was read up to its closing quote: a backslash anywhere means
  // one of them had an escape, which only the general parser decodes
  if (s.indexOf("\\") !== -1) return false;
  e.tMs = t < 1e11 ? t * 1000 : t;
  return true;
}

/** After a member: `,` or `, ` (the venue writes both); returns the next index, or −1. */
function sep(s: string, i: number): number {
  if (s.charCodeAt(i) !== CH.COMMA) return -1;
  return s.charCodeAt(i + 1) === 32 ? i + 2 : i + 1;
}

/**
 * `0.d`…`0.dddd` (the only prices on the grid besides 0 and 1) in pips; `0`
 * and `1` as 0 and 10000 for best prices of empty sides. NaN for anything
 * else, which sends the frame to the general parser.
 */
function fastPips(s: string, a: number, b: number): number {
  const len = b - a;
  if (len === 1) {
    const c = s.charCodeAt(a);
    return c === 48 ? 0 : c === 49 ? 10_000 : Number.NaN;
  }
  if (len < 3 || len > 6 || s.charCodeAt(a) !== 48 || s.charCodeAt(a + 1) !== 46) return Number.NaN;
  let v = 0;
  for (let k = a + 2; k < b; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    v = v * 10 + d;
  }
  return len === 6 ? v : len === 5 ? v * 10 : len === 4 ? v * 100 : v * 1000;
}

/** `123`, `65.75`, `0.000001` (at most 6 decimals, at most 9 integer digits) in micro-units; NaN otherwise. */
function fastMicro(s: string, a: number, b: number): number {
  let v = 0;
  let k = a;
  for (; k < b; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  const intDigits = k - a;
  if (intDigits === 0 || intDigits > 9) return Number.NaN;
  let places = 0;
  if (k < b) {
    if (s.charCodeAt(k) !== 46) return Number.NaN;
    for (k++; k < b; k++) {
      const d = s.charCodeAt(k) - 48;
      if (d < 0 || d > 9 || places === 6) return Number.NaN;
      v = v * 10 + d;
      places++;
    }
    if (places === 0) return Number.NaN;
  }
  for (; places < 6; places++) v *= 10;
  return v;
}

/** Receives a list of flat objects field by field. */
interface ObjectReader {
  /** An element that is not an object (skipped). */
  notObject(): void;
  /** An object begins. */
  begin(): void;
  /** Whether the value of `key` is read. */
  wants(key: number): boolean;
  /** The scalar value of `key` is the last token (`quoted`: it was a string). */
  field(key: number, s: string, quoted: boolean): void;
  /** The object ended. */
  end(): void;
}

/** Book levels `{"price":…,"size":…}`; the first bad one names why the book is bad. */
class LevelReader implements ObjectReader {
  out: PriceLevel[] = [];
  bad: SkipReason | null = null;
  private price = Number.NaN;
  private size = Number.NaN;
  notObject(): void {
    this.bad ??= "bad_price";
  }
  begin(): void {
    this.price = Number.NaN;
    this.size = Number.NaN;
  }
  wants(key: number): boolean {
    return key === F_PRICE || key === F_SIZE;
  }
  field(key: number, s: string): void {
    if (key === F_PRICE) this.price = tokenPips(s);
    else this.size = tokenMicro(s);
  }
  end(): void {
    const price = this.price;
    if (Number.isNaN(price) || price <= 0 || price >= 10_000) this.bad ??= "bad_price";
    else if (Number.isNaN(this.size)) this.bad ??= "bad_size";
    else this.out.push({ pricePips: price, sizeMicro: this.size });
  }
}

/** `price_change` entries into the scratch list, one row each. */
class EntryReader implements ObjectReader {
  private k = 0;
  constructor(private readonly e: Entries, private readonly stats: ParseStats) {}
  notObject(): void {
    this.stats.skipped.not_object++;
  }
  begin(): void {
    // no asset until its field is read; NaN and −1 mark the others missing
    this.k = this.e.push(-1, -1, Number.NaN, Number.NaN, -1, Number.NaN, Number.NaN);
  }
  wants(key: number): boolean {
    return key !== UNKNOWN && key !== F_HASH;
  }
  field(key: number, s: string, quoted: boolean): void {
    const e = this.e;
    const k = this.k;
    switch (key) {
      case F_ASSET_ID:
        if (quoted && !tokEscaped) {
          e.hasAsset[k] = 1;
          e.assetStart[k] = tokStart;
          e.assetEnd[k] = tokEnd;
        }
        break;
      case F_PRICE:
        e.price[k] = tokenPips(s);
        break;
      case F_SIZE:
        e.size[k] = tokenMicro(s);
        break;
      case F_SIDE:
        e.side[k] = tokenSide(s);
        break;
      case F_BEST_BID:
        e.bestBid[k] = tokenPips(s);
        break;
      case F_BEST_ASK:
        e.bestAsk[k] = tokenPips(s);
        break;
    }
  }
  end(): void {}
}

/** Scratch for one object's scalar fields: token ranges and kinds. */
class Fields {
  readonly start = new Int32Array(N_FIELDS);
  readonly end = new Int32Array(N_FIELDS);
  readonly kind = new Uint8Array(N_FIELDS);
  clear(): void {
    this.kind.fill(ABSENT);
  }
}

/** Scratch list of price_change entries. */
class Entries {
  count = 0;
  marketStart = 0;
  marketEnd = 0;
  tMs = 0;
  assetStart = new Int32Array(8);
  assetEnd = new Int32Array(8);
  price = new Float64Array(8);
  size = new Float64Array(8);
  side = new Int8Array(8); // 0 bid, 1 ask, -1 bad/missing
  bestBid = new Float64Array(8);
  bestAsk = new Float64Array(8);
  hasAsset = new Uint8Array(8);
  /**
   * Appends an entry; an asset range of −1 means none was read. Returns its
   * index.
   */
  push(
    assetStart: number,
    assetEnd: number,
    price: number,
    size: number,
    side: number,
    bestBid: number,
    bestAsk: number,
  ): number {
    if (this.count === this.price.length) this.grow();
    const k = this.count++;
    this.hasAsset[k] = assetStart >= 0 ? 1 : 0;
    this.assetStart[k] = assetStart;
    this.assetEnd[k] = assetEnd;
    this.price[k] = price;
    this.size[k] = size;
    this.side[k] = side;
    this.bestBid[k] = bestBid;
    this.bestAsk[k] = bestAsk;
    return k;
  }

  private grow(): void {
    const n = this.assetStart.length * 2;
    const g = <T extends Int32Array | Float64Array | Int8Array | Uint8Array>(
      a: T,
      ctor: new (n: number) => T,
    ): T => {
      const b = new ctor(n);
      b.set(a);
      return b;
    };
    this.assetStart = g(this.assetStart, Int32Array);
    this.assetEnd = g(this.assetEnd, Int32Array);
    this.price = g(this.price, Float64Array);
    this.size = g(this.size, Float64Array);
    this.side = g(this.side, Int8Array);
    this.bestBid = g(this.bestBid, Float64Array);
    this.bestAsk = g(this.bestAsk, Float64Array);
    this.hasAsset = g(this.hasAsset, Uint8Array);
  }
}

/** Hands a level event to a {@link LevelSink}. */
export function toSink(ev: LevelChanged, sink: LevelSink): void {
  sink.level(
    ev.assetId,
    ev.side === "bid" ? BID : ASK,
    ev.pricePips,
    ev.sizeMicro,
    ev.bestBidPips,
    ev.bestAskPips,
    ev.tMs,
    ev.rxMs,
  );
}

/** Parses market-channel frames into typed events. See the module doc. */
export class MarketParser {
  /** Counters of frames, events and skips. */
  readonly stats: ParseStats = new ParseStats();

  /**
   * A parser with empty counters.
   *
   * @param fastPath use the single-pass reader for the venue's usual
   *   `price_change` layout (off only to test that both paths agree)
   */
  constructor(private readonly fastPath = true) {}
  private readonly f = new Fields();
  private readonly entries = new Entries();
  private readonly pending: MarketEvent[] = [];
  private text = "";
  private bids: PriceLevel[] | null = null;
  private asks: PriceLevel[] | null = null;
  private readonly levelReader = new LevelReader();
  private readonly entryReader = new EntryReader(this.entries, this.stats);
  private assetsIds: string[] | null = null;
  private outcomes: string[] | null = null;
  private legacy = false;

  /**
   * Parses one frame received at `rxMs` and passes each event to `emit`; with
   * a `levels` sink, level changes go there instead, without an event object
   * each (the feed's hot path). Never throws for any input.
   */
  parse(text: string, rxMs: number, emit: (ev: MarketEvent) => void, levels?: LevelSink): void {
    this.stats.frames++;
    if (text.length <= 8 && text.trim() === "PONG") {
      this.stats.events++;
      emit({ kind: "pong", rxMs });
      return;
    }
    const e = this.entries;
    if (this.fastPath && fastPriceChange(text, e)) {
      this.stats.events += e.count;
      // a level sink is told the asset only: no market string for it
      const market = levels ? "" : text.substring(e.marketStart, e.marketEnd);
      for (let k = 0; k < e.count; k++) {
        const assetId = text.substring(e.assetStart[k], e.assetEnd[k]);
        if (levels) {
          levels.level(
            assetId,
            e.side[k],
            e.price[k],
            e.size[k],
            e.bestBid[k],
            e.bestAsk[k],
            e.tMs,
            rxMs,
          );
        } else {
          emit({
            kind: "level",
            assetId,
            market,
            tMs: e.tMs,
            rxMs,
            side: e.side[k] === 0 ? "bid" : "ask",
            pricePips: e.price[k],
            sizeMicro: e.size[k],
            bestBidPips: e.bestBid[k],
            bestAskPips: e.bestAsk[k],
          });
        }
      }
      return;
    }
    const pending = this.pending;
    pending.length = 0;
    this.text = text;
    beginText(text);
    let i = ws(text, 0);
    try {
      if (text.charCodeAt(i) === CH.LBRACKET) {
        i = ws(text, i + 1);
        if (text.charCodeAt(i) === CH.RBRACKET) {
          i++;
        } else {
          for (;;) {
            i = this.element(text, i, rxMs);
            if (i < 0) break;
            i = nextInList(text, i, CH.RBRACKET);
            if (i < 0 || listDone) break;
          }
        }
      } else {
        i = this.element(text, i, rxMs);
      }
    } catch {
      // only a malformed \u escape in a decoded string can throw
      i = -1;
    }
    if (i < 0 || ws(text, i) !== text.length) {
      this.stats.skipped.invalid_json++;
      pending.length = 0;
      return;
    }
    this.stats.events += pending.length;
    for (let k = 0; k < pending.length; k++) {
      const ev = pending[k];
      if (levels && ev.kind === "level") {
        toSink(ev, levels);
      } else {
        emit(ev);
      }
    }
    pending.length = 0;
  }

  /** One array element or the whole frame: an event object (anything else is counted). */
  private element(s: string, i: number, rxMs: number): number {
    if (s.charCodeAt(i) !== CH.LBRACE) {
      i = skipValue(s, i, 1);
      if (i >= 0) this.stats.skipped.not_object++;
      return i;
    }
    i = this.object(s, i);
    if (i >= 0) this.build(rxMs);
    return i;
  }

  /** Reads one event object at `i` into the scratch fields. */
  private object(s: string, i: number): number {
    this.f.clear();
    this.entries.count = 0;
    this.bids = null;
    this.asks = null;
    this.levelReader.bad = null;
    this.assetsIds = null;
    this.outcomes = null;
    this.legacy = false;
    return this.members(s, i, this.eventValue);
  }

  // the value of an event object's member: scalars into the scratch fields,
  // lists to their readers (bound once: no closure per frame)
  private readonly eventValue = (key: number, s: string, i: number): number => {
    if (key === UNKNOWN) return skipValue(s, i, 2);
    if (key < N_FIELDS) {
      const c = s.charCodeAt(i);
      if (!isScalarStart(c)) return skipValue(s, i, 2);
      i = c === CH.QUOTE ? str(s, i) : num(s, i);
      const f = this.f;
      f.start[key] = tokStart;
      f.end[key] = tokEnd;
      f.kind[key] = c !== CH.QUOTE ? NUMBER : tokEscaped ? ESCAPED : STRING;
      return i;
    }
    if (s.charCodeAt(i) !== CH.LBRACKET) return skipValue(s, i, 2);
    if (key === A_BIDS || key === A_ASKS) {
      const out: PriceLevel[] = [];
      if (key === A_BIDS) this.bids = out;
      else this.asks = out;
      this.levelReader.out = out;
      this.reader = this.levelReader;
    } else if (key === A_PRICE_CHANGES || key === A_CHANGES) {
      if (key === A_CHANGES) this.legacy = true;
      this.reader = this.entryReader;
    } else {
      // assets_ids or outcomes: the strings (anything else is left out)
      const out: string[] = [];
      if (key === A_ASSETS_IDS) this.assetsIds = out;
      else this.outcomes = out;
      this.strings = out;
      return this.list(s, i, this.stringElement);
    }
    return this.list(s, i, this.objectElement);
  };

  // the list being read: its object reader, or where its strings go
  private reader: ObjectReader = this.levelReader;
  private strings: string[] = [];

  // an element of a list of flat objects, field by field into `reader`
  private readonly objectElement = (s: string, i: number): number => {
    const r = this.reader;
    if (s.charCodeAt(i) !== CH.LBRACE) {
      r.notObject();
      return skipValue(s, i, 3);
    }
    r.begin();
    i = this.members(s, i, this.objectValue);
    if (i >= 0) r.end();
    return i;
  };

  // the value of a member of such an object: a scalar the reader wants, else skipped
  private readonly objectValue = (key: number, s: string, i: number): number => {
    const r = this.reader;
    const c = s.charCodeAt(i);
    if (!r.wants(key) || !isScalarStart(c)) return skipValue(s, i, 4);
    i = c === CH.QUOTE ? str(s, i) : num(s, i);
    r.field(key, s, c === CH.QUOTE);
    return i;
  };

  private readonly stringElement = (s: string, i: number): number => {
    if (s.charCodeAt(i) !== CH.QUOTE) return skipValue(s, i, 3);
    i = str(s, i);
    if (i >= 0) this.strings.push(tokenString(s));
    return i;
  };

  /**
   * The members of the object whose `{` is at `i`, each value read by
   * `value` (given the key's id and the value's index; it returns the index
   * after the value, −1 when malformed). Returns the index after the object.
   */
  private members(
    s: string,
    i: number,
    value: (key: number, s: string, i: number) => number,
  ): number {
    i = ws(s, i + 1);
    if (s.charCodeAt(i) === CH.RBRACE) return i + 1;
    for (;;) {
      i = str(s, i);
      if (i < 0) return -1;
      const key = keyOf(s);
      i = ws(s, i);
      if (s.charCodeAt(i) !== CH.COLON) return -1;
      i = value(key, s, ws(s, i + 1));
      if (i < 0) return -1;
      i = nextInList(s, i, CH.RBRACE);
      if (i < 0 || listDone) return i;
    }
  }

  /** The list whose `[` is at `i`, each element read by `element`; the index after it. */
  private list(s: string, i: number, element: (s: string, i: number) => number): number {
    i = ws(s, i + 1);
    if (s.charCodeAt(i) === CH.RBRACKET) return i + 1;
    for (;;) {
      i = element(s, i);
      if (i < 0) return -1;
      i = nextInList(s, i, CH.RBRACKET);
      if (i < 0 || listDone) return i;
    }
  }

  // --- field readers over the scratch ---

  /** A scalar field as a string (numbers are not strings), undefined when absent. */
  private str(field: number): string | undefined {
    const f = this.f;
    const k = f.kind[field];
    if (k === ABSENT || k === NUMBER) return undefined;
    const s = this.text;
    if (k === STRING) return s.substring(f.start[field], f.end[field]);
    try {
      return JSON.parse(s.substring(f.start[field] - 1, f.end[field] + 1));
    } catch {
      return undefined;
    }
  }

  /** A decimal field in fixed point (`decimals` places; `exact`: no rounding), NaN when bad. */
  private fieldFixed(field: number, decimals: number, exact: boolean): number {
    const f = this.f;
    const k = f.kind[field];
    if (k === ABSENT || k === ESCAPED) return Number.NaN;
    return parseFixedRange(this.text, f.start[field], f.end[field], decimals, exact);
  }

  /** The event's timestamp, ms (seconds are scaled), NaN when absent or bad. */
  private timestamp(): number {
    const t = this.fieldFixed(F_TIMESTAMP, 0, false);
    // the user channel's examples carry seconds; everything else is ms
    return t < 1e11 ? t * 1000 : t;
  }

  /** True when the event's `event_type` is `name`. */
  private eventTypeIs(name: string): boolean {
    const f = this.f;
    if (
      f.kind[F_EVENT_TYPE] !== STRING || f.end[F_EVENT_TYPE] - f.start[F_EVENT_TYPE] !== name.length
    ) {
      return false;
    }
    return this.text.startsWith(name, f.start[F_EVENT_TYPE]);
  }

  /** Counts a skipped event by reason. */
  private skip(reason: SkipReason): void {
    this.stats.skipped[reason]++;
  }

  /** Builds the event(s) of the object just read. */
  private build(rxMs: number): void {
    const f = this.f;
    if (f.kind[F_EVENT_TYPE] !== STRING) {
      this.skip(f.kind[F_EVENT_TYPE] === ABSENT ? "missing_field" : "unknown_event");
      return;
    }
    if (this.eventTypeIs("price_change")) return this.buildPriceChange(rxMs);
    if (this.eventTypeIs("book")) return this.buildBook(rxMs);
    if (this.eventTypeIs("last_trade_price")) return this.buildTrade(rxMs);
    if (this.eventTypeIs("best_bid_ask")) return this.buildBestBidAsk(rxMs);
    if (this.eventTypeIs("tick_size_change")) return this.buildTickSize(rxMs);
    if (this.eventTypeIs("market_resolved")) return this.buildMarketEvent(rxMs, true);
    if (this.eventTypeIs("new_market")) return this.buildMarketEvent(rxMs, false);
    this.skip("unknown_event");
  }

  /** Level events of a `price_change` read by the general path. */
  private buildPriceChange(rxMs: number): void {
    const e = this.entries;
    const market = this.str(F_MARKET) ?? "";
    const tMs = this.timestamp();
    const rootAsset = this.legacy ? this.str(F_ASSET_ID) : undefined;
    if (e.count === 0) {
      this.skip("missing_field");
      return;
    }
    const text = this.text;
    for (let k = 0; k < e.count; k++) {
      let assetId: string | undefined;
      if (e.hasAsset[k] === 1) assetId = text.substring(e.assetStart[k], e.assetEnd[k]);
      else assetId = rootAsset;
      if (assetId === undefined || assetId === "") {
        this.skip("missing_field");
        continue;
      }
      const price = e.price[k];
      if (Number.isNaN(price) || price <= 0 || price >= 10_000) {
        this.skip("bad_price");
        continue;
      }
      if (Number.isNaN(e.size[k])) {
        this.skip("bad_size");
        continue;
      }
      if (e.side[k] < 0) {
        this.skip("bad_side");
        continue;
      }
      const bb = e.bestBid[k];
      const ba = e.bestAsk[k];
      this.pending.push({
        kind: "level",
        assetId,
        market,
        tMs,
        rxMs,
        side: e.side[k] === 0 ? "bid" : "ask",
        pricePips: price,
        sizeMicro: e.size[k],
        bestBidPips: bb >= 0 && bb < 10_000 ? bb : Number.NaN,
        bestAskPips: ba > 0 && ba <= 10_000 ? ba : Number.NaN,
      });
    }
  }

  /** A `book` snapshot event. */
  private buildBook(rxMs: number): void {
    const assetId = this.str(F_ASSET_ID);
    if (!assetId) return this.skip("missing_field");
    if (this.levelReader.bad) return this.skip(this.levelReader.bad);
    let tickPips = 0;
    if (this.f.kind[F_TICK_SIZE] !== ABSENT) {
      tickPips = this.fieldFixed(F_TICK_SIZE, PRICE_DECIMALS, true);
      if (!validTick(tickPips)) return this.skip("bad_tick");
    }
    this.pending.push({
      kind: "book",
      assetId,
      market: this.str(F_MARKET) ?? "",
      tMs: this.timestamp(),
      rxMs,
      tickPips,
      bids: this.bids ?? [],
      asks: this.asks ?? [],
      hash: this.str(F_HASH) ?? "",
    });
  }

  /** A `last_trade_price` trade event. */
  private buildTrade(rxMs: number): void {
    const assetId = this.str(F_ASSET_ID);
    if (!assetId) return this.skip("missing_field");
    const price = this.fieldFixed(F_PRICE, PRICE_DECIMALS, true);
    if (Number.isNaN(price) || price <= 0 || price >= 10_000) return this.skip("bad_price");
    const size = this.fieldFixed(F_SIZE, SIZE_DECIMALS, false);
    if (Number.isNaN(size) || size <= 0) return this.skip("bad_size");
    const side = this.str(F_SIDE);
    const takerSide = side === "BUY" || side === "buy"
      ? "buy"
      : side === "SELL" || side === "sell"
      ? "sell"
      : null;
    if (takerSide === null) return this.skip("bad_side");
    const fee = this.fieldFixed(F_FEE_RATE, 0, false);
    this.pending.push({
      kind: "trade",
      assetId,
      market: this.str(F_MARKET) ?? "",
      tMs: this.timestamp(),
      rxMs,
      pricePips: price,
      sizeMicro: size,
      takerSide,
      feeRateBps: Number.isNaN(fee) ? 0 : fee,
    });
  }

  /** A `best_bid_ask` event. */
  private buildBestBidAsk(rxMs: number): void {
    const assetId = this.str(F_ASSET_ID);
    if (!assetId) return this.skip("missing_field");
    const bb = this.fieldFixed(F_BEST_BID, PRICE_DECIMALS, true);
    const ba = this.fieldFixed(F_BEST_ASK, PRICE_DECIMALS, true);
    this.pending.push({
      kind: "best_bid_ask",
      assetId,
      market: this.str(F_MARKET) ?? "",
      tMs: this.timestamp(),
      rxMs,
      bestBidPips: bb >= 0 && bb < 10_000 ? bb : Number.NaN,
      bestAskPips: ba > 0 && ba <= 10_000 ? ba : Number.NaN,
    });
  }

  /** A `tick_size_change` event. */
  private buildTickSize(rxMs: number): void {
    const assetId = this.str(F_ASSET_ID);
    if (!assetId) return this.skip("missing_field");
    const next = this.fieldFixed(F_NEW_TICK, PRICE_DECIMALS, true);
    if (!validTick(next)) return this.skip("bad_tick");
    const old = this.fieldFixed(F_OLD_TICK, PRICE_DECIMALS, true);
    this.pending.push({
      kind: "tick_size",
      assetId,
      market: this.str(F_MARKET) ?? "",
      tMs: this.timestamp(),
      rxMs,
      oldTickPips: validTick(old) ? old : 0,
      newTickPips: next,
    });
  }

  /** A `new_market` or `market_resolved` event. */
  private buildMarketEvent(rxMs: number, resolved: boolean): void {
    const market = this.str(F_MARKET);
    if (!market) return this.skip("missing_field");
    const tMs = this.timestamp();
    const assetIds = this.assetsIds ?? [];
    if (resolved) {
      const winningAssetId = this.str(F_WIN_ASSET);
      if (!winningAssetId) return this.skip("missing_field");
      this.pending.push({
        kind: "resolved",
        market,
        assetIds,
        winningAssetId,
        winningOutcome: this.str(F_WIN_OUTCOME) ?? "",
        tMs,
        rxMs,
      });
      return;
    }
    this.pending.push({
      kind: "new_market",
      market,
      assetIds,
      outcomes: this.outcomes ?? [],
      question: this.str(F_QUESTION) ?? "",
      tMs,
      rxMs,
    });
  }
}

/** True for a tick size the exchange uses, in pips. */
function validTick(pips: number): boolean {
  return pips === 1000 || pips === 100 || pips === 50 || pips === 25 || pips === 10 || pips === 1;
}
