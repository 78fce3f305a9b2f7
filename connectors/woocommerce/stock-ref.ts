// A WooCommerce listing's externalInventoryItemId names the record that holds its stock, which is not always the
// listing's own: a variation whose manage_stock is "parent" sells from its parent's quantity, and writing to the
// variation changes nothing a shopper sees. So the ref says where a stock push goes and which product.updated
// reports the level:
//
//   product:<id>                  a simple product, or a variable product that manages stock for its variations
//   variation:<parentId>:<id>     a variation that manages its own stock (written through /products/<parentId>/variations)
//   product:<parentId>            a variation whose stock its parent manages
//
// Nothing manages stock (manage_stock false all the way up): no ref, nothing to push or to read.

export type WooStockRef = { kind: "product"; id: number } | { kind: "variation"; parentId: number; id: number };

type ManageStock = boolean | "parent";

const positiveId = (id: number) => Number.isSafeInteger(id) && id > 0;

export function formatStockRef(ref: WooStockRef): string {
  return ref.kind === "product" ? `product:${ref.id}` : `variation:${ref.parentId}:${ref.id}`;
}

/** A product (simple, variable, or any other non-variation type) holds stock only when it manages its own. */
export function productStockRef(product: { id: number; manageStock: ManageStock }): string | null {
  return product.manageStock === true && positiveId(product.id)
    ? formatStockRef({ kind: "product", id: product.id })
    : null;
}

export function variationStockRef(variation: {
  id: number;
  parentId: number;
  manageStock: ManageStock;
}): string | null {
  if (!positiveId(variation.parentId)) return null;
  if (variation.manageStock === "parent") return formatStockRef({ kind: "product", id: variation.parentId });
  if (variation.manageStock === true && positiveId(variation.id))
    return formatStockRef({ kind: "variation", parentId: variation.parentId, id: variation.id });
  return null;
}

/** The record a ref names; null for anything that is not a ref this module wrote. */
export function parseStockRef(ref: string): WooStockRef | null {
  const product = /^product:(\d{1,15})$/.exec(ref);
  if (product) {
    const id = Number(product[1]);
    return positiveId(id) ? { kind: "product", id } : null;
  }
  const variation = /^variation:(\d{1,15}):(\d{1,15})$/.exec(ref);
  if (variation) {
    const parentId = Number(variation[1]);
    const id = Number(variation[2]);
    return positiveId(parentId) && positiveId(id) ? { kind: "variation", parentId, id } : null;
  }
  return null;
}
