/**
 * pm4's REST client against Polymarket's own (`@polymarket/clob-client-v2`):
 * the same calls, sent to a recording server on loopback, must be the same
 * requests — method, path, query, body byte for byte, the same POLY_*
 * identity headers — with signatures the venue accepts (L1: the ClobAuth
 * signer recovers to the address; L2: the HMAC checks out).
 */

import assert from "node:assert/strict";
import { ClobClient, OrderType } from "@polymarket/clob-client-v2";
import axios from "axios";
import { ClobRest } from "../../lib/exchange/clob_rest.ts";
import { OrderSigner } from "../../lib/exchange/order_signer.ts";
import { Auth, l2Signature } from "../../lib/sim/auth.ts";
import { wallet } from "../sim/_client.ts";

axios.defaults.adapter = "fetch";

const PK = "0x" + "5d".repeat(32) as `0x${string}`;
const CREDS = {
  key: "00000000-1111-2222-3333-444444444444",
  secret: "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==",
  passphrase: "pass-phrase",
};
const CID = "0x" + "ab".repeat(32);
const TOKEN = "71321045679252212594626385532706912750332728571942532289631379312455583992563";

interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
  headers: Record<string, string>;
}

/** A server that records every request and answers as the venue would, minimally. */
function recorder() {
  const seen: Seen[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const url = new URL(req.url);
    const headers: Record<string, string> = {};
    for (const [k, v] of req.headers) if (k.startsWith("poly_")) headers[k] = v;
    const query = Object.fromEntries(url.searchParams);
    seen.push({ method: req.method, path: url.pathname, query, body: await req.text(), headers });
    const answer = url.pathname.startsWith("/auth/")
      ? { apiKey: CREDS.key, secret: CREDS.secret, passphrase: CREDS.passphrase }
      : url.pathname.startsWith("/data/")
      ? { data: [{ n: seen.length }], next_cursor: query.next_cursor === "MA==" ? "MQ==" : "LTE=" }
      : url.pathname === "/v1/heartbeats"
      ? { heartbeat_id: "hb-1" }
      : url.pathname === "/orders" || url.pathname === "/cancel-market-orders"
      ? req.method === "POST" ? [] : { canceled: [], not_canceled: {} }
      : { balance: "0" };
    return Response.json(answer);
  });
  const url = `http://127.0.0.1:${(server.addr as Deno.NetAddr).port}`;
  return { seen, url, stop: () => server.shutdown() };
}

/** What must be equal between the two clients (timestamps and signatures differ by the second). */
function comparable(s: Seen) {
  const { poly_timestamp: _t, poly_signature: _s, ...identity } = s.headers;
  return { method: s.method, path: s.path, query: s.query, body: s.body, identity };
}

Deno.test("REST client: the official client's requests, byte for byte, signatures the venue accepts", async () => {
  const rec = recorder();
  try {
    const signer = new OrderSigner(PK, { chainId: 137, negRisk: false, signatureType: 0 });
    const venueAuth = new Auth("recorder", 137, () => Math.floor(Date.now() / 1000));
    const ours = new ClobRest(rec.url, signer);
    const official = new ClobClient({ host: rec.url, chain: 137, signer: wallet(PK) });
    const officialL2 = new ClobClient({
      host: rec.url,
      chain: 137,
      signer: wallet(PK),
      creds: CREDS,
    });
    const { order } = signer.sign(
      { tokenId: TOKEN, side: "BUY", pricePips: 4500, sizeMicro: 10e6 },
      42,
      1_800_000_000_000,
    );

    const calls: [name: string, ours: () => Promise<unknown>, official: () => Promise<unknown>][] =
      [
        ["derive key (L1)", () => ours.deriveApiKey(), () => official.deriveApiKey()],
        ["create key (L1)", () => ours.createApiKey(), () => official.createApiKey()],
        [
          "post orders",
          () => ours.postOrders([order]),
          () => officialL2.postOrders([{ order: order as never, orderType: OrderType.GTC }], true),
        ],
        [
          "cancel orders",
          () => ours.cancelOrders(["0x01", "0x02"]),
          () => officialL2.cancelOrders(["0x01", "0x02"]),
        ],
        [
          "cancel a market's orders",
          () => ours.cancelMarketOrders(CID),
          () => officialL2.cancelMarketOrders({ market: CID }),
        ],
        [
          "open orders (2 pages)",
          () => ours.openOrders(CID),
          () => officialL2.getOpenOrders({ market: CID }),
        ],
        [
          "trades (2 pages)",
          () => ours.trades(CID, "1799999999"),
          () => officialL2.getTrades({ market: CID, after: "1799999999" }),
        ],
        [
          "collateral balance",
          () => ours.balanceAllowance(),
          () => officialL2.getBalanceAllowance({ asset_type: "COLLATERAL" as never }),
        ],
        [
          "token balance",
          () => ours.balanceAllowance(TOKEN),
          () =>
            officialL2.getBalanceAllowance({ asset_type: "CONDITIONAL" as never, token_id: TOKEN }),
        ],
        ["heartbeat", () => ours.heartbeat("hb-0"), () => officialL2.postHeartbeat("hb-0")],
      ];
    for (const [name, mine, theirs] of calls) {
      if (name === "post orders") ours.useCreds(CREDS);
      rec.seen.length = 0;
      const a = await mine();
      const sentByUs = rec.seen.splice(0);
      const b = await theirs();
      const sentByThem = rec.seen.splice(0);
      assert.ok(sentByUs.length > 0 && sentByUs.every((r) => r.headers.poly_address), name);
      assert.deepEqual(sentByUs.map(comparable), sentByThem.map(comparable), name);
      if (name.includes("pages")) assert.deepEqual(a, b, `${name}: every page read`);
      for (const s of sentByUs) {
        const h = s.headers;
        if (h.poly_nonce !== undefined) {
          // the venue's own check (the simulator's): the signer recovers to the address
          const { address } = await venueAuth.verifyL1(new Headers(h));
          assert.equal(address, signer.address, `${name}: the L1 signature is the key's`);
        } else {
          const mac = await l2Signature(CREDS.secret, h.poly_timestamp, s.method, s.path, s.body);
          assert.equal(h.poly_signature, mac, `${name}: the L2 HMAC checks out`);
        }
      }
    }
  } finally {
    await rec.stop();
  }
});
