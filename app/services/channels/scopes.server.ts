import type { ChannelScopesUpdated } from "../../../connectors/events";
import type { Db } from "../../db.server";
import type { ApplyOutcome, ChannelRef } from "../ledger/apply-types";

/**
 * app/scopes_update: the sessions of the store carry the scopes now granted, as the Shopify app template does, so
 * the next request that needs a scope the merchant revoked asks for it again instead of failing at Shopify.
 */
export async function applyScopesUpdate(
  db: Db,
  channel: ChannelRef,
  event: ChannelScopesUpdated,
): Promise<ApplyOutcome> {
  if (channel.kind !== "shopify") return { outcome: "ignored", detail: "only Shopify sessions carry scopes" };
  const { externalRef } = await db.channel.findUniqueOrThrow({
    where: { id: channel.id },
    select: { externalRef: true },
  });
  const { count } = await db.session.updateMany({
    where: { shop: externalRef },
    data: { scope: event.scopes.join(",") },
  });
  return { outcome: "applied", detail: `${count} session(s) now carry ${event.scopes.length} scope(s)` };
}
