import type { LoadWorld } from "./load-world.ts";

// Returns for the screens, on the simulated Shopify store as customers and the merchant make them: orders placed,
// fulfilled, returns requested, six in ten approved and one in ten declined, each step reaching the app by its
// webhooks. (The bulk of the orders is seeded by seed-orders.ts.)

export const SEEDED_RETURNS = 60;

export async function seedReturns(load: LoadWorld, count: number, log: (line: string) => void) {
  const { world, items } = load;
  const shop = world.shopify.store;
  const fulfilled: { orderId: number; lines: { id: number; quantity: number }[] }[] = [];
  log(`seeding ${count} returns on the Shopify store`);
  for (let index = 0; index < count; index++) {
    const skus = [items[(index * 7) % items.length]!.sku, items[(index * 7 + 3) % items.length]!.sku];
    const order = await shop.placeOrder({
      lines: skus.map((sku) => ({ sku, quantity: 2 })),
      email: `returner${index}@example.com`,
      customer: { firstName: "Returning", lastName: `Customer ${index}` },
    });
    fulfilled.push({ orderId: order.id, lines: [] });
  }
  await world.settled(180_000);
  for (const entry of fulfilled) {
    const fulfillment = await shop.fulfil(entry.orderId, {
      tracking: { company: "UPS", number: `1ZRET${entry.orderId}` },
    });
    entry.lines = fulfillment.lineItems.map((line) => ({ id: line.id, quantity: line.quantity }));
  }
  await world.settled(180_000);
  const reasons = ["SIZE_TOO_SMALL", "DEFECTIVE", "NOT_AS_DESCRIBED", "UNWANTED"];
  const requested: number[] = [];
  for (const [index, entry] of fulfilled.entries()) {
    const record = await shop.requestReturn(entry.orderId, [
      { fulfillmentLineItemId: entry.lines[0]!.id, quantity: 1, reason: reasons[index % reasons.length] },
    ]);
    requested.push(record.id);
  }
  await world.settled(180_000);
  for (const [index, returnId] of requested.entries()) {
    if (index % 10 < 6) await shop.approveReturn(returnId);
    else if (index % 10 === 6) await shop.declineReturn(returnId, "final_sale");
  }
  await world.settled(180_000);
}
