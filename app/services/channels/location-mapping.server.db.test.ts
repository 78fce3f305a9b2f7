import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { makeItem, makeShop } from "../../../test/support/ledger-fixtures.ts";
import { planPushes } from "../sync/plan.server";
import { LocationMappingFormSchema, listLocationMappings, saveLocationMappings } from "./location-mapping.server";

describe("channel location mapping", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  async function setup() {
    const { shop, locations, channels } = await makeShop(t.db, { locations: ["Warehouse", "Store"] });
    const [warehouse, store] = [locations[0]!, locations[1]!];
    const channel = channels[0]!;
    const item = await makeItem(t.db, shop.id, "TEE", [
      { locationId: warehouse.id, onHand: 10 },
      { locationId: store.id, onHand: 3 },
    ]);
    await t.db.channelListing.create({ data: { shopId: shop.id, channelId: channel.id, itemId: item.id } });
    const mapping = await t.db.channelLocation.create({
      data: { shopId: shop.id, channelId: channel.id, locationId: warehouse.id, externalLocationId: "101" },
    });
    await planPushes(t.db, shop.id);
    return { shop, warehouse, store, channel, mapping };
  }

  const desiredQty = async (channelId: string) =>
    (await t.db.channelListing.findFirstOrThrow({ where: { channelId } })).desiredQty;

  it("lists the channel's locations with the shop's ledger locations", async () => {
    const { shop, channel, warehouse } = await setup();
    const view = await listLocationMappings(t.db, shop.id, channel.id);
    expect(view.mappings).toEqual([
      expect.objectContaining({ externalLocationId: "101", locationId: warehouse.id, sellable: true }),
    ]);
    expect(view.locations.map((location) => location.name)).toEqual(["Warehouse", "Store"]);
  });

  it("maps a channel location to another ledger location and re-plans from its stock", async () => {
    const { shop, channel, store, mapping } = await setup();
    expect(await desiredQty(channel.id)).toBe(10);
    const outcome = await saveLocationMappings(t.db, shop.id, channel.id, [
      { channelLocationId: mapping.id, locationId: store.id, sellable: true },
    ]);
    expect(outcome).toEqual({ ok: true, updated: 1, unmapped: 0, listings: 1 });
    await planPushes(t.db, shop.id);
    expect(await desiredQty(channel.id)).toBe(3);
  });

  it("stops counting a location that is not sellable, and removes a mapping set to not mapped", async () => {
    const { shop, channel, warehouse, mapping } = await setup();
    await saveLocationMappings(t.db, shop.id, channel.id, [
      { channelLocationId: mapping.id, locationId: warehouse.id, sellable: false },
    ]);
    expect(await t.db.channelLocation.findUniqueOrThrow({ where: { id: mapping.id } })).toMatchObject({
      sellable: false,
    });
    const outcome = await saveLocationMappings(t.db, shop.id, channel.id, [
      { channelLocationId: mapping.id, locationId: "", sellable: true },
    ]);
    expect(outcome).toMatchObject({ ok: true, unmapped: 1 });
    expect(await t.db.channelLocation.count({ where: { channelId: channel.id } })).toBe(0);
  });

  it("refuses another shop's ledger location and another channel's location", async () => {
    const { shop, channel, mapping } = await setup();
    const other = await setup();
    expect(
      await saveLocationMappings(t.db, shop.id, channel.id, [
        { channelLocationId: mapping.id, locationId: other.warehouse.id, sellable: true },
      ]),
    ).toEqual({
      ok: false,
      status: 400,
      fieldErrors: { [`location:${mapping.id}`]: ["Choose one of the shop's locations"] },
    });
    expect(
      await saveLocationMappings(t.db, shop.id, channel.id, [
        { channelLocationId: other.mapping.id, locationId: "", sellable: true },
      ]),
    ).toMatchObject({ ok: false, status: 404 });
    expect(await t.db.channelLocation.count({ where: { id: other.mapping.id } })).toBe(1);
  });

  it("reads one row or several from the form, and refuses rows of uneven length", () => {
    expect(
      LocationMappingFormSchema.parse({
        intent: "save-locations",
        channelLocationId: "a",
        locationId: "L",
        sellable: "false",
      }),
    ).toEqual([{ channelLocationId: "a", locationId: "L", sellable: false }]);
    expect(
      LocationMappingFormSchema.parse({
        intent: "save-locations",
        channelLocationId: ["a", "b"],
        locationId: ["L", ""],
        sellable: ["true", "true"],
      }),
    ).toHaveLength(2);
    expect(
      LocationMappingFormSchema.safeParse({
        intent: "save-locations",
        channelLocationId: ["a", "b"],
        locationId: "L",
        sellable: "true",
      }).success,
    ).toBe(false);
  });
});
