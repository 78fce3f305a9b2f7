import type { WooClock } from "./clock";
import type { StoreState } from "./state";

/** A change the store made, as WooCommerce's webhook hooks see it: which resource, what happened, which post id. */
export type StoreEvent = { resource: "product" | "order"; event: "created" | "updated" | "deleted"; id: number };

/** What a store operation needs: the store, the clock, and somewhere to raise events for webhooks. */
export type StoreContext = { state: StoreState; clock: WooClock; emit: (event: StoreEvent) => void };

/** A refusal of a shopper or merchant action (not an API error): out of stock, unknown SKU, bad transition. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreError";
  }
}
