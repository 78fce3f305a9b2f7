import type { ChannelEvent } from "../../connectors/events";
import type { Db } from "../db.server";
import type { ApplyOutcome, ChannelRef } from "./ledger/apply-types";

type PrivacyEvent = Extract<ChannelEvent, { type: `privacy.${string}` }>;

/** What we hold about one customer on this channel's orders: their orders, lines and addresses. */
export async function exportCustomerData(db: Db, channel: ChannelRef, orderExternalIds: string[], email?: string) {
  return db.order.findMany({
    where: {
      shopId: channel.shopId,
      channelId: channel.id,
      OR: [{ externalId: { in: orderExternalIds } }, ...(email ? [{ customerEmail: email }] : [])],
    },
    select: {
      externalId: true,
      name: true,
      placedAt: true,
      customerName: true,
      customerEmail: true,
      shippingAddress: true,
      lines: { select: { sku: true, title: true, quantity: true, priceMinor: true } },
    },
  });
}

/**
 * Privacy requests. Redaction removes personal data from orders and keeps quantities and amounts, so the
 * ledger still balances; a shop redaction deletes the shop's data.
 */
export async function applyPrivacyEvent(db: Db, channel: ChannelRef, event: PrivacyEvent): Promise<ApplyOutcome> {
  switch (event.type) {
    case "privacy.customer_data_request": {
      const orders = await exportCustomerData(db, channel, event.orderExternalIds, event.customer.email);
      return { outcome: "applied", detail: `export of ${orders.length} order(s) available to the operator` };
    }
    case "privacy.customer_redact": {
      const orders = await exportCustomerData(db, channel, event.orderExternalIds, event.customer.email);
      const ids = await db.order.findMany({
        where: {
          shopId: channel.shopId,
          channelId: channel.id,
          externalId: { in: orders.map((order) => order.externalId) },
        },
        select: { id: true },
      });
      // Raw per-row update: a JSON column takes SQL NULL on both databases without client-specific sentinels.
      for (const { id } of ids) {
        await db.$executeRaw`UPDATE "Order" SET "customerName" = NULL, "customerEmail" = NULL, "shippingAddress" = NULL WHERE "id" = ${id} AND "shopId" = ${channel.shopId}`;
      }
      // The raw webhooks we kept carry the same personal data: processed ones are no longer needed.
      const needles = [event.customer.email, ...orders.map((order) => order.externalId)].filter(
        (needle): needle is string => !!needle && needle.length >= 3,
      );
      let payloads = 0;
      for (const needle of needles) {
        const { count } = await db.inboxEvent.updateMany({
          where: {
            shopId: channel.shopId,
            channelId: channel.id,
            status: { in: ["done", "ignored"] },
            payload: { contains: needle },
          },
          data: { payload: JSON.stringify({ redacted: true }) },
        });
        payloads += count;
      }
      return { outcome: "applied", detail: `${ids.length} order(s) and ${payloads} stored webhook(s) redacted` };
    }
    case "privacy.shop_redact": {
      await db.shop.delete({ where: { id: channel.shopId } });
      return { outcome: "applied", detail: "shop data deleted" };
    }
  }
}
