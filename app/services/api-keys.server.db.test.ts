import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../test/db.ts";
import { authenticateApiKey, createApiKey, hashApiKey, listApiKeys, revokeApiKey } from "./api-keys.server.ts";
import { createShop, ShopNotFoundError } from "./shops.server.ts";

describe("API keys", () => {
  let t: TestDb;
  let shopId: string;
  let otherShopId: string;
  beforeAll(async () => {
    t = await createTestDb();
    shopId = (await createShop(t.db, { name: "Keys & Co" })).id;
    otherShopId = (await createShop(t.db, { name: "Someone else" })).id;
  });
  afterAll(() => t.drop());

  it("creates a key that is shown once and stored only as its hash", async () => {
    const { key, apiKey } = await createApiKey(t.db, { shopId, name: " Warehouse scanner " });
    expect(key).toMatch(/^cl_[A-Za-z0-9_-]{40}$/);
    expect(apiKey).toMatchObject({ shopId, name: "Warehouse scanner", prefix: key.slice(0, 8), revokedAt: null });
    expect(apiKey).not.toHaveProperty("keyHash");

    const row = await t.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.keyHash).toBe(hashApiKey(key));
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.values(row)).not.toContain(key);
  });

  it("never issues the same key twice", async () => {
    const keys = await Promise.all([1, 2, 3].map((n) => createApiKey(t.db, { shopId, name: `Key ${n}` })));
    expect(new Set(keys.map(({ key }) => key)).size).toBe(3);
  });

  it("refuses a shop that does not exist and an empty name", async () => {
    await expect(createApiKey(t.db, { shopId: "no-such-shop", name: "Ghost" })).rejects.toBeInstanceOf(
      ShopNotFoundError,
    );
    await expect(createApiKey(t.db, { shopId, name: "   " })).rejects.toThrow(/must not be empty/);
  });

  it("authenticates a key as its shop and records when it was used", async () => {
    const { key, apiKey } = await createApiKey(t.db, { shopId, name: "Storefront" });
    const now = new Date("2030-01-01T12:00:00Z");
    expect(await authenticateApiKey(t.db, key, { now })).toEqual({ shopId, apiKeyId: apiKey.id });
    const row = await t.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.lastUsedAt).toEqual(now);
  });

  it("records use at most once a minute", async () => {
    const { key, apiKey } = await createApiKey(t.db, { shopId, name: "Busy integration" });
    const first = new Date("2030-01-01T12:00:00Z");
    const lastUsedAt = async () => (await t.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt;

    await authenticateApiKey(t.db, key, { now: first });
    await authenticateApiKey(t.db, key, { now: new Date(first.getTime() + 30_000) });
    expect(await lastUsedAt()).toEqual(first);

    const later = new Date(first.getTime() + 61_000);
    await authenticateApiKey(t.db, key, { now: later });
    expect(await lastUsedAt()).toEqual(later);
  });

  it("rejects a wrong, malformed or empty key", async () => {
    const { key } = await createApiKey(t.db, { shopId, name: "Real" });
    const wrong = key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
    expect(await authenticateApiKey(t.db, wrong)).toBeNull();
    expect(await authenticateApiKey(t.db, "cl_short")).toBeNull();
    expect(await authenticateApiKey(t.db, "")).toBeNull();
    expect(await authenticateApiKey(t.db, hashApiKey(key))).toBeNull();
  });

  it("rejects a revoked key", async () => {
    const { key, apiKey } = await createApiKey(t.db, { shopId, name: "Leaked" });
    expect(await revokeApiKey(t.db, { shopId, id: apiKey.id })).toBe(true);
    expect(await authenticateApiKey(t.db, key)).toBeNull();
    // Revoking again is harmless and keeps the first revocation time.
    const { revokedAt } = await t.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(await revokeApiKey(t.db, { shopId, id: apiKey.id })).toBe(true);
    expect((await t.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).revokedAt).toEqual(revokedAt);
  });

  it("does not let another shop revoke a key", async () => {
    const { key, apiKey } = await createApiKey(t.db, { shopId, name: "Mine" });
    expect(await revokeApiKey(t.db, { shopId: otherShopId, id: apiKey.id })).toBe(false);
    expect(await authenticateApiKey(t.db, key)).toEqual({ shopId, apiKeyId: apiKey.id });
    expect(await revokeApiKey(t.db, { shopId, id: "no-such-key" })).toBe(false);
  });

  it("lists a shop's keys newest first, without hashes, and only that shop's", async () => {
    const { apiKey: other } = await createApiKey(t.db, { shopId: otherShopId, name: "Theirs" });
    const keys = await listApiKeys(t.db, shopId);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.map((apiKey) => apiKey.id)).not.toContain(other.id);
    for (const apiKey of keys) {
      expect(apiKey.shopId).toBe(shopId);
      expect(apiKey).not.toHaveProperty("keyHash");
    }
    const created = keys.map((apiKey) => apiKey.createdAt.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(await listApiKeys(t.db, otherShopId)).toEqual([expect.objectContaining({ id: other.id, name: "Theirs" })]);
  });
});
