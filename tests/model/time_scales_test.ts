import assert from "node:assert/strict";
import { TimeScales, Toxicity, type ToxicityParams } from "../../lib/model/mod.ts";
import { close, coin, T0, TOXICITY } from "./_fixtures.ts";

const DT = 5000;
const PARAMS = { dtMs: DT, windowMs: 4 * 3_600_000, refMs: 30_000, minFactor: 0.5, maxFactor: 4 };

/**
 * Bursts of activity: `on` samples that each move the price by 0.01 (up and
 * down in turn, so it does not drift), then `off` still samples.
 */
function bursts(t: { observe(tMs: number, x: number): void }, on: number, off: number, n: number) {
  let x = 0;
  let dir = 1;
  for (let i = 0; i < n; i++) {
    if (i % (on + off) < on) x += 0.01 * dir;
    else if (i % (on + off) === on) dir = -dir;
    t.observe(T0 + i * DT, x);
  }
}

Deno.test({
  name: "time scales: the clustering half-life of a square wave of activity, by hand",
  permissions: "none",
  fn() {
    // |r| is 0.01 for 32 samples, 0 for 32: ρ(L) = 1 − 2L/32 for L ≤ 32, so
    // ρ(2) = 0.875, ρ(4) = 0.75, ρ(8) = 0.5, ρ(16) = 0; half of ρ(2) is
    // 0.4375, between lags 8 and 16: log2-lag 3 + (0.5 − 0.4375)/0.5 = 3.125,
    // H = 2^3.125 samples · 5 s = 43.6 s, factor 43.6/30 = 1.45
    const ts = new TimeScales(PARAMS);
    bursts(ts, 32, 32, 20_000);
    close(ts.autocorrelation(1), 0.875, 0.01);
    close(ts.autocorrelation(2), 0.75, 0.01);
    close(ts.autocorrelation(3), 0.5, 0.01);
    close(ts.autocorrelation(4), 0, 0.01);
    const h = 2 ** 3.125 * DT;
    close(ts.halfLifeMs / h, 1, 0.02);
    close(ts.factor, h / 30_000, 0.03);
  },
});

Deno.test({
  name:
    "time scales: no clustering (independent moves) or too few moves keep the configured scales",
  permissions: "none",
  fn() {
    const flip = coin(11);
    const ts = new TimeScales(PARAMS);
    let x = 0;
    for (let i = 0; i < 20_000; i++) {
      if (flip()) x += flip() ? 0.01 : -0.01;
      ts.observe(T0 + i * DT, x);
    }
    assert.ok(Math.abs(ts.autocorrelation(1)) < 0.05, `ρ(2) ${ts.autocorrelation(1)}`);
    assert.equal(ts.factor, 1);
    assert.ok(Number.isNaN(ts.halfLifeMs));
    // clustered, but only 40 samples with a move: not yet trusted
    const few = new TimeScales(PARAMS);
    bursts(few, 10, 200, 800);
    assert.equal(few.factor, 1);
    // a still price: no variance at all
    const still = new TimeScales(PARAMS);
    for (let i = 0; i < 1000; i++) still.observe(T0 + i * DT, 0.3);
    assert.ok(Number.isNaN(still.autocorrelation(0)));
    assert.equal(still.factor, 1);
  },
});

Deno.test({
  name: "time scales: the factor stays within its bounds; samples come on the fixed clock only",
  permissions: "none",
  fn() {
    // bursts far longer than the longest lag: H is at least 256 samples (21 min) → the cap
    const long = new TimeScales(PARAMS);
    bursts(long, 2000, 2000, 40_000);
    close(long.halfLifeMs, 256 * DT, 1e-9);
    assert.equal(long.factor, 4);
    // the same 43.6 s against a 10-minute reference → the floor
    const short = new TimeScales({ ...PARAMS, refMs: 600_000 });
    bursts(short, 32, 32, 20_000);
    assert.equal(short.factor, 0.5);
    // observations between samples are ignored: feeding every second gives the same moments
    const a = new TimeScales(PARAMS);
    const b = new TimeScales(PARAMS);
    let x = 0;
    for (let i = 0; i < 5000; i++) {
      if (i % 64 < 32) x += i % 128 < 64 ? 0.01 : -0.01;
      a.observe(T0 + i * DT, x);
      for (let s = 0; s < 5; s++) b.observe(T0 + i * DT + s * 1000, x);
    }
    assert.deepEqual(b.snapshot(0).moments, a.snapshot(0).moments);
  },
});

Deno.test({
  name:
    "time scales: a lag is its samples' mean spacing; a gap (a disconnect, minute bars) is skipped",
  permissions: "none",
  fn() {
    // the same square wave sampled every 7 s (the first price at least 5 s
    // after the last comes 7 s after it): the same ρ per lag, H 7/5 as long
    const slow = new TimeScales(PARAMS);
    bursts({ observe: (tMs, x) => slow.observe(T0 + (tMs - T0) / DT * 7000, x) }, 32, 32, 20_000);
    close(slow.halfLifeMs, 2 ** 3.125 * 7000, 0.02 * 2 ** 3.125 * 7000);
    // minute bars (a warm start's history) are gaps: nothing is measured from them
    const bars = new TimeScales(PARAMS);
    let x = 0;
    for (let i = 0; i < 600; i++) bars.observe(T0 + i * 60_000, x += i % 3 === 0 ? 0.02 : 0);
    assert.deepEqual(bars.snapshot(0).moments, [0, 0, 0, 0, 0]);
    // a 10-minute silence inside a measured market: the moments keep their
    // weight, and the first return after it is not taken across it
    const ts = new TimeScales(PARAMS);
    bursts(ts, 32, 32, 10_000);
    const before = ts.snapshot(0).moments;
    const end = T0 + 10_000 * DT;
    ts.observe(end + 600_000, 5);
    assert.deepEqual(ts.snapshot(0).moments, before);
    ts.observe(end + 605_000, 5.01);
    assert.notDeepEqual(ts.snapshot(0).moments, before);
  },
});

Deno.test({
  name: "time scales: persisted — a restore resumes the factor; a damaged snapshot starts afresh",
  permissions: "none",
  fn() {
    const ts = new TimeScales(PARAMS);
    bursts(ts, 32, 32, 20_000);
    const snap = JSON.parse(JSON.stringify(ts.snapshot(T0 + 20_000 * DT)));
    const r = new TimeScales(PARAMS);
    r.restore(snap, T0 + 20_000 * DT + 3_600_000);
    assert.equal(r.factor, ts.factor);
    // no lag reaches across the gap: the first sample after it only sets the price
    r.observe(T0 + 20_000 * DT + 3_600_000 + DT, 0.5);
    assert.equal(r.factor, ts.factor);
    for (
      const bad of [{ ...snap, moments: [1, 2] }, { ...snap, cross: "x" }, {
        ...snap,
        moments: [NaN, 0, 0, 0, 0],
      }]
    ) {
      const f = new TimeScales(PARAMS);
      f.restore(bad, T0);
      assert.equal(f.factor, 1);
      assert.deepEqual(f.snapshot(T0).moments, [0, 0, 0, 0, 0]);
    }
  },
});

const TOX: ToxicityParams = {
  ...TOXICITY,
  timeScales: { windowMs: 4 * 3_600_000, minFactor: 0.5, maxFactor: 4 },
};

Deno.test({
  name: "σ with adaptive time scales: τ_fast and the markout horizons follow the factor, persisted",
  permissions: "none",
  fn() {
    const t = new Toxicity(TOX);
    const tick = 0.04;
    bursts({ observe: (tMs, x) => t.observe(tMs, x, tick, 6) }, 32, 32, 20_000);
    const f = t.timeFactor;
    close(f, 2 ** 3.125 * DT / 30_000, 0.03);
    close(t.tauFast, 30_000 * f, 1e-9);
    // a fill is scored at h1 · f (14.5 s), not at the configured 10 s (the
    // jump moves the measurement a little: f is what it was)
    const tMs = T0 + 20_000 * DT;
    const x = 0;
    t.observe(tMs, x, tick, 6);
    t.onFill(tMs, x, 1);
    t.observe(tMs + 10_000, x - 1, tick, 6);
    assert.equal(t.toxicityAt(tMs + 10_000), 0);
    t.observe(tMs + 15_000, x - 1, tick, 6);
    assert.ok(t.toxicityAt(tMs + 15_000) > 0);
    // the calibration file carries the measurement; a fixed estimator has none
    const snap = t.snapshot(tMs + 15_000);
    assert.ok(snap.timeScales !== undefined);
    const r = new Toxicity(TOX);
    r.restore(snap, tMs + 60_000);
    assert.equal(r.timeFactor, t.timeFactor);
    assert.equal(r.tauFast, t.tauFast);
    const fixed = new Toxicity({ ...TOX, timeScales: null });
    assert.equal(fixed.timeFactor, 1);
    fixed.restore(snap, tMs + 60_000);
    assert.equal(fixed.tauFast, 30_000);
    assert.equal(fixed.snapshot(tMs).timeScales, undefined);
  },
});
