import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openCredentials } from "../../app/crypto.server.ts";
import {
  APP_URL,
  ENCRYPTION_KEY,
  KEYS,
  startWooTestKit,
  STORE_URL,
  storeWebhooks,
  type WooTestKit,
} from "../../app/services/woocommerce/connect-test-support.ts";
import { createTestDb, type TestDb } from "../../test/db.ts";
import { runCli } from "../run.ts";

// `channel connect woocommerce | list | disconnect` against the simulated store: the CLI's own client reaches
// https://shop-one.example through msw, exactly as it would reach a real store.

describe("channel commands", () => {
  let t: TestDb;
  let kit: WooTestKit;
  let shopId: string;
  const saved = { appUrl: process.env.SHOPIFY_APP_URL, key: process.env.ENCRYPTION_KEY };

  beforeAll(async () => {
    process.env.SHOPIFY_APP_URL = APP_URL;
    t = await createTestDb();
    kit = startWooTestKit();
    global.channelLedgerQueue = kit.queue;
    await kit.queue.startWorkers({ concurrency: 1 });
    shopId = (await cli("shop", "create", "--name", "Harbour Goods")).out[0]!;
  });

  afterAll(async () => {
    global.channelLedgerQueue = undefined;
    await kit.close();
    await t.drop();
    if (saved.appUrl === undefined) delete process.env.SHOPIFY_APP_URL;
    else process.env.SHOPIFY_APP_URL = saved.appUrl;
    process.env.ENCRYPTION_KEY = saved.key;
  });

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { db: t.db, out: (line) => out.push(line), err: (line) => err.push(line) });
    return { code, out, err, stdout: out.join("\n"), stderr: err.join("\n") };
  }

  const connectArgs = (overrides: Record<string, string> = {}) => {
    const flags = { shop: shopId, url: STORE_URL, key: KEYS.consumerKey, secret: KEYS.consumerSecret, ...overrides };
    return [
      "channel",
      "connect",
      "woocommerce",
      ...Object.entries(flags).flatMap(([name, value]) => [`--${name}`, value]),
    ];
  };

  it.each([
    [["channel", "--help"], /channel <command>[\s\S]*connect[\s\S]*list[\s\S]*disconnect/],
    [["channel", "connect", "--help"], /channel connect woocommerce --shop <id> --url <store url> --key/],
    [["channel", "list", "-h"], /channel list --shop <id> \[--json\]/],
    [["channel", "disconnect", "--help"], /channel disconnect --shop <id> --channel <id>/],
  ])("prints usage for %j", async (argv, usage) => {
    const result = await cli(...argv);
    expect(result).toMatchObject({ code: 0, err: [] });
    expect(result.stdout).toMatch(usage);
  });

  it.each([
    [["channel", "connect", "shopify", "--shop", "x"], /must be woocommerce/],
    [connectArgs({ shop: "x", url: "ftp://shop" }), /--url The store's URL must start with https:\/\//],
    [connectArgs({ shop: "x", key: "cs_pasted_in_the_wrong_field" }), /--key A consumer key starts with ck_/],
    [["channel", "connect", "woocommerce", "--shop", "x"], /--url is required/],
    [["channel", "disconnect", "--shop", "x"], /--channel is required/],
  ])("exits 2 for a wrong command line %#", async (argv, problem) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.out).toEqual([]);
    expect(result.err[0]).toMatch(problem);
  });

  it("exits 1 for keys the store refuses, an unknown shop, or no ENCRYPTION_KEY, and stores nothing", async () => {
    const refused = await cli(...connectArgs({ secret: "cs_0000000000000000000000000000000000000000" }));
    expect(refused).toMatchObject({ code: 1, out: [] });
    expect(refused.stderr).toMatch(/The store refused these keys/);
    expect(refused.stderr).not.toContain("cs_0000");

    const unknown = await cli(...connectArgs({ shop: "no-such-shop" }));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Shop no-such-shop not found/);

    delete process.env.ENCRYPTION_KEY;
    try {
      const keyless = await cli(...connectArgs());
      expect(keyless.code).toBe(1);
      expect(keyless.stderr).toMatch(/ENCRYPTION_KEY is not set/);
    } finally {
      process.env.ENCRYPTION_KEY = saved.key;
    }
    expect(await t.db.channel.count()).toBe(0);
  });

  it("connects and prints just the channel id; the keys are stored sealed and a backfill is queued", async () => {
    const result = await cli(...connectArgs());
    expect(result.code, result.stderr).toBe(0);
    expect(result.out).toHaveLength(1);
    const channelId = result.out[0]!;
    const channel = await t.db.channel.findUniqueOrThrow({ where: { id: channelId } });
    expect(channel).toMatchObject({ shopId, kind: "woocommerce", externalRef: STORE_URL, status: "connected" });
    expect(openCredentials(channel.credentials, ENCRYPTION_KEY)).toEqual({ url: STORE_URL, ...KEYS });
    expect(storeWebhooks(kit.store, channelId)).toHaveLength(6);
    await kit.queue.drain();
    expect(kit.backfills).toEqual([{ channelId }]);
  });

  it("prints the connection as JSON with --json, never the secret", async () => {
    const result = await cli(...connectArgs(), "--json");
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(printed).toMatchObject({
      shopId,
      url: STORE_URL,
      created: false,
      backfillQueued: true,
      webhooks: { ok: true },
    });
    expect(result.stdout + result.stderr).not.toContain(KEYS.consumerSecret);
  });

  it("says when the backfill could not be queued from here (no Redis)", async () => {
    global.channelLedgerQueue = undefined;
    try {
      const result = await cli(...connectArgs());
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/backfill was not queued from here/);
    } finally {
      global.channelLedgerQueue = kit.queue;
    }
  });

  it("lists the shop's channels without their credentials", async () => {
    const text = await cli("channel", "list", "--shop", shopId);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`woocommerce\\s+connected\\s+${STORE_URL}\\s+webhooks ok`));

    const json = await cli("channel", "list", "--shop", shopId, "--json");
    const { channels } = JSON.parse(json.stdout) as { channels: Array<Record<string, unknown>> };
    expect(channels).toEqual([expect.objectContaining({ kind: "woocommerce", hasCredentials: true })]);
    expect(channels[0]).not.toHaveProperty("credentials");
    expect(json.stdout).not.toContain(KEYS.consumerSecret);
  });

  it("disconnects only the shop's own channel, deleting our webhooks", async () => {
    const channelId = (await t.db.channel.findFirstOrThrow({ where: { shopId } })).id;
    const otherShop = (await cli("shop", "create", "--name", "Other")).out[0]!;
    const refused = await cli("channel", "disconnect", "--shop", otherShop, "--channel", channelId);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/No such WooCommerce channel/);

    const result = await cli("channel", "disconnect", "--shop", shopId, "--channel", channelId, "--json");
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ channelId, webhooksRemoved: 6, failures: [], disconnected: true });
    expect(storeWebhooks(kit.store, channelId)).toHaveLength(0);
    expect((await cli("channel", "list", "--shop", shopId)).stdout).toMatch(/disconnected/);
  });
});
