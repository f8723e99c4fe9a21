import assert from "node:assert/strict";
import { cashFloor, floorLimitCenti, solvencyFear } from "../../lib/model/mod.ts";
import { close } from "./_fixtures.ts";

Deno.test({
  name: "γ = (1 − |q̂|)^(−a): 1 flat, 2 at half capacity, 4 at −0.75",
  permissions: "none",
  fn() {
    assert.deepEqual(solvencyFear(0, 1, 10), 1);
    assert.deepEqual(solvencyFear(0.5, 1, 10), 2);
    assert.deepEqual(solvencyFear(-0.75, 1, 10), 4);
    // a = 2 at 0.5: 0.5^−2 = 4
    assert.deepEqual(solvencyFear(0.5, 2, 10), 4);
  },
});

Deno.test({
  name: "γ is capped at gamma_max and finite at full capacity",
  permissions: "none",
  fn() {
    assert.deepEqual(solvencyFear(0.95, 1, 10), 10); // 20 → 10
    assert.deepEqual(solvencyFear(1, 1, 10), 10); // 1e6 → 10
    // without the cap, |q̂| = 1 is read as 0.999999: 1e6 (± float rounding)
    close(solvencyFear(1, 1, 1e9), 1e6, 1e-3);
  },
});

Deno.test({
  name: "the cash floor prices the opposite outcome with the buffer, plus the reserve",
  permissions: "none",
  fn() {
    // long 10 YES at p = 0.6: 10 · 0.4 · 1.1 + 5 = 9.4
    close(cashFloor(10, 0.6, 0.4, 0.1, 5), 9.4, 1e-12);
    // short 10 (long NO): 10 · 0.6 · 1.1 + 5 = 11.6
    close(cashFloor(-10, 0.6, 0.4, 0.1, 5), 11.6, 1e-12);
    assert.deepEqual(cashFloor(0, 0.6, 0.4, 0.1, 5), 5);
  },
});

Deno.test({
  name: "the floor limit: the largest fill that keeps cash ≥ floor, flattening free, selling first",
  permissions: "none",
  fn() {
    // flat, 100 USDC, YES at 0.40, NO 0.60, buffer 0.1, reserve 5:
    // 100 − 0.4·s ≥ 0.66·s + 5 → s ≤ 89.62…
    assert.equal(floorLimitCenti(0, 100, 0.6, 20_000, 0, 0.4, 1.1, 5), 8962);
    assert.equal(floorLimitCenti(0, 100, 0.6, 5_000, 0, 0.4, 1.1, 5), 5_000);
    // short 30 (NO held): the first 30 only flatten; past flat the same slack
    // from the cash after them: 100 − 0.4·s ≥ 0.66·(s − 30) + 5 → s ≤ 108.30…
    assert.equal(floorLimitCenti(-30, 100, 0.6, 20_000, 0, 0.4, 1.1, 5), 10_830);
    // no cash at all: only the flattening part
    assert.equal(floorLimitCenti(-30, 0, 0.6, 20_000, 0, 0.4, 1.1, 0), 3_000);
    // selling 50 NO held at 0.60 (= a YES bid at 0.40) raises cash by 30:
    // with 10 USDC, flat: 10 + 0.6·s ≥ 0.66·s → s ≤ 166.66…, past the 50 sold
    // buying: 10 + 30 − 0.4·(s − 50) ≥ 0.66·s → s ≤ 56.60…
    assert.equal(floorLimitCenti(0, 10, 0.6, 20_000, 5_000, 0.4, 1.1, 0), 5_660);
  },
});
