// The inbox key of a WooCommerce change, shared by webhook deliveries and the polling safety net. WooCommerce's own
// delivery id is wp_hash(webhook id . time()), which repeats within a second and differs between two webhooks, so it
// cannot say "same change". The resource's version can: every body is the resource as it is now, stamped with
// date_modified_gmt, so a polled copy and a delivered copy of one version (and order.created and order.updated
// carrying the same version) are one event, and a newer version is a new one.
//
//   order:<id>:<date_modified_gmt>.<progress>     product:<id>:<date_modified_gmt>  (a variation's body is a product)
//
// An order's progress (order-version.ts) tells two versions saved within one second apart; products have no such
// measure, and a second save of a product within a second is left to the poll and reconciliation.
//   order:<id>:deleted                 product:<id>:deleted                 (a deleted resource is sent as {id} alone)

import { wooOrderProgress } from "./order-version";

const ID = /^\d{1,15}$/;
const GMT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

/**
 * The key for a body of a topic such as "order.updated", or null when the body cannot be versioned (no id, no
 * date_modified_gmt: an error body WooCommerce built for a resource gone by delivery time, an action.* topic). The
 * caller then falls back to the delivery id; the parser decides what such a body means.
 */
export function wooEventKey(topic: string, body: unknown): string | null {
  const match = /^([a-z_]+)\.([a-z_]+)$/.exec(topic.trim().toLowerCase());
  if (!match || match[1] === "action") return null;
  const [, resource, event] = match;
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const { id, date_modified_gmt: modified } = body as Record<string, unknown>;
  const idText = typeof id === "number" || typeof id === "string" ? String(id) : "";
  if (!ID.test(idText) || idText === "0") return null;
  if (event === "deleted") return `${resource}:${idText}:deleted`;
  if (typeof modified !== "string" || !GMT.test(modified)) return null;
  if (resource !== "order") return `${resource}:${idText}:${modified}`;
  const progress = wooOrderProgress(body as Record<string, unknown>);
  return `${resource}:${idText}:${modified.slice(0, 19)}.${String(progress).padStart(3, "0")}`;
}
