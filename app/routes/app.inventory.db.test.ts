import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../test/db";
import { balance, makeItem, makeShop } from "../../test/support/ledger-fixtures";
import { commitOperatorSession } from "../auth/operator.server";
import { action as itemAction, loader as itemLoader } from "./app.inventory.$id";
import { action as countAction } from "./app.inventory.count";

// The inventory screens' actions as the browser posts them: refusals are 400/404 with field errors, never a 5xx.
describe("/app/inventory actions", () => {
  let t: TestDb;
  let cookie: string;
  let shop: Awaited<ReturnType<typeof makeShop>>;
  let item: { id: string };
  let theirs: { id: string };

  beforeAll(async () => {
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    shop = await makeShop(t.db);
    item = await makeItem(t.db, shop.shop.id, "TEE", [{ locationId: shop.locations[0]!.id, onHand: 10 }]);
    const other = await makeShop(t.db);
    theirs = await makeItem(t.db, other.shop.id, "THEIRS", []);
    const setCookie = await commitOperatorSession(new Request("http://localhost/app"), {
      operator: "operator@example.com",
      shopId: shop.shop.id,
    });
    cookie = setCookie.split(";")[0]!;
  });
  afterAll(async () => {
    await t.drop();
    global.channelLedgerDb = undefined;
  });

  const post = async (
    run: typeof itemAction | typeof countAction,
    path: string,
    form: Record<string, string>,
    params = {},
  ) => {
    const request = new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    const result = await run({ request, params, context: {} });
    return "init" in result && result.init
      ? { status: result.init.status, data: result.data }
      : { status: 200, data: result };
  };
  const adjust = (form: Record<string, string>, id = item.id) =>
    post(itemAction, `/app/inventory/${id}`, { intent: "adjust", requestId: randomUUID(), ...form }, { id });
  const count = (form: Record<string, string>) =>
    post(countAction, "/app/inventory/count", { sessionId: randomUUID(), locationId: shop.locations[0]!.id, ...form });

  it("adjusts stock with a reason and answers a toast with the new on hand", async () => {
    const answer = await adjust({ locationId: shop.locations[0]!.id, delta: "5", reason: "found", note: "shelf" });
    expect(answer).toEqual({ status: 200, data: { ok: true, toast: "On hand at Warehouse +5: now 15" } });
    const movement = await t.db.stockMovement.findFirst({ where: { itemId: item.id, kind: "adjustment" } });
    expect(movement).toMatchObject({ onHandDelta: 5, reason: "Found: shelf", source: "ui" });
  });

  it("refuses a bad adjustment on its fields, and another shop's item with 404", async () => {
    const refused = await adjust({ locationId: shop.locations[0]!.id, delta: "0", reason: "other" });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({
      ok: false,
      fieldErrors: { delta: ["Enter a change other than 0"], note: ["Say why when the reason is Other"] },
    });
    const text = await adjust({ locationId: shop.locations[0]!.id, delta: "2.5", reason: "found" });
    expect(text.data).toMatchObject({ fieldErrors: { delta: [expect.stringContaining("whole number")] } });
    const foreign = await adjust({ locationId: shop.locations[0]!.id, delta: "1", reason: "found" }, theirs.id);
    expect(foreign.status).toBe(404);
    expect(await t.db.stockLevel.count({ where: { itemId: theirs.id } })).toBe(0);
  });

  it("sets and clears the threshold, and refuses a negative one", async () => {
    const path = `/app/inventory/${item.id}`;
    const params = { id: item.id };
    expect((await post(itemAction, path, { intent: "set-threshold", threshold: "-1" }, params)).status).toBe(400);
    expect(await post(itemAction, path, { intent: "set-threshold", threshold: "7" }, params)).toMatchObject({
      data: { ok: true, toast: "Low-stock threshold set to 7" },
    });
    expect((await t.db.inventoryItem.findUniqueOrThrow({ where: { id: item.id } })).lowStockThreshold).toBe(7);
    await post(itemAction, path, { intent: "clear-threshold" }, params);
    expect((await t.db.inventoryItem.findUniqueOrThrow({ where: { id: item.id } })).lowStockThreshold).toBeNull();
  });

  it("answers 404 for another shop's item page and 400 for a forged history cursor", async () => {
    const load = (id: string, search = "") =>
      itemLoader({
        request: new Request(`http://localhost/app/inventory/${id}${search}`, { headers: { Cookie: cookie } }),
        params: { id },
        context: {},
      });
    await expect(load(theirs.id)).rejects.toMatchObject({ status: 404 });
    await expect(load(item.id, "?before=nonsense")).rejects.toMatchObject({ status: 400 });
    await expect(load(item.id)).resolves.toMatchObject({ item: { sku: "TEE" } });
  });

  it("reviews then posts a count, puts a negative count on its field, and posts a session once", async () => {
    const field = `count.${item.id}`;
    const negative = await count({ intent: "review", [field]: "-3" });
    expect(negative).toMatchObject({ status: 400, data: { fieldErrors: { [field]: ["A count cannot be negative"] } } });
    const empty = await count({ intent: "review" });
    expect(empty).toMatchObject({
      status: 400,
      data: { fieldErrors: { form: ["Enter at least one counted quantity"] } },
    });

    const review = await count({ intent: "review", [field]: "12" });
    expect(review.data).toMatchObject({ ok: true, review: { differences: [{ sku: "TEE", difference: -3 }] } });
    const sessionId = randomUUID();
    const posted = await count({ intent: "post", sessionId, [field]: "12" });
    expect(posted.data).toMatchObject({ ok: true, toast: "Count posted at Warehouse: 1 item changed" });
    const again = await count({ intent: "post", sessionId, [field]: "12" });
    expect(again.data).toMatchObject({ ok: true, toast: "This count was already posted" });
    expect(await balance(t.db, item.id, shop.locations[0]!.id)).toMatchObject({ onHand: 12 });
    const foreign = await count({ intent: "post", [`count.${theirs.id}`]: "1" });
    expect(foreign.status).toBe(400);
    const elsewhere = await count({ intent: "review", locationId: "nowhere", [field]: "1" });
    expect(elsewhere.status).toBe(404);
  });
});
