import { z } from "zod";
import type { ParsedWebhook } from "../contract";
import { ReturnNoticedSchema, type ReturnStatusSchema } from "../events";
import { shopifyGidSchema, ShopifyIdSchema, TimestampSchema } from "./parse-common";

// The returns/* topics. Their payloads are thin and differ per topic: some carry the return's lines, some only its
// ids, some name the order as order_id and some as an order object. None is a whole return, so each becomes a notice
// and the ledger reads the return as it is now through the channel's return reader. All a notice must say is which
// return of which order; the status the topic names is only a hint.

/** The status each topic announces, in the ledger's words. A reopened return is open again, as when approved. */
export const RETURN_STATUS_OF_TOPIC = {
  "returns/request": "requested",
  "returns/approve": "approved",
  "returns/decline": "declined",
  "returns/process": "received",
  "returns/cancel": "cancelled",
  "returns/close": "closed",
  "returns/reopen": "approved",
} as const satisfies Record<string, z.infer<typeof ReturnStatusSchema>>;

export type ShopifyReturnTopic = keyof typeof RETURN_STATUS_OF_TOPIC;

const ReturnOrderRefSchema = z.object({
  id: ShopifyIdSchema.nullish(),
  admin_graphql_api_id: shopifyGidSchema("Order").nullish(),
});

/** Several fields that may each name the same object: at least one must, and those present must agree. */
function oneId(ctx: z.RefinementCtx, candidates: [string, string | null | undefined][], what: string) {
  const named = candidates.filter((candidate): candidate is [string, string] => candidate[1] != null);
  const [first, ...others] = named;
  if (!first) {
    const fields = candidates.map(([path]) => path).join(" or ");
    ctx.addIssue({ code: "custom", path: candidates[0]![0].split("."), message: `must name ${what} (${fields})` });
    return z.NEVER;
  }
  for (const [path, id] of others) {
    if (id !== first[1])
      ctx.addIssue({
        code: "custom",
        path: path.split("."),
        message: `names ${id} while ${first[0]} names ${first[1]}`,
      });
  }
  return first[1];
}

export const ShopifyReturnNoticePayloadSchema = z
  .object({
    id: ShopifyIdSchema.nullish(),
    admin_graphql_api_id: shopifyGidSchema("Return").nullish(),
    order_id: ShopifyIdSchema.nullish(),
    order: ReturnOrderRefSchema.nullish(),
    updated_at: TimestampSchema.nullish(),
    processed_at: TimestampSchema.nullish(),
    created_at: TimestampSchema.nullish(),
  })
  .transform((payload, ctx) => {
    const returnId = oneId(
      ctx,
      [
        ["id", payload.id],
        ["admin_graphql_api_id", payload.admin_graphql_api_id],
      ],
      "the return",
    );
    const orderId = oneId(
      ctx,
      [
        ["order_id", payload.order_id],
        ["order.id", payload.order?.id],
        ["order.admin_graphql_api_id", payload.order?.admin_graphql_api_id],
      ],
      "the order",
    );
    // Most topics carry no timestamp at all. The notice time is only a hint (the reader's answer wins), so a notice
    // without one is still read, dated at the epoch rather than at an arrival time that would differ per delivery.
    const noticedAt = payload.updated_at ?? payload.processed_at ?? payload.created_at ?? new Date(0);
    return { returnId, orderId, noticedAt };
  });

/** Throws a ZodError naming the field on a bad payload. */
export function parseReturnWebhook(topic: ShopifyReturnTopic, payload: unknown): ParsedWebhook {
  const notice = ShopifyReturnNoticePayloadSchema.parse(payload);
  const event = ReturnNoticedSchema.parse({
    type: "return.noticed",
    orderExternalId: notice.orderId,
    returnExternalId: notice.returnId,
    status: RETURN_STATUS_OF_TOPIC[topic],
    noticedAt: notice.noticedAt,
  });
  return { events: [event] };
}
