import assert from "node:assert/strict";
import fc from "fast-check";
import { hashTypedData } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { addressOf, OrderSigner, orderTypedData } from "../../lib/exchange/mod.ts";
import { decodeOrder } from "../../lib/sim/mod.ts";

const hex64 = fc.string({
  unit: fc.constantFrom(..."0123456789abcdef"),
  minLength: 64,
  maxLength: 64,
}).filter((s) =>
  /[1-9a-f]/.test(s) && s < "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
);

const order = fc.record({
  pk: hex64.map((h) => `0x${h}`),
  tokenId: fc.bigInt({ min: 1n, max: 2n ** 255n }).map(String),
  side: fc.constantFrom("BUY" as const, "SELL" as const),
  priceTicks: fc.integer({ min: 1, max: 99 }),
  sizeCents: fc.integer({ min: 500, max: 10_000_000 }),
  salt: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  ts: fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
  negRisk: fc.boolean(),
});

Deno.test("order signer: same id and byte-identical signature as viem, and the venue verifies it", async () => {
  await fc.assert(
    fc.asyncProperty(order, async (o) => {
      const signer = new OrderSigner(o.pk, { chainId: 137, negRisk: o.negRisk, signatureType: 0 });
      const pricePips = o.priceTicks * 100;
      const sizeMicro = o.sizeCents * 10_000;
      const { order: signed, orderId } = signer.sign(
        { tokenId: o.tokenId, side: o.side, pricePips, sizeMicro },
        o.salt,
        o.ts,
      );
      const wire = signed;
      const typed = orderTypedData(wire, 137, o.negRisk);
      assert.equal(orderId, hashTypedData(typed));
      const account = privateKeyToAccount(o.pk as `0x${string}`);
      assert.equal(signer.address, account.address);
      assert.equal(
        signed.signature,
        await account.signTypedData(typed),
        "RFC 6979: identical bytes",
      );
      const dec = await decodeOrder(wire, 137, o.negRisk, 100);
      assert.equal(dec.id, orderId);
      assert.equal(dec.pricePips, pricePips);
      assert.equal(dec.sizeMicro, sizeMicro);
      assert.equal(dec.side, o.side);
    }),
    { numRuns: 40 },
  );
});

Deno.test("order signer: proxy and Safe orders name the funder as maker; bad keys are refused", () => {
  const pk = "0x" + "11".repeat(32);
  const funder = "0x" + "ab".repeat(20);
  const s = new OrderSigner(pk, { chainId: 137, negRisk: false, signatureType: 2, funder });
  const { order } = s.sign({ tokenId: "7", side: "BUY", pricePips: 4200, sizeMicro: 10e6 }, 1, 0);
  assert.equal(order.maker.toLowerCase(), funder);
  assert.equal(order.signer, addressOf(pk));
  assert.equal(order.signatureType, 2);
  assert.equal(order.makerAmount, "4200000");
  assert.equal(order.takerAmount, "10000000");
  assert.throws(
    () => new OrderSigner("0x1234", { chainId: 137, negRisk: false, signatureType: 0 }),
    /64 hex/,
  );
  // an amount off the 1e-6 grid is refused rather than rounded
  assert.throws(
    () => s.sign({ tokenId: "7", side: "BUY", pricePips: 4201, sizeMicro: 1_010_001 }, 1, 0),
    /whole 1e-6/,
  );
});

Deno.test("order signer: presigned orders (random nonces) are valid, low-s, and use each nonce once", async () => {
  const pk = "0x" + "7a".repeat(32);
  const signer = new OrderSigner(pk, { chainId: 137, negRisk: false, signatureType: 0 });
  signer.presign(20);
  assert.equal(signer.presignatures, 20);
  const rs = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const { order: signed, orderId } = signer.sign(
      { tokenId: "123456789", side: i % 2 ? "BUY" : "SELL", pricePips: 4500, sizeMicro: 10e6 },
      i,
      1_800_000_000_000 + i,
    );
    const sig = signed.signature;
    rs.add(sig.slice(2, 66));
    // low s (EIP-2): s ≤ n/2
    const s = BigInt("0x" + sig.slice(66, 130));
    assert.ok(s <= 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n);
    assert.equal(orderId, hashTypedData(orderTypedData(signed, 137, false)));
    // the venue recovers the signer from it
    const decoded = await decodeOrder(signed, 137, false, 100);
    assert.equal(decoded.signer.toLowerCase(), signer.address.toLowerCase());
  }
  assert.equal(signer.presignatures, 0);
  assert.equal(rs.size, 20, "every signature has its own nonce");
  // with none left, signing is deterministic again (RFC 6979, as viem)
  const a = signer.sign({ tokenId: "1", side: "BUY", pricePips: 5000, sizeMicro: 1e7 }, 1, 0);
  const b = signer.sign({ tokenId: "1", side: "BUY", pricePips: 5000, sizeMicro: 1e7 }, 1, 0);
  assert.equal(a.order.signature, b.order.signature);
  const account = privateKeyToAccount(pk as `0x${string}`);
  assert.equal(
    a.order.signature,
    await account.signTypedData(orderTypedData(a.order, 137, false) as never),
  );
});
