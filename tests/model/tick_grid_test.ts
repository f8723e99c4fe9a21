import assert from "node:assert/strict";
import {
  gridFromPips,
  gridFromTick,
  snapDown,
  snapUp,
  TICK_SIZES_PIPS,
  tickInLogit,
  TickSizeError,
  ticksToPrice,
} from "../../lib/model/mod.ts";
import { close } from "./_fixtures.ts";

Deno.test({
  name: "every grid price snaps to itself, down and up, for every tick size",
  permissions: "none",
  fn() {
    for (const tick of [0.1, 0.01, 0.005, 0.0025, 0.001, 0.0001]) {
      const g = gridFromTick(tick);
      for (let k = 1; k < g.ticksPerUnit; k++) {
        const asRatio = k / g.ticksPerUnit; // how a parser yields it
        const asProduct = k * tick; // how naive code computes it (0.29000000000000004)
        for (const p of [asRatio, asProduct, ticksToPrice(k, g)]) {
          if (snapDown(p, g) !== k || snapUp(p, g) !== k) {
            throw new Error(`tick ${tick}: price ${p} should snap to ${k}`);
          }
        }
      }
    }
  },
});

Deno.test({
  name: "0.29 on a 0.01 grid is 29 ticks (floor(0.29/0.01) = 28 was a defect)",
  permissions: "none",
  fn() {
    const g = gridFromTick(0.01);
    assert.deepEqual(Math.floor(0.29 / 0.01), 28); // the defect this guards against
    assert.deepEqual(snapDown(0.29, g), 29);
    assert.deepEqual(snapUp(0.29, g), 29);
  },
});

Deno.test({
  name: "off-grid prices round bids down and asks up",
  permissions: "none",
  fn() {
    const g = gridFromTick(0.01);
    assert.deepEqual(snapDown(0.2949, g), 29);
    assert.deepEqual(snapUp(0.2901, g), 30);
    const g5 = gridFromTick(0.005);
    // 0.4912 / 0.005 = 98.24 → 98 down (0.490), 99 up (0.495)
    assert.deepEqual(snapDown(0.4912, g5), 98);
    assert.deepEqual(snapUp(0.4912, g5), 99);
    const g25 = gridFromTick(0.0025);
    // 0.5013 / 0.0025 = 200.52 → 200 (0.5000) and 201 (0.5025)
    assert.deepEqual(snapDown(0.5013, g25), 200);
    assert.deepEqual(snapUp(0.5013, g25), 201);
  },
});

Deno.test({
  name: "grids are exact in pips and unknown tick sizes are rejected",
  permissions: "none",
  fn() {
    assert.deepEqual(TICK_SIZES_PIPS.map((p) => gridFromPips(p).ticksPerUnit), [
      10,
      100,
      200,
      400,
      1000,
      10000,
    ]);
    assert.deepEqual(gridFromTick(0.0025).tickPips, 25);
    assert.throws(() => gridFromTick(0.02), TickSizeError);
    assert.throws(() => gridFromPips(3), /unsupported tick size 0.0003/);
  },
});

Deno.test({
  name: "one tick in logit units is tick / (p(1−p))",
  permissions: "none",
  fn() {
    // 0.01 / (0.5 · 0.5) = 0.04; 0.01 / (0.9 · 0.1) = 0.1111…
    close(tickInLogit(0.5, 0.5, gridFromTick(0.01)), 0.04, 1e-15);
    close(tickInLogit(0.9, 0.1, gridFromTick(0.01)), 0.01 / 0.09, 1e-15);
  },
});
