import { z } from "zod";

// GraphQL answers with global ids (gid://shopify/Order/5512003100001); webhooks, and so the ledger's external ids,
// use the numeric ids. Everything the connector stores is numeric, so webhook and backfill data meet on one key.

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d{1,20})(?:\?.*)?$/;

export const ShopifyGidSchema = z.string().regex(GID, "must be a Shopify global id such as gid://shopify/Order/1");

/** gid://shopify/Order/42 → "42". Throws on anything else, naming what was expected. */
export function numericId(gid: string, type?: string): string {
  const match = GID.exec(gid);
  if (!match || (type && match[1] !== type)) throw new Error(`"${gid}" is not a gid://shopify/${type ?? "<Type>"} id`);
  return match[2]!;
}

/** "42" → gid://shopify/Order/42, for queries and mutations that name a stored object. */
export function toGid(type: string, id: string): string {
  return id.startsWith("gid://") ? id : `gid://shopify/${type}/${id}`;
}
