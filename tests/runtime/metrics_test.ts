import assert from "node:assert/strict";
import { type MetricsSnapshot, renderMetrics, serveMetrics } from "../../lib/runtime/mod.ts";

function snapshot(over: Partial<MetricsSnapshot> = {}): MetricsSnapshot {
  return {
    info: {
      market: "m1",
      condition_id: "0xabc",
      mode: "paper",
      version: "0.1.0",
      run: 'r"1\\x\ny',
    },
    status: {
      state: "paused",
      reason: "stale data",
      p: 0.42,
      bid: 0.41,
      ask: Number.NaN,
      q: -12.5,
      pnlUsdc: 10,
      sigma: 1.25,
      timeFactor: 1.5,
      lambda: 2,
      gamma: 0.5,
      orders: 3,
      fills: 7,
      races: 2,
      rewards: null,
      rewardsVenue: null,
    },
    yesShares: 0,
    noShares: 12.5,
    cashUsdc: 990.25,
    peakPnlUsdc: 12.5,
    errorStreak: 2,
    orders: { placed: 9, rejected: 1 },
    errors: { place: 1, rest_orders: 4 },
    reconnects: { market: 2 },
    feedAgeS: Number.POSITIVE_INFINITY,
    feedLagS: -0.25,
    feedSkips: { frames: 100, events: 240, skipped_json: 3, anomaly_crossed: 1 },
    uptimeS: 61,
    ...over,
  };
}

/**
 * Metric lines (not comments) as name{labels} → value text, without the
 * `market` label every sample carries (checked here).
 */
function samples(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const l of text.split("\n")) {
    if (l === "" || l.startsWith("#")) continue;
    const cut = l.lastIndexOf(" ");
    const key = l.slice(0, cut);
    assert.match(key, /^[a-z0-9_]+\{market="m1"/, key);
    m.set(key.replace('{market="m1"}', "").replace('{market="m1",', "{"), l.slice(cut + 1));
  }
  return m;
}

Deno.test("metrics: every value of the snapshot, hand-checked, in the exposition format", () => {
  const text = renderMetrics(snapshot());
  const s = samples(text);
  assert.equal(s.get('pm4_state{state="paused"}'), "1");
  assert.equal(s.get('pm4_state{state="active"}'), "0");
  assert.equal(s.get("pm4_reference_price"), "0.42");
  assert.equal(s.get("pm4_quote_bid_price"), "0.41");
  assert.equal(s.get("pm4_quote_ask_price"), "NaN"); // no ask quoted
  assert.equal(s.get("pm4_inventory_shares"), "-12.5");
  assert.equal(s.get("pm4_inventory_no_shares"), "12.5");
  assert.equal(s.get("pm4_cash_usdc"), "990.25");
  assert.equal(s.get("pm4_pnl_usdc"), "10");
  assert.equal(s.get("pm4_drawdown_usdc"), "2.5"); // 12.5 peak − 10 now
  assert.equal(s.get("pm4_sigma"), "1.25");
  assert.equal(s.get("pm4_time_scale_factor"), "1.5");
  assert.equal(s.get("pm4_lambda"), "2");
  assert.equal(s.get("pm4_gamma"), "0.5");
  assert.equal(s.get("pm4_orders_working"), "3");
  assert.equal(s.get('pm4_orders_total{event="placed"}'), "9");
  assert.equal(s.get('pm4_orders_total{event="rejected"}'), "1");
  assert.equal(s.get("pm4_fills_total"), "7");
  assert.equal(s.get("pm4_post_only_races_total"), "2");
  assert.equal(s.get('pm4_errors_total{operation="rest_orders"}'), "4");
  assert.equal(s.get("pm4_error_streak"), "2");
  assert.equal(s.get('pm4_ws_reconnects_total{channel="market"}'), "2");
  assert.equal(s.get("pm4_feed_age_seconds"), "+Inf"); // no frame yet
  assert.equal(s.get("pm4_feed_lag_seconds"), "-0.25");
  assert.equal(s.get("pm4_uptime_seconds"), "61");
  // frames and events are their own counters, the rest are skip reasons
  assert.equal(s.get("pm4_feed_frames_total"), "100");
  assert.equal(s.get("pm4_feed_events_total"), "240");
  assert.equal(s.get('pm4_feed_skipped_total{reason="skipped_json"}'), "3");
  assert.equal(s.get('pm4_feed_skipped_total{reason="anomaly_crossed"}'), "1");
  assert.equal(s.has('pm4_feed_skipped_total{reason="frames"}'), false);
  // label values escaped: backslash, quote, newline
  assert.equal(
    s.get('pm4_info{condition_id="0xabc",mode="paper",version="0.1.0",run="r\\"1\\\\x\\ny"}'),
    "1",
  );
  assert.ok(text.endsWith("\n"));
});

Deno.test("metrics: the reward estimate where the market pays rewards, nothing where it does not", () => {
  const base = snapshot();
  const rewards = { tMs: 0, share: 0.125, usdc: 0.01, scoring: 1, orders: 2, todayUsdc: 3.5 };
  const rewardsVenue = { tMs: 0, scoring: 0, orders: 2 };
  const s = samples(renderMetrics({ ...base, status: { ...base.status, rewards, rewardsVenue } }));
  assert.equal(s.get("pm4_rewards_scoring_orders"), "1");
  assert.equal(s.get("pm4_rewards_orders"), "2");
  assert.equal(s.get("pm4_rewards_share"), "0.125");
  assert.equal(s.get("pm4_rewards_today_usdc"), "3.5");
  assert.equal(s.get("pm4_rewards_venue_scoring_orders"), "0");
  assert.equal(s.get("pm4_rewards_venue_orders"), "2");
  assert.ok(![...samples(renderMetrics(base)).keys()].some((k) => k.startsWith("pm4_rewards")));
});

Deno.test("metrics: each family declared once with HELP and TYPE before its samples; every line parses", () => {
  const text = renderMetrics(snapshot({ errors: {}, reconnects: {} }));
  const declared = new Map<string, string>();
  const sample =
    /^([a-z0-9_]+)(\{[a-z0-9_]+="(?:[^"\\]|\\.)*"(?:,[a-z0-9_]+="(?:[^"\\]|\\.)*")*\})? (\S+)$/;
  for (const l of text.trimEnd().split("\n")) {
    const help = l.match(/^# HELP ([a-z0-9_]+) \S.*$/);
    const type = l.match(/^# TYPE ([a-z0-9_]+) (gauge|counter)$/);
    if (help) {
      assert.equal(declared.has(help[1]), false, `${help[1]} declared twice`);
      declared.set(help[1], "");
    } else if (type) {
      assert.equal(declared.get(type[1]), "", `TYPE of ${type[1]} without its HELP`);
      declared.set(type[1], type[2]);
    } else {
      const m = l.match(sample);
      assert.ok(m, `not an exposition line: ${l}`);
      assert.ok(declared.get(m[1]), `${m[1]} sampled before its TYPE`);
      assert.ok(/^(-?\d+(\.\d+)?(e[+-]?\d+)?|NaN|[+-]Inf)$/.test(m[3]), `value ${m[3]}`);
      if (declared.get(m[1]) === "counter") assert.ok(m[1].endsWith("_total"), m[1]);
    }
  }
  // a family with no samples is still declared (a scrape sees it exists)
  assert.equal(declared.get("pm4_errors_total"), "counter");
  assert.equal(samples(text).has("pm4_errors_total"), false);
});

Deno.test("metrics server: /metrics on loopback with the exposition content type; /healthz; 404 and 405", async () => {
  let scrapes = 0;
  const srv = serveMetrics("127.0.0.1", 0, () => {
    scrapes++;
    return snapshot({ uptimeS: scrapes });
  });
  try {
    const base = `http://127.0.0.1:${srv.port}`;
    const r1 = await fetch(`${base}/metrics`);
    assert.equal(r1.status, 200);
    assert.equal(r1.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    assert.equal(samples(await r1.text()).get("pm4_uptime_seconds"), "1");
    // read at each scrape, not cached
    assert.equal(
      samples(await (await fetch(`${base}/metrics`)).text()).get("pm4_uptime_seconds"),
      "2",
    );
    const h = await fetch(`${base}/healthz`);
    assert.equal([h.status, await h.text()].join(" "), "200 ok\n");
    const nf = await fetch(`${base}/other`);
    assert.equal(nf.status, 404);
    await nf.body?.cancel();
    const post = await fetch(`${base}/metrics`, { method: "POST" });
    assert.equal(post.status, 405);
    await post.body?.cancel();
    assert.equal(scrapes, 2);
  } finally {
    await srv.stop();
  }
});
