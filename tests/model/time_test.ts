import assert from "node:assert/strict";
import { timeFactor, tradingPhase } from "../../lib/model/mod.ts";
import { close } from "./_fixtures.ts";

Deno.test({
  name: "tf is 1 at the start, 0 at resolution and (1/2)^η halfway",
  permissions: "none",
  fn() {
    assert.deepEqual(timeFactor(0, 0, 1000, 0.5), 1);
    assert.deepEqual(timeFactor(1000, 0, 1000, 0.5), 0);
    // halfway with η = 0.5: 0.5^0.5 = 0.7071067811865476
    close(timeFactor(500, 0, 1000, 0.5), Math.SQRT1_2, 1e-15);
    // a quarter left with η = 0.75: 0.25^0.75 = 0.3535533905932738
    close(timeFactor(750, 0, 1000, 0.75), 0.3535533905932738, 1e-15);
  },
});

Deno.test({
  name: "tf is clipped before the start and after resolution, and 0 for an empty span",
  permissions: "none",
  fn() {
    assert.deepEqual(timeFactor(-500, 0, 1000, 0.5), 1);
    assert.deepEqual(timeFactor(2000, 0, 1000, 0.5), 0);
    assert.deepEqual(timeFactor(0, 1000, 1000, 0.5), 0);
  },
});

Deno.test({
  name: "the phase turns reducing at T − stop_new_risk and halted at T − cancel_all",
  permissions: "none",
  fn() {
    const g = { resolveMs: 10_000, stopNewRiskBeforeMs: 3000, cancelAllBeforeMs: 1000 };
    assert.deepEqual(tradingPhase(6_999, g), "active");
    assert.deepEqual(tradingPhase(7_000, g), "reducing");
    assert.deepEqual(tradingPhase(8_999, g), "reducing");
    assert.deepEqual(tradingPhase(9_000, g), "halted");
    assert.deepEqual(tradingPhase(20_000, g), "halted");
  },
});
