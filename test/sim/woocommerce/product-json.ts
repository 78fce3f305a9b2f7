import { wcDate } from "./clock";
import { parentOf, stockView } from "./stock";
import type { SimProduct, StoreState } from "./state";

// Product and variation bodies in the wc/v3 shapes. The /products endpoint shows a variation too (by id, by ?sku=, and
// in product webhooks) with type "variation" and its parent_id; /products/{id}/variations has its own, smaller shape.

const API = "/wp-json/wc/v3";

function dates(state: StoreState, product: SimProduct) {
  const offset = state.utcOffsetMinutes;
  return {
    date_created: wcDate(product.createdAt, offset, false),
    date_created_gmt: wcDate(product.createdAt, offset, true),
    date_modified: wcDate(product.modifiedAt, offset, false),
    date_modified_gmt: wcDate(product.modifiedAt, offset, true),
  };
}

/** The active price: for a variable product the cheapest live variation, as get_price() answers. */
function priceOf(state: StoreState, product: SimProduct): string {
  if (product.type !== "variable") return product.salePrice || product.regularPrice;
  const prices = product.variationIds
    .map((id) => state.products.get(id))
    .filter((child): child is SimProduct => !!child && child.status !== "trash")
    .map((child) => child.salePrice || child.regularPrice)
    .filter(Boolean)
    .sort((a, b) => Number(a) - Number(b));
  return prices[0] ?? "";
}

function links(state: StoreState, product: SimProduct) {
  const self =
    product.type === "variation"
      ? `${state.url}${API}/products/${product.parentId}/variations/${product.id}`
      : `${state.url}${API}/products/${product.id}`;
  const collection =
    product.type === "variation"
      ? `${state.url}${API}/products/${product.parentId}/variations`
      : `${state.url}${API}/products`;
  return {
    self: [{ href: self }],
    collection: [{ href: collection }],
    ...(product.parentId ? { up: [{ href: `${state.url}${API}/products/${product.parentId}` }] } : {}),
  };
}

export function productToJson(state: StoreState, product: SimProduct) {
  const parent = parentOf(state, product);
  const price = priceOf(state, product);
  return {
    id: product.id,
    name: product.name,
    slug: product.slug,
    permalink: `${state.url}/product/${parent?.slug ?? product.slug}/`,
    ...dates(state, product),
    type: product.type,
    status: product.status,
    featured: false,
    catalog_visibility: "visible",
    description: "",
    short_description: "",
    sku: product.sku,
    global_unique_id: "",
    price,
    regular_price: product.regularPrice,
    sale_price: product.salePrice,
    date_on_sale_from: null,
    date_on_sale_from_gmt: null,
    date_on_sale_to: null,
    date_on_sale_to_gmt: null,
    on_sale: product.salePrice !== "",
    purchasable: price !== "" && product.status === "publish",
    total_sales: product.totalSales,
    virtual: false,
    downloadable: false,
    downloads: [],
    download_limit: -1,
    download_expiry: -1,
    external_url: "",
    button_text: "",
    tax_status: "taxable",
    tax_class: "",
    ...stockView(state, product),
    sold_individually: false,
    weight: "",
    dimensions: { length: "", width: "", height: "" },
    shipping_required: true,
    shipping_taxable: true,
    shipping_class: "",
    shipping_class_id: 0,
    reviews_allowed: product.type !== "variation",
    average_rating: "0.00",
    rating_count: 0,
    upsell_ids: [],
    cross_sell_ids: [],
    parent_id: product.parentId,
    purchase_note: "",
    categories: [],
    tags: [],
    images: [],
    attributes:
      product.type === "variation"
        ? product.variationAttributes.map((a) => ({
            id: 0,
            name: a.name,
            slug: a.name.toLowerCase(),
            option: a.option,
          }))
        : product.attributes.map((a, position) => ({
            id: 0,
            name: a.name,
            slug: a.name.toLowerCase(),
            position,
            visible: true,
            variation: true,
            options: a.options,
          })),
    default_attributes: [],
    variations: product.variationIds,
    grouped_products: [],
    menu_order: 0,
    price_html: price ? `<span class="woocommerce-Price-amount amount">${price}</span>` : "",
    related_ids: [],
    meta_data: [],
    has_options: product.type === "variable",
    post_password: "",
    _links: links(state, product),
  };
}

export function variationToJson(state: StoreState, variation: SimProduct) {
  const price = variation.salePrice || variation.regularPrice;
  const { backorders_allowed, backordered, ...stock } = stockView(state, variation);
  return {
    id: variation.id,
    type: "variation",
    ...dates(state, variation),
    description: "",
    permalink: `${state.url}/product/${parentOf(state, variation)?.slug ?? ""}/?attribute_${variation.variationAttributes
      .map((a) => `${a.name.toLowerCase()}=${encodeURIComponent(a.option)}`)
      .join("&attribute_")}`,
    sku: variation.sku,
    global_unique_id: "",
    price,
    regular_price: variation.regularPrice,
    sale_price: variation.salePrice,
    date_on_sale_from: null,
    date_on_sale_from_gmt: null,
    date_on_sale_to: null,
    date_on_sale_to_gmt: null,
    on_sale: variation.salePrice !== "",
    status: variation.status,
    purchasable: price !== "" && variation.status === "publish",
    virtual: false,
    downloadable: false,
    downloads: [],
    download_limit: -1,
    download_expiry: -1,
    tax_status: "taxable",
    tax_class: "",
    manage_stock: stock.manage_stock,
    stock_quantity: stock.stock_quantity,
    stock_status: stock.stock_status,
    backorders: stock.backorders,
    backorders_allowed,
    backordered,
    low_stock_amount: stock.low_stock_amount,
    weight: "",
    dimensions: { length: "", width: "", height: "" },
    shipping_class: "",
    shipping_class_id: 0,
    image: null,
    attributes: variation.variationAttributes.map((a) => ({ id: 0, name: a.name, option: a.option })),
    menu_order: 0,
    meta_data: [],
    name: variation.name,
    parent_id: variation.parentId,
    _links: links(state, variation),
  };
}
