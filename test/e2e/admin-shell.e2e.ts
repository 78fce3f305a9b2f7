import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, prepareDb, type Db } from "../../app/db.server";
import { seriousViolations } from "./axe.ts";
import { type App, launchBrowser, screenshot, startDemoApp } from "./harness.ts";

const toast = (page: Page, text: string) => page.locator(".Polaris-Frame-Toast", { hasText: text }).waitFor();

describe("standalone admin in demo mode", () => {
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

  it("renders the Polaris shell and the seeded demo data on every section", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    await page.goto(`${app.url}/app`, { waitUntil: "networkidle" });
    await expect(page.locator(".Polaris-Frame").count()).resolves.toBe(1);
    await expect(page.locator(".Polaris-Navigation").getByText("Orders").count()).resolves.toBeGreaterThan(0);
    await expect(page.getByRole("heading", { name: "Dashboard" }).count()).resolves.toBe(1);
    await expect(page.getByText("Demo Outfitters").count()).resolves.toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "dashboard");

    await page.locator(".Polaris-Navigation").getByText("Orders").click();
    await page.waitForURL(/\/app\/orders/);
    await page.waitForSelector(".Polaris-IndexTable__TableRow");
    const rows = await page.locator(".Polaris-IndexTable__TableRow").count();
    expect(rows).toBe(25);
    await expect(page.getByText("#1001").count()).resolves.toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "orders");

    // The demo seed opens no returns: the list shows its empty state.
    await page.locator(".Polaris-Navigation").getByText("Returns").click();
    await page.waitForURL(/\/app\/returns/);
    await page.getByRole("heading", { name: "Returns" }).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "returns");

    await page.locator(".Polaris-Navigation").getByText("Inventory").click();
    await page.waitForURL(/\/app\/inventory/);
    await page.waitForSelector("text=TEE-M");
    await expect(page.getByText("Main warehouse (on hand / committed)").count()).resolves.toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "inventory");

    await page.locator(".Polaris-Navigation").getByText("Channels").click();
    await page.waitForURL(/\/app\/channels/);
    await page.waitForSelector("text=demo-outfitters.myshopify.com");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "channels");

    await page.locator(".Polaris-Navigation").getByText("Inbox").click();
    await page.waitForURL(/\/app\/inbox/);
    await page.getByRole("heading", { name: "Inbox" }).first().waitFor();
    await page.getByText("Nothing is waiting").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "inbox");

    await page.locator(".Polaris-Navigation").getByText("Settings").click();
    await page.waitForURL(/\/app\/settings/);
    await page.getByText("No API keys").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "settings");

    // Client-side navigation worked, so the app hydrated without errors.
    expect(errors).toEqual([]);
    await page.close();
  });

  it("creates an API key on Settings, shows it once, and revokes it only after asking", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${app.url}/app/settings`, { waitUntil: "networkidle" });

    // No name: the field says why, and a toast too.
    await page.getByRole("button", { name: "Create API key" }).click();
    await toast(page, "Check the highlighted fields");
    await page.getByText("Name the key").waitFor();

    await page.getByLabel("Key name").fill("Warehouse ERP");
    await page.getByRole("button", { name: "Create API key" }).click();
    await toast(page, "API key “Warehouse ERP” created");
    const key = (await page.getByTestId("created-api-key").textContent()) ?? "";
    expect(key.length).toBeGreaterThan(20);
    const row = page.getByRole("row").filter({ hasText: "Warehouse ERP" });
    await row.getByText("active").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "settings-key-created");
    const api = () => fetch(`${app.url}/api/v1/orders`, { headers: { Authorization: `Bearer ${key}` } });
    expect((await api()).status).toBe(200);

    // Shown once: a reload lists the key by its prefix only.
    await page.reload({ waitUntil: "networkidle" });
    await expect(page.getByTestId("created-api-key").count()).resolves.toBe(0);
    await expect(page.getByText(key).count()).resolves.toBe(0);

    // Cancelling the confirmation revokes nothing.
    await page.getByRole("button", { name: "Revoke Warehouse ERP" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Systems using this key lose access at once").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    expect((await api()).status).toBe(200);

    await page.getByRole("button", { name: "Revoke Warehouse ERP" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await toast(page, "API key revoked");
    await row.getByText("revoked").waitFor();
    expect((await api()).status).toBe(401);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("replays a quarantined event on Inbox only after asking", async () => {
    const channel = await db.channel.findFirstOrThrow({ where: { kind: "shopify" } });
    const event = await db.inboxEvent.create({
      data: {
        shopId: channel.shopId,
        channelId: channel.id,
        source: `shopify:${channel.externalRef}`,
        eventId: "e2e-quarantined-1",
        topic: "orders/create",
        payload: '{"line_items":[{"quantity":-1}]}',
        status: "quarantined",
        attempts: 6,
        lastError: "invalid payload: line_items.0.quantity: must not be negative",
      },
    });
    const page = await browser.newPage();
    await page.goto(`${app.url}/app/inbox`, { waitUntil: "networkidle" });
    await page.getByText("must not be negative").waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Replay all" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Replay every event?").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "inbox-replay-confirm");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await db.inboxEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ status: "quarantined" });

    await page.getByRole("button", { name: "Replay all" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Replay event" }).click();
    await toast(page, "1 event is back in line for processing");
    await expect
      .poll(async () => (await db.inboxEvent.findUniqueOrThrow({ where: { id: event.id } })).attempts)
      .not.toBe(6);
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
