import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "./axe.ts";
import { type App, launchBrowser, screenshot, startDemoApp } from "./harness.ts";

const OPERATOR = { email: "ops@example.com", password: "a-long-operator-password" };

describe("standalone admin outside demo mode", () => {
  let app: App;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startDemoApp({
        DEMO_MODE: "false",
        OPERATOR_EMAIL: OPERATOR.email,
        OPERATOR_PASSWORD: OPERATOR.password,
        SESSION_SECRET: "e2e-session-secret-0123456789abcdef0123",
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("is never open without a login", async () => {
    const response = await fetch(`${app.url}/app/orders`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Fapp%2Forders");
  });

  it("refuses wrong credentials and lets the operator in with the right ones", async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/app/inventory`, { waitUntil: "networkidle" });
    await page.waitForURL(/\/login/);
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "login");
    await page.getByLabel("Email").fill(OPERATOR.email);
    await page.getByLabel("Password").fill("wrong-password-123");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForSelector("text=Email or password is not right");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "login-refused");

    await page.getByLabel("Password").fill(OPERATOR.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/app\/inventory/);
    await page.waitForSelector("text=TEE-M");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login/);
    const after = await fetch(`${app.url}/app`, { redirect: "manual" });
    expect(after.status).toBe(302);
    await page.close();
  });
});
