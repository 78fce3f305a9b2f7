import { check, type Check } from "./support/drill.ts";
import {
  checkConvergence,
  checkOrdersOnce,
  checkReservations,
  inboxByStatus,
  storeOrders,
  type Finding,
} from "./support/ledger-checks.ts";
import type { ShopperTraffic } from "./support/traffic.ts";
import type { World } from "./support/world.ts";

// The crash drill's verdict once the world is quiet: nothing lost, nothing applied twice, nothing stuck in the inbox,
// a ledger that verifies, stores that show what the ledger sells. Each check carries its figures; failures name a few
// examples.

export type Baseline = { orders: { shopify: number; woo: number }; listingIds: string[]; parkedListings: number };

/** What the world holds before the traffic starts: its orders per channel and the listings it keeps in sync. */
export async function baseline(world: World): Promise<Baseline> {
  const db = world.cluster.db;
  const [shopify, woo, listings, parked] = await Promise.all([
    db.order.count({ where: { channelId: world.shopify.channelId } }),
    db.order.count({ where: { channelId: world.woo.channelId } }),
    db.channelListing.findMany({ where: { shopId: world.shopId, syncState: "ok" }, select: { id: true } }),
    db.channelListing.count({ where: { shopId: world.shopId, syncState: { not: "ok" } } }),
  ]);
  return { orders: { shopify, woo }, listingIds: listings.map((listing) => listing.id), parkedListings: parked };
}

const describe = (result: Finding) =>
  [
    Object.entries(result.figures)
      .map(([name, value]) => `${name} ${value}`)
      .join(", "),
    ...result.problems,
  ].join("; ");

export async function crashChecks(
  world: World,
  traffic: ShopperTraffic,
  before: Baseline,
  skus: string[],
): Promise<{ checks: Check[]; figures: Record<string, number | string> }> {
  const db = world.cluster.db;
  const stores = { shopify: world.shopify.store, woo: world.woo.store };
  const orders = storeOrders(stores, traffic.orders);
  const shopifyOrders = orders.filter((entry) => entry.order.store === "shopify");
  const wooOrders = orders.filter((entry) => entry.order.store === "woo");
  const shopify = await checkOrdersOnce(db, world.shopify.channelId, shopifyOrders, {
    ordersBefore: before.orders.shopify,
  });
  const woo = await checkOrdersOnce(db, world.woo.channelId, wooOrders, { ordersBefore: before.orders.woo });
  const reservations = await checkReservations(
    db,
    world.shopId,
    orders.map((entry) => ({
      entry,
      ledger: (entry.order.store === "shopify" ? shopify : woo).ledger.get(String(entry.order.id)),
    })),
    skus,
  );
  const inbox = await inboxByStatus(db);
  const stuck = ["pending", "processing", "quarantined", "failed"].reduce(
    (sum, status) => sum + (inbox[status] ?? 0),
    0,
  );
  const verified = await world.verify();
  const convergence = await checkConvergence(db, world.shopId, stores, before.listingIds);

  const checks = [
    check("no Shopify order lost, each once with the store's lines and state", shopify.ok, describe(shopify)),
    check("no WooCommerce order lost, each once with the store's lines and state", woo.ok, describe(woo)),
    check("no reservation applied twice (lines, movements, balances)", reservations.ok, describe(reservations)),
    check(
      "no inbox event pending, processing, quarantined or failed",
      stuck === 0,
      Object.entries(inbox)
        .map(([status, count]) => `${status} ${count}`)
        .join(", "),
    ),
    check(
      "ledger verify clean",
      verified.mismatches.length === 0,
      `${verified.checked} balances, ${verified.mismatches.length} mismatches` +
        verified.mismatches
          .slice(0, 3)
          .map(
            (m) =>
              `; ${m.sku} at ${m.locationName}: movements ${JSON.stringify(m.expected)}, ${JSON.stringify(m.actual)}`,
          )
          .join(""),
    ),
    check("both stores show the ledger's sellable stock", convergence.ok, describe(convergence)),
  ];
  const figures: Record<string, number | string> = {
    "ledger orders found (Shopify/Woo)": `${shopify.figures.found}/${woo.figures.found}`,
    "order lines checked": reservations.figures.lines ?? 0,
    "reserve movements": reservations.figures.reserveMovements ?? 0,
    "balances checked (traffic items)": reservations.figures.balances ?? 0,
    "inbox by status": Object.entries(inbox)
      .map(([status, count]) => `${status} ${count}`)
      .join(", "),
    "ledger verify balances": verified.checked,
    "listings converged": `${convergence.figures.listings! - convergence.figures.wrong!}/${convergence.figures.listings}`,
    "listings parked before the drill (untracked, parent stock)": before.parkedListings,
  };
  return { checks, figures };
}
