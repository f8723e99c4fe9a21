/**
 * Signed V2 orders as `POST /order` carries them (protocol §3.2, §3.6):
 * EIP-712 verification, the order id (= typed-data hash), and the amount,
 * price and precision rules of §3.3/§3.7.
 *
 * @module
 */

import { orderTypedData, type WireOrder } from "../exchange/mod.ts";

// viem checks signatures; loaded on the first one, so a process that only
// links the simulator in (the CLI) does not carry it
const viem = () => import("viem");

/** Decimal places allowed per tick (both clients' ROUNDING_CONFIG): price, amount. */
const ROUNDING: Record<number, { price: number; amount: number }> = {
  1000: { price: 1, amount: 3 },
  100: { price: 2, amount: 4 },
  50: { price: 3, amount: 5 },
  25: { price: 4, amount: 6 },
  10: { price: 3, amount: 5 },
  1: { price: 4, amount: 6 },
};

/** A decoded, checked order. */
export interface DecodedOrder {
  /** EIP-712 typed-data hash: the order id. */
  id: string;
  /** Recovered signer. */
  signer: string;
  /** Funder (`maker`). */
  maker: string;
  /** Token id, decimal. */
  tokenId: string;
  /** BUY or SELL, of its token. */
  side: "BUY" | "SELL";
  /** Price of the token, pips. */
  pricePips: number;
  /** Size, micro-shares. */
  sizeMicro: number;
  /** Expiration, ms (0 = none). */
  expirationMs: number;
  /** 0 EOA, 1 proxy, 2 Safe, 3 deposit wallet. */
  signatureType: number;
}

/** Why an order body was refused (HTTP 400 with this text). */
export class OrderBodyError extends Error {
  /**
   * An order body the venue refuses.
   *
   * @param message the venue's text
   */
  constructor(message: string) {
    super(message);
    this.name = "OrderBodyError";
  }
}

function isUint(s: unknown): s is string {
  return typeof s === "string" && /^\d{1,78}$/.test(s);
}

/**
 * Checks the shape, signature, amounts and price grid of a wire order.
 * @throws {OrderBodyError} with the venue's message
 */
export async function decodeOrder(
  raw: unknown,
  chainId: number,
  negRisk: boolean,
  tickPips: number,
  market = false,
): Promise<DecodedOrder> {
  const o = raw as WireOrder;
  if (
    typeof o !== "object" || o === null || !/^0x[0-9a-fA-F]{40}$/.test(String(o.maker)) ||
    !/^0x[0-9a-fA-F]{40}$/.test(String(o.signer)) || !isUint(o.tokenId) || !isUint(o.makerAmount) ||
    !isUint(o.takerAmount) || (o.side !== "BUY" && o.side !== "SELL") || !isUint(String(o.salt)) ||
    !isUint(o.timestamp) || !/^0x[0-9a-fA-F]{64}$/.test(String(o.metadata)) ||
    !/^0x[0-9a-fA-F]{64}$/.test(String(o.builder)) ||
    !/^0x[0-9a-fA-F]+$/.test(String(o.signature)) ||
    ![0, 1, 2, 3].includes(o.signatureType) || !isUint(o.expiration ?? "0")
  ) {
    throw new OrderBodyError("Invalid order payload");
  }
  const { hashTypedData, recoverTypedDataAddress } = await viem();
  const typed = orderTypedData(o, chainId, negRisk);
  const id = hashTypedData(typed);
  let signer: string;
  try {
    signer = await recoverTypedDataAddress({ ...typed, signature: o.signature as `0x${string}` });
  } catch {
    throw new OrderBodyError("invalid signature");
  }
  if (signer.toLowerCase() !== o.signer.toLowerCase()) {
    throw new OrderBodyError("invalid signature");
  }
  if (o.signatureType === 0 && o.maker.toLowerCase() !== o.signer.toLowerCase()) {
    throw new OrderBodyError("invalid signature: the maker of an EOA order must be its signer");
  }
  const maker = BigInt(o.makerAmount);
  const taker = BigInt(o.takerAmount);
  if (maker === 0n || taker === 0n) {
    throw new OrderBodyError(`order ${id} is invalid. Size (0) lower than the minimum`);
  }
  const buy = o.side === "BUY";
  const [cash, shares] = buy ? [maker, taker] : [taker, maker];
  let pricePips: number;
  if (market) {
    // FOK/FAK: the venue's own rule, whatever the tick — the maker amount at
    // most 2 decimals, the taker amount at most 4 (cash for a sell, shares for
    // a buy); the price is a limit implied by the amounts, off the grid
    if (maker % 10_000n !== 0n || taker % 100n !== 0n) {
      throw new OrderBodyError(
        `invalid amounts, the market ${
          buy ? "buy" : "sell"
        } orders maker amount supports a max accuracy of 2 decimals, taker amount a max of 4 decimals`,
      );
    }
    // nearest tick of cash/shares: the client rounds one amount to 4 decimals
    const ticks = (cash * 10_000n * 2n + shares * BigInt(tickPips)) /
      (shares * BigInt(tickPips) * 2n);
    pricePips = Number(ticks) * tickPips;
    if (pricePips < tickPips || pricePips > 10_000 - tickPips) {
      throw new OrderBodyError(
        `order ${id} is invalid. Price (${pricePips / 10_000}) breaks minimum tick size rule: ${
          tickPips / 10_000
        }`,
      );
    }
  } else {
    const r = ROUNDING[tickPips];
    // raw amounts have 6 decimals: a value with d decimals is a multiple of 10^(6−d)
    const cashUnit = 10n ** BigInt(6 - r.amount);
    const sizeUnit = 10_000n; // 2 decimals
    if (cash % cashUnit !== 0n || shares % sizeUnit !== 0n) {
      throw new OrderBodyError(
        buy
          ? `invalid amounts, the buy orders maker amount supports a max accuracy of ${r.amount} decimals, taker amount a max of 2 decimals`
          : `invalid amounts, the sell orders maker amount supports a max accuracy of 2 decimals, taker amount a max of ${r.amount} decimals`,
      );
    }
    // price = cash / shares, exactly on the 1e-4 grid
    const pipsNum = cash * 10_000n;
    if (pipsNum % shares !== 0n) {
      throw new OrderBodyError(
        `order ${id} is invalid. Price breaks minimum tick size rule: ${tickPips / 10_000}`,
      );
    }
    pricePips = Number(pipsNum / shares);
  }
  return {
    id,
    signer,
    maker: o.maker,
    tokenId: o.tokenId,
    side: o.side,
    pricePips,
    sizeMicro: Number(shares),
    expirationMs: Number(o.expiration ?? "0") * 1000,
    signatureType: o.signatureType,
  };
}
