import assert from "node:assert/strict";
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
