import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { shopifyFixture as fixture } from "../../test/support/shopify-fixtures";
import { shopifyParser } from "./parser";

function zodIssues(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ZodError) return error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw error;
  }
  throw new Error("expected a ZodError");
}

describe("bad Shopify payloads throw a ZodError naming the field", () => {
  const order = () => fixture("orders-create");
  const withLine = (patch: Record<string, unknown>) => {
    const payload = order();
    const lines = payload.line_items as Array<Record<string, unknown>>;
    return { ...payload, line_items: [{ ...lines[0], ...patch }, lines[1]] };
  };

  it.each([
    ["a negative quantity", withLine({ quantity: -1 }), "line_items.0.quantity: must not be negative"],
    ["a fractional quantity", withLine({ quantity: 1.5 }), "line_items.0.quantity: must be a whole number"],
    ["a quantity as text", withLine({ quantity: "2" }), "line_items.0.quantity: must be a number"],
    [
      "current_quantity above quantity",
      withLine({ current_quantity: 3 }),
      "line_items.0.current_quantity: must not exceed quantity",
    ],
    ["a price as a number", withLine({ price: 19.99 }), "line_items.0.price: Invalid input"],
    [
      "a price finer than the currency",
      withLine({ price: "19.999" }),
      'line_items.0.price: "19.999" has more decimals than USD allows (2)',
    ],
    ["a missing id", { ...order(), id: undefined }, "id: must be a numeric id"],
    ["a negative id", { ...order(), id: -4 }, "id: must be a numeric id"],
    ["a bad currency", { ...order(), currency: "DOLLARS" }, "currency: must be an ISO 4217 code such as USD"],
    ["a bad timestamp", { ...order(), updated_at: "yesterday" }, "updated_at: must be an ISO 8601 date-time"],
    ["no line items", { ...order(), line_items: undefined }, "line_items: Invalid input"],
  ])("%s", (_case, payload, issue) => {
    const issues = zodIssues(() => shopifyParser.parseWebhook("orders/create", payload));
    expect(
      issues.some((found) => found.startsWith(issue)),
      issues.join("\n"),
    ).toBe(true);
  });

  it("rejects a payload that is not an object", () => {
    expect(zodIssues(() => shopifyParser.parseWebhook("orders/updated", [1, 2]))).toEqual([
      ": Invalid input: expected object, received array",
    ]);
    expect(zodIssues(() => shopifyParser.parseWebhook("app/uninstalled", "shop"))).toHaveLength(1);
  });

  it("rejects refunds and fulfillments with bad numbers", () => {
    const refund = fixture("refunds-create");
    const lines = refund.refund_line_items as Array<Record<string, unknown>>;
    expect(
      zodIssues(() =>
        shopifyParser.parseWebhook("refunds/create", {
          ...refund,
          refund_line_items: [{ ...lines[0], quantity: -2 }],
        }),
      ),
    ).toEqual(["refund_line_items.0.quantity: must not be negative"]);
    const transactions = refund.transactions as Array<Record<string, unknown>>;
    expect(
      zodIssues(() =>
        shopifyParser.parseWebhook("refunds/create", {
          ...refund,
          transactions: [transactions[0], { ...transactions[0], currency: "EUR" }],
        }),
      ),
    ).toEqual(["transactions.1.currency: is in EUR while the refund is in USD"]);
    expect(
      zodIssues(() =>
        shopifyParser.parseWebhook("fulfillments/create", { ...fixture("fulfillments-create"), status: "shipped" }),
      )[0],
    ).toMatch(/^status: Invalid option/);
  });

  const without = (name: string, ...fields: string[]) =>
    Object.fromEntries(Object.entries(fixture(name)).filter(([field]) => !fields.includes(field)));

  it.each([
    ["returns/request", { ...fixture("returns-request"), id: "R-1" }, "id: must be a numeric id"],
    [
      "returns/approve",
      { ...fixture("returns-approve"), admin_graphql_api_id: "gid://shopify/Order/1", id: undefined },
      "admin_graphql_api_id: must be a gid://shopify/Return/ id",
    ],
    ["returns/decline", { ...fixture("returns-decline"), order: { id: -1 } }, "order.id: must be a numeric id"],
    [
      "returns/process",
      { ...fixture("returns-process"), processed_at: "tomorrow" },
      "processed_at: must be an ISO 8601 date-time",
    ],
    [
      "returns/cancel",
      without("returns-cancel", "order_id"),
      "order_id: must name the order (order_id or order.id or order.admin_graphql_api_id)",
    ],
    [
      "returns/close",
      without("returns-close", "id", "admin_graphql_api_id"),
      "id: must name the return (id or admin_graphql_api_id)",
    ],
    [
      "returns/reopen",
      { ...fixture("returns-reopen"), admin_graphql_api_id: "gid://shopify/Return/42" },
      "admin_graphql_api_id: names 42 while id names 9400100200001",
    ],
    [
      "inventory_levels/update",
      { ...fixture("inventory_levels-update"), available: 2.5 },
      "available: must be a whole number",
    ],
    [
      "products/update",
      { ...fixture("products-update"), variants: [{ id: 1, inventory_item_id: "abc" }] },
      "variants.0.inventory_item_id: must be a numeric id",
    ],
    ["products/delete", { id: "gid://shopify/Product/1" }, "id: must be a numeric id"],
    [
      "app/scopes_update",
      { ...fixture("app-scopes_update"), current: "read_orders,write_orders" },
      "current: Invalid input: expected array, received string",
    ],
  ])("rejects a bad %s payload", (topic, payload, issue) => {
    const issues = zodIssues(() => shopifyParser.parseWebhook(topic, payload));
    expect(issues, issues.join("\n")).toContain(issue);
  });
});
