import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelEvent } from "../../../connectors/events";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { makeItem, makeShop, snapshot } from "../../../test/support/ledger-fixtures.ts";
import { applyChannelEvent, NotYetKnownError } from "./apply-channel-event.server";
import { verifyLedger } from "./verify.server";

const SKUS = ["A", "B", "C"];

/** One order's life on a channel: snapshots with rising versions, fulfilments, maybe a cancellation. */
const orderLife = (index: number) =>
  fc
    .record({
      l1: fc.integer({ min: 1, max: 3 }),
      l1Sku: fc.constantFrom(...SKUS),
      l2Sku: fc.option(fc.constantFrom(...SKUS, "UNMAPPED"), { nil: undefined }),
      l2Quantities: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }),
      fulfil: fc.boolean(),
      cancelFulfilment: fc.boolean(),
      cancelOrder: fc.boolean(),
    })
    .map((life): ChannelEvent[] => {
      const id = `o${index}`;
      const events: ChannelEvent[] = life.l2Quantities.map((l2, version) => ({
        type: "order.upserted",
        order: snapshot(id, version + 1, [
          { id: "L1", sku: life.l1Sku, quantity: life.l1 },
          ...(life.l2Sku ? [{ id: "L2", sku: life.l2Sku, quantity: 4, removed: 4 - l2 }] : []),
        ]),
      }));
      if (life.cancelOrder) {
        const last = life.l2Quantities.at(-1) ?? 0;
        events.push({
          type: "order.upserted",
          order: snapshot(
            id,
            10,
            [
              { id: "L1", sku: life.l1Sku, quantity: life.l1 },
              ...(life.l2Sku ? [{ id: "L2", sku: life.l2Sku, quantity: 4, removed: 4 - last }] : []),
            ],
            "cancelled",
          ),
        });
      }
      if (life.fulfil) {
        const fulfilment = {
          type: "fulfillment.changed" as const,
          orderExternalId: id,
          fulfillmentExternalId: `${id}-f1`,
          status: "success" as const,
          lines: [{ lineExternalId: "L1", quantity: life.l1 }],
          updatedAt: new Date(Date.UTC(2026, 0, 2)),
        };
        events.push(fulfilment);
        if (life.cancelFulfilment)
          events.push({ ...fulfilment, status: "cancelled", updatedAt: new Date(Date.UTC(2026, 0, 3)) });
      }
      return events;
    });

const streams = fc.tuple(orderLife(1), orderLife(2), orderLife(3)).chain((lives) => {
  const clean = lives.flat();
  // Chaos: every event delivered 1 to 3 times, all in a shuffled order.
  return fc
    .tuple(
      fc.array(fc.integer({ min: 1, max: 3 }), { minLength: clean.length, maxLength: clean.length }),
      fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
    )
    .map(([copies, random]) => {
      const delivered = clean.flatMap((event, index) => Array.from({ length: copies[index]! }, () => event));
      const keyed = delivered.map((event) => ({ event, key: random.next().value as number }));
      return { clean, chaos: keyed.sort((a, b) => a.key - b.key).map((entry) => entry.event) };
    });
});

describe("any delivery of the same channel events ends in the same ledger", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  /** Applies events like the inbox does: an event about an order not imported yet is retried later. */
  async function deliver(events: ChannelEvent[]) {
    const { shop, locations, channels } = await makeShop(t.db);
    for (const sku of SKUS) await makeItem(t.db, shop.id, sku, [{ locationId: locations[0]!.id, onHand: 1000 }]);
    const queue = [...events];
    let retries = 0;
    while (queue.length > 0) {
      const event = queue.shift()!;
      try {
        await applyChannelEvent(t.db, channels[0]!, event, { source: "property" });
      } catch (error) {
        if (!(error instanceof NotYetKnownError) || ++retries > 1000) throw error;
        queue.push(event);
      }
    }
    return shop.id;
  }

  async function state(shopId: string) {
    const orders = await t.db.order.findMany({
      where: { shopId },
      orderBy: { externalId: "asc" },
      select: {
        externalId: true,
        status: true,
        fulfillmentStatus: true,
        needsMapping: true,
        lines: {
          orderBy: { externalId: "asc" },
          select: {
            externalId: true,
            sku: true,
            quantity: true,
            removedQty: true,
            reservedQty: true,
            fulfilledQty: true,
            shortQty: true,
          },
        },
      },
    });
    const levels = await t.db.stockLevel.findMany({
      where: { shopId },
      select: { onHand: true, committed: true, item: { select: { sku: true } } },
      orderBy: { item: { sku: "asc" } },
    });
    expect((await verifyLedger(t.db, { shopId })).mismatches).toEqual([]);
    return { orders, levels: levels.map((level) => [level.item.sku, level.onHand, level.committed]) };
  }

  it("duplicates and reordering change nothing, and the ledger verifies", async () => {
    await fc.assert(
      fc.asyncProperty(streams, async ({ clean, chaos }) => {
        const expected = await state(await deliver(clean));
        const actual = await state(await deliver(chaos));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });
});
