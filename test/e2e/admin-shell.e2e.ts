import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, launchBrowser, screenshot, startDemoApp } from "./harness.ts";

describe("standalone admin in demo mode", () => {
  let app: App;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startDemoApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("renders the Polaris shell and the seeded demo data on every section", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    await page.goto(`${app.url}/app`, { waitUntil: "networkidle" });
    await expect(page.locator(".Polaris-Frame").count()).resolves.toBe(1);
    await expect(page.locator(".Polaris-Navigation").getByText("Orders").count()).resolves.toBeGreaterThan(0);
    await expect(page.getByRole("heading", { name: "Dashboard" }).count()).resolves.toBe(1);
    await expect(page.getByText("Demo Outfitters").count()).resolves.toBeGreaterThan(0);
    await screenshot(page, "dashboard");

    await page.locator(".Polaris-Navigation").getByText("Orders").click();
    await page.waitForURL(/\/app\/orders/);
    await page.waitForSelector(".Polaris-IndexTable__TableRow");
    const rows = await page.locator(".Polaris-IndexTable__TableRow").count();
    expect(rows).toBe(25);
    await expect(page.getByText("#1001").count()).resolves.toBeGreaterThan(0);
    await screenshot(page, "orders");

    await page.locator(".Polaris-Navigation").getByText("Inventory").click();
    await page.waitForURL(/\/app\/inventory/);
    await page.waitForSelector("text=TEE-M");
    await expect(page.getByText("Main warehouse (on hand / committed)").count()).resolves.toBeGreaterThan(0);
    await screenshot(page, "inventory");

    await page.locator(".Polaris-Navigation").getByText("Channels").click();
    await page.waitForURL(/\/app\/channels/);
    await page.waitForSelector("text=demo-outfitters.myshopify.com");
    await screenshot(page, "channels");

    // Client-side navigation worked, so the app hydrated without errors.
    expect(errors).toEqual([]);
    await page.close();
  });

  it("answers /healthz with the database and queue state", async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "ok",
      database: { provider: "sqlite", ok: true },
      queue: { driver: "in-process", ok: true },
    });
  });
});
