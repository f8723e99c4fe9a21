import assert from "node:assert/strict";
import fc from "fast-check";
import {
  formatFixed,
  formatMicro,
  formatPips,
  parseFixed,
  parseFixedRange,
  parsePricePips,
  parseSizeMicro,
} from "../../lib/market/mod.ts";

Deno.test({
  name: "prices parse exactly to pips, digit by digit",
  permissions: "none",
  fn() {
    assert.equal(parsePricePips("0.62"), 6200);
    assert.equal(parsePricePips("0.5"), 5000);
    assert.equal(parsePricePips(".5"), 5000);
    assert.equal(parsePricePips("0.0025"), 25);
    assert.equal(parsePricePips("0.29"), 2900); // never 0.28
    assert.equal(parsePricePips("1"), 10000);
    assert.equal(parsePricePips("0.50000"), 5000); // trailing zeros are fine
  },
});

Deno.test({
  name: "prices finer than 1e-4 or malformed are NaN",
  permissions: "none",
  fn() {
    for (const bad of ["0.00001", "", ".", "-0.5", "0.5.1", "1e-2", "abc", "0,5", " 0.5"]) {
      assert.ok(Number.isNaN(parsePricePips(bad)), JSON.stringify(bad));
    }
  },
});

Deno.test({
  name: "sizes parse to micro-units, rounding half up beyond six decimals",
  permissions: "none",
  fn() {
    assert.equal(parseSizeMicro("65.75"), 65_750_000);
    assert.equal(parseSizeMicro("219.217767"), 219_217_767);
    assert.equal(parseSizeMicro("0.0000004"), 0);
    assert.equal(parseSizeMicro("0.0000005"), 1);
    assert.equal(parseSizeMicro("1.23456789"), 1_234_568);
    assert.equal(parseSizeMicro("200"), 200_000_000);
    assert.ok(Number.isNaN(parseSizeMicro("99999999999999999999")));
  },
});

Deno.test({
  name: "ranges parse in place and exact mode rejects non-zero extra digits",
  permissions: "none",
  fn() {
    assert.equal(parseFixedRange('"0.62"', 1, 5, 4, true), 6200);
    assert.equal(parseFixed("12", 0), 12);
    assert.ok(Number.isNaN(parseFixed("1.5", 0)));
    assert.equal(parseFixed("1.5", 0, false), 2);
  },
});

Deno.test({
  name: "formatting gives the shortest exact decimal",
  permissions: "none",
  fn() {
    assert.equal(formatPips(6200), "0.62");
    assert.equal(formatPips(25), "0.0025");
    assert.equal(formatPips(10000), "1");
    assert.equal(formatMicro(65_750_000), "65.75");
    assert.equal(formatMicro(1), "0.000001");
    assert.equal(formatMicro(0), "0");
    assert.equal(formatFixed(-1500, 3), "-1.5");
    assert.throws(() => formatFixed(0.5, 2), RangeError);
    for (let p = 1; p < 10000; p += 7) assert.equal(parsePricePips(formatPips(p)), p);
  },
});

/** The plain string way, for reference: pad, split, strip trailing zeros. */
function referenceFormat(value: number, decimals: number): string {
  const neg = value < 0;
  let s = String(neg ? -value : value);
  if (decimals > 0) {
    s = s.padStart(decimals + 1, "0");
    const int = s.slice(0, s.length - decimals);
    const frac = s.slice(s.length - decimals).replace(/0+$/, "");
    s = frac ? `${int}.${frac}` : int;
  }
  return neg ? `-${s}` : s;
}

Deno.test({
  name: "formatting by integer arithmetic equals the string way for every safe integer",
  permissions: "none",
  fn() {
    fc.assert(
      fc.property(
        fc.maxSafeInteger().map((v) => Math.trunc(v)),
        fc.integer({ min: 0, max: 8 }),
        (v, d) => assert.equal(formatFixed(v, d), referenceFormat(v, d)),
      ),
      { numRuns: 20_000 },
    );
    for (let p = 0; p <= 10_000; p++) assert.equal(formatPips(p), referenceFormat(p, 4));
    // just below a multiple of the scale near 2^53, where the division rounds up
    for (let k = 0; k < 2000; k++) {
      const v = Number.MAX_SAFE_INTEGER - k;
      for (const d of [6, 8]) assert.equal(formatFixed(v, d), referenceFormat(v, d));
    }
    for (const d of [4, 6, 8]) {
      const scale = 10 ** d;
      const top = Math.floor(Number.MAX_SAFE_INTEGER / scale) * scale;
      for (let k = 1; k < 50; k++) {
        assert.equal(formatFixed(top - k, d), referenceFormat(top - k, d));
      }
    }
    for (const v of [0, 1, 9, 10, 99, 100, 1_000_000, 1_000_001, 123_456_789]) {
      assert.equal(formatMicro(v), referenceFormat(v, 6));
      assert.equal(formatMicro(-v), referenceFormat(-v, 6));
    }
  },
});
