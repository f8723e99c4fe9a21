import assert from "node:assert/strict";
import { clip, logit, logOdds, sigmoid } from "../../lib/model/mod.ts";
import { close } from "./_fixtures.ts";

Deno.test({
  name: "logit of 0.5 is 0 and of 0.8 is ln 4",
  permissions: "none",
  fn() {
    assert.deepEqual(logit(0.5), 0);
    // 0.8 / 0.2 = 4 → ln 4 = 1.3862943611198906
    close(logit(0.8), 1.3862943611198906, 1e-15);
    close(logOdds(0.8, 0.2), Math.log(4), 1e-15);
  },
});

Deno.test({
  name: "sigmoid inverts logit: sigmoid(ln 3) = 0.75",
  permissions: "none",
  fn() {
    // 1 / (1 + 1/3) = 0.75
    close(sigmoid(Math.log(3)), 0.75, 1e-15);
    for (const p of [0.01, 0.2, 0.5, 0.77, 0.999]) close(sigmoid(logit(p)), p, 1e-12);
  },
});

Deno.test({
  name: "clip keeps values inside the range and lets lo win when bounds cross",
  permissions: "none",
  fn() {
    assert.deepEqual(clip(5, 0, 1), 1);
    assert.deepEqual(clip(-5, 0, 1), 0);
    assert.deepEqual(clip(0.3, 0, 1), 0.3);
    assert.deepEqual(clip(5, 2, 1), 2);
    assert.deepEqual(clip(-5, 2, 1), 2);
  },
});
