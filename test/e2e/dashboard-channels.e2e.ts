import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, prepareDb, type Db } from "../../app/db.server.ts";
import { seriousViolations } from "./axe.ts";
import { type App, launchBrowser, screenshot, startDemoApp } from "./harness.ts";

// The dashboard for each period, and one channel's settings: stock rules, location mapping and an unmatched SKU,
// against the seeded demo shop.

const HOUR = 60 * 60 * 1000;
const UNMATCHED_SKU = "TEE-BLACK-MEDIUM";

describe("dashboard and channel settings", () => {
  let app: App;
  let browser: Browser;
  let db: Db;
  let shopifyId: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startDemoApp(), launchBrowser()]);
    db = createDb(app.databaseUrl);
    await prepareDb(db, app.databaseUrl);
    const shop = await db.shop.findFirstOrThrow({ where: { name: "Demo Outfitters" } });
    const shopify = await db.channel.findFirstOrThrow({ where: { shopId: shop.id, kind: "shopify" } });
    shopifyId = shopify.id;
    const warehouse = await db.location.findFirstOrThrow({ where: { shopId: shop.id, name: "Main warehouse" } });
    // The demo seeds no shipments, channel locations or unmatched lines: one of each, as a connector would write them.
    // Placed just after midnight UTC so it counts as today whatever the hour the suite runs at.
    const placedAt = new Date(new Date().setUTCHours(0, 1, 0, 0));
    const order = await db.order.create({
      data: {
        shopId: shop.id,
        channelId: shopify.id,
        externalId: "e2e-unmatched",
        name: "#E2E-1",
        channelUpdatedAt: placedAt,
        placedAt,
        currency: "USD",
        totalMinor: 4800,
        units: 2,
        needsMapping: true,
        lines: {
          create: {
            shopId: shop.id,
            externalId: "L1",
            sku: UNMATCHED_SKU,
            title: "Black tee, medium",
            quantity: 2,
            priceMinor: 2400,
            needsMapping: true,
          },
        },
      },
      include: { lines: true },
    });
    await db.fulfillment.create({
      data: {
        shopId: shop.id,
        orderId: order.id,
        status: "success",
        source: "e2e",
        createdAt: new Date(placedAt.getTime() + 2 * HOUR),
        lines: { create: { orderLineId: order.lines[0]!.id, quantity: 2 } },
      },
    });
    await db.channelLocation.create({
      data: { shopId: shop.id, channelId: shopify.id, locationId: warehouse.id, externalLocationId: "gid-101" },
    });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await browser?.close();
    await app?.stop();
  });

  async function toast(page: Page, text: string) {
    await page.locator(".Polaris-Frame-Toast", { hasText: text }).waitFor();
  }

  it("shows the figures and the orders chart for today, 7 and 30 days", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${app.url}/app`, { waitUntil: "networkidle" });
    for (const label of ["Orders", "Revenue", "Median time to ship", "Return rate", "Awaiting fulfilment"]) {
      await expect(page.getByRole("heading", { name: label, exact: true }).count()).resolves.toBe(1);
    }
    for (const label of ["Open oversells", "Low-stock items", "Orders by channel · Today", "Stock sync"]) {
      await expect(page.getByRole("heading", { name: label }).count()).resolves.toBe(1);
    }
    // The order shipped 2 h after it was placed is today's only first shipment.
    await expect(page.getByText("2 h", { exact: true }).count()).resolves.toBe(1);
    const chart = page.getByRole("img", { name: /Orders per day by channel, today: \d+ orders over 1 day/ });
    await expect(chart.count()).resolves.toBe(1);
    await expect(page.locator("[data-testid=orders-chart] rect").count()).resolves.toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);

    for (const [value, days] of [
      ["7d", 7],
      ["30d", 30],
    ] as const) {
      await page.getByLabel("Period").selectOption(value);
      await page.waitForURL(new RegExp(`period=${value}`));
      await page.getByRole("img", { name: new RegExp(`over ${days} days`) }).waitFor();
      // The figures behind the picture, a row per day, for screen readers.
      await expect(page.locator("table caption + thead + tbody tr").count()).resolves.toBe(days);
    }
    const figures = await page.getByRole("img", { name: /over 30 days/ }).getAttribute("aria-label");
    expect(figures).toMatch(/Shopify \d+, WooCommerce \d+/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "dashboard");
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("saves a channel's safety stock, shows its locations and maps an unmatched SKU", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${app.url}/app/channels`, { waitUntil: "networkidle" });
    await page.getByRole("link", { name: "Settings of Shopify" }).click();
    await page.waitForURL(new RegExp(`/app/channels/${shopifyId}$`));
    await page.getByRole("heading", { name: "Shopify settings" }).waitFor();

    // A refused value stays on the field with its reason.
    await page.getByLabel("Maximum shown").fill("3");
    await page.getByLabel("Minimum to show").fill("5");
    await page.getByRole("button", { name: "Save rules" }).click();
    await page.getByText("The minimum cannot be above the maximum").waitFor();
    await toast(page, "Check the highlighted fields");
    await page.getByLabel("Maximum shown").fill("");
    await page.getByLabel("Minimum to show").fill("0");
    await page.getByLabel("Safety stock").fill("3");
    await page.getByRole("button", { name: "Save rules" }).click();
    await toast(page, "Rules saved: 17 listings re-planned");
    await page.reload({ waitUntil: "networkidle" });
    await expect(page.getByLabel("Safety stock").inputValue()).resolves.toBe("3");
    const channel = await db.channel.findUniqueOrThrow({ where: { id: shopifyId } });
    expect(channel.settings).toMatchObject({ safetyStock: 3, percentOfAvailable: 100 });

    await expect(page.getByText("gid-101", { exact: true }).count()).resolves.toBe(1);
    const mapped = page.getByLabel("Ledger location for gid-101");
    await expect(mapped.locator("option:checked").textContent()).resolves.toBe("Main warehouse");
    await page.getByLabel("Sell stock of gid-101").uncheck({ force: true });
    await page.getByRole("button", { name: "Save locations" }).click();
    await toast(page, "Locations saved");
    expect(await db.channelLocation.findFirstOrThrow({ where: { channelId: shopifyId } })).toMatchObject({
      sellable: false,
    });

    await page.getByRole("heading", { name: UNMATCHED_SKU }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // The standalone top bar is fixed: scrolled, it would land in the middle of a full-page picture.
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "channel-settings");
    await page
      .getByLabel(`Inventory item for ${UNMATCHED_SKU}`)
      .selectOption({ label: "TEE-M · Organic cotton tee (M)" });
    await page.getByRole("button", { name: "Map" }).click();
    await toast(page, `${UNMATCHED_SKU} mapped to TEE-M: 1 line reserved`);
    await page.getByText("Every line is matched").waitFor();
    await expect(page.getByRole("heading", { name: UNMATCHED_SKU }).count()).resolves.toBe(0);
    const line = await db.orderLine.findFirstOrThrow({ where: { sku: UNMATCHED_SKU } });
    expect(line).toMatchObject({ needsMapping: false, reservedQty: 2 });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("answers an unknown channel with the not-found screen", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${app.url}/app/channels/no-such-channel`);
    expect(response?.status()).toBe(404);
    await page.getByText("There is no such channel in this shop.").waitFor();
    await page.close();
  });
});
