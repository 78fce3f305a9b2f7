import type { WooSim } from "./sim";
import type { StoreHandle } from "./store-handle";

// "demo": a small outfitter with ten SKUs (one a variable parent's, one product without any) - a variable tee whose sizes keep their own stock, a variable tote whose
// colours share the parent's stock ("manage_stock": "parent"), simple products in stock, on backorder, sold out and
// untracked - and a week of orders in most states. Deterministic, so every run shows the same store.

const DAY = 24 * 60 * 60 * 1000;

export function seedDemo(sim: WooSim, options: { url?: string; now?: number } = {}): StoreHandle {
  const store = sim.createStore({ url: options.url ?? "https://demo-outfitters.example", name: "Demo Outfitters" });
  store.addProduct({
    type: "variable",
    name: "Harbour Tee",
    variations: [
      { sku: "TEE-S", price: "19.99", stock: 12, attributes: { Size: "S" } },
      { sku: "TEE-M", price: "19.99", stock: 20, attributes: { Size: "M" } },
      { sku: "TEE-L", price: "21.99", stock: 8, attributes: { Size: "L" } },
    ],
  });
  store.addProduct({
    type: "variable",
    name: "Canvas Tote",
    sku: "TOTE",
    stock: 30,
    variations: [
      { sku: "TOTE-NAT", price: "24.00", attributes: { Colour: "Natural" } },
      { sku: "TOTE-BLK", price: "24.00", attributes: { Colour: "Black" } },
    ],
  });
  store.addProduct({ name: "Enamel Mug", sku: "MUG-12", price: "14.00", stock: 25 });
  store.addProduct({ name: "Navy Cap", sku: "CAP-NVY", price: "24.00", stock: 2, backorders: "notify" });
  store.addProduct({ name: "Wool Socks 3-pack", sku: "SOCK-3P", price: "18.00", stock: 0 });
  store.addProduct({ name: "Trail Map Poster", sku: "POSTER-A2", price: "12.50", stockStatus: "instock" });
  store.addProduct({ name: "Gift Wrap", sku: "", price: "3.00", stockStatus: "instock" });

  const now = options.now ?? Date.now();
  const at = (days: number) => new Date(now - days * DAY);
  const orders = [
    store.placeOrder({ lines: [{ sku: "TEE-M", quantity: 2 }], email: "ada@example.com", at: at(7) }),
    store.placeOrder({
      lines: [
        { sku: "TOTE-NAT", quantity: 1 },
        { sku: "MUG-12", quantity: 2 },
      ],
      email: "grace@example.com",
      at: at(6),
    }),
    store.placeOrder({ lines: [{ sku: "TEE-L", quantity: 1 }], email: "linus@example.com", at: at(5) }),
    store.placeOrder({
      lines: [{ sku: "CAP-NVY", quantity: 1 }],
      email: "margaret@example.com",
      status: "on-hold",
      at: at(3),
    }),
    store.placeOrder({ lines: [{ sku: "POSTER-A2", quantity: 3 }], email: "alan@example.com", at: at(2) }),
    store.placeOrder({ lines: [{ sku: "TOTE-BLK", quantity: 2 }], email: "barbara@example.com", at: at(1) }),
  ];
  store.completeOrder(orders[0]!.id);
  store.completeOrder(orders[1]!.id);
  store.cancelOrder(orders[2]!.id);
  store.refundOrder(orders[4]!.id, { amount: "12.50", reason: "Damaged in transit" });
  return store;
}
