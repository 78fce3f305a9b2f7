import type { ShopHandle } from "../../test/sim/shopify/shop-handle.ts";
import type { StoreHandle } from "../../test/sim/woocommerce/store-handle.ts";

// The load's catalogue: 190 SKUs on top of the demo stores' own (10 on Shopify, 10 on WooCommerce, 3 shared), so the
// ledger holds about 200 items. Both stores sell every load SKU from the Warehouse with stock to spare: the load
// measures the app, not oversells. The webhook generators order only these SKUs, with the stores' real ids.

export const LOAD_SKU_COUNT = 190;
const VARIANTS_PER_PRODUCT = 5;
const STOCK = 200_000;

const NOUNS = ["Tee", "Hoodie", "Cap", "Sock", "Scarf", "Mug", "Tote", "Beanie", "Jacket", "Shorts"];
const ADJECTIVES = ["Harbour", "Trail", "Summit", "Coastal", "Meadow", "Granite", "Drift", "Alpine"];
const SIZES = ["XS", "S", "M", "L", "XL"];

export type CatalogEntry = {
  sku: string;
  title: string;
  variantTitle: string;
  /** Decimal string, as both channels send prices. */
  price: string;
};

/** What the generators need per SKU: the entry and each store's ids for it. */
export type LoadItem = CatalogEntry & {
  shopify: { productId: number; variantId: number };
  woo: { productId: number };
};

export function catalogEntries(): CatalogEntry[] {
  return Array.from({ length: LOAD_SKU_COUNT }, (_, index) => {
    const product = Math.floor(index / VARIANTS_PER_PRODUCT);
    const noun = NOUNS[product % NOUNS.length]!;
    const adjective = ADJECTIVES[Math.floor(product / NOUNS.length) % ADJECTIVES.length]!;
    const size = SIZES[index % VARIANTS_PER_PRODUCT]!;
    return {
      sku: `LD-${String(product + 1).padStart(3, "0")}-${size}`,
      title: `${adjective} ${noun} ${product + 1}`,
      variantTitle: size,
      price: (9.5 + ((index * 7) % 60)).toFixed(2),
    };
  });
}

/** The prepare hook: adds the catalogue to both simulated stores before the app connects. */
export function addCatalog(stores: { shopify: ShopHandle; woo: StoreHandle }) {
  const entries = catalogEntries();
  for (let start = 0; start < entries.length; start += VARIANTS_PER_PRODUCT) {
    const group = entries.slice(start, start + VARIANTS_PER_PRODUCT);
    stores.shopify.addProduct({
      title: group[0]!.title,
      variants: group.map((entry) => ({
        sku: entry.sku,
        title: entry.variantTitle,
        priceMinor: Math.round(Number(entry.price) * 100),
        stock: { Warehouse: STOCK },
      })),
    });
  }
  for (const entry of entries) {
    stores.woo.addProduct({
      name: `${entry.title} - ${entry.variantTitle}`,
      sku: entry.sku,
      price: entry.price,
      stock: STOCK,
    });
  }
}

/** The stores' ids for every load SKU, read after the stores were prepared. */
export function loadItems(stores: { shopify: ShopHandle; woo: StoreHandle }): LoadItem[] {
  const variants = [...stores.shopify.state.variants.values()];
  return catalogEntries().map((entry) => {
    const variant = variants.find((candidate) => candidate.sku === entry.sku);
    if (!variant) throw new Error(`the Shopify store has no variant ${entry.sku}`);
    const wooProduct = stores.woo.product(entry.sku) as { id: number };
    return {
      ...entry,
      shopify: { productId: variant.productId, variantId: variant.id },
      woo: { productId: wooProduct.id },
    };
  });
}
