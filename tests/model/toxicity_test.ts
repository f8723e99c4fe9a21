import assert from "node:assert/strict";
import { Toxicity } from "../../lib/model/mod.ts";
import { close, coin, T0, TOXICITY } from "./_fixtures.ts";

const P = TOXICITY;
const TICK = 0.04; // one 0.01 tick at p = 0.5, in logit units

Deno.test({
  name: "bias correction: the first sample's EMAs equal the return itself (no cold-start spike)",
  permissions: "none",
  fn() {
    const t = new Toxicity(P);
    t.observe(0, 0, TICK, 6);
    t.observe(5000, 0.1, TICK, 6);
    // m = α·0.1 and w = α after one step → m/w = 0.1 for every EMA
    close(t.fastAbs, 0.1, 1e-15);
    close(t.slowAbs, 0.1, 1e-15);
    close(t.fastRet, 0.1, 1e-15);
    // J = 0.1/0.1 = 1 → ln 1 = 0; no markouts → S = 0 → σ_raw = 1
    assert.deepEqual(t.sigmaRaw, 1);
    assert.deepEqual(t.sigma, 1);
  },
});

Deno.test({
  name: "samples only after dt_sample_s and rescales a late return by √(dt/Δt)",
  permissions: "none",
  fn() {
    const t = new Toxicity(P);
    t.observe(0, 0, TICK, 6);
    t.observe(4999, 0.5, TICK, 6); // too early: ignored
    assert.deepEqual(t.fastAbs, 0);
    t.observe(20_000, 0.2, TICK, 6);
    // Δt = 20 s: r = 0.2 · √(5/20) = 0.1
    close(t.fastAbs, 0.1, 1e-15);
  },
});

Deno.test({
  name: "a single tick after a quiet hour is not a shock",
  permissions: "none",
  fn() {
    const t = new Toxicity(P);
    let tMs = 0;
    for (let i = 0; i <= 720; i++, tMs += 5000) t.observe(tMs, 0, TICK, 6);
    for (let i = 0; i < 12; i++, tMs += 5000) {
      t.observe(tMs, TICK, TICK, 6);
      // a one-tick return is the grid's resolution: no variance beyond it, J = 0
      assert.deepEqual([t.shock, t.sigmaRaw, t.sigma], [0, 1, 1]);
    }
  },
});

Deno.test({
  name: "one-way informed flow raises σ; chop of the same size raises it less",
  permissions: "none",
  fn() {
    const run = (stepSign: (i: number) => number) => {
      const t = new Toxicity(P);
      let tMs = 0;
      let x = 0;
      for (let i = 0; i <= 360; i++, tMs += 5000) t.observe(tMs, x + (i % 2) * 0.005, TICK, 6);
      for (let i = 0; i < 12; i++) {
        tMs += 5000;
        x += 0.12 * stepSign(i);
        t.observe(tMs, x, TICK, 12);
      }
      return t;
    };
    const oneWay = run(() => 1);
    const chop = run((i) => (i % 2 === 0 ? 1 : -1));
    assert.ok(oneWay.direction > 0.9, `one-way D = ${oneWay.direction}`);
    assert.ok(chop.direction < 0.3, `chop D = ${chop.direction}`);
    assert.ok(oneWay.sigma > 1.5, `one-way σ = ${oneWay.sigma}`);
    assert.ok(oneWay.sigma <= P.sigmaMax);
    assert.ok(chop.sigma < oneWay.sigma, `chop σ ${chop.sigma} ≥ one-way σ ${oneWay.sigma}`);
    // intensity: 12 trades/min over a reference of 6 → I = 2
    assert.deepEqual(oneWay.intensity, 2);
  },
});

Deno.test({
  name: "markouts count adverse moves only, at both horizons",
  permissions: "none",
  fn() {
    const t = new Toxicity(P);
    t.observe(0, 0, TICK, 6);
    t.onFill(0, 0, 1); // bought YES exposure at x = 0
    t.observe(10_000, -0.3, TICK, 6); // 0.3 against us at h1
    // EMA_h1 = 0.2 · 0.3 = 0.06; tox = 0.5 · 0.06 = 0.03
    close(t.toxicityAt(10_000), 0.03, 1e-12);
    t.observe(60_000, -0.3, TICK, 6);
    // h2: decay of EMA_h1 by e^(−50/30), EMA_h2 = 0.06
    const d = Math.exp(-50 / 30);
    close(t.toxicityAt(60_000), 0.5 * 0.06 * d + 0.5 * 0.06, 1e-12);

    const good = new Toxicity(P);
    good.observe(0, 0, TICK, 6);
    good.onFill(0, 0, -1); // sold YES exposure, then the price falls: favourable
    good.observe(10_000, -0.3, TICK, 6);
    good.observe(60_000, -0.3, TICK, 6);
    assert.deepEqual(good.toxicityAt(60_000), 0);
  },
});

Deno.test({
  name: "markout toxicity decays with τ_fast even without fills",
  permissions: "none",
  fn() {
    const t = new Toxicity(P);
    t.observe(0, 0, TICK, 6);
    t.onFill(0, 0, 1);
    t.observe(10_000, -0.3, TICK, 6);
    close(t.toxicityAt(40_000), 0.03 * Math.exp(-1), 1e-12);
  },
});

Deno.test({
  name: "markout toxicity raises σ through Z",
  permissions: "none",
  fn() {
    const t = new Toxicity(P);
    let tMs = 0;
    for (let i = 0; i < 20; i++, tMs += 5000) t.observe(tMs, 0, TICK, 6);
    for (let i = 0; i < 20; i++) t.onFill(tMs, 0.5, 1); // bought far above the price
    for (let i = 0; i < 4; i++, tMs += 5000) t.observe(tMs, 0, TICK, 6);
    assert.ok(t.markoutScore > 0, "Z > 0");
    assert.ok(t.sigma > 1, `σ = ${t.sigma}`);
  },
});

Deno.test({
  name:
    "a restored calibration keeps its estimates, loses weight over the gap, and takes no return across it",
  permissions: "none",
  fn() {
    const t = new Toxicity(P);
    t.observe(0, 0, TICK, 6);
    t.observe(5000, 0.1, TICK, 6);
    t.sigma = 2;
    const snap = t.snapshot(5000);
    const r = new Toxicity(P);
    r.restore(snap, 5000 + 30_000);
    close(r.fastAbs, 0.1, 1e-15); // value kept …
    close(snap.absFastW * Math.exp(-1), (r.snapshot(35_000)).absFastW, 1e-15); // … weight decayed by e^−1
    // σ relaxes toward 1 with τ_down = 90 s: 1 + 1 · e^(−30/90)
    close(r.sigma, 1 + Math.exp(-30 / 90), 1e-12);
    // a 6-hour gap: the next price is a new start, not a return
    const far = new Toxicity(P);
    far.restore(snap, 5000 + 6 * 3_600_000);
    far.observe(5000 + 6 * 3_600_000 + 5000, 5, TICK, 6);
    close(far.fastAbs, 0.1, 1e-6); // the jump to 5 was not taken as a return
  },
});

Deno.test({
  name: "a full markout queue scores the oldest fill instead of dropping it",
  permissions: "none",
  fn() {
    const t = new Toxicity(P);
    t.observe(0, -1, TICK, 6);
    for (let i = 0; i < 600; i++) t.onFill(1, 0, 1);
    // the 88 oldest were scored at x = −1 (adverse 1 each) when the queue filled
    assert.ok(t.toxicityAt(1) > 0);
  },
});

/** Ticks at p = 0.30, in logit units: 0.01 / (0.3 · 0.7). */
const TICK30 = 0.01 / 0.21;

/**
 * Two hours of chop at p = 0.30 (a tick up and back 30 s later, every
 * minute), sampled every 5 s; returns the estimator and the time reached.
 */
function afterChop(): { t: Toxicity; tMs: number; maxSigma: number } {
  const t = new Toxicity(P);
  let maxSigma = 0;
  let tMs = 0;
  for (; tMs < 2 * 3_600_000; tMs += 5000) {
    t.observe(tMs, (tMs % 60_000 < 30_000 ? 1 : 0) * TICK30, TICK30, 6);
    if (tMs > 3_600_000) maxSigma = Math.max(maxSigma, t.sigma);
  }
  return { t, tMs, maxSigma };
}

Deno.test({
  name: "σ: chop leaves σ at 1",
  permissions: "none",
  fn() {
    const { maxSigma } = afterChop();
    assert.ok(maxSigma < 1.05, `σ max ${maxSigma} in the second hour of chop`);
  },
});

Deno.test({
  name: "σ: a one-way drift of 3 ticks a minute raises σ past 1.5 within 2 minutes",
  permissions: "none",
  fn() {
    const { t, tMs: t0 } = afterChop();
    // +1 tick every 20 s, on the grid as the book moves
    for (let tMs = t0; tMs <= t0 + 120_000; tMs += 5000) {
      t.observe(tMs, Math.floor((tMs - t0) / 20_000) * TICK30, TICK30, 6);
    }
    assert.ok(t.sigma > 1.5, `σ ${t.sigma} after 2 minutes of drift`);
    assert.ok(t.direction > 0.9);
    // the fast span is τ_fast (30 s): a drift of a tick per span or slower moves the price by
    // no more than the grid's resolution within it and is not told from chop; faster, σ rises
    const rise = (ticksPerMin: number) => {
      const c = afterChop();
      for (let tMs = c.tMs; tMs <= c.tMs + 120_000; tMs += 5000) {
        const ticks = Math.floor((tMs - c.tMs) * ticksPerMin / 60_000);
        c.t.observe(tMs, ticks * TICK30, TICK30, 6);
      }
      return c.t.sigma;
    };
    assert.equal(rise(2), 1);
    assert.ok(rise(4) > 1.5 && rise(6) >= rise(4), `4: ${rise(4)}, 6: ${rise(6)}`);
  },
});

Deno.test({
  name: "σ: a single 5-tick jump raises σ, which then decays with τ_down",
  permissions: "none",
  fn() {
    const { t, tMs: t0 } = afterChop();
    let peak = 1;
    let peakMs = t0;
    let tMs = t0;
    for (; tMs <= t0 + 60_000; tMs += 5000) {
      t.observe(tMs, 5 * TICK30, TICK30, 6);
      if (t.sigma > peak) [peak, peakMs] = [t.sigma, tMs];
    }
    assert.ok(peak > 1.5, `peak σ ${peak}`);
    // the fast variance fades; once σ_raw is back at 1, σ − 1 falls by e^(−Δt/τ_down)
    for (; t.sigmaRaw > 1; tMs += 5000) t.observe(tMs, 5 * TICK30, TICK30, 6);
    const from = t.sigma;
    assert.ok(from > 1 && tMs > peakMs);
    for (let k = 0; k < 18; k++, tMs += 5000) t.observe(tMs, 5 * TICK30, TICK30, 6);
    // 18 samples of 5 s = 90 s = τ_down
    close(t.sigma - 1, (from - 1) * Math.exp(-1), 1e-9);
  },
});

Deno.test({
  name: "σ: a snapshot from before the variance rates restores (the rates start afresh)",
  permissions: "none",
  fn() {
    const t = new Toxicity(P);
    t.observe(0, 0, TICK, 6);
    t.observe(5000, 0.1, TICK, 6);
    const snap = t.snapshot(5000) as unknown as Record<string, unknown>;
    delete snap.varRate;
    const r = new Toxicity(P);
    r.restore(snap as unknown as ReturnType<Toxicity["snapshot"]>, 10_000);
    assert.deepEqual([r.fastVar, r.slowVar], [0, 0]);
    r.observe(15_000, 0.1, TICK, 6);
    r.observe(20_000, 0.3, TICK, 6);
    assert.ok(Number.isFinite(r.sigma) && r.fastVar > 0);
  },
});

Deno.test({
  name: "risk variance V_H: the variance of x over the horizon, from whole-horizon returns only",
  permissions: "none",
  fn() {
    // a one-way drift of 0.01 logit per 5-s sample: over H = 540 s the return is 1.08
    const t = new Toxicity(P);
    let x = 0;
    for (let i = 0; i <= 108; i++) {
      t.observe(T0 + i * 5000, x, TICK, 0);
      // no return spans the whole horizon before the 109th sample
      if (i < 108) assert.equal(t.riskVar, 0);
      x += 0.01;
    }
    close(t.riskVar, 1.08 * 1.08, 1e-9);
    // a flat price: the returns over H shrink to 0 as the drift leaves the
    // horizon, and V_H falls toward them with τ_slow — not at once
    const before = t.riskVar;
    for (let i = 109; i < 109 + 360; i++) t.observe(T0 + i * 5000, x, TICK, 0);
    assert.ok(t.riskVar < before && t.riskVar > 0, `${t.riskVar} vs ${before}`);
    // persisted with the calibration, and decayed by the gap like the other slow EMAs
    const snap = t.snapshot(T0 + 469 * 5000);
    const u = new Toxicity(P);
    u.restore(snap, snap.tMs);
    close(u.riskVar, t.riskVar, 1e-12);
    // a snapshot from before V_H starts it at 0; H = 0 never measures it
    const old = new Toxicity(P);
    old.restore({ ...snap, riskVar: undefined }, snap.tMs);
    assert.equal(old.riskVar, 0);
    const off = new Toxicity({ ...P, riskHorizonMs: 0 });
    for (let i = 0; i < 300; i++) off.observe(T0 + i * 5000, i * 0.01, TICK, 0);
    assert.equal(off.riskVar, 0);
  },
});

Deno.test({
  name: "risk variance V_H of a random walk: about its variance over H, at any sampling interval",
  permissions: "none",
  fn() {
    // ±0.02 per 5-s step: 108 steps per 540 s → variance 108 · 0.0004 = 0.0432
    const flip = coin(7);
    for (const dt of [5000, 2000]) {
      const t = new Toxicity({ ...P, dtSampleMs: dt, tauSlowMs: 6 * 3_600_000 });
      let x = 0;
      const step = 0.02 * Math.sqrt(dt / 5000);
      for (let i = 0; i < (48 * 3_600_000) / dt; i++) {
        t.observe(T0 + i * dt, x, TICK, 0);
        x += flip() ? step : -step;
      }
      assert.ok(Math.abs(t.riskVar / 0.0432 - 1) < 0.35, `dt ${dt}: ${t.riskVar}`);
    }
  },
});
