import assert from "node:assert/strict";
import { ambiguity, crowdWeakness, structuralRisk } from "../../lib/model/mod.ts";
import { close } from "./_fixtures.ts";

Deno.test({
  name: "ambiguity is 1 at 0.5 and (4p(1−p))^β away from it",
  permissions: "none",
  fn() {
    assert.deepEqual(ambiguity(0.5, 0.5, 0.8, 0), 1);
    // 4 · 0.9 · 0.1 = 0.36; β = 1 → 0.36; β = 0.5 → 0.6
    close(ambiguity(0.9, 0.1, 1, 0), 0.36, 1e-12);
    close(ambiguity(0.9, 0.1, 0.5, 0), 0.6, 1e-12);
  },
});

Deno.test({
  name: "the ambiguity floor keeps barrier markets ambiguous near the extremes",
  permissions: "none",
  fn() {
    // 4 · 0.99 · 0.01 = 0.0396 < 0.3 → 0.3
    assert.deepEqual(ambiguity(0.99, 0.01, 0.5, 0.3) >= 0.3, true);
    close(ambiguity(0.99, 0.01, 1, 0.3), 0.3, 0);
  },
});

Deno.test({
  name: "crowd weakness is 1 without a crowd and falls with U",
  permissions: "none",
  fn() {
    assert.deepEqual(crowdWeakness(0, 50, 1.5), 1);
    // (50 / 100)^1.5 = 0.35355339059327373
    close(crowdWeakness(50, 50, 1.5), 0.35355339059327373, 1e-15);
    // (100 / 400)^1 = 0.25
    close(crowdWeakness(300, 100, 1), 0.25, 1e-15);
  },
});

Deno.test({
  name: "λ spans [lambda_min, lambda_max] by the weighted mean of A and L",
  permissions: "none",
  fn() {
    assert.deepEqual(structuralRisk(1, 1, 1, 2, 1, 1), 2);
    assert.deepEqual(structuralRisk(0, 0, 1, 2, 1, 1), 1);
    // 1 + 1 · (0.36 + 0.35355339)/2 = 1.356776695…
    close(structuralRisk(0.36, 0.35355339059327373, 1, 2, 1, 1), 1.3567766952966369, 1e-12);
    // weights 3:1 → 1 + (3·0.4 + 1·0.8)/4 = 1.5
    close(structuralRisk(0.4, 0.8, 1, 2, 3, 1), 1.5, 1e-12);
  },
});
