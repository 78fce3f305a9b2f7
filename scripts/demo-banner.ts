// What `npm run demo` tells a newcomer once everything runs: where to look, and what they are looking at.

export type DemoBanner = {
  adminUrl: string;
  shopifyUrl: string;
  shopifyDomain: string;
  wooUrl: string;
  ratePerMinute: number;
  deliveryMinutes: number;
  readyInSeconds: number;
};

export function printDemoBanner(banner: DemoBanner) {
  const order = (url: string) => `curl -X POST ${url} -d '{"lines":[{"sku":"MUG-12","quantity":1}]}'`;
  console.log(`
  ChannelLedger demo is running (ready in ${banner.readyInSeconds} s). Ctrl+C stops everything.

  Admin (demo mode, no login)   ${banner.adminUrl}
  Simulated Shopify store       ${banner.shopifyUrl}  (${banner.shopifyDomain}: Warehouse and Storefront)
  Simulated WooCommerce store   ${banner.wooUrl}  (its stock is the ledger's Warehouse)

  What you will see:
  - Demo Outfitters: 50 SKUs, 12 of them sold on both stores, and a month of orders from each store.
  - Shoppers placing about ${banner.ratePerMinute} orders a minute on the two stores. Each order reaches the ledger by
    webhook, reserves its stock, and the new figures are pushed back to both stores within seconds.
  - A delivery every ${banner.deliveryMinutes} minutes restocking what runs low (a stock adjustment, pushed like any other).
  - Dashboard: the "Demo traffic" card pauses the shoppers or changes their rate. Fulfil, cancel, return and adjust
    stock on the other screens: the stores follow.

  Be a shopper yourself:
    ${order(`${banner.shopifyUrl}/_sim/shops/${banner.shopifyDomain}/orders`)}
    ${order(`${banner.wooUrl}/_sim/orders`)}

  DEMO_STORES=off npm run demo starts the seeded demo shop alone, without stores or shoppers.
`);
}
