// The seeded shop's catalogue: 30 SKUs (5 products x 3 colours x 2 sizes) with shop prices as Shopify sends them.

export const BENCH_SHOP_DOMAIN = "bench-outfitters.myshopify.com";
export const BENCH_STOCK_PER_ITEM = 1_000_000;

export type CatalogItem = { sku: string; title: string; price: string; productId: number; variantId: number };

const PRODUCTS = [
  { code: "TEE", title: "Harbour Tee", price: "19.99" },
  { code: "HOOD", title: "Harbour Hoodie", price: "54.00" },
  { code: "CAP", title: "Deckhand Cap", price: "24.50" },
  { code: "SOCK", title: "Merino Socks", price: "12.95" },
  { code: "JKT", title: "Storm Jacket", price: "139.00" },
];
const COLOURS = [
  { code: "BLK", name: "Black" },
  { code: "NVY", name: "Navy" },
  { code: "SND", name: "Sand" },
];
const SIZES = ["M", "L"];

export const CATALOG: CatalogItem[] = PRODUCTS.flatMap((product, productIndex) =>
  COLOURS.flatMap((colour, colourIndex) =>
    SIZES.map((size, sizeIndex) => ({
      sku: `${product.code}-${colour.code}-${size}`,
      title: `${product.title} - ${colour.name} / ${size}`,
      price: product.price,
      productId: 8801100200001 + productIndex,
      variantId: 44100200300001 + productIndex * 100 + colourIndex * 10 + sizeIndex,
    })),
  ),
);
