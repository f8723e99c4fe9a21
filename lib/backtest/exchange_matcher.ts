/**
 * A {@link Matcher} on the simulator's matching engine: our orders rest in
 * its book beside the seeded agents', who trade with them as with anyone's.
 *
 * @module
 */

import type { CancelRefusal, NewOrder, PlaceStatus } from "../engine/mod.ts";
import { placeFailure } from "../exchange/mod.ts";
import type { SimExchange } from "../sim/mod.ts";
import type { Matcher, VenueState } from "./venue.ts";

/** Our orders in a {@link SimExchange}, as account `owner`. */
export class ExchangeMatcher implements Matcher {
  /**
   * Our orders as `owner` on the simulator's exchange.
   *
   * @param exchange the simulator's exchange
   * @param owner our account (owner and address)
   */
  constructor(private readonly exchange: SimExchange, private readonly owner: string) {}

  place(t: number, id: string, o: NewOrder): PlaceStatus {
    const r = this.exchange.place({
      id,
      owner: this.owner,
      address: this.owner,
      token: o.token === "YES" ? 0 : 1,
      side: o.side,
      pricePips: o.priceTicks * o.tickPips,
      sizeMicro: o.sizeMicro,
      type: "GTC",
      postOnly: true,
      expirationMs: 0,
    }, t);
    // the exchange answers as the venue does: judged as the live adapter judges it
    if (!r.ok) return placeFailure(r.httpStatus, r.message);
    return r.status === "matched" ? "matched" : "live";
  }

  cancel(t: number, id: string): "canceled" | CancelRefusal {
    if (this.exchange.cancel(id, this.owner, t)) return "canceled";
    return this.exchange.orders.get(id)?.status === "MATCHED" ? "matched" : "absent";
  }

  liveIds(): string[] {
    return this.exchange.openOrders(this.owner).map((x) => x.id);
  }

  state(): VenueState {
    const a = this.exchange.account(this.owner);
    const openOrders = this.exchange.openOrders(this.owner).map((x) => ({
      id: x.id,
      token: x.token === 0 ? "YES" as const : "NO" as const,
      side: x.side,
      pricePips: x.pricePips,
      originalMicro: x.originalMicro,
      matchedMicro: x.matchedMicro,
    }));
    return {
      openOrders,
      fills: [],
      balances: { cashMicro: a.collateral, yesMicro: a.yes, noMicro: a.no },
    };
  }
}
