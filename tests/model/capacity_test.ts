import assert from "node:assert/strict";
import { capacity, normalizedInventory, sideBudget } from "../../lib/model/mod.ts";
import { close } from "./_fixtures.ts";

Deno.test({
  name: "side budget is half the bankroll over n_plays",
  permissions: "none",
  fn() {
    // 0.5 · 500 / 3 = 83.333…
    close(sideBudget(500, 3), 250 / 3, 1e-12);
    assert.deepEqual(sideBudget(16, 1), 8);
  },
});

Deno.test({
  name: "q_max is bounded by the loss near p = 0.98 (not 309 shares on $8)",
  permissions: "none",
  fn() {
    // 8 · 1 / (1.1 · max(0.98, 0.02)) = 8 / 1.078 = 7.421150278293135
    close(capacity(8, 1, 0.98, 0.02, 0.1), 8 / 1.078, 1e-12);
    // the hedge cost alone would allow 8 / (1.1 · 0.02) = 363.6 shares; long NO at 0.02 mirrors it
    close(capacity(8, 1, 0.02, 0.98, 0.1), 8 / 1.078, 1e-12);
  },
});

Deno.test({
  name: "q_max scales with tf and is 2·B_side at p = 0.5 without slippage",
  permissions: "none",
  fn() {
    // 100 · 0.5 / (1 · 0.5) = 100
    assert.deepEqual(capacity(100, 0.5, 0.5, 0.5, 0), 100);
    assert.deepEqual(capacity(100, 1, 0.5, 0.5, 0), 200);
    assert.deepEqual(capacity(100, 0, 0.5, 0.5, 0), 0);
  },
});

Deno.test({
  name: "q̂ is q/q_max clipped to [−1, 1], and sign(q) without capacity",
  permissions: "none",
  fn() {
    assert.deepEqual(normalizedInventory(50, 200), 0.25);
    assert.deepEqual(normalizedInventory(-50, 200), -0.25);
    assert.deepEqual(normalizedInventory(500, 200), 1);
    assert.deepEqual(normalizedInventory(-500, 200), -1);
    assert.deepEqual(normalizedInventory(3, 0), 1);
    assert.deepEqual(normalizedInventory(-3, 0), -1);
    assert.deepEqual(normalizedInventory(0, 0), 0);
  },
});
