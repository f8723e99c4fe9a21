import assert from "node:assert/strict";
import { cashFloor, solvencyFear } from "../../lib/model/mod.ts";
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
