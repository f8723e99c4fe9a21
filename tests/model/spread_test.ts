import assert from "node:assert/strict";
import { halfSpread, kappaFloor, skew } from "../../lib/model/mod.ts";
import { close } from "./_fixtures.ts";

Deno.test({
  name: "skew δ = c_skew·q̂·γ·λ·σ with the sign of q",
  permissions: "none",
  fn() {
    // 0.25 · 0.5 · 2 · 1.5 · 1.2 = 0.45
    close(skew(0.25, 0.5, 2, 1.5, 1.2, 1), 0.45, 1e-15);
    close(skew(0.25, -0.5, 2, 1.5, 1.2, 1), -0.45, 1e-15);
    assert.deepEqual(skew(0.25, 0, 2, 1.5, 1.2, 1), 0);
  },
});

Deno.test({
  name: "skew is capped at ±delta_max",
  permissions: "none",
  fn() {
    // 0.25 · 1 · 10 · 2 · 3 = 15 → 1
    assert.deepEqual(skew(0.25, 1, 10, 2, 3, 1), 1);
    assert.deepEqual(skew(0.25, -1, 10, 2, 3, 1), -1);
  },
});

Deno.test({
  name: "the κ floor is 1/√(2·c_risk·lambda_min)",
  permissions: "none",
  fn() {
    // 1 / √0.4 = 1.5811388300841895
    close(kappaFloor(0.2, 1), 1.5811388300841895, 1e-15);
  },
});

Deno.test({
  name: "GLFT half-spread adds the risk term and (1/γ)·ln(1 + γ/κ)",
  permissions: "none",
  fn() {
    // 0.2 · 2 · 1.5 · 1.2 = 0.72; ln(1 + 2/20) / 2 = ln(1.1)/2 = 0.047655089902162
    close(halfSpread(0.2, 2, 1.5, 1.2, 20, 0, 5), 0.72 + Math.log(1.1) / 2, 1e-15);
    close(halfSpread(0.2, 2, 1.5, 1.2, 20, 0, 5), 0.767655089902162, 1e-12);
  },
});

Deno.test({
  name: "the half-spread is clipped to [min, max] and the minimum wins when they cross",
  permissions: "none",
  fn() {
    assert.deepEqual(halfSpread(0.2, 2, 1.5, 1.2, 20, 0, 0.5), 0.5);
    assert.deepEqual(halfSpread(0.001, 1, 1, 1, 1000, 0.04, 1), 0.04);
    assert.deepEqual(halfSpread(0.2, 2, 1.5, 1.2, 20, 0.9, 0.5), 0.9);
  },
});

Deno.test({
  name: "the half-spread never falls as γ rises once κ is at the floor or above",
  permissions: "none",
  fn() {
    for (const cRisk of [0.01, 0.1, 0.5]) {
      const k = kappaFloor(cRisk, 1);
      for (const kappa of [k, 2 * k, 50]) {
        let prev = 0;
        for (let g = 1; g <= 10; g += 0.01) {
          const d = halfSpread(cRisk, g, 1, 1, kappa, 0, 100);
          if (d < prev - 1e-12) throw new Error(`falls at γ=${g}, c_risk=${cRisk}, κ=${kappa}`);
          prev = d;
        }
      }
    }
  },
});
