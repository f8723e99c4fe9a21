/**
 * A fast EIP-712 signer for CLOB V2 orders (protocol §3.2): the domain
 * separator, type hash and the constant words of the struct are computed once;
 * an order costs two keccak-256 hashes over a reused buffer and one secp256k1
 * signature. It produces exactly what `@polymarket/clob-client-v2` produces
 * with a viem account (the tests check both against viem), several times
 * faster, so the path from a book change to a signed order stays under a
 * millisecond.
 *
 * Amounts follow the clients' rules (§3.3): a BUY gives `size · price` cash for
 * `size` shares, a SELL the reverse; with sizes in whole 0.01 shares and
 * prices on the grid both are exact integers of 1e-6.
 *
 * @module
 */

import { secp256k1 } from "@noble/curves/secp256k1";
import { keccak_256 } from "@noble/hashes/sha3";
import { EXCHANGE_V2, NEG_RISK_EXCHANGE_V2, type WireOrder } from "./order_types.ts";

const ZERO32 = "0x" + "0".repeat(64);

const enc = new TextEncoder();

// Precomputed multiples of the base point halve the cost of each signature.
secp256k1.utils.precompute(8);

function hexToBytes(hex: string): Uint8Array {
  const h = hex.startsWith("0x") ? hex.slice(2) : hex;
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function bytesToHex(b: Uint8Array): string {
  let s = "0x";
  for (let i = 0; i < b.length; i++) s += HEX[b[i]];
  return s;
}

/** Writes a non-negative integer < 2^53 as a big-endian uint256 at `off`. */
function writeUint(buf: Uint8Array, off: number, v: number): void {
  buf.fill(0, off, off + 24);
  const hi = Math.floor(v / 4294967296);
  const lo = v >>> 0;
  buf[off + 24] = hi >>> 24;
  buf[off + 25] = (hi >>> 16) & 0xff;
  buf[off + 26] = (hi >>> 8) & 0xff;
  buf[off + 27] = hi & 0xff;
  buf[off + 28] = lo >>> 24;
  buf[off + 29] = (lo >>> 16) & 0xff;
  buf[off + 30] = (lo >>> 8) & 0xff;
  buf[off + 31] = lo & 0xff;
}

function uint256Bytes(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function addressWord(addr: string): Uint8Array {
  const out = new Uint8Array(32);
  out.set(hexToBytes(addr), 12);
  return out;
}

/** EIP-55 checksum of an address. */
export function checksumAddress(addr: string): string {
  const lower = addr.toLowerCase().replace(/^0x/, "");
  const hash = bytesToHex(keccak_256(enc.encode(lower))).slice(2);
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    out += parseInt(hash[i], 16) >= 8 ? lower[i].toUpperCase() : lower[i];
  }
  return out;
}

/** The address of a secp256k1 private key. */
export function addressOf(privateKey: string): string {
  const pub = secp256k1.getPublicKey(hexToBytes(privateKey), false);
  return checksumAddress(bytesToHex(keccak_256(pub.subarray(1)).subarray(12)));
}

/** An order to sign: a token, a side, a price on the grid, a size. */
export interface OrderToSign {
  /** Token id (decimal). */
  tokenId: string;
  /** BUY or SELL, of its token. */
  side: "BUY" | "SELL";
  /** Price of the token, pips. */
  pricePips: number;
  /** Size, micro-shares (whole 0.01 shares). */
  sizeMicro: number;
}

/** Signer settings. */
export interface SignerOptions {
  /** Chain id (137 Polygon, 80002 Amoy). */
  chainId: number;
  /** Sign for the neg-risk exchange. */
  negRisk: boolean;
  /**
   * 0 EOA, 1 proxy, 2 Safe; 3, the deposit wallet, signs L1 authentication
   * only (its orders need the client's wrapper signature).
   */
  signatureType: 0 | 1 | 2 | 3;
  /** Funder (`maker`) for proxy and Safe wallets; the signer otherwise. */
  funder?: string;
}

/** Signs CLOB V2 orders with one private key. */
export class OrderSigner {
  /** The signing (EOA) address, checksummed. */
  readonly address: string;
  /** The funder (`maker`), checksummed. */
  readonly maker: string;
  private readonly key: Uint8Array;
  private readonly d: bigint;
  private readonly presigned: Presignature[] = [];
  private readonly digestPrefix = new Uint8Array(66); // 0x1901 ‖ domain separator ‖ struct hash
  private readonly struct = new Uint8Array(12 * 32);
  private readonly tokenWords = new Map<string, Uint8Array>();

  /**
   * A signer of `privateKey`'s orders (and L1 authentication).
   *
   * @param privateKey 0x-prefixed 32-byte hex
   * @param opts chain, exchange, wallet type
   */
  constructor(privateKey: string, readonly opts: SignerOptions) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey)) {
      throw new Error("the private key must be 0x followed by 64 hex digits");
    }
    this.key = hexToBytes(privateKey);
    this.d = bigintOf(this.key);
    this.address = addressOf(privateKey);
    this.maker = checksumAddress(
      opts.signatureType === 0 || !opts.funder ? this.address : opts.funder,
    );
    const domainType = keccak_256(
      enc.encode(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
      ),
    );
    const domain = new Uint8Array(5 * 32);
    domain.set(domainType, 0);
    domain.set(keccak_256(enc.encode("Polymarket CTF Exchange")), 32);
    domain.set(keccak_256(enc.encode("2")), 64);
    writeUint(domain, 96, opts.chainId);
    domain.set(addressWord(opts.negRisk ? NEG_RISK_EXCHANGE_V2 : EXCHANGE_V2), 128);
    this.digestPrefix[0] = 0x19;
    this.digestPrefix[1] = 0x01;
    this.digestPrefix.set(keccak_256(domain), 2);
    const orderType = keccak_256(enc.encode(
      "Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)",
    ));
    this.struct.set(orderType, 0);
    this.struct.set(addressWord(this.maker), 64);
    this.struct.set(addressWord(this.address), 96);
    writeUint(this.struct, 8 * 32, opts.signatureType);
    // words: 0 type hash, 1 salt, 2 maker, 3 signer, 4 token, 5 maker amount,
    // 6 taker amount, 7 side, 8 signature type, 9 timestamp; metadata and builder stay zero
  }

  /**
   * Signs `n` throwaway orders so that the first real ones run on optimized
   * code: cold, a signature takes about twice as long as warm (~0.2 ms).
   */
  warmUp(n: number): void {
    for (let i = 0; i < n; i++) {
      this.sign(
        { tokenId: "1", side: i % 2 ? "BUY" : "SELL", pricePips: 5000, sizeMicro: 1e7 },
        i,
        0,
      );
    }
  }

  /**
   * Signs an order. `salt` must be an integer < 2^53 (the body carries it as a
   * JSON number); `timestampMs` is the order's creation time.
   * Returns the order body and its id (the EIP-712 hash).
   */
  sign(o: OrderToSign, salt: number, timestampMs: number): { order: WireOrder; orderId: string } {
    if (this.opts.signatureType === 3) {
      throw new Error("deposit-wallet orders need the client's wrapper signature");
    }
    const buy = o.side === "BUY";
    const cash = o.pricePips * o.sizeMicro / 10_000;
    if (!Number.isInteger(cash)) {
      throw new Error(`amount ${o.sizeMicro}×${o.pricePips} is not a whole 1e-6`);
    }
    const makerAmount = buy ? cash : o.sizeMicro;
    const takerAmount = buy ? o.sizeMicro : cash;
    const s = this.struct;
    writeUint(s, 32, salt);
    let tok = this.tokenWords.get(o.tokenId);
    if (!tok) {
      tok = uint256Bytes(BigInt(o.tokenId));
      this.tokenWords.set(o.tokenId, tok);
    }
    s.set(tok, 4 * 32);
    writeUint(s, 5 * 32, makerAmount);
    writeUint(s, 6 * 32, takerAmount);
    writeUint(s, 7 * 32, buy ? 0 : 1);
    writeUint(s, 9 * 32, timestampMs);
    this.digestPrefix.set(keccak_256(s), 34);
    const digest = keccak_256(this.digestPrefix);
    const signature = this.signDigest(digest);
    return {
      orderId: bytesToHex(digest),
      order: {
        salt: String(salt), // clients carry it as a string and post it as a JSON number
        maker: this.maker,
        signer: this.address,
        tokenId: o.tokenId,
        makerAmount: String(makerAmount),
        takerAmount: String(takerAmount),
        side: o.side,
        signatureType: this.opts.signatureType,
        timestamp: String(timestampMs),
        expiration: "0",
        metadata: ZERO32,
        builder: ZERO32,
        signature,
      },
    };
  }

  /**
   * The L1 authentication signature (EIP-712 `ClobAuth` of the signing
   * address, `timestampS` and `nonce`), as the clients put in
   * `POLY_SIGNATURE` to create or derive API keys.
   */
  clobAuth(timestampS: number, nonce: number): string {
    const domain = new Uint8Array(4 * 32);
    domain.set(CLOB_AUTH_DOMAIN_TYPE, 0);
    domain.set(keccak_256(enc.encode("ClobAuthDomain")), 32);
    domain.set(keccak_256(enc.encode("1")), 64);
    writeUint(domain, 96, this.opts.chainId);
    const struct = new Uint8Array(5 * 32);
    struct.set(CLOB_AUTH_TYPE, 0);
    struct.set(addressWord(this.address), 32);
    struct.set(keccak_256(enc.encode(String(timestampS))), 64);
    writeUint(struct, 96, nonce);
    struct.set(keccak_256(enc.encode(CLOB_AUTH_MESSAGE)), 128);
    const prefixed = new Uint8Array(66);
    prefixed[0] = 0x19;
    prefixed[1] = 0x01;
    prefixed.set(keccak_256(domain), 2);
    prefixed.set(keccak_256(struct), 34);
    return this.signDigest(keccak_256(prefixed));
  }

  /**
   * Prepares presignatures until `count` wait — each the expensive half of
   * one ECDSA signature (a fresh random nonce k, R = k·G, k⁻¹), ~0.3 ms
   * apiece — so that signing an order costs two multiplications mod n.
   * Call it off the hot path (after a batch went out); an order signed with
   * none left is signed deterministically (RFC 6979) as before.
   */
  presign(count: number): void {
    while (this.presigned.length < count) {
      const p = presignature();
      if (p !== null) this.presigned.push(p);
    }
  }

  /** Presignatures waiting (see {@link OrderSigner.presign}). */
  get presignatures(): number {
    return this.presigned.length;
  }

  /**
   * r ‖ s ‖ v of a digest, 0x-hex (low s, v 27 or 28, as the venue's clients
   * write it): from a presignature when one waits, else RFC 6979.
   */
  private signDigest(digest: Uint8Array): string {
    const out = new Uint8Array(65);
    const p = this.presigned.pop();
    if (p !== undefined) {
      // s = k⁻¹ (z + r·d) mod n; each nonce is used once and forgotten
      const z = bigintOf(digest) % N;
      let sig = p.kinv * ((z + p.r * this.d) % N) % N;
      let recovery = p.odd ? 1 : 0;
      if (sig === 0n) return this.signDigest(digest);
      if (sig > N / 2n) {
        sig = N - sig;
        recovery ^= 1;
      }
      out.set(uint256Bytes(p.r), 0);
      out.set(uint256Bytes(sig), 32);
      out[64] = 27 + recovery;
      return bytesToHex(out);
    }
    const sig = secp256k1.sign(digest, this.key);
    out.set(uint256Bytes(sig.r), 0);
    out.set(uint256Bytes(sig.s), 32);
    out[64] = 27 + sig.recovery;
    return bytesToHex(out);
  }
}

/** The order of secp256k1's group. */
const N = secp256k1.CURVE.n;

/** The expensive half of an ECDSA signature: r = (k·G).x, k⁻¹ mod n, the parity of R's y. */
interface Presignature {
  r: bigint;
  kinv: bigint;
  odd: boolean;
}

/** A presignature of a fresh random nonce (null in the ~2⁻¹²⁸ case of R.x ≥ n or r = 0). */
function presignature(): Presignature | null {
  // 48 random bytes mod (n − 1), + 1: a uniform nonce in [1, n − 1] (bias < 2⁻¹²⁸)
  const k = bigintOf(crypto.getRandomValues(new Uint8Array(48))) % (N - 1n) + 1n;
  const R = secp256k1.ProjectivePoint.BASE.multiply(k).toAffine();
  if (R.x >= N || R.x === 0n) return null;
  return { r: R.x, kinv: powMod(k, N - 2n, N), odd: (R.y & 1n) === 1n };
}

function bigintOf(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** b^e mod m (Fermat's inverse when e = m − 2 and m is prime). */
function powMod(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = r * b % m;
    b = b * b % m;
    e >>= 1n;
  }
  return r;
}

/** The message every L1 signature attests. */
const CLOB_AUTH_MESSAGE = "This message attests that I control the given wallet";
const CLOB_AUTH_DOMAIN_TYPE = keccak_256(
  enc.encode("EIP712Domain(string name,string version,uint256 chainId)"),
);
const CLOB_AUTH_TYPE = keccak_256(
  enc.encode("ClobAuth(address address,string timestamp,uint256 nonce,string message)"),
);
