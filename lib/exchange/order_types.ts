/**
 * The CLOB V2 order as EIP-712 typed data (protocol §3.2): contracts, the
 * `Order` struct, and the typed data of a wire order — shared by the live
 * adapter and the simulator's verification.
 *
 * @module
 */

/** CTF Exchange V2 contracts (chain 137 and 80002 alike). */
export const EXCHANGE_V2 = "0xE111180000d2663C0091e4f400237545B87B996B";
/** Neg-risk CTF Exchange V2. */
export const NEG_RISK_EXCHANGE_V2 = "0xe2222d279d744050d28e00520010520000310F59";
/** Neg-risk adapter (needs the collateral allowance too). */
export const NEG_RISK_ADAPTER = "0xd91E80cF2E7be2e162c6513ceD06f1dD0dA35296";

/** The V2 `Order` struct, in signing order. */
export const ORDER_TYPES = {
  Order: [
    { name: "salt", type: "uint256" },
    { name: "maker", type: "address" },
    { name: "signer", type: "address" },
    { name: "tokenId", type: "uint256" },
    { name: "makerAmount", type: "uint256" },
    { name: "takerAmount", type: "uint256" },
    { name: "side", type: "uint8" },
    { name: "signatureType", type: "uint8" },
    { name: "timestamp", type: "uint256" },
    { name: "metadata", type: "bytes32" },
    { name: "builder", type: "bytes32" },
  ],
} as const;

/** The `order` object of a `POST /order` body (V2). */
export interface WireOrder {
  /** Random salt (an integer; clients carry it as a string). */
  salt: number | string;
  /** Funder address (the maker of the order). */
  maker: string;
  /** Signing address. */
  signer: string;
  /** Counterparty address (zero: anyone). */
  taker?: string;
  /** Token id, decimal. */
  tokenId: string;
  /** What the maker gives, 1e-6 units (cash for a BUY, shares for a SELL). */
  makerAmount: string;
  /** What the maker receives, 1e-6 units. */
  takerAmount: string;
  /** BUY or SELL of the token. */
  side: "BUY" | "SELL";
  /** 0 EOA, 1 proxy, 2 Safe, 3 deposit wallet. */
  signatureType: number;
  /** Creation time, ms since the epoch (decimal string). */
  timestamp: string;
  /** Expiry, unix seconds ("0": good till cancelled). */
  expiration: string;
  /** Bytes32 metadata (zero). */
  metadata: string;
  /** Bytes32 builder code (zero). */
  builder: string;
  /** The EIP-712 signature, 0x-hex. */
  signature: string;
}

/** An order as EIP-712 typed data (what viem's `hashTypedData` and signers take). */
export interface OrderTypedData {
  /** The exchange's signing domain. */
  domain: { name: string; version: string; chainId: number; verifyingContract: `0x${string}` };
  /** The `Order` struct's fields. */
  types: typeof ORDER_TYPES;
  /** Always `Order`. */
  primaryType: "Order";
  /** The order's values, integers as bigint. */
  message: {
    salt: bigint;
    maker: `0x${string}`;
    signer: `0x${string}`;
    tokenId: bigint;
    makerAmount: bigint;
    takerAmount: bigint;
    side: number;
    signatureType: number;
    timestamp: bigint;
    metadata: `0x${string}`;
    builder: `0x${string}`;
  };
}

/** The typed data of an order, as signed (V2 domain). */
export function orderTypedData(o: WireOrder, chainId: number, negRisk: boolean): OrderTypedData {
  return {
    domain: {
      name: "Polymarket CTF Exchange",
      version: "2",
      chainId,
      verifyingContract: (negRisk ? NEG_RISK_EXCHANGE_V2 : EXCHANGE_V2) as `0x${string}`,
    },
    types: ORDER_TYPES,
    primaryType: "Order" as const,
    message: {
      salt: BigInt(o.salt),
      maker: o.maker as `0x${string}`,
      signer: o.signer as `0x${string}`,
      tokenId: BigInt(o.tokenId),
      makerAmount: BigInt(o.makerAmount),
      takerAmount: BigInt(o.takerAmount),
      side: o.side === "BUY" ? 0 : 1,
      signatureType: o.signatureType,
      timestamp: BigInt(o.timestamp),
      metadata: o.metadata as `0x${string}`,
      builder: o.builder as `0x${string}`,
    },
  };
}
