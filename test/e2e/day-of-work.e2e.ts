import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "./axe";
import { launchBrowser, screenshot } from "./harness";
import { SHARED_SKUS, startTwoStores, type TwoStores } from "./two-stores";

// A merchant's day on the screens, against both simulated stores over real HTTP: what came in, fulfil, a return,
// fixing stock, and every change reaching the channels.

describe("a day's work on the screens, with Shopify and WooCommerce connected", () => {
  let world: TwoStores;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [world, browser] = await Promise.all([startTwoStores(), launchBrowser()]);
    page = await browser.newPage();
    await world.signIn(page);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  /** What each store shows for a SKU, next to the ledger's sellable figure for each channel. */
  async function shown(sku: string) {
    const listings = await world.db.channelListing.findMany({
      where: { shopId: world.shopId, item: { sku } },
      select: { channelId: true, desiredQty: true, syncState: true },
    });
    const desired = (channelId: string) => listings.find((listing) => listing.channelId === channelId)?.desiredQty;
    const levels = world.shopify.store.levels(sku);
    return {
      shopify: Object.values(levels).reduce((sum, level) => sum + level.available, 0),
      shopifySellable: desired(world.shopify.channelId),
      woo: world.woo.store.stock(sku).stock_quantity,
      wooSellable: desired(world.woo.channelId),
    };
  }

  it("starts with both stores showing the ledger's sellable quantity for the SKUs they share", async () => {
    for (const sku of SHARED_SKUS) {
      const figures = await shown(sku);
      expect({ sku, shopify: figures.shopify, woo: figures.woo }).toEqual({
        sku,
        shopify: figures.shopifySellable,
        woo: figures.wooSellable,
      });
    }
    await page.goto(`${world.app.url}/app/channels`, { waitUntil: "networkidle" });
    await page.waitForSelector("text=demo-outfitters.myshopify.com");
    await screenshot(page, "two-stores-channels");
  });

  it("fulfils a Shopify order from its page: the store gets the fulfilment with tracking, stock leaves once", async () => {
    const placed = await world.shopify.store.placeOrder({
      lines: [{ sku: "MUG-12", quantity: 2 }],
      email: "day@example.com",
    });
    await world.settled();
    const order = await world.db.order.findFirstOrThrow({
      where: { shopId: world.shopId, externalId: String(placed.id) },
      select: { id: true, name: true },
    });
    const before = await stockOf("MUG-12");

    await page.goto(`${world.app.url}/app/orders?q=${encodeURIComponent(order.name.replace("#", ""))}`, {
      waitUntil: "networkidle",
    });
    await page.getByRole("link", { name: order.name }).first().click();
    await page.getByRole("heading", { name: order.name }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Fulfil items" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    await dialog.getByLabel("Carrier").fill("UPS");
    await dialog.getByLabel("Tracking number").fill("1ZDAYOFWORK0001");
    await dialog.getByRole("button", { name: "Fulfil 2 units" }).click();
    await page.locator(".Polaris-Frame-Toast", { hasText: "2 units fulfilled" }).waitFor();
    await world.settled();

    const simOrder = world.shopify.store.state.orders.get(placed.id)!;
    expect(simOrder.fulfillmentIds).toHaveLength(1);
    expect(world.shopify.store.state.fulfillments.get(simOrder.fulfillmentIds[0]!)).toMatchObject({
      status: "success",
      tracking: { company: "UPS", number: "1ZDAYOFWORK0001" },
    });
    const after = await stockOf("MUG-12");
    expect(after.onHand).toBe(before.onHand - 2);
    expect(after.committed).toBe(before.committed - 2);
    await page.reload({ waitUntil: "networkidle" });
    await page.getByText("UPS · 1ZDAYOFWORK0001", { exact: true }).waitFor();
    await screenshot(page, "day-fulfilled-order");
  });

  it("adjusts stock from the item page: both stores show the new sellable quantity", async () => {
    const item = await world.db.inventoryItem.findFirstOrThrow({
      where: { shopId: world.shopId, sku: "CAP-NVY" },
      select: { id: true },
    });
    const before = await shown("CAP-NVY");
    await page.goto(`${world.app.url}/app/inventory/${item.id}`, { waitUntil: "networkidle" });
    await page.getByRole("heading", { name: "CAP-NVY", exact: true }).waitFor();
    await page.getByLabel("Location").selectOption({ label: "Warehouse" });
    await page.getByLabel("Change to on hand").fill("7");
    await page.getByLabel("Reason").selectOption({ label: "Found" });
    await page.getByLabel("Note").fill("a carton behind the shelf");
    await page.getByRole("button", { name: "Adjust stock" }).click();
    await page.locator(".Polaris-Frame-Toast", { hasText: "On hand at Warehouse +7" }).waitFor();
    await world.settled();

    const after = await shown("CAP-NVY");
    // The Warehouse counts for both channels: each shows 7 more, and each store shows what the ledger says.
    expect(after.shopifySellable).toBe(before.shopifySellable! + 7);
    expect(after.wooSellable).toBe(before.wooSellable! + 7);
    expect(after.shopify).toBe(after.shopifySellable);
    expect(after.woo).toBe(after.wooSellable);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "day-adjusted-item");
  });

  async function stockOf(sku: string) {
    const levels = await world.db.stockLevel.findMany({
      where: { shopId: world.shopId, item: { sku } },
      select: { onHand: true, committed: true },
    });
    return {
      onHand: levels.reduce((sum, level) => sum + level.onHand, 0),
      committed: levels.reduce((sum, level) => sum + level.committed, 0),
    };
  }
});
