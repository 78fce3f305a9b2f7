import { oneOf, string, validateArgs } from "../args";
import { collectionArgs, filterCollection, paginate, sortCollection } from "../collection";
import { invalidId } from "../errors";
import { variationToJson } from "../product-json";
import { parseProductWrite, writeVariation } from "../product-writes";
import { EDITABLE, READABLE, type Route, type RouteContext } from "../rest";
import { stockStatusOf } from "../stock";
import { STOCK_STATUSES, type SimProduct } from "../state";
import { runBatch } from "./batch";

// /products/{product_id}/variations: list, read, update and batch update a variable product's variations.

const listArgs = {
  ...collectionArgs(["date", "id", "include", "title", "slug", "modified", "menu_order"] as const),
  status: oneOf(["any", "future", "trash", "draft", "pending", "private", "publish"] as const),
  sku: string(),
  stock_status: oneOf(STOCK_STATUSES),
};

function variationOf(c: RouteContext, parentId: number, id: number, status: 400 | 404): SimProduct {
  const variation = c.store.state.products.get(id);
  if (!variation || variation.type !== "variation" || variation.parentId !== parentId)
    throw invalidId("product_variation", status);
  return variation;
}

function listVariations(c: RouteContext) {
  const args = validateArgs(listArgs, c.query);
  const state = c.store.state;
  const parentId = c.ids[0]!;
  const status = args.status ?? "any";
  const candidates = [...state.products.values()].filter(
    (product) =>
      product.type === "variation" &&
      product.parentId === parentId &&
      (status === "any" ? product.status !== "trash" : product.status === status) &&
      (args.sku === undefined || product.sku === args.sku) &&
      (args.stock_status === undefined || stockStatusOf(state, product) === args.stock_status),
  );
  const filtered = filterCollection(candidates, args, state.utcOffsetMinutes);
  const sorted = sortCollection(filtered, args, { orderby: "date", order: "desc" });
  const page = paginate(sorted, args, c.url, `${c.store.url}/wp-json/wc/v3/products/${parentId}/variations`);
  return { body: page.items.map((variation) => variationToJson(state, variation)), headers: page.headers };
}

function updateVariation(c: RouteContext, id: number, input: Record<string, unknown>) {
  const variation = variationOf(c, c.ids[0]!, id, 400);
  writeVariation(c.store.ctx, variation, parseProductWrite(input));
  return variationToJson(c.store.state, variation);
}

export const variationRoutes: Route[] = [
  {
    methods: READABLE,
    path: /^\/products\/(\d+)\/variations$/,
    permission: "list",
    args: listArgs,
    handle: listVariations,
  },
  {
    methods: EDITABLE,
    path: /^\/products\/(\d+)\/variations\/batch$/,
    permission: "batch",
    handle: async (c) =>
      runBatch(await c.input(), { update: (item) => updateVariation(c, Number(item.id) || 0, item) }),
  },
  {
    methods: READABLE,
    path: /^\/products\/(\d+)\/variations\/(\d+)$/,
    permission: "view",
    handle: (c) => ({ body: variationToJson(c.store.state, variationOf(c, c.ids[0]!, c.ids[1]!, 404)) }),
  },
  {
    methods: EDITABLE,
    path: /^\/products\/(\d+)\/variations\/(\d+)$/,
    permission: "edit",
    handle: async (c) => ({ body: updateVariation(c, c.ids[1]!, await c.input()) }),
  },
];
