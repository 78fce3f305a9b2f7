import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../jobs/in-process-queue";
import type { JobQueue } from "../../jobs/queue";
import { createTestDb, type TestDb } from "../../test/db";
import { commitOperatorSession } from "../auth/operator.server";
import { resetConfigForTests } from "../config.server";
import { openCredentials } from "../crypto.server";
import { newBackfillProgress, saveBackfillProgress } from "../services/shopify/backfill-progress.server";
import { ensureShopifyShop } from "../services/shopify-install.server";
import {
  APP_URL,
  ENCRYPTION_KEY,
  KEYS,
  startWooTestKit,
  STORE_URL,
  storeWebhooks,
  type WooTestKit,
} from "../services/woocommerce/connect-test-support";
import { connectWooCommerce } from "../services/woocommerce/connect.server";
import { WOO_BACKFILL_JOB } from "../services/woocommerce/jobs.server";
import { action, loader } from "./app.channels._index";

describe("/app/channels", () => {
  let t: TestDb;
  let queue: JobQueue;
  let cookie: string;
  let mine: Awaited<ReturnType<typeof ensureShopifyShop>>;
  let theirs: Awaited<ReturnType<typeof ensureShopifyShop>>;
  const queued: unknown[] = [];
  let kit: WooTestKit;
  const savedAppUrl = process.env.SHOPIFY_APP_URL;

  beforeAll(async () => {
    process.env.SHOPIFY_APP_URL = APP_URL;
    resetConfigForTests();
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    // The simulated WooCommerce store answers at STORE_URL for the connect intents.
    kit = startWooTestKit();
    queue = createInProcessQueue();
    queue.register("shopify.backfill", async (payload) => {
      queued.push(payload);
    });
    queue.register(WOO_BACKFILL_JOB, async (payload) => {
      queued.push({ woo: payload });
    });
    global.channelLedgerQueue = queue;
    mine = await ensureShopifyShop(t.db, { domain: "harbour-goods.myshopify.com" });
    theirs = await ensureShopifyShop(t.db, { domain: "other-goods.myshopify.com" });
    const progress = newBackfillProgress(30, new Date());
    await saveBackfillProgress(t.db, mine.channel.id, { ...progress, phase: "orders", processed: 5, total: 10 });
    const setCookie = await commitOperatorSession(new Request("http://localhost/app"), {
      operator: "operator@example.com",
      shopId: mine.shop.id,
    });
    cookie = setCookie.split(";")[0]!;
  });

  afterAll(async () => {
    await queue.close();
    await kit.close();
    await t.drop();
    global.channelLedgerDb = undefined;
    global.channelLedgerQueue = undefined;
    if (savedAppUrl === undefined) delete process.env.SHOPIFY_APP_URL;
    else process.env.SHOPIFY_APP_URL = savedAppUrl;
    resetConfigForTests();
  });

  const act = async (form: Record<string, string>) => {
    const request = new Request("http://localhost/app/channels", {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    const result = await action({ request, params: {}, context: {} });
    if (result instanceof Response)
      return { status: result.status, data: undefined, location: result.headers.get("Location") };
    return "init" in result && result.init
      ? { status: result.init.status, data: result.data }
      : { status: 200, data: result };
  };

  const load = async (search = "") => {
    const request = new Request(`http://localhost/app/channels${search}`, { headers: { Cookie: cookie } });
    return loader({ request, params: {}, context: {} });
  };

  it("shows this shop's channels with their backfill progress", async () => {
    const request = new Request("http://localhost/app/channels", { headers: { Cookie: cookie } });
    const { channels } = await loader({ request, params: {}, context: {} });
    expect(channels.map((channel) => channel.id)).toEqual([mine.channel.id]);
    expect(channels[0]?.backfill).toMatchObject({
      status: "running",
      label: "Importing orders",
      percent: 70,
      days: 30,
    });
  });

  it("queues a backfill of the days asked for, only for the shop's own connected Shopify channel", async () => {
    expect(await act({ intent: "backfill", channelId: theirs.channel.id, days: "30" })).toMatchObject({
      status: 404,
      data: { ok: false, fieldErrors: { channelId: ["No such channel"] }, toast: "The backfill was not queued" },
    });
    expect(await act({ intent: "backfill", channelId: mine.channel.id, days: "0" })).toMatchObject({
      status: 400,
      data: { ok: false, fieldErrors: { days: ["At least 1 day"] }, toast: "The backfill was not queued" },
    });
    expect(await act({ intent: "backfill", channelId: mine.channel.id, days: "90" })).toEqual({
      status: 200,
      data: { ok: true, queued: mine.channel.id, days: 90, toast: "Backfill queued: the last 90 days" },
    });
    await queue.startWorkers({ concurrency: 1 });
    await queue.drain();
    expect(queued).toEqual([{ channelId: mine.channel.id, days: 90 }]);

    await t.db.channel.update({ where: { id: mine.channel.id }, data: { status: "disconnected" } });
    expect(await act({ intent: "backfill", channelId: mine.channel.id, days: "90" })).toMatchObject({ status: 409 });
  });
  describe("WooCommerce", () => {
    const manual = (fields: Record<string, string> = {}) =>
      act({
        intent: "woo-connect",
        url: STORE_URL,
        consumerKey: KEYS.consumerKey,
        consumerSecret: KEYS.consumerSecret,
        ...fields,
      });

    it("answers bad input with 400 and an error on each field", async () => {
      const result = await manual({ url: "not a url at all", consumerKey: "", consumerSecret: "ck_swapped" });
      expect(result).toMatchObject({
        status: 400,
        data: {
          ok: false,
          intent: "woo-connect",
          fieldErrors: {
            url: [expect.any(String)],
            consumerKey: ["Enter the consumer key"],
            consumerSecret: ["A consumer secret starts with cs_"],
          },
          toast: "The store could not be connected",
        },
      });
    });

    it("shows keys the store refuses as an error on the key field", async () => {
      const result = await manual({ consumerSecret: "cs_0000000000000000000000000000000000000000" });
      expect(result.status).toBe(400);
      expect(result.data).toMatchObject({
        ok: false,
        fieldErrors: { consumerKey: [expect.stringMatching(/^The store refused these keys/)] },
      });
      expect(await t.db.channel.count({ where: { kind: "woocommerce" } })).toBe(0);
    });

    it("connects with keys: the channel has encrypted credentials, webhooks and a location; the screen shows it", async () => {
      const result = await manual();
      expect(result).toMatchObject({
        status: 200,
        data: {
          ok: true,
          intent: "woo-connect",
          created: true,
          webhooksOk: true,
          toast: expect.stringMatching(/ connected$/),
        },
      });
      const channelId = (result.data as { channelId: string }).channelId;
      const channel = await t.db.channel.findUniqueOrThrow({ where: { id: channelId } });
      expect(channel).toMatchObject({ shopId: mine.shop.id, kind: "woocommerce", externalRef: STORE_URL });
      expect(channel.credentials).not.toContain(KEYS.consumerSecret);
      expect(channel.webhookSecret).toMatch(/^v1:/);
      expect(openCredentials(channel.credentials, ENCRYPTION_KEY).consumerSecret).toBe(KEYS.consumerSecret);
      expect(storeWebhooks(kit.store, channelId)).toHaveLength(6);

      const screen = await load("?woocommerce=connected");
      expect(screen.wooReturn).toBe("connected");
      expect(screen.locations.map((location) => location.name)).toContain("Warehouse");
      const shown = screen.channels.find((candidate) => candidate.id === channelId);
      expect(shown?.webhooks).toMatchObject({
        ok: true,
        statuses: expect.arrayContaining([expect.objectContaining({ topic: "order.updated", status: "active" })]),
      });
      expect(JSON.stringify(screen)).not.toContain(KEYS.consumerSecret);
      expect((await load("?woocommerce=<script>")).wooReturn).toBeUndefined();
    });

    it("repairs the webhooks of its own channel only", async () => {
      const channel = await t.db.channel.findFirstOrThrow({ where: { shopId: mine.shop.id, kind: "woocommerce" } });
      storeWebhooks(kit.store, channel.id)[0]!.status = "disabled";
      expect(await act({ intent: "woo-repair-webhooks", channelId: channel.id })).toMatchObject({
        status: 200,
        data: { ok: true, webhooksOk: true, toast: "Webhooks repaired: all active" },
      });
      expect(storeWebhooks(kit.store, channel.id).every((webhook) => webhook.status === "active")).toBe(true);

      const theirsWoo = await connectWooCommerce(
        t.db,
        { shopId: theirs.shop.id, url: STORE_URL, ...KEYS },
        { appUrl: APP_URL, encryptionKey: ENCRYPTION_KEY, logger: { info() {}, warn() {}, error() {} } },
      );
      for (const intent of ["woo-repair-webhooks", "woo-disconnect"]) {
        expect(await act({ intent, channelId: theirsWoo.channel.id })).toMatchObject({
          status: 404,
          data: { ok: false, fieldErrors: { channelId: ["No such WooCommerce channel"] }, toast: expect.any(String) },
        });
      }
      expect(await t.db.channel.findUniqueOrThrow({ where: { id: theirsWoo.channel.id } })).toMatchObject({
        status: "connected",
      });
    });

    it("disconnects its own channel, removing our webhooks from the store", async () => {
      const channel = await t.db.channel.findFirstOrThrow({ where: { shopId: mine.shop.id, kind: "woocommerce" } });
      expect(await act({ intent: "woo-disconnect", channelId: channel.id })).toMatchObject({
        status: 200,
        data: {
          ok: true,
          intent: "woo-disconnect",
          webhooksRemoved: 6,
          failures: [],
          toast: expect.stringMatching(/ disconnected$/),
        },
      });
      expect(await t.db.channel.findUniqueOrThrow({ where: { id: channel.id } })).toMatchObject({
        status: "disconnected",
        credentials: null,
      });
      expect(storeWebhooks(kit.store, channel.id)).toHaveLength(0);
    });

    it("sends one click to the store's authorize page", async () => {
      const result = await act({ intent: "woo-authorize", url: "shop-one.example" });
      expect(result.status).toBe(302);
      const location = new URL(result.location!);
      expect(`${location.origin}${location.pathname}`).toBe(`${STORE_URL}/wc-auth/v1/authorize`);
      expect(location.searchParams.get("callback_url")).toBe(`${APP_URL}/woocommerce/auth/callback`);
      expect(await act({ intent: "woo-authorize", url: "" })).toMatchObject({
        status: 400,
        data: { fieldErrors: { url: ["Enter the store's URL"] } },
      });
    });
  });
});
