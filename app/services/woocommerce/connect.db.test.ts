import { http, HttpResponse } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWooClient } from "../../../connectors/woocommerce/client/client";
import { createTestDb, type TestDb } from "../../../test/db";
import { decryptSecret, openCredentials } from "../../crypto.server";
import { createShop } from "../shops.server";
import type { WooServiceOptions } from "./connect-deps.server";
import { WooConnectError } from "./connect-input.server";
import {
  APP_URL,
  ENCRYPTION_KEY,
  KEYS,
  startWooTestKit,
  STORE_URL,
  storeWebhooks,
  type WooTestKit,
} from "./connect-test-support";
import { connectWooCommerce, disconnectWooCommerce } from "./connect.server";
import { WOO_WEBHOOK_TOPICS } from "./webhooks-setup.server";
import { readWebhookHealth } from "./webhooks-setup-health.server";

// Connecting and disconnecting against the simulated store, through the real client (msw answers the store's URL).

const silent = { info() {}, warn() {}, error() {} };

async function refusal(call: Promise<unknown>): Promise<WooConnectError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof WooConnectError) return error;
    throw error;
  }
  throw new Error("expected a WooConnectError");
}

describe("connectWooCommerce", () => {
  let t: TestDb;
  let kit: WooTestKit;
  let options: WooServiceOptions;
  let shopId: string;

  beforeAll(async () => {
    t = await createTestDb();
    kit = startWooTestKit({
      extraHandlers: [
        http.all("https://blog.example/*", () =>
          HttpResponse.text("<html><title>My blog</title></html>", { status: 200 }),
        ),
        http.all("https://slow.example/*", async () => {
          await new Promise((resolve) => setTimeout(resolve, 2_000));
          return HttpResponse.json({});
        }),
      ],
    });
    await kit.queue.startWorkers({ concurrency: 1 });
    options = {
      appUrl: APP_URL,
      encryptionKey: ENCRYPTION_KEY,
      queue: kit.queue,
      logger: silent,
      clientFactory: (credentials) => createWooClient(credentials, { timeoutMs: 300 }),
    };
    shopId = (await createShop(t.db, { name: "Harbour Goods" })).id;
  });

  afterAll(async () => {
    await kit.close();
    await t.drop();
  });

  const connect = (input: Partial<Parameters<typeof connectWooCommerce>[1]> = {}, overrides: WooServiceOptions = {}) =>
    connectWooCommerce(t.db, { shopId, url: STORE_URL, ...KEYS, ...input }, { ...options, ...overrides });

  it("refuses bad input with a field error each, before calling any store", async () => {
    const before = kit.sim.requests.length;
    const error = await refusal(connect({ url: "ftp://x", consumerKey: "cs_wrong_field", consumerSecret: "" }));
    expect(error.status).toBe(400);
    expect(error.fieldErrors).toEqual({
      url: [expect.stringMatching(/must start with https:\/\//)],
      consumerKey: [expect.stringMatching(/starts with ck_/)],
      consumerSecret: [expect.stringMatching(/Enter the consumer secret/)],
    });
    expect(kit.sim.requests.length).toBe(before);
  });

  it("refuses keys the store does not accept, on the key field, and stores nothing", async () => {
    const wrong = await refusal(connect({ consumerSecret: "cs_0000000000000000000000000000000000000000" }));
    expect(wrong.status).toBe(400);
    expect(wrong.fieldErrors.consumerKey?.[0]).toMatch(/^The store refused these keys/);

    const readOnly = kit.store.createKeys("read");
    const refused = await refusal(
      connect({ consumerKey: readOnly.consumerKey, consumerSecret: readOnly.consumerSecret }),
    );
    expect(refused.fieldErrors.consumerKey?.[0]).toMatch(/^The store refused these keys/);
    expect(await t.db.channel.count()).toBe(0);
  });

  it("names the URL when it answers a web page or does not answer in time", async () => {
    const page = await refusal(connect({ url: "https://blog.example" }));
    expect(page.status).toBe(400);
    expect(page.fieldErrors.url?.[0]).toMatch(/^https:\/\/blog\.example does not answer like a WooCommerce store/);

    const slow = await refusal(connect({ url: "https://slow.example" }));
    expect(slow.status).toBe(400);
    expect(slow.fieldErrors.url?.[0]).toMatch(/^Could not connect to https:\/\/slow\.example/);
    expect(await t.db.channel.count()).toBe(0);
  });

  it("refuses to connect without ENCRYPTION_KEY rather than store keys in clear, before calling the store", async () => {
    const before = kit.sim.requests.length;
    const error = await refusal(connect({}, { encryptionKey: null }));
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/ENCRYPTION_KEY is not set/);
    expect(kit.sim.requests.length).toBe(before);
    expect(await t.db.channel.count()).toBe(0);
  });

  it("refuses an unknown shop and another shop's location", async () => {
    expect((await refusal(connect({ shopId: "no-such-shop" }))).status).toBe(404);
    const other = await createShop(t.db, { name: "Other" });
    const theirs = await t.db.location.create({ data: { shopId: other.id, name: "Their room" } });
    const error = await refusal(connect({ locationId: theirs.id }));
    expect(error.fieldErrors).toEqual({ locationId: ["Choose one of this shop's locations"] });
  });

  it("connects: encrypted keys and secret, a Warehouse for the stock pool, six webhooks, a backfill queued", async () => {
    const result = await connect({ url: " SHOP-ONE.example/ " });
    expect(result).toMatchObject({ created: true, backfillQueued: true, webhooks: { ok: true, error: null } });

    const channel = await t.db.channel.findUniqueOrThrow({ where: { id: result.channel.id } });
    expect(channel).toMatchObject({ shopId, kind: "woocommerce", externalRef: STORE_URL, status: "connected" });
    expect(channel.credentials).not.toContain(KEYS.consumerSecret);
    expect(channel.credentials).not.toContain(KEYS.consumerKey);
    expect(openCredentials(channel.credentials, ENCRYPTION_KEY)).toEqual({ url: STORE_URL, ...KEYS });
    const secret = decryptSecret(channel.webhookSecret!, ENCRYPTION_KEY);
    expect(secret).toMatch(/^[A-Za-z0-9]{32,}$/);
    expect(channel.webhookSecret).not.toContain(secret);

    const pool = await t.db.channelLocation.findMany({ where: { channelId: channel.id }, include: { location: true } });
    expect(pool).toEqual([expect.objectContaining({ externalLocationId: "default", locationId: result.locationId })]);
    expect(pool[0]?.location.name).toBe("Warehouse");

    const webhooks = storeWebhooks(kit.store, channel.id);
    expect(webhooks.map((webhook) => webhook.topic).sort()).toEqual([...WOO_WEBHOOK_TOPICS].sort());
    for (const webhook of webhooks) {
      expect(webhook).toMatchObject({
        status: "active",
        deliveryUrl: `${APP_URL}/webhooks/woocommerce/${channel.id}`,
        secret,
      });
    }
    // Each creation pinged our delivery URL.
    expect(kit.appRequests.filter((entry) => entry.body.startsWith("webhook_id="))).toHaveLength(6);
    expect(readWebhookHealth(channel.settings)).toMatchObject({ ok: true, statuses: expect.any(Array) });

    await kit.queue.drain();
    expect(kit.backfills).toEqual([{ channelId: channel.id }]);
  });

  it("reconnects the same store as the same channel, keeping the secret and the webhooks", async () => {
    const first = await t.db.channel.findFirstOrThrow({ where: { shopId, kind: "woocommerce" } });
    const fresh = kit.store.createKeys("read_write");
    const warehouse = await t.db.location.findFirstOrThrow({ where: { shopId, name: "Warehouse" } });
    const backRoom = await t.db.location.create({ data: { shopId, name: "Back room" } });

    const result = await connect({
      url: "https://shop-one.example/?utm=x#top",
      consumerKey: fresh.consumerKey,
      consumerSecret: fresh.consumerSecret,
    });
    expect(result).toMatchObject({ created: false, channel: { id: first.id }, locationId: warehouse.id });
    const channel = await t.db.channel.findUniqueOrThrow({ where: { id: first.id } });
    expect(openCredentials(channel.credentials, ENCRYPTION_KEY).consumerKey).toBe(fresh.consumerKey);
    expect(decryptSecret(channel.webhookSecret!, ENCRYPTION_KEY)).toBe(
      decryptSecret(first.webhookSecret!, ENCRYPTION_KEY),
    );
    expect(storeWebhooks(kit.store, first.id)).toHaveLength(6);
    expect(result.webhooks.statuses.map((status) => status.action)).toEqual(Array(6).fill("kept"));

    // A location chosen on reconnect moves the stock pool there.
    const moved = await connect({ locationId: backRoom.id });
    expect(moved.locationId).toBe(backRoom.id);
    expect(await t.db.channel.count({ where: { shopId } })).toBe(1);
  });

  it("disconnects another shop's channel never, and this shop's by deleting our webhooks and dropping its keys", async () => {
    const channel = await t.db.channel.findFirstOrThrow({ where: { shopId, kind: "woocommerce" } });
    const other = await createShop(t.db, { name: "Intruder" });
    expect((await refusal(disconnectWooCommerce(t.db, other.id, channel.id, options))).status).toBe(404);
    expect(storeWebhooks(kit.store, channel.id)).toHaveLength(6);

    const result = await disconnectWooCommerce(t.db, shopId, channel.id, options);
    expect(result).toEqual({ channelId: channel.id, webhooksRemoved: 6, failures: [] });
    expect(storeWebhooks(kit.store, channel.id)).toHaveLength(0);
    const after = await t.db.channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(after).toMatchObject({ status: "disconnected", credentials: null });
    expect(after.webhookSecret).not.toBeNull();
    expect(await t.db.channelLocation.count({ where: { channelId: channel.id } })).toBe(1);
  });

  it("disconnects even when the store cannot delete the webhooks, and says what was left", async () => {
    const { channel } = await connect();
    kit.server.use(
      http.delete(`${STORE_URL}/wp-json/wc/v3/webhooks/:id`, () => HttpResponse.text("Bad gateway", { status: 502 })),
    );
    try {
      const result = await disconnectWooCommerce(t.db, shopId, channel.id, options);
      expect(result.webhooksRemoved).toBe(0);
      expect(result.failures).toHaveLength(6);
      expect(result.failures[0]).toMatch(/^Webhook \d+ \(\w+\.\w+\) could not be deleted/);
      expect(await t.db.channel.findUniqueOrThrow({ where: { id: channel.id } })).toMatchObject({
        status: "disconnected",
      });
    } finally {
      kit.server.resetHandlers();
    }
  });
});
