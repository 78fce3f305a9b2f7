import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "./axe.ts";
import { type App, launchBrowser, screenshot, startDemoApp } from "./harness.ts";

// The inventory screens against the seeded demo shop (17 SKUs at "Main warehouse" and "Downtown store", listed on
// Shopify and WooCommerce, low-stock threshold 5): the index, the item page's adjustment and threshold, and a cycle
// count through review and post, each change seen in the item's movement history.

const ROW = ".Polaris-IndexTable__TableRow";

describe("inventory screens", () => {
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

  const toast = (text: string | RegExp) => page.locator(".Polaris-Frame-Toast", { hasText: text }).waitFor();
  /** On hand at a location, read from the item page's "Stock by location" table. */
  async function onHandAt(location: string): Promise<number> {
    const row = page.locator(".Polaris-DataTable").first().locator("tr", { hasText: location });
    return Number((await row.locator("td").first().innerText()).trim());
  }
  const historyRows = () => page.locator(".Polaris-DataTable").nth(2).locator("tbody tr");

  it("lists every item with per-location and per-channel figures, and filters them", async () => {
    await page.goto(`${app.url}/app/inventory`, { waitUntil: "networkidle" });
    await page.waitForSelector(ROW);
    expect(await page.locator(ROW).count()).toBe(17);
    for (const heading of [
      "Main warehouse (on hand / committed)",
      "Downtown store (on hand / committed)",
      "Shopify (sellable / last pushed)",
      "WooCommerce (sellable / last pushed)",
    ]) {
      await expect(page.getByText(heading).count()).resolves.toBeGreaterThan(0);
    }
    const tee = await page.locator(ROW, { hasText: "TEE-M" }).innerText();
    expect(tee).toMatch(/\d+ \/ \d+/);
    expect(tee).toMatch(/\d+ available/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "inventory-index");

    await page.getByLabel("Search by SKU or title").fill("hood");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=hood/);
    await expect.poll(() => page.locator(ROW).count()).toBe(4);
    const hoodies = await page.locator(ROW).allInnerTexts();
    expect(hoodies.every((text) => text.includes("HOOD-"))).toBe(true);

    await page.goto(`${app.url}/app/inventory?low=1`, { waitUntil: "networkidle" });
    const low = await page.locator(ROW).allInnerTexts();
    expect(low.every((text) => text.includes("Low stock"))).toBe(true);
  });

  it("adjusts stock on the item page and explains the new figure in the history", async () => {
    await page.goto(`${app.url}/app/inventory`, { waitUntil: "networkidle" });
    await page.locator(ROW, { hasText: "TEE-M" }).getByRole("link", { name: "TEE-M" }).click();
    await page.waitForURL(/\/app\/inventory\/[^/?]+$/);
    await page.getByRole("heading", { name: "TEE-M", exact: true }).waitFor();
    const before = await onHandAt("Main warehouse");

    await page.getByLabel("Location").selectOption({ label: "Main warehouse" });
    await page.getByLabel("Change to on hand").fill("0");
    await page.getByRole("button", { name: "Adjust stock" }).click();
    await page.getByText("Enter a change other than 0").waitFor();

    await page.getByLabel("Change to on hand").fill("5");
    await page.getByLabel("Reason").selectOption({ label: "Found" });
    await page.getByLabel("Note").fill("behind the shelf");
    await page.getByRole("button", { name: "Adjust stock" }).click();
    await toast(`On hand at Main warehouse +5: now ${before + 5}`);
    await expect.poll(() => onHandAt("Main warehouse")).toBe(before + 5);
    const newest = await historyRows().first().innerText();
    expect(newest).toContain("Adjusted");
    expect(newest).toContain("+5");
    expect(newest).toContain(String(before + 5));
    expect(newest).toContain("Found: behind the shelf");
    // The seeded orders explain the older figures, each naming its order.
    await expect(page.getByRole("link", { name: /^(#|WC-)10\d\d$/ }).count()).resolves.toBeGreaterThan(0);

    await page.getByLabel("Threshold").fill("-2");
    await page.getByRole("button", { name: "Save threshold" }).click();
    await page.getByText("Cannot be negative").waitFor();
    await page.getByLabel("Threshold").fill("12");
    await page.getByRole("button", { name: "Save threshold" }).click();
    await toast("Low-stock threshold set to 12");
    await page.getByText(/is 12 or less\./).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "inventory-item");
  });

  it("runs a cycle count through review and post, and the count shows in the history", async () => {
    await page
      .getByRole("button", { name: "Cycle count" })
      .or(page.getByRole("link", { name: "Cycle count" }))
      .click();
    await page.waitForURL(/\/app\/inventory\/count/);
    await page.getByRole("heading", { name: "Cycle count" }).waitFor();
    await page.getByLabel("Location").selectOption({ label: "Main warehouse" });
    await page.waitForURL(/location=/);
    await page.getByLabel("Only items matching (SKU or title)").fill("TEE-M");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/q=TEE-M/);
    await expect.poll(() => page.locator(".Polaris-DataTable tbody tr").count()).toBe(1);

    const field = page.getByLabel("Counted TEE-M at Main warehouse");
    const onHand = Number(
      (await page.locator(".Polaris-DataTable tr", { hasText: "TEE-M" }).locator("td").nth(1).innerText()).trim(),
    );
    await field.fill("-1");
    await page.getByRole("button", { name: "Review" }).click();
    await page.getByText("A count cannot be negative").waitFor();

    await field.fill(String(onHand - 2));
    await page.getByRole("button", { name: "Review" }).click();
    await page.getByText("Review: 1 item to change at Main warehouse").waitFor();
    await expect(page.getByText("\u22122", { exact: true }).count()).resolves.toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "cycle-count");

    await page.getByRole("button", { name: "Post count" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Post the count at Main warehouse?").waitFor();
    await dialog.getByRole("button", { name: "Post count" }).click();
    await toast("Count posted at Main warehouse: 1 item changed");
    await expect.poll(() => field.inputValue()).toBe("");
    await expect(page.getByText("Review: 1 item").count()).resolves.toBe(0);

    await page.getByRole("link", { name: "Inventory" }).first().click();
    await page.waitForURL(/\/app\/inventory(\?|$)/);
    await page.locator(ROW, { hasText: "TEE-M" }).getByRole("link", { name: "TEE-M" }).click();
    await page.getByRole("heading", { name: "TEE-M", exact: true }).waitFor();
    await expect.poll(() => onHandAt("Main warehouse")).toBe(onHand - 2);
    const newest = await historyRows().first().innerText();
    expect(newest).toContain("Counted");
    expect(newest).toContain("\u22122");
    expect(newest).toContain("Cycle count");

    expect(errors).toEqual([]);
  });
});
