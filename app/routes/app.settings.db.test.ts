import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../test/db";
import { commitOperatorSession } from "../auth/operator.server";
import { resetConfigForTests } from "../config.server";
import { createApiKey } from "../services/api-keys.server";
import { ensureShopifyShop } from "../services/shopify-install.server";
import { action, loader } from "./app.settings";

describe("/app/settings: API keys", () => {
  let t: TestDb;
  let cookie: string;
  let shopId: string;
  let theirKeyId: string;

  beforeAll(async () => {
    resetConfigForTests();
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    const mine = await ensureShopifyShop(t.db, { domain: "harbour-goods.myshopify.com" });
    const theirs = await ensureShopifyShop(t.db, { domain: "other-goods.myshopify.com" });
    shopId = mine.shop.id;
    theirKeyId = (await createApiKey(t.db, { shopId: theirs.shop.id, name: "Their ERP" })).apiKey.id;
    const setCookie = await commitOperatorSession(new Request("http://localhost/app"), {
      operator: "operator@example.com",
      shopId,
    });
    cookie = setCookie.split(";")[0]!;
  });

  afterAll(async () => {
    await t.drop();
    global.channelLedgerDb = undefined;
  });

  const get = () => new Request("http://localhost/app/settings", { headers: { Cookie: cookie } });
  const act = async (form: Record<string, string>) => {
    const request = new Request("http://localhost/app/settings", {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    const result = await action({ request, params: {}, context: {} });
    return "init" in result && result.init
      ? { status: result.init.status, data: result.data }
      : { status: 200, data: result };
  };

  it("creates a key, shows it once with a toast, and lists only its prefix", async () => {
    const created = await act({ intent: "create-api-key", name: " Warehouse ERP " });
    expect(created).toMatchObject({
      status: 200,
      data: { ok: true, createdName: "Warehouse ERP", toast: "API key “Warehouse ERP” created" },
    });
    const key = (created.data as { createdKey: string }).createdKey;
    const { apiKeys } = await loader({ request: get(), params: {}, context: {} });
    expect(apiKeys.map((apiKey) => apiKey.name)).toEqual(["Warehouse ERP"]);
    expect(JSON.stringify(apiKeys)).not.toContain(key);
  });

  it("refuses a key without a name with the error on its field and a toast", async () => {
    expect(await act({ intent: "create-api-key", name: "  " })).toMatchObject({
      status: 400,
      data: { ok: false, fieldErrors: { name: ["Name the key"] }, toast: expect.any(String) },
    });
  });

  it("revokes the shop's own key only", async () => {
    expect(await act({ intent: "revoke-api-key", id: theirKeyId })).toMatchObject({
      status: 404,
      data: { ok: false, fieldErrors: { id: ["No such key"] }, toast: "There is no such API key" },
    });
    const { apiKeys } = await loader({ request: get(), params: {}, context: {} });
    const id = apiKeys[0]!.id;
    expect(await act({ intent: "revoke-api-key", id })).toEqual({
      status: 200,
      data: { ok: true, revoked: id, toast: "API key revoked" },
    });
    expect(await t.db.apiKey.findUniqueOrThrow({ where: { id: theirKeyId } })).toMatchObject({ revokedAt: null });
  });
});
