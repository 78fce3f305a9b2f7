// Orders for the REST API's return and tracking tests: placed by the channel, shipped by the merchant (not imported
// by the app).
import { snapshot } from "../../../test/support/ledger-fixtures";
import type { Db } from "../../db.server";
import { applyChannelEvent } from "../ledger/apply-channel-event.server";
import { recordMovements } from "../ledger/record-movements.server";
import { fulfilOrder } from "../orders/fulfil-order.server";
import type { ApiShop } from "./test-support";

let orders = 0;

/**
 * A Shopify order of these lines, reserved at the main warehouse, and every unit shipped from there in one
 * fulfilment (DHL JD0001) whose create command is pending: the channel is about to know it.
 */
export async function shippedOrder(db: Db, shop: ApiShop, lines: { sku: string; quantity: number }[]) {
  const externalId = `api-shipped-${++orders}`;
  await applyChannelEvent(
    db,
    shop.shopify,
    { type: "order.upserted", order: snapshot(externalId, 1, lines) },
    { source: "test" },
  );
  const order = await db.order.findUniqueOrThrow({
    where: { channelId_externalId: { channelId: shop.shopify.id, externalId } },
    include: { lines: { orderBy: { externalId: "asc" } } },
  });
  if (order.lines.some((line) => line.locationId !== shop.main.id || line.shortQty > 0)) {
    throw new Error("the main warehouse is out of stock for this order: stock up the shop first");
  }
  const { fulfillmentId } = await fulfilOrder(
    db,
    shop.shop.id,
    {
      orderId: order.id,
      lines: order.lines.map((line) => ({ lineId: line.id, quantity: line.quantity })),
      carrier: "DHL",
      trackingNumber: "JD0001",
    },
    { actor: "user:warehouse", queue: null },
  );
  const line = (sku: string) => {
    const found = order.lines.find((candidate) => candidate.sku === sku);
    if (!found) throw new Error(`no ${sku} line`);
    return found;
  };
  return { order, line, fulfillmentId };
}

/** On-hand units of an item at the shop's main warehouse. */
export async function onHandAtMain(db: Db, shop: ApiShop, itemId = shop.mug.id) {
  const level = await db.stockLevel.findUniqueOrThrow({
    where: { itemId_locationId: { itemId, locationId: shop.main.id } },
  });
  return level.onHand;
}

/** Units received at the main warehouse for each of the shop's items, for tests that ship many orders. */
export async function stockUp(db: Db, shop: ApiShop, units = 100) {
  await recordMovements(
    db,
    shop.shop.id,
    [shop.mug, shop.tee, shop.cap].map((item) => ({
      itemId: item.id,
      locationId: shop.main.id,
      kind: "receipt" as const,
      onHandDelta: units,
      committedDelta: 0,
      source: "system",
      idempotencyKey: `stock-up-${item.id}-${units}`,
    })),
  );
}
