/**
 * Analysis against the simulator's Gamma, CLOB and data-API endpoints, with
 * fixture markets beside the simulated one: a multi-market event, swapped
 * outcome order, missing fields, a closed market, a book not live yet.
 */

import assert from "node:assert/strict";
import {
  analysisText,
  AnalyzeError,
  analyzeMarket,
  ChooseMarketError,
  type Hosts,
  initConfig,
  parseReference,
  resolveMarket,
} from "../../lib/analyze/mod.ts";
import { parseConfig } from "../../lib/config/mod.ts";
import { runCli } from "../../lib/cli/mod.ts";
import { testContext } from "../cli/_ctx.ts";
import { GammaStore, type SimServer, startSimServer } from "../../lib/sim/mod.ts";
import { until } from "../_wait.ts";

const hex = (c: string) => "0x" + c.repeat(64);

function fixtureStore(sim: SimServer): GammaStore {
  const g = new GammaStore();
  const ids = sim.market.ids;
  const base = {
    enableOrderBook: true,
    acceptingOrders: true,
    active: true,
    closed: false,
    orderPriceMinTickSize: 0.01,
    orderMinSize: 5,
    startDate: "2026-10-01T00:00:00Z",
    endDate: "2027-03-01T00:00:00Z",
  };
  g.addEvent({
    id: "900",
    slug: "fed-december",
    title: "Fed decision in December",
    tags: [{ label: "Economy" }],
    markets: [
      {
        ...base,
        id: "901",
        slug: "fed-cuts-25",
        question: "Will the Fed cut rates by 25 bps in December?",
        conditionId: hex("1"),
        outcomes: JSON.stringify(["Yes", "No"]),
        clobTokenIds: JSON.stringify(["9011", "9012"]),
      },
      {
        ...base,
        id: "902",
        slug: "fed-swapped",
        question: "Will the Fed hold rates in December?",
        // the real simulated tokens, listed No first: mapping must follow outcomes
        conditionId: ids.conditionId,
        outcomes: JSON.stringify(["No", "Yes"]),
        clobTokenIds: JSON.stringify([ids.noTokenId, ids.yesTokenId]),
      },
    ],
  });
  g.addEvent({
    id: "910",
    slug: "old-question",
    markets: [{
      ...base,
      id: "911",
      slug: "old-question",
      question: "Was it resolved?",
      conditionId: hex("2"),
      closed: true,
      acceptingOrders: false,
      outcomes: '["Yes","No"]',
      clobTokenIds: '["9111","9112"]',
    }],
  });
  g.addEvent({
    id: "920",
    slug: "sparse",
    markets: [{
      id: "921",
      slug: "sparse",
      question: "Will the launch happen before launch day?",
      conditionId: hex("3"),
      outcomes: '["Yes","No"]',
      clobTokenIds: '["9211","9212"]',
    }],
  });
  g.addEvent({
    id: "930",
    slug: "lakers-celtics",
    markets: [{
      ...base,
      id: "931",
      slug: "lakers-celtics",
      question: "Lakers vs. Celtics",
      conditionId: hex("4"),
      outcomes: '["Lakers","Celtics"]',
      clobTokenIds: '["9311","9312"]',
    }],
  });
  return g;
}

async function withSim(fn: (sim: SimServer, hosts: Hosts) => Promise<void>) {
  const sim = await startSimServer({
    scenario: "e2",
    seed: 6,
    speed: 120,
    gamma: new GammaStore(),
  });
  const store = fixtureStore(sim);
  for (const e of store.events) sim.gamma.addEvent(e);
  // some trades and history (a few simulated minutes at 120×)
  await until("15 public trades", () => sim.market.publicTrades.length >= 15);
  try {
    await fn(sim, { gamma: sim.gammaUrl, clob: sim.url, data: sim.dataUrl });
  } finally {
    await sim.stop();
  }
}

Deno.test("analyze: the simulated market, by slug — tokens, book, traders, status and a config that validates", async () => {
  await withSim(async (sim, hosts) => {
    const m = await resolveMarket(parseReference("sim-e2"), hosts);
    assert.equal(m.yes.tokenId, sim.market.ids.yesTokenId);
    const a = await analyzeMarket(m, hosts, Date.now());
    assert.notEqual(a.status, "NO_DATA", a.reasons.join("; "));
    assert.ok(a.reasons.length > 0);
    assert.equal(a.tick, 0.01);
    assert.equal(a.minOrderSize, 5);
    assert.ok(a.metrics.bestBid > 0 && a.metrics.bestAsk > a.metrics.bestBid);
    assert.ok(a.metrics.distinctTraders > 0 && a.metrics.trades.count > 0);
    assert.ok(a.metrics.hoursToResolution > 0);
    const doc = initConfig(a, { bankrollUsdc: 250, hosts, wsUrl: sim.wsUrl });
    const cfg = parseConfig(doc);
    assert.equal(cfg.market.asset_id_yes, sim.market.ids.yesTokenId);
    assert.equal(cfg.market.resolve_ts_ms, sim.market.resolveMs);
    assert.equal(cfg.market.marchetype, a.suggestion.marchetype);
    assert.equal(cfg.risk.bankroll_B, 250);
    // the reward program as read at init, and the rewards mode (off by default)
    const p = sim.market.scenario.rewards;
    assert.match(
      String((doc.market as Record<string, unknown>)._rewards),
      new RegExp(`now ${p.dailyPoolUsdc} USDC/day within ${p.maxSpreadCents.toFixed(1)}¢`),
    );
    assert.equal(cfg.quote.rewards, "off");
    assert.match(
      String((doc.quote as Record<string, unknown>)._rewards),
      /USDC\/day from the book/,
    );
    // a bankroll whose q_max cannot rest the min incentive size is told so
    const need = a.rewards.estimate!.bankrollUsdc;
    const note = (b: number) =>
      String(
        (initConfig(a, { bankrollUsdc: b, hosts, wsUrl: sim.wsUrl }).quote as {
          _rewards: string;
        })._rewards,
      );
    assert.match(
      note(Math.floor(need) - 1),
      new RegExp(`at bankroll_B ${Math.floor(need) - 1} its q_max is below .* ${Math.round(need)}`),
    );
    assert.doesNotMatch(note(Math.ceil(need)), /q_max is below/);
    // and the report says what the rewards need, beside what they pay
    assert.match(
      analysisText(a),
      new RegExp(`resting them needs a bankroll of at least ${Math.round(need)} USDC now`),
    );
  });
});

Deno.test("init: an outcome of a neg-risk event gets its event in the portfolio section (the fleet's event cap)", async () => {
  const sim = await startSimServer({ scenario: "e2", seed: 6, agents: false, markets: 4 });
  try {
    const hosts = { gamma: sim.gammaUrl, clob: sim.url, data: sim.dataUrl };
    const outcome = sim.markets[2];
    const a = await analyzeMarket(
      await resolveMarket(parseReference(outcome.slug), hosts),
      hosts,
      Date.now(),
    );
    assert.equal(a.negRisk, true);
    assert.equal(a.negRiskEvent, outcome.event?.id);
    const cfg = parseConfig(initConfig(a, { bankrollUsdc: 250, hosts, wsUrl: sim.wsUrl }));
    assert.equal(cfg.portfolio.event, outcome.event?.id);
    assert.equal(cfg.portfolio.label, outcome.slug);
    assert.equal(cfg.portfolio.ledger, "none");
    // a market of its own has no event
    const own = await analyzeMarket(
      await resolveMarket(parseReference(sim.market.slug), hosts),
      hosts,
      Date.now(),
    );
    assert.equal(own.negRiskEvent, "");
  } finally {
    await sim.stop();
  }
});

Deno.test("analyze: a multi-market event lists its markets; a choice by number or slug; swapped outcomes", async () => {
  await withSim(async (sim, hosts) => {
    const ref = parseReference("https://polymarket.com/event/fed-december");
    await assert.rejects(resolveMarket(ref, hosts), (e: unknown) => {
      assert.ok(e instanceof ChooseMarketError);
      assert.deepEqual(e.choices.map((c) => c.slug), ["fed-cuts-25", "fed-swapped"]);
      return true;
    });
    const byNumber = await resolveMarket(ref, hosts, { market: "2" });
    const bySlug = await resolveMarket(
      parseReference("polymarket.com/event/fed-december/fed-swapped"),
      hosts,
    );
    for (const m of [byNumber, bySlug]) {
      assert.equal(m.slug, "fed-swapped");
      // outcomes are ["No","Yes"]: YES is the second token, never the first by position
      assert.deepEqual(m.yes, { tokenId: sim.market.ids.yesTokenId, outcome: "Yes" });
      assert.deepEqual(m.no, { tokenId: sim.market.ids.noTokenId, outcome: "No" });
    }
    await assert.rejects(
      resolveMarket(ref, hosts, { market: "nope" }),
      /has no market "nope"; it has: fed-cuts-25, fed-swapped/,
    );
  });
});

Deno.test("analyze: closed markets, books not live yet, missing fields, non-Yes/No outcomes", async () => {
  await withSim(async (_sim, hosts) => {
    const closed = await analyzeMarket(
      await resolveMarket(parseReference("old-question"), hosts),
      hosts,
      Date.now(),
    );
    assert.equal(closed.status, "NO_DATA");
    assert.ok(closed.reasons.includes("the market is closed"));

    const notLive = await analyzeMarket(
      await resolveMarket(parseReference("fed-december"), hosts, { market: "fed-cuts-25" }),
      hosts,
      Date.now(),
    );
    assert.equal(notLive.status, "NO_DATA");
    assert.deepEqual(notLive.reasons, ["the order book is not live yet"]);
    assert.ok(notLive.notes.some((n) => /no order book yet/.test(n)));

    const sparse = await analyzeMarket(
      await resolveMarket(parseReference(hex("3")), hosts),
      hosts,
      Date.now(),
    );
    assert.ok(sparse.notes.includes("no end date"), sparse.notes.join("; "));
    assert.ok(sparse.notes.includes("tick size unknown"));
    assert.throws(
      () => initConfig(sparse, { bankrollUsdc: 100, hosts, wsUrl: "ws://x" }),
      /--resolves/,
    );
    const doc = initConfig(sparse, {
      bankrollUsdc: 100,
      hosts,
      wsUrl: "ws://127.0.0.1:1",
      resolveMs: Date.parse("2027-06-01T00:00:00Z"),
    });
    assert.equal(parseConfig(doc).market.marchetype, sparse.suggestion.marchetype);

    await assert.rejects(
      resolveMarket(parseReference("lakers-celtics"), hosts),
      (e: unknown) =>
        e instanceof AnalyzeError &&
        /"Lakers" and "Celtics": say which one pm4 should call YES with --yes/.test(e.message),
    );
    const lc = await resolveMarket(parseReference("lakers-celtics"), hosts, {
      yesOutcome: "celtics",
    });
    assert.deepEqual([lc.yes.tokenId, lc.no.tokenId], ["9312", "9311"]);

    await assert.rejects(
      resolveMarket(parseReference("no-such-thing"), hosts),
      /no Polymarket market or event has the slug no-such-thing/,
    );
    await assert.rejects(
      resolveMarket(parseReference(hex("9")), hosts),
      /no Polymarket market has condition id/,
    );
  });
});

Deno.test("analyze: an unreachable host is one clear error", async () => {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  const dead = `http://127.0.0.1:${port}`;
  await assert.rejects(
    resolveMarket(parseReference("anything"), { gamma: dead, clob: dead, data: dead }),
    (e: unknown) =>
      e instanceof AnalyzeError && e.message.startsWith(`cannot reach ${dead}:`) &&
      !e.message.includes("\n"),
  );
});

Deno.test("analyze --rank: every market of the references, ranked by rewards + rebates per $ a day", async () => {
  await withSim(async (sim, hosts) => {
    const now = Date.now();
    const sim2 = await analyzeMarket(
      await resolveMarket(parseReference("sim-e2"), hosts),
      hosts,
      now,
    );
    // the simulated e2 market's program, as the venue publishes it
    const p = sim.market.scenario.rewards;
    assert.equal(sim2.rewards.dailyPoolUsdc, p.dailyPoolUsdc);
    assert.equal(sim2.rewards.maxSpreadCents, p.maxSpreadCents);
    assert.equal(sim2.rewards.minSize, p.minSizeShares);
    const e = sim2.rewards.estimate!;
    assert.ok(e.share > 0 && e.share < 1, `share ${e.share}`);
    assert.ok(Math.abs(e.rewardsPerDay - p.dailyPoolUsdc * e.share) < 1e-9);
    assert.equal(e.sizeShares, p.minSizeShares);
    // the bankroll whose q_max reaches the min size now, under the default time decay
    // (η 0.5, slippage buffer 0.1), and the yield per dollar of it
    const tf = Math.sqrt((sim2.endMs - now) / (sim2.endMs - sim2.startMs));
    const need = 2 * p.minSizeShares * 1.1 * Math.max(e.mid, 1 - e.mid) / tf;
    assert.ok(Math.abs(e.bankrollUsdc - need) < 1e-6 * need, `${e.bankrollUsdc} vs ${need}`);
    assert.ok(Math.abs(e.perDollarDay - (e.rewardsPerDay + e.rebatesPerDay) / need) < 1e-9);
    // the CLI: an event ranks all its markets; the simulated market (a program) first
    const { ctx, io } = testContext();
    const flags = ["--gamma-url", hosts.gamma, "--clob-url", hosts.clob, "--data-url", hosts.data];
    assert.equal(await runCli(["analyze", "--rank", "fed-december", "sim-e2", ...flags], ctx), 0);
    const table = io.stdout.join("\n").split("\n");
    assert.match(table[0], /^\| # \| market .*\| orders \$ \| bankroll \$ \| % a day \|/);
    // fed-swapped is the simulated market (named again as sim-e2: ranked once); fed-cuts-25
    // has no program: last, no estimate
    assert.equal(table.length, 4);
    assert.match(table[2], /^\| 1 +\| fed-swapped /);
    assert.match(table[3], /^\| 2 +\| fed-cuts-25 .*\| +– \|/);
    // the richest reward pools now, from the CLOB's list: the simulated market, named once
    const rewarded = testContext();
    assert.equal(
      await runCli(["analyze", "--rank", "--rewarded", "5", "sim-e2", ...flags], rewarded.ctx),
      0,
    );
    const rows = rewarded.io.stdout.join("\n").split("\n").slice(2);
    assert.equal(rows.length, 1);
    assert.match(rows[0], /^\| 1 +\| sim-e2 /);
    const bad = testContext();
    assert.equal(await runCli(["analyze", "--rewarded", "5", "sim-e2", ...flags], bad.ctx), 2);
    assert.match(bad.io.stderr.join("\n"), /--rewarded: only with --rank/);
    const json = testContext();
    assert.equal(await runCli(["analyze", "--rank", "--json", "sim-e2", ...flags], json.ctx), 0);
    const ranked = JSON.parse(json.io.stdout.join("\n"));
    assert.equal(ranked.length, 1);
    assert.equal(ranked[0].market.slug, "sim-e2");
    assert.ok(ranked[0].rewards.estimate.rewardsPerDay > 0);
  });
});
