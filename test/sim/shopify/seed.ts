import { seededRandom } from "../../../app/seeded-random";
import type { ShopHandle } from "./shop-handle";
import type { ShopifySim } from "./sim";

// "demo": a small outfitter with two locations, a dozen SKUs (one without a SKU, one untracked) and three months of
// orders: most shipped, some open, a few edited or cancelled. Deterministic, so every run shows the same store.

const DAY = 24 * 60 * 60 * 1000;

export async function seedDemo(
  sim: ShopifySim,
  options: { domain?: string; accessToken?: string; now?: number } = {},
): Promise<ShopHandle> {
  const shop = sim.createShop({
    domain: options.domain ?? "demo-outfitters.myshopify.com",
    name: "Demo Outfitters",
    locations: ["Warehouse", "Storefront"],
    accessToken: options.accessToken,
  });
  const random = seededRandom(2026);
  const skus: string[] = [];
  for (const colour of ["BLK", "WHT"]) {
    shop.addProduct({
      title: `Harbour Tee ${colour === "BLK" ? "Black" : "White"}`,
      variants: ["S", "M", "L"].map((size) => {
        skus.push(`TEE-${colour}-${size}`);
        return { sku: `TEE-${colour}-${size}`, title: size, priceMinor: 1999, stock: { Warehouse: 40, Storefront: 8 } };
      }),
    });
  }
  for (const [sku, title, price] of [
    ["MUG-12", "Enamel Mug", 1400],
    ["MUG-16", "Enamel Mug Large", 1600],
    ["CAP-NVY", "Navy Cap", 2400],
    ["SOCK-3P", "Wool Socks 3-pack", 1800],
  ] as const) {
    skus.push(sku);
    shop.addProduct({
      title,
      variants: [{ sku, priceMinor: price, stock: { Warehouse: 25, Storefront: 5 }, incoming: { Warehouse: 12 } }],
    });
  }
  shop.addProduct({ title: "Gift wrap", variants: [{ sku: null, priceMinor: 300, tracked: false }] });
  const now = options.now ?? Date.now();
  for (let index = 0; index < 30; index++) {
    const at = new Date(now - (90 - index * 3) * DAY - Math.floor((random() * DAY) / 2));
    const lines = [{ sku: skus[Math.floor(random() * skus.length)]!, quantity: 1 + Math.floor(random() * 3) }];
    if (random() < 0.3) lines.push({ sku: skus[Math.floor(random() * skus.length)]!, quantity: 1 });
    const order = await shop.placeOrder({
      lines: lines.filter((line, position) => lines.findIndex((other) => other.sku === line.sku) === position),
      email: `customer${index + 1}@example.com`,
      customer: { firstName: "Customer", lastName: String(index + 1) },
      at,
    });
    const roll = random();
    if (roll < 0.08) await shop.cancelOrder(order.id);
    else if (index < 24) await shop.fulfil(order.id, { tracking: { company: "UPS", number: `1Z${order.number}` } });
  }
  return shop;
}
