import assert from "node:assert/strict";
import { type MarketEvent, MarketParser } from "../../lib/market/mod.ts";
import {
  eventLogLine,
  MarketChannel,
  normCdf,
  normInv,
  SCENARIO_NAMES,
  SCENARIOS,
  SimMarket,
} from "../../lib/sim/mod.ts";

const HOUR = 3_600_000;

function runLog(seed: number, startMs: number, slices: number[], scenario = SCENARIOS.e2): string {
  const m = new SimMarket({ scenario, seed, startMs });
  const lines: string[] = [];
  m.addListener((ev) => lines.push(eventLogLine(ev, m.startMs)));
  for (const s of slices) m.runUntil(startMs + s);
  return lines.join("\n");
}

Deno.test({
  name: "same seed → byte-identical event log, whatever the start time and the slicing",
  permissions: "none",
  fn() {
    const a = runLog(42, 1_800_000_000_000, [HOUR]);
    const b = runLog(42, 1_900_000_123_457, [1, 77_777, 1_000_000, HOUR]);
    assert.ok(a.length > 10_000);
    assert.equal(a, b);
    assert.notEqual(runLog(43, 1_800_000_000_000, [HOUR]), a);
  },
});

Deno.test({
  name: "every scenario trades, resolves per its truth, and keeps agents' balances whole",
  permissions: "none",
  fn() {
    for (const name of SCENARIO_NAMES) {
      const s = SCENARIOS[name];
      const m = new SimMarket({ scenario: s, seed: 5, startMs: 0 });
      let prints = 0;
      m.addListener((ev) => {
        if (ev.type === "print") prints++;
      });
      m.runUntil(s.runMs + 1);
      assert.ok(m.done, `${name} resolved`);
      const expected = m.eventMs !== Infinity ? 0 : m.truth.outcome === 1 ? 0 : 1;
      assert.equal(m.exchange.resolved, expected, `${name} winner`);
      if (m.eventMs !== Infinity) assert.equal(s.resolution, "anytime");
      assert.ok(prints > 100, `${name}: ${prints} prints`);
      const wallets = new Set(m.publicTrades.map((t) => t.proxyWallet));
      assert.ok(wallets.size > 10, `${name}: ${wallets.size} distinct traders`);
      for (const a of m.exchange.accounts.values()) {
        assert.ok(a.collateral >= 0 && a.yes >= 0 && a.no >= 0);
      }
    }
  },
});

Deno.test({
  name: "speed compresses market time: a 12-hour scenario resolves after 12 h / speed",
  permissions: "none",
  fn() {
    const m = new SimMarket({ scenario: SCENARIOS.e3, seed: 1, startMs: 0, speed: 60 });
    assert.equal(m.resolveMs, 12 * HOUR / 60);
    assert.equal(m.openMs, m.resolveMs - SCENARIOS.e3.lifeMs / 60);
    assert.equal(m.marketTime(60_000), HOUR);
    m.runUntil(m.resolveMs);
    assert.ok(m.done);
  },
});

Deno.test({
  name: "an empty market has no agents and waits for orders",
  permissions: "none",
  fn() {
    const m = new SimMarket({ scenario: SCENARIOS.e2, seed: 1, startMs: 0, agents: false });
    m.runUntil(HOUR);
    assert.equal(m.exchange.openOrders().length, 0);
    assert.ok(Number.isNaN(m.exchange.midPips()));
  },
});

Deno.test({
  name: "the truth starts at p0 and informed traders see the outcome coming",
  permissions: "none",
  fn() {
    for (const name of SCENARIO_NAMES) {
      const s = SCENARIOS[name];
      const m = new SimMarket({ scenario: s, seed: 9, startMs: 0, agents: false });
      if (s.resolution === "end" || s.barrier) {
        assert.ok(
          Math.abs(m.truth.publicValue(0) - s.p0) < 0.02,
          `${name} p0 ${m.truth.publicValue(0)}`,
        );
      }
      if (s.truthVolPerSqrtHour !== undefined) continue; // part of the outcome is revealed at T
      const late = m.truth.informedValue(s.runMs - 1, s.informedLeadMs);
      assert.ok(m.truth.outcome === 1 ? late > 0.5 : late < 0.5, `${name} late value ${late}`);
    }
  },
});

Deno.test({
  name: "end markets: the truth's volatility is the scenario's, early and late alike",
  permissions: "none",
  fn() {
    for (const name of SCENARIO_NAMES) {
      const s = { ...SCENARIOS[name], jumpsPerHour: 0, volRegimeSigma: 0 };
      if (s.truthVolPerSqrtHour === undefined) continue;
      const vols: number[] = [];
      for (const from of [0, s.runMs - 2 * HOUR - 60_000]) {
        let sum = 0;
        let n = 0;
        for (let seed = 1; seed <= 20; seed++) {
          const m = new SimMarket({ scenario: s, seed, startMs: 0, agents: false });
          for (let t = from; t < from + 2 * HOUR; t += 60_000) {
            sum += (m.truth.publicValue(t + 60_000) - m.truth.publicValue(t)) ** 2;
            n++;
          }
        }
        vols.push(Math.sqrt((sum / n) * 60)); // per √hour
      }
      const want = s.truthVolPerSqrtHour;
      for (const v of vols) {
        assert.ok(v > 0.6 * want && v < 1.4 * want, `${name}: ${vols} vs ${want} per √h`);
      }
    }
  },
});

Deno.test({
  name: "normal CDF and its inverse agree",
  permissions: "none",
  fn() {
    assert.ok(Math.abs(normCdf(0) - 0.5) < 1e-9);
    assert.ok(Math.abs(normCdf(1.959964) - 0.975) < 1e-6);
    for (const p of [0.001, 0.02, 0.3, 0.5, 0.8, 0.99]) {
      assert.ok(Math.abs(normCdf(normInv(p)) - p) < 1e-6, `${p}`);
    }
  },
});

Deno.test({
  name: "the channel's decoded levels and prints are what its frames parse to",
  permissions: "none",
  fn() {
    // a real epoch: the parser reads a small venue timestamp as seconds
    const t0 = 1_800_000_000_000;
    const m = new SimMarket({ scenario: SCENARIOS.e3, seed: 3, startMs: t0 });
    const channel = new MarketChannel(m.exchange, m.ids);
    const parser = new MarketParser();
    let books = 0;
    let prints = 0;
    m.addListener((ev) => {
      if (ev.type !== "book" && ev.type !== "print") return;
      const decoded = ev.type === "book" ? channel.levels(ev) : [channel.trade(ev)];
      if (ev.type === "book") books++;
      else prints++;
      const [frame] = channel.frames(ev, false);
      const parsed: MarketEvent[] = [];
      parser.parse(frame.text, ev.tMs, (e) => parsed.push(e));
      assert.deepEqual(decoded, parsed);
    });
    m.runUntil(t0 + 10 * 60_000);
    assert.ok(books > 100 && prints > 10, `${books} book events, ${prints} prints`);
  },
});
