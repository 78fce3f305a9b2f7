import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, prepareDb, type Db } from "../../app/db.server";
import { createReturn } from "../../app/services/orders/create-return.server";
import { seriousViolations } from "./axe.ts";
import { type App, launchBrowser, screenshot, startDemoApp } from "./harness.ts";

// The Returns screens on the demo shop: a return opened on a shipped order (the demo seed has none), found in the
// list, received with restock on its page, closed after confirming, and the units back on hand in the ledger.

describe("returns screens", () => {
  let app: App;
  let browser: Browser;
  let db: Db;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startDemoApp(), launchBrowser()]);
    db = createDb(app.databaseUrl);
    await prepareDb(db, app.databaseUrl);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await browser?.close();
    await app?.stop();
  });

  it("lists a return, receives its line with restock and closes it", async () => {
    const order = await db.order.findFirstOrThrow({
      where: { fulfillmentStatus: "fulfilled" },
      orderBy: { placedAt: "desc" },
      include: { lines: { orderBy: { id: "asc" } } },
    });
    const line = order.lines[0]!;
    const onHand = async () =>
      (
        await db.stockLevel.findUniqueOrThrow({
          where: { itemId_locationId: { itemId: line.itemId!, locationId: line.locationId! } },
        })
      ).onHand;
    const before = await onHand();
    const opened = await createReturn(
      db,
      order.shopId,
      { orderId: order.id, lines: [{ lineId: line.id, quantity: line.quantity, reason: "Too small" }] },
      { actor: "e2e", queue: null },
    );

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    await page.goto(`${app.url}/app`, { waitUntil: "networkidle" });
    await page.locator(".Polaris-Navigation").getByText("Returns").click();
    await page.waitForURL(/\/app\/returns$/);
    const link = page.getByRole("link", { name: `Return of ${order.name}` });
    await link.waitFor();
    await expect(page.locator(".Polaris-IndexTable__TableRow").count()).resolves.toBe(1);
    await expect(page.getByRole("row").filter({ hasText: order.name }).getByText("Approved").count()).resolves.toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "returns-index");

    await link.click();
    await page.waitForURL(new RegExp(`/app/returns/${opened.id}$`));
    await page.getByRole("heading", { name: `Return of ${order.name}` }).waitFor();
    await page.getByText("Too small").waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const quantity = page.getByLabel(`Units received of ${line.sku}`);
    await expect(quantity.inputValue()).resolves.toBe(String(line.quantity));
    await page.getByLabel(`What becomes of ${line.sku}`).selectOption("restock");
    await page.getByLabel(`Condition of ${line.sku}`).fill("As new");
    await page.getByRole("button", { name: "Receive units" }).click();
    await page
      .locator(".Polaris-Frame-Toast")
      .getByText(`${line.quantity} unit(s) received: return received`)
      .waitFor();
    await page.locator(".Polaris-Page-Header__TitleWrapper").getByText("Received", { exact: true }).waitFor();
    await page.getByText("Restocked", { exact: true }).waitFor();
    expect(await onHand()).toBe(before + line.quantity);
    expect(await db.return.findUniqueOrThrow({ where: { id: opened.id } })).toMatchObject({ status: "received" });
    await screenshot(page, "return-detail-toast");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "return-detail");

    await page.getByRole("button", { name: "Close return" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Close return" }).click();
    await page.locator(".Polaris-Frame-Toast").getByText("Return closed").waitFor();
    await page.locator(".Polaris-Page-Header__TitleWrapper").getByText("Closed", { exact: true }).waitFor();
    expect(await db.return.findUniqueOrThrow({ where: { id: opened.id } })).toMatchObject({ status: "closed" });

    expect(errors).toEqual([]);
    await page.close();
  });

  it("answers an unknown return with its not-found page", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${app.url}/app/returns/no-such-return`);
    expect(response?.status()).toBe(404);
    await page.getByText("There is no such return in this shop.").waitFor();
    await page.close();
  });
});
