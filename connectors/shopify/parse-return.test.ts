import { describe, expect, it } from "vitest";
import { shopifyFixture as fixture } from "../../test/support/shopify-fixtures";
import type { ReturnNoticed } from "../events";
import { shopifyParser } from "./parser";

// The returns/* topics become one return.noticed each: which return of which order, and the status the topic names.

function notice(topic: string, payload: unknown): ReturnNoticed {
  const parsed = shopifyParser.parseWebhook(topic, payload);
  if (!("events" in parsed)) throw new Error(`expected events, got ${parsed.ignored}`);
  expect(parsed.events).toHaveLength(1);
  expect(parsed.events[0]?.type).toBe("return.noticed");
  return parsed.events[0] as ReturnNoticed;
}

const ORDER = "5512003100001";
const FIRST_RETURN = "9400100200001";
const EPOCH = new Date(0);

describe("Shopify returns/* webhooks", () => {
  it.each([
    ["returns/request", "returns-request", FIRST_RETURN, "requested", EPOCH],
    ["returns/approve", "returns-approve", FIRST_RETURN, "approved", EPOCH],
    ["returns/decline", "returns-decline", "9400100200002", "declined", EPOCH],
    ["returns/process", "returns-process", FIRST_RETURN, "received", new Date("2026-03-05T19:01:30Z")],
    ["returns/cancel", "returns-cancel", "9400100200003", "cancelled", EPOCH],
    ["returns/close", "returns-close", FIRST_RETURN, "closed", EPOCH],
    ["returns/reopen", "returns-reopen", FIRST_RETURN, "approved", EPOCH],
  ])("reads %s into a notice with the status it names", (topic, name, returnId, status, noticedAt) => {
    expect(notice(topic, fixture(name))).toEqual({
      type: "return.noticed",
      orderExternalId: ORDER,
      returnExternalId: returnId,
      status,
      noticedAt,
    });
  });

  it("names the return and the order by their global ids alone", () => {
    const { id: _id, order: _order, ...rest } = fixture("returns-approve");
    const payload = { ...rest, order: { admin_graphql_api_id: `gid://shopify/Order/${ORDER}` } };
    expect(notice("returns/approve", payload)).toMatchObject({
      orderExternalId: ORDER,
      returnExternalId: FIRST_RETURN,
    });
  });

  it("reads order_id and the order object alike, and ids too large for a JSON number", () => {
    const payload = { id: "820982911946154508", order_id: "820982911946154509", status: "closed" };
    expect(notice("returns/close", payload)).toMatchObject({
      orderExternalId: "820982911946154509",
      returnExternalId: "820982911946154508",
    });
    const withObject = { id: 1, order: { id: 2 } };
    expect(notice("returns/cancel", withObject)).toMatchObject({ orderExternalId: "2", returnExternalId: "1" });
  });

  it("dates the notice with the most telling timestamp there is", () => {
    const payload = { id: 1, order_id: 2, created_at: "2026-03-01T10:00:00Z", updated_at: "2026-03-02T10:00:00Z" };
    expect(notice("returns/request", payload).noticedAt).toEqual(new Date("2026-03-02T10:00:00Z"));
    const { updated_at: _updated, ...created } = payload;
    expect(notice("returns/request", created).noticedAt).toEqual(new Date("2026-03-01T10:00:00Z"));
  });
});
