import { SimUserError } from "../context";
import { idOf } from "../gid";
import { fulfillmentToRest } from "../rest";
import type { ResolverEnv } from "./env";
import { fulfillmentView } from "./fulfillment-views";

// fulfillmentTrackingInfoUpdate: replaces a fulfillment's tracking and raises fulfillments/update, as Shopify does.
// Refusals come back as userErrors; nothing changes when one is refused.

type Args = Record<string, unknown>;

/** A tracking field given as `number` or as the first of `numbers` (FulfillmentTrackingInput takes both). */
function firstOf(input: Args, key: string): string | undefined {
  const plural = input[`${key}s`];
  const value = input[key] ?? (Array.isArray(plural) ? (plural as unknown[])[0] : undefined);
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function fulfillmentTrackingInfoUpdateResolver(env: ResolverEnv, args: Args) {
  try {
    const id = idOf(args.fulfillmentId, "Fulfillment");
    const fulfillment = id === undefined ? undefined : env.shop.fulfillments.get(id);
    if (!fulfillment) throw new SimUserError("Fulfillment does not exist.", ["fulfillmentId"]);
    if (fulfillment.status !== "success") {
      throw new SimUserError("Tracking cannot be updated on a cancelled fulfillment.", ["fulfillmentId"]);
    }
    const input = (args.trackingInfoInput ?? {}) as Args;
    fulfillment.tracking = {
      company: firstOf(input, "company"),
      number: firstOf(input, "number"),
      url: firstOf(input, "url"),
    };
    fulfillment.updatedAt = env.clock.stamp();
    env.emit({ topic: "fulfillments/update", payload: fulfillmentToRest(env.shop, fulfillment) });
    return {
      __typename: "FulfillmentTrackingInfoUpdatePayload",
      fulfillment: fulfillmentView(env, fulfillment),
      userErrors: [],
    };
  } catch (error) {
    if (!(error instanceof SimUserError)) throw error;
    return { __typename: "FulfillmentTrackingInfoUpdatePayload", fulfillment: null, userErrors: [error.toJSON()] };
  }
}
