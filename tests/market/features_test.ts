import assert from "node:assert/strict";
import fc from "fast-check";
import {
  consolidatedTop,
  CrowdCounter,
  emptyTop,
  MarketFeatures,
  MarketFeed,
  microE8,
  midE8,
  parsePublicTrades,
  publicTop,
  TradeRate,
  yesNoGapPips,
} from "../../lib/market/mod.ts";
import * as F from "../fixtures/market_frames.ts";

function feed(): MarketFeed {
  const f = new MarketFeed(F.YES, F.NO);
  f.ingest(F.INITIAL_DUMP, 1);
  return f;
}

Deno.test({
  name: "the top consolidates the NO book: its asks are YES bids at 1 − p",
  permissions: "none",
  fn() {
    const f = feed();
    const top = emptyTop();
    // YES 0.50 × 15 / 0.52 × 25; NO 0.48 / 0.50 → YES-equivalent 0.50 / 0.52: the same
    // liquidity listed twice (the books mirror one unified book), not added
    assert.ok(consolidatedTop(f.yes, f.no, top));
    assert.deepEqual(top, {
      bidPips: 5000,
      askPips: 5200,
      bidSizeMicro: 15e6,
      askSizeMicro: 25e6,
    });
    // a better NO ask (0.49 → YES bid 0.51) wins
    f.ingest(F.PRICE_CHANGE_MIXED.replace('"best_bid":"0.51"', '"best_bid":"0.51"'), 2);
    consolidatedTop(f.yes, f.no, top);
    assert.equal(top.bidPips, 5100);
  },
});

Deno.test({
  name: "mid and microprice as exact 1e-8 integers",
  permissions: "none",
  fn() {
    const top = { bidPips: 5000, askPips: 5200, bidSizeMicro: 30e6, askSizeMicro: 10e6 };
    // mid (0.50 + 0.52)/2 = 0.51 → 51,000,000
    assert.equal(midE8(top), 51_000_000);
    // micro = (0.50·10 + 0.52·30)/40 = 0.515 → 51,500,000 (the heavy bid pulls toward the ask)
    assert.equal(microE8(top), 51_500_000);
    assert.equal(microE8({ ...top, bidSizeMicro: 0, askSizeMicro: 0 }), 51_000_000);
  },
});

Deno.test({
  name: "YES/NO consistency is reported as a gap in pips",
  permissions: "none",
  fn() {
    const f = feed();
    // mid YES 0.51, mid NO 0.49 → 0
    assert.equal(yesNoGapPips(f.yes, f.no), 0);
    f.ingest(F.PRICE_CHANGE_MIXED, 2); // YES mid 0.515, NO mid 0.485
    assert.equal(yesNoGapPips(f.yes, f.no), 0);
    assert.ok(Number.isNaN(yesNoGapPips(new MarketFeed("a", "b").yes, f.no)));
  },
});

Deno.test({
  name: "trade rate counts the trailing window and is bounded",
  permissions: "none",
  fn() {
    const r = new TradeRate(60_000, 4);
    for (const t of [1000, 2000, 3000]) r.record(t);
    assert.equal(r.perMinute(3000), 3);
    assert.equal(r.perMinute(61_500), 2); // the one at 1000 left the window
    for (let t = 0; t < 10; t++) r.record(62_000 + t);
    assert.equal(r.perMinute(62_100), 4); // saturates at capacity
  },
});

Deno.test({
  name: "the crowd counts distinct wallets in the window, case-insensitively, and stays bounded",
  permissions: "none",
  fn() {
    const c = new CrowdCounter(1000, 3);
    c.observe("0xA", 0);
    c.observe("0xa", 100);
    c.observe("0xB", 200);
    assert.equal(c.count(200), 2);
    assert.equal(c.count(1150), 1); // 0xa last seen at 100 left the window
    c.observe("0xC", 1200);
    c.observe("0xD", 1300);
    c.observe("0xE", 1400);
    assert.equal(c.count(1400), 3);
    c.observe("", 1500);
    assert.equal(c.count(1500), 3);
  },
});

Deno.test({
  name: "the crowd U does not depend on the order trades arrive in (the data API is newest-first)",
  permissions: "none",
  fn() {
    // 3 wallets in the window, 3 outside it; every permutation of the arrival order
    const trades: [string, number][] = [
      ["0xold1", 100],
      ["0xold2", 200],
      ["0xold3", 300],
      ["0xnew1", 5_100],
      ["0xnew2", 5_200],
      ["0xnew3", 5_300],
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(trades, { minLength: 6, maxLength: 6 }), (order) => {
        const c = new CrowdCounter(1000);
        for (const [w, t] of order) c.observe(w, t);
        assert.equal(c.count(5_500), 3);
        // a newer trade of an old wallet brings it back; re-observing is idempotent
        for (const [w, t] of order) c.observe(w, t);
        c.observe("0xOLD1", 5_400);
        assert.equal(c.count(5_500), 4);
      }),
      { numRuns: 200 },
    );
    // newest-first, as a poll answers, with the bound on wallets remembered
    const b = new CrowdCounter(10_000, 2);
    for (const [w, t] of [...trades].reverse()) b.observe(w, t);
    assert.equal(b.count(5_500), 2, "the two newest kept");
  },
});

Deno.test({
  name: "public trades parse from the data API shape; bad records are counted",
  permissions: "none",
  fn() {
    const { trades, skipped } = parsePublicTrades([
      {
        proxyWallet: "0xabc",
        side: "BUY",
        size: 12.5,
        price: 0.41,
        timestamp: 1_760_000_000,
        asset: F.YES,
      },
      { proxyWallet: "0xdef", side: "sell", size: "3", price: "0.6", timestamp: 1_760_000_001_000 },
      { proxyWallet: "", side: "BUY", size: 1, price: 0.5, timestamp: 1 },
      { proxyWallet: "0x1", side: "HOLD", size: 1, price: 0.5, timestamp: 1 },
      null,
    ]);
    assert.deepEqual(trades, [
      {
        wallet: "0xabc",
        side: "buy",
        sizeMicro: 12_500_000,
        pricePips: 4100,
        tMs: 1_760_000_000_000,
        assetId: F.YES,
      },
      {
        wallet: "0xdef",
        side: "sell",
        sizeMicro: 3_000_000,
        pricePips: 6000,
        tMs: 1_760_000_001_000,
        assetId: "",
      },
    ]);
    assert.equal(skipped, 3);
    assert.deepEqual(parsePublicTrades({ error: "x" }), { trades: [], skipped: 1 });
  },
});

Deno.test({
  name: "trade prints feed κ per side and the flow F in YES terms; NO trades are mirrored",
  permissions: "none",
  fn() {
    const feats = new MarketFeatures(F.YES, {
      rateWindowMs: 60_000,
      kappa0: 20,
      kappaPriorN: 0,
      kappaTauMs: 1e12,
      crowdWindowMs: 86_400_000,
      flowTauMs: 1e12,
      flowPriorShares: 1,
    });
    const base = {
      kind: "trade" as const,
      market: F.M,
      tMs: 1000,
      rxMs: 1000,
      sizeMicro: 1e6,
      feeRateBps: 0,
    };
    // taker buys YES at 0.52 with the reference at 0.50: ask side, distance logit(0.52) = 0.0800427
    feats.onTrade({ ...base, assetId: F.YES, pricePips: 5200, takerSide: "buy" }, 50_000_000);
    // taker buys NO at 0.52 = sells YES at 0.48: bid side, same distance
    feats.onTrade({ ...base, assetId: F.NO, pricePips: 5200, takerSide: "buy" }, 50_000_000);
    const d = Math.log(0.52 / 0.48);
    assert.ok(Math.abs(feats.kappaAsk.value(1000) - 1 / d) < 1e-9);
    assert.ok(Math.abs(feats.kappaBid.value(1000) - 1 / d) < 1e-9);
    assert.equal(feats.buyRate.perMinute(1000), 1);
    assert.equal(feats.sellRate.perMinute(1000), 1);
    assert.equal(feats.tradeRatePerMin(1000), 2);
    // one share bought YES, one sold in YES terms (a NO buy), over a prior of one share
    assert.equal(feats.flow.value(1000), 0);
    feats.onTrade({ ...base, assetId: F.NO, pricePips: 4000, takerSide: "sell" }, 0);
    assert.equal(feats.flow.value(1000), 1 / 4, "a taker selling NO buys YES");
    // without a reference price only the rate and the flow count
    feats.onTrade({ ...base, assetId: F.YES, pricePips: 9000, takerSide: "buy" }, 0);
    assert.ok(Math.abs(feats.kappaAsk.value(1000) - 1 / d) < 1e-9);
  },
});

Deno.test({
  name: "the public top leaves our own orders out: reduced levels, skipped levels, mirrored NO",
  permissions: "none",
  fn() {
    const f = feed();
    const top = emptyTop();
    // YES bids 0.50 × 15, 0.49 × 20; asks 0.52 × 25, 0.53 × 60
    const own = { bid: new Map([[5000, 15e6]]), ask: new Map([[5200, 5e6]]) };
    assert.ok(publicTop(f.yes, f.no, own, top));
    assert.deepEqual(top, { bidPips: 4900, askPips: 5200, bidSizeMicro: 20e6, askSizeMicro: 20e6 });
    // nothing of ours: the consolidated top
    assert.ok(publicTop(f.yes, f.no, { bid: new Map(), ask: new Map() }, top));
    assert.equal(top.bidPips, 5000);
    // the YES book gone: read the NO book mirrored (NO asks 0.50, 0.51 → YES bids 0.50, 0.49)
    f.yes.clear();
    f.yes.status = "empty";
    assert.ok(publicTop(f.yes, f.no, own, top));
    assert.equal(top.bidPips, 4900);
    assert.equal(top.askPips, 5200);
  },
});
