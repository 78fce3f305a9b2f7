import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/db.ts";
import { migrate } from "./migrate.ts";

describe("migrations", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it("creates every table and applying again changes nothing", async () => {
    expect(await migrate(t.url)).toEqual([]);
    const shop = await t.db.shop.create({ data: { name: "Migrated" } });
    expect(await t.db.shop.findUnique({ where: { id: shop.id } })).toMatchObject({ name: "Migrated", currency: "USD" });
  });
});
