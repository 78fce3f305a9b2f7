import { integer, list, oneOf, string, validateArgs } from "../args";
import { collectionArgs, filterCollection, paginate, sortCollection } from "../collection";
import { invalidId, WcError } from "../errors";
import { productToJson } from "../product-json";
import { parseProductWrite, writeProduct } from "../product-writes";
import { EDITABLE, READABLE, type Route, type RouteContext } from "../rest";
import { stockStatusOf } from "../stock";
import { STOCK_STATUSES, type SimProduct } from "../state";
import { runBatch } from "./batch";

// /products: list (with ?sku= also finding variations, as WooCommerce does since it searches both post types), read
// one (a variation id too), update one, and batch update. Writing a variation here is refused: variations have their
// own endpoint.

const listArgs = {
  ...collectionArgs(["date", "id", "include", "title", "slug", "modified", "price", "popularity", "rating"] as const),
  status: oneOf(["any", "future", "trash", "draft", "pending", "private", "publish"] as const),
  type: oneOf(["simple", "grouped", "external", "variable"] as const),
  sku: string(),
  stock_status: oneOf(STOCK_STATUSES),
  parent: list(integer()),
};

const variationHere = () =>
  new WcError(
    "woocommerce_rest_invalid_product_id",
    "To manipulate product variations you should use the /products/&lt;product_id&gt;/variations/&lt;id&gt; endpoint.",
    404,
  );

function listProducts(c: RouteContext) {
  const args = validateArgs(listArgs, c.query);
  const state = c.store.state;
  // "Include the current string as a SKU too": a comma list also matches a SKU containing commas.
  const skus = args.sku ? [...args.sku.split(","), ...(args.sku.includes(",") ? [args.sku] : [])] : undefined;
  const status = args.status ?? "any";
  const candidates = [...state.products.values()].filter(
    (product) =>
      (product.type !== "variation" || skus !== undefined) &&
      (status === "any" ? product.status !== "trash" : product.status === status) &&
      (skus === undefined || skus.includes(product.sku)) &&
      (args.type === undefined || product.type === args.type) &&
      (args.stock_status === undefined || stockStatusOf(state, product) === args.stock_status) &&
      (args.parent === undefined || args.parent.includes(product.parentId)),
  );
  const filtered = filterCollection(candidates, args, state.utcOffsetMinutes);
  const sorted = sortCollection(filtered, args, { orderby: "date", order: "desc" });
  const page = paginate(sorted, args, c.url, `${c.store.url}/wp-json/wc/v3/products`);
  return { body: page.items.map((product) => productToJson(state, product)), headers: page.headers };
}

function updateProduct(c: RouteContext, id: number, input: Record<string, unknown>) {
  const product = c.store.state.products.get(id);
  if (!product) throw invalidId("product", 400);
  if (product.type === "variation") throw variationHere();
  writeProduct(c.store.ctx, product, parseProductWrite(input));
  return productToJson(c.store.state, product);
}

export const productRoutes: Route[] = [
  { methods: READABLE, path: /^\/products$/, permission: "list", args: listArgs, handle: listProducts },
  {
    methods: EDITABLE,
    path: /^\/products\/batch$/,
    permission: "batch",
    handle: async (c) => runBatch(await c.input(), { update: (item) => updateProduct(c, Number(item.id) || 0, item) }),
  },
  {
    methods: READABLE,
    path: /^\/products\/(\d+)$/,
    permission: "view",
    handle: (c) => {
      const product: SimProduct | undefined = c.store.state.products.get(c.ids[0]!);
      if (!product) throw invalidId("product", 404);
      return { body: productToJson(c.store.state, product) };
    },
  },
  {
    methods: EDITABLE,
    path: /^\/products\/(\d+)$/,
    permission: "edit",
    handle: async (c) => ({ body: updateProduct(c, c.ids[0]!, await c.input()) }),
  },
];
