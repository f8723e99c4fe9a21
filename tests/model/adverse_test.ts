import assert from "node:assert/strict";
import { AdverseMarkouts, type AdverseParams } from "../../lib/model/mod.ts";
import { close } from "./_fixtures.ts";

const P: AdverseParams = { horizonsMs: [60_000, 300_000], tauMs: 900_000, priorFills: 2 };

Deno.test({
  name: "adverse: a side's fills scored at each horizon, shrunk toward 0 by the prior",
  permissions: "none",
  fn() {
    const a = new AdverseMarkouts(P);
    a.onFill(0, 0, 1); // a bid filled at x = 0
    a.onFill(0, 0, 1);
    a.observe(30_000, -0.5); // no horizon yet
    assert.equal(a.value(1, 30_000), 0);
    a.observe(60_000, -0.1); // 60 s: both fills 0.1 against us
    // horizon 60 s: 2 · 0.1 / (2 + 2) = 0.05; horizon 300 s: nothing yet (0); mean 0.025
    close(a.value(1, 60_000), 0.025, 1e-15);
    assert.equal(a.value(-1, 60_000), 0, "the ask side has no fills");
    a.observe(300_000, 0.2); // 300 s: the price went our way: −0.2 each
    // the 60-s sums decayed by e^(−240/900) in the weights and the sums alike
    const d = Math.exp(-240 / 900);
    const h60 = 0.2 * d / (2 + 2 * d);
    const h300 = -0.4 / (2 + 2);
    close(a.value(1, 300_000), (h60 + h300) / 2, 1e-12);
  },
});

Deno.test({
  name: "adverse: an ask filled before a rise is adverse; weights fade with τ toward the prior",
  permissions: "none",
  fn() {
    const a = new AdverseMarkouts({ horizonsMs: [60_000], tauMs: 900_000, priorFills: 1 });
    for (let i = 0; i < 10; i++) a.onFill(i * 1000, 0, -1); // sold YES exposure at x = 0
    a.observe(120_000, 0.3); // rose 0.3: adverse for the asks
    const now = a.value(-1, 120_000);
    close(now, 3 / 11, 1e-12);
    // an hour later without fills the estimate shrinks toward 0 (the prior dominates)
    const later = a.value(-1, 120_000 + 3_600_000);
    const w = 10 * Math.exp(-4);
    close(later, 0.3 * w / (1 + w), 1e-12);
    assert.ok(later < now / 3);
  },
});

Deno.test({
  name: "adverse: a snapshot restores decayed over the gap; one of other horizons is ignored",
  permissions: "none",
  fn() {
    const a = new AdverseMarkouts(P);
    a.onFill(0, 0, 1);
    a.observe(60_000, -0.2);
    a.onFill(70_000, 0, 1); // waiting for its markouts: not persisted
    const snap = JSON.parse(JSON.stringify(a.snapshot(60_000)));
    const b = new AdverseMarkouts(P);
    b.restore(snap, 60_000 + 900_000);
    close(b.value(1, 60_000 + 900_000), a.value(1, 60_000 + 900_000), 1e-12);
    b.observe(2_000_000, 5); // nothing pending in the restored one: only the decay
    const d = Math.exp(-(2_000_000 - 60_000) / 900_000);
    close(b.value(1, 2_000_000), (0.2 * d / (2 + d) + 0) / 2, 1e-12);
    const other = new AdverseMarkouts({ ...P, horizonsMs: [60_000] });
    other.restore(snap, 60_000);
    assert.equal(other.value(1, 60_000), 0, "two horizons do not restore into one");
  },
});
