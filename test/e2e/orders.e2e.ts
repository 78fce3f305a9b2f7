import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "./axe.ts";
import { type App, launchBrowser, screenshot, startDemoApp } from "./harness.ts";

// The orders screens against the seeded demo shop (60 orders, #10xx on Shopify and WC-10xx on WooCommerce, the
// older ones mostly fulfilled): filter and search the list, open an order and fulfil a line through the form, and
// print a pick list of two selected orders.

const ROW = ".Polaris-IndexTable__TableRow";

describe("orders screens", () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startDemoApp(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (error) => errors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const rowTexts = () => page.locator(ROW).allInnerTexts();

  it("lists the orders with their filters, and a filter changes the rows", async () => {
    await page.goto(`${app.url}/app/orders`, { waitUntil: "networkidle" });
    await page.waitForSelector(ROW);
    expect(await page.locator(ROW).count()).toBe(25);
    const all = await rowTexts();
    expect(all.some((text) => /fulfilled/.test(text) && !/unfulfilled/.test(text))).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "orders-index");

    await page.getByRole("button", { name: "Fulfilment" }).click();
    await page.locator(".Polaris-Popover").getByText("Unfulfilled", { exact: true }).click();
    await page.waitForURL(/fulfillment=unfulfilled/);
    await page.keyboard.press("Escape");
    await expect
      .poll(async () => (await rowTexts()).every((text) => text.includes("unfulfilled")), { timeout: 10_000 })
      .toBe(true);
    const unfulfilled = await rowTexts();
    expect(unfulfilled.length).toBeGreaterThan(0);
    expect(unfulfilled).not.toEqual(all.slice(0, unfulfilled.length));

    await page.getByRole("button", { name: "Channel" }).click();
    await page.locator(".Polaris-Popover").getByText("WooCommerce", { exact: true }).click();
    await page.waitForURL(/channelId=/);
    await page.keyboard.press("Escape");
    await expect
      .poll(async () => (await rowTexts()).every((text) => /WooCommerce.*unfulfilled/s.test(text)), { timeout: 10_000 })
      .toBe(true);

    await page.goto(`${app.url}/app/orders?status=cancelled`, { waitUntil: "networkidle" });
    await expect(page.getByText("No orders match").count()).resolves.toBe(1);
  });

  it("finds an order by its number", async () => {
    await page.goto(`${app.url}/app/orders`, { waitUntil: "networkidle" });
    await page.getByPlaceholder("Search order number, customer or SKU").fill("1007");
    await page.waitForURL(/q=1007/);
    await expect.poll(() => page.locator(ROW).count(), { timeout: 10_000 }).toBe(1);
    const found = await rowTexts();
    expect(found[0]).toMatch(/(#|WC-)1007/);
  });

  it("prints a pick list of two selected orders", async () => {
    await page.goto(`${app.url}/app/orders?fulfillment=unfulfilled`, { waitUntil: "networkidle" });
    await page.waitForSelector(ROW);
    const names = await page.locator(`${ROW} a`).allInnerTexts();
    const checkboxes = page.locator(`${ROW} input[type=checkbox]`);
    await checkboxes.nth(0).check({ force: true });
    await checkboxes.nth(1).check({ force: true });
    await page.getByRole("button", { name: "Pick list" }).click();
    await page.waitForURL(/\/app\/orders\/pick-list\?ids=[^,]+,[^,]+$/);
    await page.getByRole("heading", { name: "Pick list" }).waitFor();
    const subtitle = await page.getByText(/units? to pick for 2 orders/).innerText();
    expect(subtitle).toContain(names[0]!.trim());
    expect(subtitle).toContain(names[1]!.trim());
    await expect(page.getByRole("heading", { name: "Main warehouse" }).count()).resolves.toBe(1);
    await expect(page.getByRole("button", { name: "Print" }).count()).resolves.toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "pick-list");
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".Polaris-Frame__Navigation").isVisible()).resolves.toBe(false);
    await page.emulateMedia({ media: "screen" });
  });

  it("opens an order and fulfils one of its open lines through the form", async () => {
    await page.goto(`${app.url}/app/orders?fulfillment=unfulfilled`, { waitUntil: "networkidle" });
    await page.waitForSelector(ROW);
    const link = page.locator(`${ROW} a`).first();
    const name = (await link.innerText()).trim();
    await link.click();
    await page.waitForURL(/\/app\/orders\/(?!pick-list)[^/?]+$/);
    await page.getByRole("heading", { name }).waitFor();
    await expect(page.getByText("Nothing shipped yet.").count()).resolves.toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Fulfil items" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    const quantities = dialog.getByLabel(/^Units of .* to fulfil$/);
    const lines = await quantities.count();
    // Only the first line ships: the others are left at 0.
    for (let n = 1; n < lines; n++) await quantities.nth(n).fill("0");
    await quantities.first().fill("1");
    await dialog.getByLabel("Carrier").fill("UPS");
    await dialog.getByLabel("Tracking number").fill("1Z999AA10123456784");
    await dialog.getByRole("button", { name: "Fulfil 1 unit" }).click();

    await page.locator(".Polaris-Frame-Toast", { hasText: "1 unit fulfilled" }).waitFor();
    await dialog.waitFor({ state: "detached" });
    await page.getByText("UPS · 1Z999AA10123456784", { exact: true }).waitFor();
    await expect(page.getByText("Nothing shipped yet.").count()).resolves.toBe(0);
    await expect(
      page.getByText(/1 unit\(s\) fulfilled from Main warehouse, tracking 1Z999AA10123456784/).count(),
    ).resolves.toBe(1);
    await screenshot(page, "order-detail");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("shows field errors from the form, and a missing order as not found", async () => {
    await page.getByRole("button", { name: "Fulfil items" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    await dialog.getByLabel("Tracking URL").fill("not a web address");
    await dialog.getByRole("button", { name: /^Fulfil \d+ units?$/ }).click();
    await dialog.getByText("Enter a web address starting with https://").waitFor();
    await page.locator(".Polaris-Frame-Toast", { hasText: "Check the highlighted fields" }).waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });

    const response = await page.goto(`${app.url}/app/orders/no-such-order`);
    expect(response?.status()).toBe(404);
    await expect(page.getByText("There is no such order in this shop.").count()).resolves.toBe(1);
    expect(errors).toEqual([]);
  });
});
