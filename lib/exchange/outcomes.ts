/**
 * The venue's answers turned into the engine's typed outcomes: the adapters
 * (live, paper, simulated) read the venue's words and status codes here, so
 * the engine never does.
 *
 * @module
 */

import type { CancelRefusal, PlaceFailure, PlaceStatus } from "../engine/mod.ts";

/**
 * Why the venue refused a placement (or did not answer), from its HTTP
 * status (0: no answer) and its error text.
 *
 * @example
 * ```ts
 * import { placeFailure } from "./outcomes.ts";
 * placeFailure(400, "order 0xab… crosses the book"); // "crosses_book"
 * placeFailure(503, "trading is currently cancel-only"); // "cancel_only"
 * placeFailure(429, "Too Many Requests"); // "rate_limited"
 * ```
 */
export function placeFailure(httpStatus: number, text: string): PlaceFailure {
  // the venue's closed modes answer 503 too: the words decide before the status
  if (/cancel-only|currently disabled/i.test(text)) return "cancel_only";
  if (httpStatus === 429) return "rate_limited";
  if (httpStatus === 0 || httpStatus === 425 || httpStatus >= 500) return "transient";
  if (/crosses the book/i.test(text)) return "crosses_book";
  if (/balance|allowance/i.test(text)) return "insufficient_funds";
  return "rejected";
}

/** A placement's outcome as the port reports it. */
export interface PlaceOutcome {
  /** The order's client id. */
  clientId: number;
  /** What it came to (all the engine is told). */
  outcome: PlaceStatus;
  /** The venue's HTTP status (0: no answer), for the journal. */
  status: number;
  /** The venue's words ("" when accepted), for the journal. */
  message: string;
}

/** An accepted placement: resting (`live`) or filled on entry (`matched`). */
export function accepted(clientId: number, status: string): PlaceOutcome {
  return {
    clientId,
    outcome: status === "matched" ? "matched" : "live",
    status: 200,
    message: "",
  };
}

/** A refused or unanswered placement. */
export function refused(clientId: number, httpStatus: number, text: string): PlaceOutcome {
  return { clientId, outcome: placeFailure(httpStatus, text), status: httpStatus, message: text };
}

/** Why the venue did not cancel an order, from its reason text. */
export function cancelRefusal(reason: string): CancelRefusal {
  return /match/i.test(reason) ? "matched" : "absent";
}

/** What a cancel came to. */
export interface CancelOutcome {
  /** Cancelled ids. */
  canceled: string[];
  /** Not cancelled: already matched, or not there. */
  notCanceled: Record<string, CancelRefusal>;
  /** Ids whose fate is unknown because the request failed. */
  failed: string[];
  /** Why the request itself failed ("" when the venue answered), for the journal. */
  requestError: string;
}

/**
 * A cancel's outcome from the venue's answer: `canceled` ids and the
 * `not_canceled` reasons by id.
 */
export function cancelOutcome(
  canceled: string[],
  notCanceled: Record<string, string>,
): CancelOutcome {
  const refusals: Record<string, CancelRefusal> = {};
  for (const [id, why] of Object.entries(notCanceled)) refusals[id] = cancelRefusal(why);
  return { canceled, notCanceled: refusals, failed: [], requestError: "" };
}
