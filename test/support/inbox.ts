// Helpers for the inbox's database tests: Shopify shops, a queue running the inbox jobs, stored deliveries.
import { vi } from "vitest";
import type { Db, Prisma } from "../../app/db.server.ts";
import { registerInboxJobs } from "../../app/services/inbox/jobs.server.ts";
import type { ApplyChannelEvent } from "../../app/services/inbox/process.server.ts";
import { receiveInboxEvent } from "../../app/services/inbox/receive.server.ts";
import { ensureShopifyShop } from "../../app/services/shopify-install.server.ts";
import { createInProcessQueue } from "../../jobs/in-process-queue.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import { pollUntil } from "../../jobs/timing.ts";
import { shopifyFixtureText } from "./shopify-fixtures.ts";

export { shopifyFixtureText } from "./shopify-fixtures.ts";

export const silentLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** Three attempts a few milliseconds apart: retries and quarantine within a test's patience. */
export const TEST_RETRY = { attempts: 3, backoffMs: 5 };

export type TestShop = { shopId: string; channelId: string; domain: string };

/** An apply that succeeds and records its calls. */
export const applied = () => vi.fn<ApplyChannelEvent>(async () => ({ outcome: "applied" }));

export function inboxHarness(db: () => Db) {
  let counter = 0;
  let queue: JobQueue | undefined;

  const row = (id: string) => db().inboxEvent.findUniqueOrThrow({ where: { id } });

  return {
    get queue(): JobQueue {
      if (!queue) throw new Error("no queue: call startQueue or createQueue first");
      return queue;
    },
    async shop(): Promise<TestShop> {
      const domain = `inbox-shop-${++counter}.myshopify.com`;
      const { shop, channel } = await ensureShopifyShop(db(), { domain });
      return { shopId: shop.id, channelId: channel.id, domain };
    },
    /** A queue with the inbox jobs registered; workers start unless told otherwise. */
    async startQueue(apply: ApplyChannelEvent, options: { start?: boolean } = {}) {
      queue = createInProcessQueue({ logger: silentLogger });
      registerInboxJobs(queue, { db, apply, retry: TEST_RETRY, logger: silentLogger });
      if (options.start !== false) await queue.startWorkers({ concurrency: 4 });
      return queue;
    },
    async closeQueue() {
      await queue?.close();
      queue = undefined;
    },
    async receive(target: TestShop, topic: string, payload: string) {
      return receiveInboxEvent(
        db(),
        this.queue,
        {
          shopId: target.shopId,
          channelId: target.channelId,
          source: `shopify:${target.domain}`,
          eventId: `event-${++counter}`,
          topic,
          payload,
          headers: { "x-shopify-topic": topic },
        },
        { retry: TEST_RETRY, logger: silentLogger },
      );
    },
    /** Stores an event directly, as a crash or an earlier run would have left it. */
    async store(target: TestShop, fields: Partial<Prisma.InboxEventUncheckedCreateInput> = {}) {
      return db().inboxEvent.create({
        data: {
          shopId: target.shopId,
          channelId: target.channelId,
          source: `shopify:${target.domain}`,
          eventId: `stored-${++counter}`,
          topic: "orders/create",
          payload: shopifyFixtureText("orders-create"),
          ...fields,
        },
      });
    },
    row,
    async waitFor(id: string, status: string) {
      await pollUntil(async () => (await row(id)).status === status, {
        timeoutMs: 10_000,
        describe: async () => `inbox event ${id} to be ${status} (is ${(await row(id)).status})`,
      });
      return row(id);
    },
  };
}
