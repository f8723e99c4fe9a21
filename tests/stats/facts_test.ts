import assert from "node:assert/strict";
import { type BookTop, FactsCollector } from "../../lib/stats/mod.ts";

const MIN = 60_000;

function top(bidTicks: number, askTicks: number, over: Partial<BookTop> = {}): BookTop {
  return {
    bidPips: bidTicks * 100,
    askPips: askTicks * 100,
    bidSize: 100,
    askSize: 80,
    bidDepth3: 300,
    askDepth3: 200,
    tickPips: 100,
    ...over,
  };
}

Deno.test("spread and depth are weighted by time: 6 min at 1 tick, 4 min at 3 ticks", () => {
  const c = new FactsCollector();
  c.book("m", "yes", 0, top(49, 50));
  c.book("m", "yes", 6 * MIN, top(48, 51, { bidSize: 40, bidDepth3: 90 }));
  c.book("m", "yes", 10 * MIN, top(48, 51));
  const f = c.finish().facts;
  assert.equal(f.spread_1tick_pct.value, 60);
  assert.equal(f.spread_median_ticks.value, 1);
  assert.equal(f.spread_p90_ticks.value, 3);
  // sizes: bid 100 for 6 min, 40 for 4 min; ask 80 for 10 min → median 80
  assert.equal(f.best_size_median.value, 80);
  assert.equal(f.best_size_p10.value, 40);
  assert.equal(f.best_size_p90.value, 100);
  assert.equal(f.depth3_median.value, 200);
  // no trades: every trade fact is too thin to state
  assert.equal(f.trade_size_median.value, null);
  assert.equal(f.fano_1m.value, null);
});

Deno.test("prints of one taker in one instant are one arrival; token buys, clears, impact", () => {
  const c = new FactsCollector();
  c.book("m", "yes", 0, top(49, 50));
  let t = 1000;
  for (let i = 0; i < 40; i++) {
    // a YES buy of 60 + 30 shares (two prints) against 80 at the ask: it clears the level
    c.trade("m", "yes", t, true, 60);
    c.trade("m", "yes", t, true, 30);
    // the mid moves up 2 ticks 10 s later, back down after 60 s
    c.book("m", "yes", t + 10_000, top(51, 52));
    c.book("m", "yes", t + 61_000, top(49, 50));
    // a NO buy of 10 (a YES sell) against 100 at the YES bid, i.e. the NO ask
    c.book("m", "no", t + 62_000, top(50, 51, { askSize: 100 }));
    c.trade("m", "no", t + 63_000, true, 10);
    t += 200_000;
  }
  c.book("m", "yes", t + 100_000, top(49, 50));
  const f = c.finish();
  assert.equal(f.trades, 80);
  assert.equal(f.facts.token_buy_pct.value, 100);
  assert.equal(f.facts.clears_best_pct.value, 50);
  assert.equal(f.facts.trade_size_median.value, 10);
  assert.equal(f.facts.top10_volume_pct.value, 100 * (8 * 90) / (40 * 90 + 40 * 10));
  // the buys: +2 ticks at 60 s; the sells: mid unchanged at 49.5 → 0
  assert.equal(f.facts.impact_60s_ticks.value, 1);
});

Deno.test("arrivals per minute: Fano factor and inter-arrival CV by hand", () => {
  const c = new FactsCollector();
  c.book("m", "yes", 0, top(49, 50));
  // 20 minutes alternating 0 and 4 arrivals: mean 2, variance 4 → Fano 2
  for (let m = 0; m < 20; m++) {
    if (m % 2 === 1) {
      for (let k = 0; k < 4; k++) c.trade("m", "yes", m * MIN + k * 1000 + 1, k % 2 === 0, 10);
    }
  }
  c.book("m", "yes", 20 * MIN, top(49, 50));
  const f = c.finish().facts;
  assert.equal(f.fano_1m.value, 2);
  // gaps: 10 bursts of 3 × 1 s, 9 × 117 s between them
  const gaps = [...Array(10).fill([1000, 1000, 1000]).flat(), ...Array(9).fill(117_000)];
  const m = gaps.reduce((a, b) => a + b) / gaps.length;
  const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - m) ** 2, 0) / gaps.length);
  assert.ok(Math.abs(f.interarrival_cv.value! - sd / m) < 1e-12);
});

Deno.test("the 2-minute mid: unchanged share, kurtosis, jumps per hour, 10-min/2-min ratio", () => {
  const c = new FactsCollector();
  // mids in ticks at each 2-min mark: mostly flat, one 6-tick jump per 40 minutes
  const mids: number[] = [];
  let x = 50;
  for (let i = 0; i <= 120; i++) {
    if (i % 20 === 10) x += 6;
    else if (i % 20 === 0 && i > 0) x -= 6;
    else if (i % 5 === 2) x += 1;
    else if (i % 5 === 4) x -= 1;
    mids.push(x);
  }
  mids.forEach((m, i) => c.book("m", "yes", i * 2 * MIN, top(m, m + 1)));
  const f = c.finish().facts;
  // a 2-min mark samples the mid in force just before it: the last mark is the last input
  const seen = mids.slice(0, -1);
  const d = seen.slice(1).map((m, i) => m - seen[i]);
  const zeros = d.filter((v) => v === 0).length;
  assert.equal(f.mid2m_unchanged_pct.value, (100 * zeros) / d.length);
  const mean = d.reduce((a, b) => a + b) / d.length;
  const m2 = d.reduce((a, v) => a + (v - mean) ** 2, 0) / d.length;
  const m4 = d.reduce((a, v) => a + (v - mean) ** 4, 0) / d.length;
  assert.ok(Math.abs(f.mid2m_kurtosis.value! - m4 / (m2 * m2)) < 1e-9);
  const hours = (d.length * 2) / 60;
  const jumps = d.filter((v) => Math.abs(v) >= 5).length / hours;
  assert.ok(Math.abs(f.jumps5_per_hour.value! - jumps) < 1e-9);
  const d10: number[] = [];
  for (let i = 5; i < seen.length; i += 5) d10.push(seen[i] - seen[i - 5]);
  const sd = (xs: number[]) => {
    const mu = xs.reduce((a, b) => a + b) / xs.length;
    return Math.sqrt(xs.reduce((a, v) => a + (v - mu) ** 2, 0) / xs.length);
  };
  assert.ok(Math.abs(f.vol_ratio_10m_2m.value! - sd(d10) / sd(d)) < 1e-12);
});

Deno.test("book churn near the touch per traded share", () => {
  const c = new FactsCollector();
  c.book("m", "yes", 0, top(49, 50));
  for (let i = 1; i <= 50; i++) {
    c.book("m", "yes", i * 10_000, top(49, 50), 100);
    c.trade("m", "yes", i * 10_000 + 1, true, 5);
  }
  c.book("m", "yes", 600_000, top(49, 50));
  assert.equal(c.finish().facts.churn_per_traded.value, 20);
});

Deno.test("a tick change is no jump: mids stay in the market's first tick", () => {
  const c = new FactsCollector();
  for (let i = 0; i <= 60; i++) {
    const fine = i >= 30;
    // 0.98 / 0.99 throughout, on a 0.01 and then a 0.001 grid
    c.book("m", "yes", i * 2 * MIN, top(98, 99, fine ? { tickPips: 10 } : {}));
  }
  const f = c.finish().facts;
  assert.equal(f.mid2m_unchanged_pct.value, 100);
});
