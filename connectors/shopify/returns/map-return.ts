import { ReturnChangedSchema, type ReturnChanged } from "../../events";
import { numericId } from "../admin/gid";
import type { ShopifyReturnStatus } from "../admin/operations/return";
import type { ShopifyReturn } from "./read-return";

// A Shopify return in the ledger's words. Units are told apart by what became of them: restocked (a RESTOCKED
// disposition), disposed of (NOT_RESTOCKED or MISSING), or not decided yet (unprocessed, or PROCESSING_REQUIRED).
// Each becomes its own line per order line, so a return read again after more was processed says exactly which
// units are new.

type Disposition = "restock" | "dispose" | undefined;

const DISPOSITION_OF: Record<string, Disposition> = {
  RESTOCKED: "restock",
  NOT_RESTOCKED: "dispose",
  MISSING: "dispose",
};

function statusOf(status: ShopifyReturnStatus, processed: number): ReturnChanged["status"] {
  switch (status) {
    case "REQUESTED":
      return "requested";
    case "OPEN":
      // Shopify keeps a return open until every unit is processed; once some are, they have been received.
      return processed > 0 ? "received" : "approved";
    case "CLOSED":
      return "closed";
    case "DECLINED":
      return "declined";
    case "CANCELED":
      return "cancelled";
  }
}

/** The merchant's note when there is one, else Shopify's reason code in words ("size too small"). */
function reasonOf(code: string | null | undefined, note: string | null | undefined): string | undefined {
  const written = note?.trim();
  if (written) return written.slice(0, 255);
  if (!code || code === "UNKNOWN") return undefined;
  return code.toLowerCase().replace(/_/g, " ");
}

export function mapShopifyReturn(found: ShopifyReturn, updatedAt: Date): ReturnChanged {
  // What became of the units of each fulfillment line item, taken in turn by the return lines that name it.
  const pools = new Map<string, Map<Exclude<Disposition, undefined>, number>>();
  for (const reverse of found.reverseLines) {
    if (!reverse.fulfillmentLineItem) continue;
    const pool = pools.get(reverse.fulfillmentLineItem.id) ?? new Map();
    for (const disposition of reverse.dispositions) {
      const kind = DISPOSITION_OF[disposition.type];
      if (kind) pool.set(kind, (pool.get(kind) ?? 0) + disposition.quantity);
    }
    pools.set(reverse.fulfillmentLineItem.id, pool);
  }
  const take = (fulfillmentLineItemId: string, kind: "restock" | "dispose", most: number) => {
    const pool = pools.get(fulfillmentLineItemId);
    const taken = Math.min(most, pool?.get(kind) ?? 0);
    if (pool && taken > 0) pool.set(kind, pool.get(kind)! - taken);
    return taken;
  };

  const lines = new Map<string, ReturnChanged["lines"][number]>();
  const add = (lineExternalId: string, quantity: number, disposition: Disposition, reason: string | undefined) => {
    if (quantity <= 0) return;
    const key = `${lineExternalId}:${disposition ?? ""}`;
    const line = lines.get(key);
    if (line) line.quantity += quantity;
    else lines.set(key, { lineExternalId, quantity, disposition, ...(reason ? { reason } : {}) });
  };
  let processed = 0;
  for (const line of found.lines) {
    // An unverified line (no fulfillment line item) names no order line: nothing of the ledger's comes back with it.
    if (!line.fulfillmentLineItem || line.quantity === undefined) continue;
    const lineExternalId = numericId(line.fulfillmentLineItem.lineItem.id, "LineItem");
    const reason = reasonOf(line.returnReason, line.returnReasonNote);
    processed += line.processedQuantity ?? 0;
    const restocked = take(line.fulfillmentLineItem.id, "restock", line.quantity);
    const disposed = take(line.fulfillmentLineItem.id, "dispose", line.quantity - restocked);
    add(lineExternalId, restocked, "restock", reason);
    add(lineExternalId, disposed, "dispose", reason);
    add(lineExternalId, line.quantity - restocked - disposed, undefined, reason);
  }
  return ReturnChangedSchema.parse({
    type: "return.changed",
    orderExternalId: found.orderId,
    returnExternalId: found.id,
    status: statusOf(found.status, processed),
    lines: [...lines.values()],
    updatedAt,
  });
}
