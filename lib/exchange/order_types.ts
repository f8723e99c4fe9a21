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
  salt: number | string;
  maker: string;
  signer: string;
  taker?: string;
  tokenId: string;
  makerAmount: string;
  takerAmount: string;
  side: "BUY" | "SELL";
  signatureType: number;
  timestamp: string;
  expiration: string;
  metadata: string;
  builder: string;
  signature: string;
}

/** The typed data of an order, as signed (V2 domain). */
export function orderTypedData(o: WireOrder, chainId: number, negRisk: boolean) {
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
