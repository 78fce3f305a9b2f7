import type { SimClock, ShopState } from "./state";

/** A webhook the store raises; the dispatcher signs and delivers it to the app's subscription. */
export type SimWebhook = { topic: string; payload: Record<string, unknown> };

/** What a store operation needs: the shop, the simulator's clock, and somewhere to raise webhooks. */
export type ShopContext = { shop: ShopState; clock: SimClock; emit: (webhook: SimWebhook) => void };

/** A refusal in Shopify's words, surfaced as userErrors by mutations and thrown by the merchant helpers. */
export class SimUserError extends Error {
  constructor(
    message: string,
    readonly field: string[] | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = "SimUserError";
  }

  toJSON() {
    return { field: this.field, message: this.message, code: this.code };
  }
}
