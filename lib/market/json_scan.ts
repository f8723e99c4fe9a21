/**
 * A strict, allocation-free JSON scanner: functions over `(text, index)` that
 * validate the grammar and hand out string and number tokens as index ranges,
 * so a parser reads only the fields it needs without building objects for the
 * rest. Positions stay in the caller's locals (much faster than an object's
 * fields); each function returns the index after what it read, or −1 when the
 * text is malformed there.
 *
 * Call {@link beginText} before scanning a new text.
 *
 * @module
 */

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** Char codes of JSON punctuation. */
export const CH = { QUOTE, COMMA, COLON, LBRACE, RBRACE, LBRACKET, RBRACKET, MINUS } as const;

/** Deepest nesting {@link skipValue} accepts. */
export const MAX_DEPTH = 64;

/** Start of the last string (content) or number token. */
export let tokStart = 0;
/** End (exclusive) of the last token. */
export let tokEnd = 0;
/** The last string token had escapes: its range is the raw, escaped text. */
export let tokEscaped = false;

// Index of the next backslash at or after the strings still to scan (−1:
// none), found once per text so strings without escapes are scanned natively.
let nextBackslash = -1;

/** Prepares to scan `text` (finds its first backslash, usually none). */
export function beginText(text: string): void {
  nextBackslash = text.indexOf("\\");
}

/** Index of the first non-whitespace char at or after `i` (may be `s.length`). */
export function ws(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
    i++;
  }
  return i;
}

/**
 * Reads the string token whose opening quote is at `i`. Strings without
 * escapes are found with a native search; raw control characters inside them
 * are tolerated (the venue never sends them and they harm nothing here).
 */
export function str(s: string, i: number): number {
  if (s.charCodeAt(i) !== QUOTE) return -1;
  const start = i + 1;
  const end = s.indexOf('"', start);
  if (end < 0) return -1;
  let bs = nextBackslash;
  if (bs !== -1 && bs < start) bs = nextBackslash = s.indexOf("\\", start);
  if (bs === -1 || bs > end) {
    tokStart = start;
    tokEnd = end;
    tokEscaped = false;
    return end + 1;
  }
  return escapedString(s, start);
}

function escapedString(s: string, start: number): number {
  const n = s.length;
  let i = start;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) {
      tokStart = start;
      tokEnd = i;
      tokEscaped = true;
      nextBackslash = s.indexOf("\\", i + 1);
      return i + 1;
    }
    if (c === BACKSLASH) {
      const e = s.charCodeAt(i + 1);
      if (e === 117) { // \uXXXX
        for (let k = 2; k < 6; k++) {
          const h = s.charCodeAt(i + k);
          if (!((h >= 48 && h <= 57) || (h >= 65 && h <= 70) || (h >= 97 && h <= 102))) return -1;
        }
        i += 6;
        continue;
      }
      // \" \\ \/ \b \f \n \r \t
      if (
        e !== QUOTE && e !== BACKSLASH && e !== 47 && e !== 98 && e !== 102 && e !== 110 &&
        e !== 114 && e !== 116
      ) return -1;
      i += 2;
      continue;
    }
    if (c < 32) return -1;
    i++;
  }
  return -1;
}

/** Reads the number token at `i`. */
export function num(s: string, i: number): number {
  const start = i;
  if (s.charCodeAt(i) === MINUS) i++;
  let c = s.charCodeAt(i);
  if (c === ZERO) {
    i++;
  } else if (c > ZERO && c <= NINE) {
    do c = s.charCodeAt(++i); while (c >= ZERO && c <= NINE);
  } else {
    return -1;
  }
  if (s.charCodeAt(i) === DOT) {
    const d0 = ++i;
    while ((c = s.charCodeAt(i)) >= ZERO && c <= NINE) i++;
    if (i === d0) return -1;
  }
  c = s.charCodeAt(i);
  if (c === 101 || c === 69) { // e E
    c = s.charCodeAt(++i);
    if (c === PLUS || c === MINUS) i++;
    const d0 = i;
    while ((c = s.charCodeAt(i)) >= ZERO && c <= NINE) i++;
    if (i === d0) return -1;
  }
  tokStart = start;
  tokEnd = i;
  tokEscaped = false;
  return i;
}

/** True when the char code starts a string or a number. */
export function isScalarStart(c: number): boolean {
  return c === QUOTE || c === MINUS || (c >= ZERO && c <= NINE);
}

/** Skips one value of any type at `i`, validating it. */
export function skipValue(s: string, i: number, depth: number): number {
  if (depth > MAX_DEPTH) return -1;
  const c = s.charCodeAt(i);
  if (c === QUOTE) return str(s, i);
  if (c === LBRACE) {
    i = ws(s, i + 1);
    if (s.charCodeAt(i) === RBRACE) return i + 1;
    for (;;) {
      i = str(s, i);
      if (i < 0) return -1;
      i = ws(s, i);
      if (s.charCodeAt(i) !== COLON) return -1;
      i = skipValue(s, ws(s, i + 1), depth + 1);
      if (i < 0) return -1;
      i = ws(s, i);
      const d = s.charCodeAt(i);
      if (d === RBRACE) return i + 1;
      if (d !== COMMA) return -1;
      i = ws(s, i + 1);
    }
  }
  if (c === LBRACKET) {
    i = ws(s, i + 1);
    if (s.charCodeAt(i) === RBRACKET) return i + 1;
    for (;;) {
      i = skipValue(s, i, depth + 1);
      if (i < 0) return -1;
      i = ws(s, i);
      const d = s.charCodeAt(i);
      if (d === RBRACKET) return i + 1;
      if (d !== COMMA) return -1;
      i = ws(s, i + 1);
    }
  }
  if (c === 116) return s.startsWith("true", i) ? i + 4 : -1;
  if (c === 102) return s.startsWith("false", i) ? i + 5 : -1;
  if (c === 110) return s.startsWith("null", i) ? i + 4 : -1;
  return num(s, i);
}

/**
 * After a value: the index past a `,` (more follows) or past `close` (done),
 * signalled by {@link listDone}; −1 for anything else.
 */
export function nextInList(s: string, i: number, close: number): number {
  i = ws(s, i);
  const c = s.charCodeAt(i);
  if (c === COMMA) {
    listDone = false;
    return ws(s, i + 1);
  }
  if (c === close) {
    listDone = true;
    return i + 1;
  }
  return -1;
}

/** Set by {@link nextInList}: the closing bracket was reached. */
export let listDone = false;

/** The last string token, decoded (throws only on a malformed `\u` escape). */
export function tokenString(s: string): string {
  if (!tokEscaped) return s.substring(tokStart, tokEnd);
  return JSON.parse(s.substring(tokStart - 1, tokEnd + 1));
}

/** True when the last token is the unescaped string `key`. */
export function tokenIs(s: string, key: string): boolean {
  if (tokEscaped || tokEnd - tokStart !== key.length) return false;
  for (let k = 0; k < key.length; k++) {
    if (s.charCodeAt(tokStart + k) !== key.charCodeAt(k)) return false;
  }
  return true;
}
