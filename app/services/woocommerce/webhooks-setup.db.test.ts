import { http, HttpResponse } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../../jobs/in-process-queue";
import { createTestDb, type TestDb } from "../../../test/db";
import { decryptSecret } from "../../crypto.server";
import { newBackfillProgress, readBackfillProgress, saveBackfillProgress } from "../shopify/backfill-progress.server";
import { createShop } from "../shops.server";
import type { WooServiceOptions } from "./connect-deps.server";
import { WooConnectError } from "./connect-input.server";
import {
  APP_URL,
  ENCRYPTION_KEY,
  startWooTestKit,
  STORE_URL,
  storeWebhooks,
  type WooTestKit,
} from "./connect-test-support";
import { connectWooCommerce, disconnectWooCommerce } from "./connect.server";
import { registerWooWebhookCheck, WOO_WEBHOOKS_JOB } from "./jobs.server";
import { ensureWooWebhooks, WOO_WEBHOOK_TOPICS } from "./webhooks-setup.server";
import { readWebhookHealth } from "./webhooks-setup-health.server";

// ensureWooWebhooks against the simulated store: WooCommerce disables webhooks after failed deliveries and never says
// so; the check puts every topic back to one active webhook of ours and records what it found.

const silent = { info() {}, warn() {}, error() {} };

describe("ensureWooWebhooks", () => {
  let t: TestDb;
  let kit: WooTestKit;
  let options: WooServiceOptions;
  let channelId: string;
  let secret: string;
  let shopId: string;

  beforeAll(async () => {
    t = await createTestDb();
    kit = startWooTestKit();
    options = { appUrl: APP_URL, encryptionKey: ENCRYPTION_KEY, logger: silent };
    shopId = (await createShop(t.db, { name: "Harbour Goods" })).id;
    const result = await connectWooCommerce(
      t.db,
      {
        shopId,
        url: STORE_URL,
        consumerKey: "ck_5f0c7e8a0b1d4c2e9f3a6b7c8d9e0f1a2b3c4d5e",
        consumerSecret: "cs_0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      },
      options,
    );
    channelId = result.channel.id;
    const channel = await t.db.channel.findUniqueOrThrow({ where: { id: channelId } });
    secret = decryptSecret(channel.webhookSecret!, ENCRYPTION_KEY);
  });

  afterAll(async () => {
    await kit.close();
    await t.drop();
  });

  const byTopic = (topic: string) => storeWebhooks(kit.store, channelId).find((webhook) => webhook.topic === topic)!;

  it("re-enables disabled and paused webhooks, recreates deleted ones and keeps the rest", async () => {
    byTopic("order.updated").status = "disabled";
    byTopic("product.updated").status = "paused";
    kit.store.state.webhooks.delete(byTopic("order.created").id);

    const health = await ensureWooWebhooks(t.db, channelId, options);
    expect(health.ok).toBe(true);
    const actions = Object.fromEntries(health.statuses.map((status) => [status.topic, status.action]));
    expect(actions).toEqual({
      "order.created": "created",
      "order.updated": "reactivated",
      "order.deleted": "kept",
      "product.created": "kept",
      "product.updated": "reactivated",
      "product.deleted": "kept",
    });
    const webhooks = storeWebhooks(kit.store, channelId);
    expect(webhooks).toHaveLength(WOO_WEBHOOK_TOPICS.length);
    expect(webhooks.every((webhook) => webhook.status === "active" && webhook.secret === secret)).toBe(true);
  });

  it("deletes duplicates and webhooks left pointing at an old APP_URL", async () => {
    await kit.store.addWebhook({
      name: "dup",
      topic: "order.updated",
      delivery_url: `${APP_URL}/webhooks/woocommerce/${channelId}`,
      secret,
      ping: false,
    });
    await kit.store.addWebhook({
      name: "old",
      topic: "product.deleted",
      delivery_url: `https://old-ledger.example/webhooks/woocommerce/${channelId}`,
      secret,
      ping: false,
    });
    const foreign = await kit.store.addWebhook({
      name: "Someone else's",
      topic: "order.updated",
      delivery_url: "https://erp.example/hooks",
      secret: "theirs",
      ping: false,
    });

    const health = await ensureWooWebhooks(t.db, channelId, options);
    expect(health).toMatchObject({ ok: true, removed: 2 });
    expect(storeWebhooks(kit.store, channelId)).toHaveLength(WOO_WEBHOOK_TOPICS.length);
    expect(kit.store.state.webhooks.has(foreign.id)).toBe(true);
  });

  it("records a store that does not answer instead of throwing, keeping the channel's other settings", async () => {
    await saveBackfillProgress(t.db, channelId, newBackfillProgress(30, new Date()));
    kit.server.use(
      http.get(`${STORE_URL}/wp-json/wc/v3/webhooks`, () => HttpResponse.text("Service unavailable", { status: 503 })),
    );
    try {
      const health = await ensureWooWebhooks(t.db, channelId, options);
      expect(health.ok).toBe(false);
      expect(health.error).toMatch(/^The store's webhooks could not be read/);
      expect(health.statuses.every((status) => status.action === "failed")).toBe(true);
    } finally {
      kit.server.resetHandlers();
    }
    const channel = await t.db.channel.findUniqueOrThrow({ where: { id: channelId } });
    expect(readWebhookHealth(channel.settings)).toMatchObject({ ok: false });
    expect(readBackfillProgress(channel.settings)).toMatchObject({ days: 30 });

    expect((await ensureWooWebhooks(t.db, channelId, options)).ok).toBe(true);
  });

  it("is checked on a schedule: the hourly job puts a disabled webhook back", async () => {
    byTopic("order.created").status = "disabled";
    const queue = createInProcessQueue({ logger: silent });
    registerWooWebhookCheck(queue, { db: () => t.db, logger: silent, service: options });
    await queue.startWorkers({ concurrency: 1 });
    await queue.enqueue(WOO_WEBHOOKS_JOB, {});
    await queue.drain();
    await queue.close();
    expect(byTopic("order.created").status).toBe("active");
    expect(
      readWebhookHealth((await t.db.channel.findUniqueOrThrow({ where: { id: channelId } })).settings),
    ).toMatchObject({ ok: true });
  });

  it("refuses an unknown or disconnected channel", async () => {
    const unknown = await ensureWooWebhooks(t.db, "no-such-channel", options).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(WooConnectError);
    expect((unknown as WooConnectError).status).toBe(404);

    await disconnectWooCommerce(t.db, shopId, channelId, options);
    const disconnected = await ensureWooWebhooks(t.db, channelId, options).catch((error: unknown) => error);
    expect((disconnected as WooConnectError).status).toBe(409);
  });
});
