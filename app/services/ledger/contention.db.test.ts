import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { balance, makeItem, makeShop, snapshot } from "../../../test/support/ledger-fixtures.ts";
import { applyChannelEvent } from "./apply-channel-event.server";
import { verifyLedger } from "./verify.server";

function runWorker(url: string, channel: object, count: number, prefix: string) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(
      "npx",
      ["tsx", "test/support/contention-worker.ts", url, JSON.stringify(channel), String(count), prefix],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("contention on the last units", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  async function expectExactly100Reserved(shopId: string, itemId: string, locationId: string) {
    expect(await balance(t.db, itemId, locationId)).toEqual({ onHand: 100, committed: 100, available: 0 });
    const lines = await t.db.orderLine.findMany({ where: { shopId }, select: { reservedQty: true, shortQty: true } });
    expect(lines).toHaveLength(300);
    expect(lines.filter((line) => line.reservedQty === 1 && line.shortQty === 0)).toHaveLength(100);
    expect(lines.filter((line) => line.reservedQty === 0 && line.shortQty === 1)).toHaveLength(200);
    const oversells = await t.db.oversell.aggregate({ where: { shopId }, _sum: { quantityShort: true }, _count: true });
    expect(oversells).toMatchObject({ _count: 200, _sum: { quantityShort: 200 } });
    expect((await verifyLedger(t.db, { shopId })).mismatches).toEqual([]);
  }

  it("300 concurrent reservations from 3 channels in one process: exactly 100 reserved, 200 oversold", async () => {
    const { shop, locations, channels } = await makeShop(t.db, { channels: ["shopify", "woocommerce", "manual"] });
    const item = await makeItem(t.db, shop.id, "HOT", [{ locationId: locations[0]!.id, onHand: 100 }]);
    await Promise.all(
      Array.from({ length: 300 }, (_, index) =>
        applyChannelEvent(
          t.db,
          channels[index % 3]!,
          { type: "order.upserted", order: snapshot(`o-${index}`, 1, [{ sku: "HOT", quantity: 1 }]) },
          { source: "test" },
        ),
      ),
    );
    await expectExactly100Reserved(shop.id, item.id, locations[0]!.id);
  });

  it("300 reservations from 3 channels in 3 worker processes at once: exactly 100 reserved, 200 oversold", async () => {
    const { shop, locations, channels } = await makeShop(t.db, { channels: ["shopify", "woocommerce", "manual"] });
    const item = await makeItem(t.db, shop.id, "HOT", [{ locationId: locations[0]!.id, onHand: 100 }]);
    const results = await Promise.all(channels.map((channel, index) => runWorker(t.url, channel, 100, `p${index}`)));
    for (const result of results) expect(result.code, result.output).toBe(0);
    await expectExactly100Reserved(shop.id, item.id, locations[0]!.id);
  });
});
