import { parseArgs } from "node:util";
import { startShopifySimServer } from "./http-server";
import { seedDemo } from "./seed";
import { createShopifySim } from "./sim";

// npm run sim:shopify -- --port 4100 [--secret <app secret>] [--api-key <client id>] [--webhook-url <url>] [--seed demo]

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4100" },
    host: { type: "string", default: "127.0.0.1" },
    secret: { type: "string" },
    "api-key": { type: "string" },
    "webhook-url": { type: "string" },
    seed: { type: "string" },
    token: { type: "string", default: "shpat_sim_demo" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(
    "Usage: npm run sim:shopify -- --port <port> [--host 127.0.0.1] [--secret <app secret>] [--api-key <client id>]\n" +
      "         [--webhook-url <url>] [--seed demo] [--token <static access token for the seeded shop>]",
  );
  process.exit(0);
}

const sim = createShopifySim({
  apiSecret: values.secret,
  apiKey: values["api-key"],
  webhookUrl: values["webhook-url"],
});
if (values.seed === "demo") await seedDemo(sim, { accessToken: values.token });
else if (values.seed) {
  console.error(`Unknown seed "${values.seed}" (known: demo)`);
  process.exit(2);
} else sim.createShop({ domain: "sim-store.myshopify.com", accessToken: values.token });

const server = await startShopifySimServer(sim, { port: Number(values.port), host: values.host });
console.log(`Simulated Shopify listening on ${server.url}`);
console.log(`  shops: ${sim.listShops().join(", ")} (access token ${values.token})`);
console.log(`  run the app with SHOPIFY_ADMIN_ORIGIN=${server.url}`);
if (values["webhook-url"]) console.log(`  webhooks go to ${values["webhook-url"]}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
