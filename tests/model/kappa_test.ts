import assert from "node:assert/strict";
import { KappaEstimator } from "../../lib/model/mod.ts";
import { close } from "./_fixtures.ts";

Deno.test({
  name: "κ is the prior κ0 before any print",
  permissions: "none",
  fn() {
    assert.deepEqual(new KappaEstimator(20, 20, 3_600_000).value(0), 20);
  },
});

Deno.test({
  name: "κ shrinks the mean distance toward 1/κ0 with n0 pseudo-prints",
  permissions: "none",
  fn() {
    const k = new KappaEstimator(20, 20, 3_600_000);
    for (let i = 0; i < 10; i++) k.observe(0, 0.1);
    // (20 + 10) / (20/20 + 10 · 0.1) = 30 / 2 = 15
    close(k.value(0), 15, 1e-12);
    assert.deepEqual(k.evidence, 10);
  },
});

Deno.test({
  name: "κ evidence decays with time back toward the prior",
  permissions: "none",
  fn() {
    const k = new KappaEstimator(20, 20, 1000);
    for (let i = 0; i < 10; i++) k.observe(0, 0.1);
    // after one τ: n = 10/e, Σd = 1/e → (20 + 3.679) / (1 + 0.3679)
    const e = Math.exp(-1);
    close(k.value(1000), (20 + 10 * e) / (1 + e), 1e-12);
    close(k.value(1e9), 20, 1e-9);
  },
});

Deno.test({
  name: "κ ignores negative and non-finite distances and restores a snapshot",
  permissions: "none",
  fn() {
    const k = new KappaEstimator(20, 20, 1000);
    k.observe(0, -1);
    k.observe(0, Number.NaN);
    k.observe(0, Infinity);
    assert.deepEqual(k.value(0), 20);
    k.observe(0, 0.2);
    const snap = k.snapshot(0);
    const k2 = new KappaEstimator(20, 20, 1000);
    k2.restore(snap);
    assert.deepEqual(k2.value(0), k.value(0));
    // the gap since the snapshot decays the evidence
    close(k2.value(1000), (20 + Math.exp(-1)) / (1 + 0.2 * Math.exp(-1)), 1e-12);
  },
});
