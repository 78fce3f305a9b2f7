import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../test/db.ts";
import { createShop, getShop, listShops } from "./shops.server.ts";

describe("shops", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it("creates a shop with USD and UTC unless told otherwise", async () => {
    const shop = await createShop(t.db, { name: "  Corner Store  " });
    expect(shop).toMatchObject({ name: "Corner Store", currency: "USD", timezone: "UTC" });
    expect(await getShop(t.db, shop.id)).toEqual(shop);
  });

  it("accepts a currency in any case and an IANA time zone", async () => {
    const shop = await createShop(t.db, { name: "Berlin", currency: "eur", timezone: "Europe/Berlin" });
    expect(shop).toMatchObject({ currency: "EUR", timezone: "Europe/Berlin" });
  });

  it.each([
    [{ name: "" }, /name.*must not be empty/s],
    [{ name: "x".repeat(121) }, /at most 120/],
    [{ name: "Shop", currency: "EURO" }, /ISO 4217/],
    [{ name: "Shop", currency: "12$" }, /ISO 4217/],
    [{ name: "Shop", timezone: "Mars/Olympus" }, /IANA time zone/],
  ])("refuses %o", async (input, message) => {
    await expect(createShop(t.db, input)).rejects.toThrow(message);
  });

  it("finds nothing for an unknown id and lists shops oldest first", async () => {
    expect(await getShop(t.db, "no-such-shop")).toBeNull();
    const names = (await listShops(t.db)).map((shop) => shop.name);
    expect(names).toEqual(["Corner Store", "Berlin"]);
  });
});
