// A ledger shop with stock and a Shopify channel, for the order action tests (not imported by the app).
import type { Db } from "../../db.server";
import { makeItem, makeShop, snapshot } from "../../../test/support/ledger-fixtures";
import { registerCommander } from "../commands/commanders";
import { applyChannelEvent } from "../ledger/apply-channel-event.server";
import { createShopifyCommander } from "../shopify/commander.server";

/** Commands are recorded as pending (a Shopify commander exists) but never run here. */
export function registerIdleShopifyCommander() {
  registerCommander(
    createShopifyCommander({
      admin: async () => {
        throw new Error("the order action tests do not run commands");
      },
    }),
  );
}

let orders = 0;

/** TEE (10 at Warehouse, 4 at Storefront) and CAP (6 at Storefront only), sold on one Shopify channel. */
export async function orderShop(db: Db) {
  const { shop, locations, channels } = await makeShop(db, { locations: ["Warehouse", "Storefront"] });
  const [warehouse, storefront] = locations;
  const [channel] = channels;
  if (!warehouse || !storefront || !channel) throw new Error("makeShop made too little");
  const tee = await makeItem(db, shop.id, "TEE", [
    { locationId: warehouse.id, onHand: 10 },
    { locationId: storefront.id, onHand: 4 },
  ]);
  const cap = await makeItem(db, shop.id, "CAP", [{ locationId: storefront.id, onHand: 6 }]);

  /** An order from the channel, reserved by the ledger as any channel order is. */
  async function placeOrder(lines: { sku: string; quantity: number; fulfilled?: number }[]) {
    const externalId = String(9000 + ++orders);
    await applyChannelEvent(
      db,
      channel!,
      { type: "order.upserted", order: snapshot(externalId, 1, lines) },
      { source: "test" },
    );
    const order = await db.order.findUniqueOrThrow({
      where: { channelId_externalId: { channelId: channel!.id, externalId } },
      include: { lines: { orderBy: { externalId: "asc" } } },
    });
    return { ...order, line: (sku: string) => order.lines.find((line) => line.sku === sku)! };
  }

  return { shop, warehouse, storefront, channel, tee, cap, placeOrder };
}

export type OrderShop = Awaited<ReturnType<typeof orderShop>>;
