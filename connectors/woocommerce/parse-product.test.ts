import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { wooFixture as fixture } from "../../test/fixtures/woocommerce/fixtures";
import { wooParser } from "./parser";

// Products: one listing per delivery, named by the record that holds its stock, and the level that record shows.

const parse = (payload: unknown, topic = "product.updated") => wooParser.parseWebhook(topic, payload);

function zodIssue(payload: unknown, topic = "product.updated") {
  try {
    parse(payload, topic);
  } catch (error) {
    expect(error).toBeInstanceOf(ZodError);
    const [issue] = (error as ZodError).issues;
    return { path: issue!.path.join("."), message: issue!.message };
  }
  throw new Error("expected a ZodError");
}

describe("product.updated", () => {
  it("lists a simple product that manages stock, and reports its level at the store's one location", () => {
    expect(parse(fixture("product-simple"))).toEqual({
      events: [
        {
          type: "listing.changed",
          listings: [
            {
              externalProductId: "794",
              externalVariantId: undefined,
              externalInventoryItemId: "product:794",
              sku: "PREMIUM-QUALITY",
              title: "Premium Quality",
              deleted: false,
            },
          ],
        },
        {
          type: "inventory_level.changed",
          externalInventoryItemId: "product:794",
          locationExternalId: "default",
          available: 25,
          updatedAt: new Date("2017-03-24T12:12:40Z"),
        },
      ],
    });
  });

  it("lists a simple product without stock management, with nothing to report", () => {
    const product = { ...fixture("product-simple"), manage_stock: false, stock_quantity: null, sku: "" };
    expect(parse(product)).toEqual({
      events: [
        {
          type: "listing.changed",
          listings: [
            expect.objectContaining({ externalProductId: "794", externalInventoryItemId: undefined, sku: null }),
          ],
        },
      ],
    });
  });

  it("lists a variation under its parent, with its own stock", () => {
    expect(parse(fixture("product-variation"))).toEqual({
      events: [
        {
          type: "listing.changed",
          listings: [
            {
              externalProductId: "22",
              externalVariantId: "733",
              externalInventoryItemId: "variation:22:733",
              sku: "SHIP-YOUR-IDEA-GREEN",
              title: "Ship Your Idea - Green",
              deleted: false,
            },
          ],
        },
        expect.objectContaining({ externalInventoryItemId: "variation:22:733", available: 12 }),
      ],
    });
  });

  it("names the parent as the stock holder of a variation selling from the parent's stock", () => {
    const parsed = parse(fixture("product-variation-parent"));
    expect(parsed).toEqual({
      events: [
        {
          type: "listing.changed",
          listings: [expect.objectContaining({ externalVariantId: "732", externalInventoryItemId: "product:22" })],
        },
        expect.objectContaining({
          externalInventoryItemId: "product:22",
          available: 40,
          locationExternalId: "default",
        }),
      ],
    });
  });

  it("lists a variable product only when it manages the stock its variations sell from", () => {
    expect(parse(fixture("product-variable"))).toEqual({
      events: [
        {
          type: "listing.changed",
          listings: [expect.objectContaining({ externalProductId: "22", externalInventoryItemId: "product:22" })],
        },
        expect.objectContaining({ externalInventoryItemId: "product:22", available: 40 }),
      ],
    });
    expect(parse({ ...fixture("product-variable"), manage_stock: false, stock_quantity: null })).toEqual({
      ignored: "variable product 22 does not manage stock; its variations are listed on their own",
    });
  });

  it("lists a variation that manages no stock without a holder", () => {
    const parsed = parse({ ...fixture("product-variation"), manage_stock: false, stock_quantity: null });
    expect(parsed).toEqual({
      events: [
        { type: "listing.changed", listings: [expect.objectContaining({ externalInventoryItemId: undefined })] },
      ],
    });
  });

  it("titles a variation by its attributes when WooCommerce titled it by the parent alone, and decodes entities", () => {
    const named = { ...fixture("product-variation"), name: "Ship Your Idea &amp; Co" };
    expect(parse(named)).toMatchObject({
      events: [{ listings: [{ title: "Ship Your Idea & Co - Green" }] }, { type: "inventory_level.changed" }],
    });
  });

  it("titles a polled variation that came without a name by its attributes", () => {
    const { name: _name, ...nameless } = fixture("product-variation");
    expect(parse(nameless)).toMatchObject({ events: [{ listings: [{ title: "Green" }] }, {}] });
  });

  it.each(["grouped", "external"])("ignores a %s product: nothing is sold from its stock", (type) => {
    expect(parse({ ...fixture("product-simple"), type })).toEqual({
      ignored: `product 794 is ${type}: nothing is sold from its stock`,
    });
  });

  it("reads product.created, product.restored and product.published the same way", () => {
    for (const topic of ["product.created", "product.restored", "product.published"])
      expect(parse(fixture("product-simple"), topic)).toEqual(parse(fixture("product-simple")));
  });

  it("delists a product whose body is in the trash, without a level", () => {
    expect(parse({ ...fixture("product-simple"), status: "trash" })).toEqual({
      events: [
        { type: "listing.changed", listings: [expect.objectContaining({ externalProductId: "794", deleted: true })] },
      ],
    });
  });

  it("keeps a level below zero (backorders) as the store shows it", () => {
    expect(parse({ ...fixture("product-simple"), stock_quantity: -3, backorders: "notify" })).toMatchObject({
      events: [{}, { available: -3 }],
    });
  });

  it("ignores a product WooCommerce could not build for the delivery", () => {
    const gone = { code: "woocommerce_rest_product_invalid_id", message: "Invalid ID.", data: { status: 404 } };
    expect(parse(gone)).toEqual({
      ignored:
        "WooCommerce could not build the product for this delivery (woocommerce_rest_product_invalid_id: Invalid ID.)",
    });
  });
});

describe("product.deleted", () => {
  it("delists every listing of the product by its id", () => {
    expect(parse(fixture("product-deleted"), "product.deleted")).toEqual({
      events: [
        {
          type: "listing.changed",
          listings: [{ externalProductId: "794", sku: null, title: "", deleted: true }],
        },
      ],
    });
  });
});

describe("bad product payloads", () => {
  it.each([
    [{ manage_stock: "yes" }, "manage_stock", 'must be true, false or "parent"'],
    [{ stock_quantity: 2.5 }, "stock_quantity", "must be a whole number"],
    [{ stock_quantity: "7" }, "stock_quantity", "must be a number"],
    [{ id: -4 }, "id", "must be a numeric id"],
    [{ type: "" }, "type", "must be the product type"],
    [{ date_modified_gmt: undefined }, "date_modified_gmt", "must be a GMT date-time such as 2017-03-22T19:28:08"],
  ])("quarantines %j naming %s", (change, path, message) => {
    expect(zodIssue({ ...fixture("product-simple"), ...change })).toEqual({ path, message });
  });

  it("quarantines a variation that does not name its parent", () => {
    expect(zodIssue({ ...fixture("product-variation"), parent_id: 0 })).toEqual({
      path: "parent_id",
      message: "must name the variation's parent product",
    });
  });

  it("quarantines a deletion without an id", () => {
    expect(zodIssue({ id: null }, "product.deleted")).toEqual({ path: "id", message: "must be a numeric id" });
  });
});
