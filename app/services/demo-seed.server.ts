import type { Db } from "../db.server";
import { recordMovements } from "./ledger/record-movements.server";
import type { MovementInput } from "./ledger/movement-kinds";

// A deterministic demo shop: the same data on every run, so screenshots and training material match.

const PRODUCTS = [
  ["TEE", "Organic cotton tee", ["S", "M", "L", "XL"], 2400],
  ["HOOD", "Heavyweight hoodie", ["S", "M", "L", "XL"], 6800],
  ["CAP", "Five-panel cap", ["OS"], 2900],
  ["SOCK", "Merino socks", ["S", "M", "L"], 1600],
  ["BAG", "Canvas tote", ["OS"], 3200],
  ["BEAN", "Ribbed beanie", ["OS"], 2500],
  ["JKT", "Rain jacket", ["S", "M", "L"], 12900],
] as const;

function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

export async function seedDemoShop(db: Db, options: { now?: Date; orders?: number } = {}) {
  const now = options.now ?? new Date();
  const rand = random(42);
  const shop = await db.shop.create({ data: { name: "Demo Outfitters", currency: "USD" } });
  const [warehouse, store] = await Promise.all([
    db.location.create({ data: { shopId: shop.id, name: "Main warehouse" } }),
    db.location.create({ data: { shopId: shop.id, name: "Downtown store" } }),
  ]);
  // "demo": seeded records of channels no store stands behind yet, so the sync engine does not push to them.
  const shopify = await db.channel.create({
    data: {
      shopId: shop.id,
      kind: "shopify",
      name: "Shopify",
      externalRef: "demo-outfitters.myshopify.com",
      status: "demo",
    },
  });
  const woo = await db.channel.create({
    data: {
      shopId: shop.id,
      kind: "woocommerce",
      name: "WooCommerce",
      externalRef: "https://woo.demo-outfitters.test",
      status: "demo",
    },
  });

  const items: { id: string; sku: string; title: string; price: number }[] = [];
  for (const [code, title, sizes, price] of PRODUCTS) {
    for (const size of sizes) {
      const sku = `${code}-${size}`;
      const item = await db.inventoryItem.create({
        data: { shopId: shop.id, sku, title: `${title} (${size})`, lowStockThreshold: 5 },
      });
      items.push({ id: item.id, sku, title: item.title, price });
    }
  }
  await db.channelListing.createMany({
    data: items.flatMap((item) =>
      [shopify, woo].map((channel) => ({ shopId: shop.id, channelId: channel.id, itemId: item.id, syncState: "ok" })),
    ),
  });

  const receipts: MovementInput[] = items.flatMap((item, index) =>
    [warehouse, store].map((location) => ({
      itemId: item.id,
      locationId: location.id,
      kind: "receipt" as const,
      onHandDelta: location === warehouse ? 20 + ((index * 7) % 30) : 3 + (index % 6),
      committedDelta: 0,
      reason: "Opening stock",
      source: "system",
      actor: "demo-seed",
      idempotencyKey: `demo:receipt:${item.sku}:${location.name}`,
    })),
  );
  await recordMovements(db, shop.id, receipts);

  const orderCount = options.orders ?? 60;
  for (let n = 0; n < orderCount; n++) {
    const channel = rand() < 0.6 ? shopify : woo;
    const placedAt = new Date(now.getTime() - Math.floor(rand() * 30 * 24 * 60) * 60_000);
    const lineCount = 1 + Math.floor(rand() * 3);
    const chosen = new Set<number>();
    while (chosen.size < lineCount) chosen.add(Math.floor(rand() * items.length));
    const lines = [...chosen].map((itemIndex, lineIndex) => {
      const item = items[itemIndex]!;
      return { item, quantity: 1 + Math.floor(rand() * 2), externalId: `${n}-${lineIndex}` };
    });
    const fulfilled = placedAt.getTime() < now.getTime() - 2 * 24 * 3600_000 && rand() < 0.8;
    const order = await db.order.create({
      data: {
        shopId: shop.id,
        channelId: channel.id,
        externalId: `demo-${n + 1001}`,
        name: channel.kind === "shopify" ? `#${n + 1001}` : `WC-${n + 1001}`,
        channelUpdatedAt: placedAt,
        placedAt,
        currency: "USD",
        totalMinor: lines.reduce((sum, line) => sum + line.item.price * line.quantity, 0),
        units: lines.reduce((sum, line) => sum + line.quantity, 0),
        financialStatus: "paid",
        fulfillmentStatus: fulfilled ? "fulfilled" : "unfulfilled",
        customerName: CUSTOMERS[n % CUSTOMERS.length],
        lines: {
          create: lines.map((line) => ({
            shopId: shop.id,
            externalId: line.externalId,
            sku: line.item.sku,
            title: line.item.title,
            quantity: line.quantity,
            priceMinor: line.item.price,
            itemId: line.item.id,
            locationId: warehouse.id,
            fulfilledQty: fulfilled ? line.quantity : 0,
          })),
        },
        timeline: {
          create: { shopId: shop.id, kind: "placed", message: `Order placed on ${channel.name}`, source: channel.kind },
        },
      },
      include: { lines: true },
    });
    const movements: MovementInput[] = order.lines.flatMap((line) => {
      const base = {
        itemId: line.itemId!,
        locationId: warehouse.id,
        source: `channel:${channel.id}`,
        orderId: order.id,
        orderLineId: line.id,
      };
      const reserve = {
        ...base,
        kind: "reserve" as const,
        onHandDelta: 0,
        committedDelta: line.quantity,
        idempotencyKey: `demo:reserve:${line.id}`,
      };
      if (!fulfilled) return [reserve];
      return [
        reserve,
        {
          ...base,
          kind: "ship" as const,
          onHandDelta: -line.quantity,
          committedDelta: -line.quantity,
          idempotencyKey: `demo:ship:${line.id}`,
        },
      ];
    });
    await recordMovements(db, shop.id, movements);
  }
  return { shop, locations: [warehouse, store], channels: [shopify, woo], items };
}

const CUSTOMERS = [
  "Ada Lovelace",
  "Grace Hopper",
  "Alan Turing",
  "Katherine Johnson",
  "Linus Pauling",
  "Rosalind Franklin",
];
