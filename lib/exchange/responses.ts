/**
 * Checks of the REST answers the adapter reads (balances, open orders,
 * trades, tick size, minimum size): a value is taken only when it is what the
 * protocol says; anything else is an {@link ExchangeError} naming the field
 * and the value — never a crash and never a silent default (a balance that
 * is not a number is not zero). The caller retries a reconciliation that
 * failed this way.
 *
 * @module
 */

import type { ExchangeOrder, Outcome } from "../engine/mod.ts";
import { parsePricePips, parseSizeMicro } from "../market/mod.ts";
import { ExchangeError } from "./errors.ts";

const TICKS = new Set([1000, 100, 50, 25, 10, 1]);

function shown(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function malformed(operation: string, what: string, v: unknown): ExchangeError {
  return new ExchangeError(operation, 200, `malformed answer: ${what} is ${shown(v)}`);
}

/** A `GET /balance-allowance` answer's balance: an integer of micro-units ≥ 0. */
export function balanceOf(r: unknown, what: string): number {
  const v = (r as { balance?: unknown } | null)?.balance;
  const text = typeof v === "number" ? String(v) : v;
  const n = typeof text === "string" && /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw malformed("reading balances", `${what} balance`, v);
  return n;
}

/** `GET /data/orders` → our orders of this market (other tokens skipped). */
export function openOrdersOf(
  list: unknown,
  token: (assetId: string) => Outcome | undefined,
): ExchangeOrder[] {
  const op = "reading open orders";
  if (!Array.isArray(list)) throw malformed(op, "the order list", list);
  const out: ExchangeOrder[] = [];
  for (const o of list) {
    if (typeof o !== "object" || o === null) throw malformed(op, "an order", o);
    const r = o as Record<string, unknown>;
    const t = token(String(r.asset_id ?? ""));
    if (!t) continue;
    if (typeof r.id !== "string" || !/^0x[0-9a-fA-F]{1,64}$/.test(r.id)) {
      throw malformed(op, "an order id", r.id);
    }
    if (r.side !== "BUY" && r.side !== "SELL") throw malformed(op, `order ${r.id} side`, r.side);
    const pricePips = parsePricePips(String(r.price));
    if (!(pricePips > 0 && pricePips < 10_000)) {
      throw malformed(op, `order ${r.id} price`, r.price);
    }
    const originalMicro = parseSizeMicro(String(r.original_size));
    const matchedMicro = parseSizeMicro(String(r.size_matched ?? ""));
    if (!(originalMicro > 0)) throw malformed(op, `order ${r.id} size`, r.original_size);
    if (!(matchedMicro >= 0 && matchedMicro <= originalMicro)) {
      throw malformed(op, `order ${r.id} size_matched`, r.size_matched);
    }
    out.push({ id: r.id, token: t, side: r.side, pricePips, originalMicro, matchedMicro });
  }
  return out;
}

/** `GET /data/trades` must be a list (each trade is checked as it becomes fills). */
export function tradeListOf(list: unknown): Record<string, unknown>[] {
  if (!Array.isArray(list)) throw malformed("reading trades", "the trade list", list);
  return list.filter((t): t is Record<string, unknown> => typeof t === "object" && t !== null);
}

/** A tick size answer (`"0.01"`) in pips; one of the venue's ticks. */
export function tickOf(v: unknown): number {
  const pips = parsePricePips(String(v));
  if (!TICKS.has(pips)) throw malformed("reading the tick size", "the tick size", v);
  return pips;
}

/** The book's `min_order_size` in micro-shares (> 0). */
export function minSizeOf(v: unknown): number {
  const micro = parseSizeMicro(String(v));
  if (!(micro > 0)) throw malformed("reading the book", "min_order_size", v);
  return micro;
}
