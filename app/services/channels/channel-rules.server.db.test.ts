import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { makeItem, makeShop } from "../../../test/support/ledger-fixtures.ts";
import { planPushes } from "../sync/plan.server";
import { ChannelRulesFormSchema, readChannelRules, saveChannelRules } from "./channel-rules.server";

const RULES = {
  safetyStock: 0,
  percentOfAvailable: 100,
  maxQuantity: null,
  minQuantity: 0,
  stockMaster: "ledger" as const,
};

describe("channel rules", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  async function setup() {
    const { shop, locations, channels } = await makeShop(t.db, { channels: ["shopify", "woocommerce"] });
    const [shopify, woo] = [channels[0]!, channels[1]!];
    const tee = await makeItem(t.db, shop.id, "TEE", [{ locationId: locations[0]!.id, onHand: 10 }]);
    const cap = await makeItem(t.db, shop.id, "CAP", [{ locationId: locations[0]!.id, onHand: 4 }]);
    await t.db.channelListing.createMany({
      data: [shopify, woo].flatMap((channel) =>
        [tee, cap].map((item) => ({ shopId: shop.id, channelId: channel.id, itemId: item.id })),
      ),
    });
    await t.db.channel.update({
      where: { id: shopify.id },
      data: { settings: { backfill: { status: "done" }, fulfilledStatus: "shipped" } },
    });
    await planPushes(t.db, shop.id);
    return { shop, shopify, woo, tee, cap };
  }

  const desired = async (channelId: string) =>
    Object.fromEntries(
      (
        await t.db.channelListing.findMany({
          where: { channelId },
          select: { desiredQty: true, syncState: true, item: { select: { sku: true } } },
        })
      ).map((listing) => [listing.item.sku, [listing.desiredQty, listing.syncState]]),
    );

  it("re-plans the channel's listings after a safety stock is saved, and leaves other channels be", async () => {
    const { shop, shopify, woo } = await setup();
    expect(await desired(shopify.id)).toEqual({ TEE: [10, "queued"], CAP: [4, "queued"] });

    const saved = await saveChannelRules(t.db, shop.id, shopify.id, { ...RULES, safetyStock: 3 });
    expect(saved).toEqual({ listings: 2 });
    expect(await desired(shopify.id)).toEqual({ TEE: [10, "pending"], CAP: [4, "pending"] });
    expect((await desired(woo.id)).TEE).toEqual([10, "queued"]);

    await planPushes(t.db, shop.id);
    expect(await desired(shopify.id)).toEqual({ TEE: [7, "queued"], CAP: [1, "queued"] });
    expect(await desired(woo.id)).toEqual({ TEE: [10, "queued"], CAP: [4, "queued"] });
  });

  it("keeps the channel's other settings and reads the rules back", async () => {
    const { shop, shopify } = await setup();
    const rules = {
      safetyStock: 1,
      percentOfAvailable: 50,
      maxQuantity: 3,
      minQuantity: 2,
      stockMaster: "channel" as const,
    };
    await saveChannelRules(t.db, shop.id, shopify.id, rules);
    const channel = await t.db.channel.findUniqueOrThrow({ where: { id: shopify.id } });
    expect(readChannelRules(channel.settings)).toEqual(rules);
    expect(channel.settings).toMatchObject({ backfill: { status: "done" }, fulfilledStatus: "shipped" });
    await planPushes(t.db, shop.id);
    // TEE: (10 - 1) * 50% = 4, capped at 3. CAP: (4 - 1) * 50% = 1, below the minimum of 2: 0.
    expect(await desired(shopify.id)).toEqual({ TEE: [3, "queued"], CAP: [0, "queued"] });
  });

  it("refuses another shop's channel", async () => {
    const { shopify } = await setup();
    const other = await makeShop(t.db);
    expect(await saveChannelRules(t.db, other.shop.id, shopify.id, RULES)).toBeNull();
  });

  it("reads the form: whole numbers, an empty maximum, a minimum not above the maximum", () => {
    const form = {
      intent: "save-rules",
      safetyStock: "2",
      percentOfAvailable: "80",
      maxQuantity: "",
      minQuantity: "0",
    };
    expect(ChannelRulesFormSchema.parse({ ...form, stockMaster: "ledger" })).toMatchObject({
      safetyStock: 2,
      percentOfAvailable: 80,
      maxQuantity: null,
    });
    const refused = ChannelRulesFormSchema.safeParse({
      ...form,
      safetyStock: "-1",
      percentOfAvailable: "150",
      maxQuantity: "3",
      minQuantity: "5",
      stockMaster: "ledger",
    });
    expect(refused.success).toBe(false);
    const paths = refused.error!.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["safetyStock", "percentOfAvailable"]));
    const minAboveMax = ChannelRulesFormSchema.safeParse({
      ...form,
      maxQuantity: "3",
      minQuantity: "5",
      stockMaster: "ledger",
    });
    expect(minAboveMax.error!.issues.map((issue) => issue.path.join("."))).toEqual(["minQuantity"]);
  });

  // drill:bad-input: "999...9" read as Infinity passed the form and failed the stored settings' schema, a 500.
  it("refuses numbers no stock figure reaches, instead of saving Infinity", () => {
    const form = {
      intent: "save-rules",
      safetyStock: "0",
      percentOfAvailable: "100",
      maxQuantity: "",
      minQuantity: "0",
    };
    const huge = "9".repeat(400);
    for (const field of ["safetyStock", "minQuantity", "maxQuantity"]) {
      const refused = ChannelRulesFormSchema.safeParse({ ...form, stockMaster: "ledger", [field]: huge });
      expect(refused.success).toBe(false);
      expect(refused.error!.issues.map((issue) => issue.path.join("."))).toEqual([field]);
    }
    const largest = ChannelRulesFormSchema.parse({ ...form, stockMaster: "ledger", safetyStock: "1000000000" });
    expect(largest.safetyStock).toBe(1_000_000_000);
  });
});
