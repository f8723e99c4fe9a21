import assert from "node:assert/strict";
import { EnvError, readLiveEnv } from "../../lib/exchange/mod.ts";

const PK = "0x" + "5a".repeat(32);
const env = (vars: Record<string, string>) => (k: string) => vars[k];

Deno.test("live env: defaults and a full set", () => {
  const e = readLiveEnv(env({ PK: PK.slice(2) }));
  assert.equal(e.privateKey, PK);
  assert.equal(e.chainId, 137);
  assert.equal(e.signatureType, 0);
  assert.equal(e.creds, null);
  const full = readLiveEnv(env({
    PK,
    CLOB_API_KEY: "k",
    CLOB_SECRET: "s",
    CLOB_PASS_PHRASE: "p",
    FUNDER_ADDRESS: "0x" + "12".repeat(20),
    CHAIN_ID: "80002",
    POLY_SIGNATURE_TYPE: "3",
    CLOB_HOST: "http://127.0.0.1:1234",
  }));
  assert.deepEqual(full.creds, { key: "k", secret: "s", passphrase: "p" });
  assert.equal(full.signatureType, 3);
  assert.equal(full.chainId, 80002);
  assert.equal(full.host, "http://127.0.0.1:1234");
});

Deno.test("live env: each mistake names its variable and never echoes a secret", () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{}, /^PK is not set/],
    [{ PK: PK + "00" }, /^PK must be 64 hex digits/],
    [
      { PK, CLOB_API_KEY: "k" },
      /CLOB_API_KEY, CLOB_SECRET and CLOB_PASS_PHRASE must be set together/,
    ],
    [{ PK, CHAIN_ID: "1" }, /^CHAIN_ID must be 137/],
    [{ PK, POLY_SIGNATURE_TYPE: "7" }, /^POLY_SIGNATURE_TYPE must be 0/],
    [{ PK, POLY_SIGNATURE_TYPE: "1" }, /needs FUNDER_ADDRESS/],
    [{ PK, FUNDER_ADDRESS: "0x12" }, /^FUNDER_ADDRESS must be/],
    [{ PK, CLOB_HOST: "ftp://x" }, /^CLOB_HOST must be an http/],
  ];
  for (const [vars, re] of cases) {
    let err: unknown;
    try {
      readLiveEnv(env(vars));
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof EnvError, JSON.stringify(vars));
    assert.match(err.message, re);
    assert.ok(!err.message.includes("5a5a5a5a"), "no key material in the message");
  }
});
