import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { JobQueue } from "../../../jobs/queue.ts";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { makeItem, makeShop } from "../../../test/support/ledger-fixtures.ts";
import { deliverLowStock } from "./deliveries.server.ts";

describe("deliverLowStock", () => {
  let t: TestDb;
  let shop: Awaited<ReturnType<typeof makeShop>>;
  beforeAll(async () => {
    t = await createTestDb();
    shop = await makeShop(t.db, { locations: ["Warehouse", "Storefront"] });
  });
  afterAll(() => t.drop());

  const balance = async (itemId: string, locationId: string) => {
    const level = await t.db.stockLevel.findFirstOrThrow({ where: { itemId, locationId } });
    return level.onHand - level.committed;
  };

  it("brings the low items back up at each planned location, as recorded adjustments, and queues a push", async () => {
    const [warehouse, storefront] = shop.locations;
    const low = await makeItem(t.db, shop.shop.id, "MUG-12", [
      { locationId: warehouse!.id, onHand: 2 },
      { locationId: storefront!.id, onHand: 5 },
    ]);
    const fine = await makeItem(t.db, shop.shop.id, "CAP-NVY", [{ locationId: warehouse!.id, onHand: 30 }]);
    const enqueue = vi.fn(async () => undefined);
    const queue = { enqueue } as unknown as JobQueue;
    const plan = { Warehouse: { below: 5, upTo: 40 }, Storefront: { below: 1, upTo: 8 } };

    expect(await deliverLowStock(t.db, shop.shop.id, plan, { queue })).toBe(1);
    expect(await balance(low.id, warehouse!.id)).toBe(40);
    expect(await balance(low.id, storefront!.id)).toBe(5);
    expect(await balance(fine.id, warehouse!.id)).toBe(30);
    const movement = await t.db.stockMovement.findFirstOrThrow({ where: { itemId: low.id, kind: "adjustment" } });
    expect(movement).toMatchObject({
      onHandDelta: 38,
      source: "system",
      reason: "Received: demo delivery from the supplier",
    });
    expect(enqueue).toHaveBeenCalledWith("sync.plan", { shopId: shop.shop.id }, expect.anything());

    enqueue.mockClear();
    expect(await deliverLowStock(t.db, shop.shop.id, plan, { queue })).toBe(0);
    expect(enqueue).not.toHaveBeenCalled();
  });
});
