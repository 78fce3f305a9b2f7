import { countedItemIds } from "../../app/services/ledger/opening-stock.server.ts";
import { NEVER_COUNTED } from "../../app/services/sync/push.server.ts";
import { checkConvergence } from "./support/ledger-checks.ts";
import type { Fulfilled, Placed } from "./outage-activity.ts";
import type { World } from "./support/world.ts";

// What "the store came back and everything caught up" means for drill:outage, each with the first few problems:
// every store shows the ledger's sellable quantity for every counted item, each fulfilment made during an outage is on
// its store exactly once, every order placed during an outage is in the ledger once, no command or push is left
// waiting or parked, and nothing in the inbox is waiting or quarantined.

export type Verdict = { name: string; ok: boolean; detail: string };

/** Listings parked from the start because their item was never counted (by design, ADR 0011): not the outage's. */
export async function parkedByDesign(world: World): Promise<Set<string>> {
  const rows = await world.cluster.db.channelListing.findMany({
    where: { shopId: world.shopId, syncState: "dead", lastError: NEVER_COUNTED },
    select: { id: true },
  });
  return new Set(rows.map((row) => row.id));
}

export async function verdicts(
  world: World,
  expected: { placed: Placed[]; fulfilled: Fulfilled[]; parked: Set<string> },
): Promise<Verdict[]> {
  const db = world.cluster.db;
  const shopId = world.shopId;
  const listings = await db.channelListing.findMany({
    where: { shopId },
    select: { id: true, itemId: true, syncState: true, lastError: true, item: { select: { sku: true } } },
  });
  const counted = await countedItemIds(
    db,
    shopId,
    listings.map((listing) => listing.itemId),
  );
  const stores = { shopify: world.shopify.store, woo: world.woo.store };
  const stock = await checkConvergence(
    db,
    shopId,
    stores,
    listings.filter((listing) => counted.has(listing.itemId)).map((listing) => listing.id),
  );

  const waiting = listings.filter((listing) => listing.syncState !== "ok" && !expected.parked.has(listing.id));
  const commands = await db.channelCommand.groupBy({ by: ["state"], where: { shopId }, _count: true });
  const unfinished = commands.filter((row) => !["done", "skipped"].includes(row.state));
  const inbox = await db.inboxEvent.groupBy({ by: ["status"], where: { shopId }, _count: true });
  const stuck = inbox.filter((row) => !["done", "ignored"].includes(row.status));

  const missing: string[] = [];
  for (const order of expected.placed) {
    const channelId = order.store === "shopify" ? world.shopify.channelId : world.woo.channelId;
    const found = await db.order.findMany({
      where: { channelId, externalId: String(order.id) },
      select: { units: true },
    });
    if (found.length !== 1 || found[0]!.units !== order.units)
      missing.push(`${order.store} order ${order.id}: ${found.length} in the ledger (units ${found[0]?.units ?? "-"})`);
  }

  return [
    {
      name: "every store shows the ledger's sellable quantity",
      ok: stock.ok,
      detail: stock.ok ? `${stock.figures.listings} listings` : stock.problems.join("; "),
    },
    ...expected.fulfilled.map((fulfilled) => fulfilmentOnStore(world, fulfilled)),
    {
      name: "every order placed during the outages is in the ledger once",
      ok: missing.length === 0,
      detail: missing.length === 0 ? `${expected.placed.length} orders` : missing.slice(0, 5).join("; "),
    },
    {
      name: "no command waiting or parked",
      ok: unfinished.length === 0,
      detail: commands.map((row) => `${row.state} ${row._count}`).join(", ") || "no commands",
    },
    {
      name: "no push waiting, failed or dead-lettered",
      ok: waiting.length === 0,
      detail:
        waiting.length === 0
          ? `${listings.length - expected.parked.size} listings in sync (${expected.parked.size} never counted, parked by design)`
          : waiting
              .slice(0, 5)
              .map((listing) => `${listing.item.sku} ${listing.syncState}: ${listing.lastError ?? ""}`)
              .join("; "),
    },
    {
      name: "nothing dropped: no inbox event waiting or quarantined",
      ok: stuck.length === 0,
      detail: inbox.map((row) => `${row.status} ${row._count}`).join(", "),
    },
  ];
}

/** The merchant's fulfilment reached the store exactly once, with its tracking number. */
function fulfilmentOnStore(world: World, fulfilled: Fulfilled): Verdict {
  const name = `the ${fulfilled.store === "shopify" ? "Shopify" : "WooCommerce"} fulfilment reached the store once`;
  if (fulfilled.store === "shopify") {
    const state = world.shopify.store.state;
    const order = state.orders.get(Number(fulfilled.orderExternalId))!;
    const made = order.fulfillmentIds.map((id) => state.fulfillments.get(id)!).filter((f) => f.status === "success");
    const ours = made.filter((f) => f.tracking.number === fulfilled.tracking);
    const units = ours.flatMap((f) => f.lineItems).reduce((sum, line) => sum + line.quantity, 0);
    return {
      name,
      ok: made.length === 1 && ours.length === 1 && units === fulfilled.units,
      detail: `order ${order.name}: ${made.length} fulfilment(s), ${ours.length} with ${fulfilled.tracking}, ${units} unit(s)`,
    };
  }
  const order = world.woo.store.orderRecord(Number(fulfilled.orderExternalId));
  const notes = order.notes.filter((note) => note.note.includes(fulfilled.tracking)).length;
  return {
    name,
    ok: order.status === "completed" && notes === 1,
    detail: `order ${order.id}: ${order.status}, ${notes} tracking note(s) with ${fulfilled.tracking}`,
  };
}
