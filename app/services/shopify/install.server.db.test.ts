import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../../jobs/in-process-queue.ts";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { onShopifyInstalled } from "./install.server";

describe("after Shopify authorises the app", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  function queueRecordingBackfills() {
    const queue = createInProcessQueue();
    const backfills: unknown[] = [];
    queue.register("shopify.backfill", async (payload) => {
      backfills.push(payload);
    });
    return { queue, backfills };
  }

  it("creates the shop and its channel and backfills once per installation", async () => {
    const { queue, backfills } = queueRecordingBackfills();
    const first = await onShopifyInstalled(t.db, queue, "Install-Test.myshopify.com");
    expect(first).toMatchObject({ backfill: true, channel: { kind: "shopify", status: "connected" } });
    expect(first.shop.shopifyDomain).toBe("install-test.myshopify.com");
    await queue.startWorkers({ concurrency: 1 });
    await queue.drain();
    expect(backfills).toEqual([{ channelId: first.channel.id }]);

    // A finished backfill is not repeated on the next auth (a scope change, say)...
    await t.db.channel.update({
      where: { id: first.channel.id },
      data: {
        settings: {
          backfill: {
            runId: "r1",
            status: "done",
            phase: "done",
            cursor: null,
            processed: 10,
            since: "2026-01-01T00:00:00.000Z",
            days: 60,
            startedAt: "2026-01-01T00:00:00.000Z",
            finishedAt: "2026-01-01T00:01:00.000Z",
            error: null,
          },
        },
      },
    });
    expect(await onShopifyInstalled(t.db, queue, "install-test.myshopify.com")).toMatchObject({ backfill: false });

    // ...but a reinstall after an uninstall backfills again, and reconnects the channel.
    await t.db.shop.update({ where: { id: first.shop.id }, data: { uninstalledAt: new Date() } });
    await t.db.channel.update({ where: { id: first.channel.id }, data: { status: "disconnected" } });
    const again = await onShopifyInstalled(t.db, queue, "install-test.myshopify.com");
    expect(again).toMatchObject({ backfill: true, channel: { status: "connected" }, shop: { uninstalledAt: null } });
    await queue.drain();
    expect(backfills).toHaveLength(2);
    await queue.close();
  });
});
