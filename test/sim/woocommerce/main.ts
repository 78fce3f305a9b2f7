import { parseArgs } from "node:util";
import { startWooSimServer } from "./http-server";
import { seedDemo } from "./seed";
import { createWooSim } from "./sim";

// npm run sim:woocommerce -- --port 4200 [--seed demo] [--key ck_... --secret cs_...] [--webhook-url <url>]

const HELP = `Usage: npm run sim:woocommerce -- [options]

  --port <port>             port to listen on (default 4200)
  --host <host>             interface to bind (default 127.0.0.1); the store's URL is http://<host>:<port>
  --seed demo               a small store: 10 SKUs (simple and variable), a week of orders
  --key <ck_...>            consumer key the store accepts (default ck_sim_demo)
  --secret <cs_...>         its consumer secret (default cs_sim_demo); the key has read_write permission
  --webhook-url <url>       register webhooks for order.* and product.* delivering there
  --webhook-secret <secret> their signing secret (default sim-webhook-secret)
  --assume-https            act as a site behind a TLS proxy: Basic auth and query-string keys work over http
  --allow-http-callback     let /wc-auth/v1/authorize post keys to an http:// callback_url (WooCommerce refuses)
  --auth-approval manual    show the grant page instead of approving /wc-auth/v1/authorize at once
  --help                    this text
`;

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4200" },
    host: { type: "string", default: "127.0.0.1" },
    seed: { type: "string" },
    key: { type: "string", default: "ck_sim_demo" },
    secret: { type: "string", default: "cs_sim_demo" },
    "webhook-url": { type: "string" },
    "webhook-secret": { type: "string", default: "sim-webhook-secret" },
    "assume-https": { type: "boolean", default: false },
    "allow-http-callback": { type: "boolean", default: false },
    "auth-approval": { type: "string", default: "auto" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}
if (values.seed && values.seed !== "demo") {
  console.error(`Unknown seed "${values.seed}" (known: demo)`);
  process.exit(2);
}
if (values["auth-approval"] !== "auto" && values["auth-approval"] !== "manual") {
  console.error(`--auth-approval is auto or manual, not "${values["auth-approval"]}"`);
  process.exit(2);
}

const sim = createWooSim();
const store = values.seed === "demo" ? seedDemo(sim) : sim.createStore({ name: "Simulated Store" });
store.authApproval = values["auth-approval"];
store.allowHttpAuthCallback = values["allow-http-callback"];
store.createKeys("read_write", { consumerKey: values.key, consumerSecret: values.secret, description: "sim main" });

const server = await startWooSimServer(sim, {
  port: Number(values.port),
  host: values.host,
  store,
  assumeHttps: values["assume-https"],
});
const webhookUrl = values["webhook-url"];
if (webhookUrl) {
  for (const topic of [
    "order.created",
    "order.updated",
    "order.deleted",
    "product.created",
    "product.updated",
    "product.deleted",
  ]) {
    // No ping: the receiver may not be running yet, and a failed ping changes nothing anyway.
    await store.addWebhook({ topic, delivery_url: webhookUrl, secret: values["webhook-secret"], ping: false });
  }
}
await sim.flushWebhooks();

console.log(`Simulated WooCommerce store "${store.state.name}" at ${server.url} (home URL ${server.storeUrl})`);
console.log(`  REST API   ${server.url}/wp-json/wc/v3/   key ${values.key}  secret ${values.secret}`);
console.log(
  server.storeUrl.startsWith("https")
    ? "  auth       Basic or query-string keys (the site is treated as HTTPS)"
    : "  auth       OAuth 1.0a over http (the JS client library does this on its own for http:// URLs)",
);
console.log(`  control    ${server.url}/_sim/store, POST /_sim/orders {"lines":[{"sku":"TEE-M","quantity":1}]}`);
if (webhookUrl) console.log(`  webhooks   order.* and product.* -> ${webhookUrl} (secret ${values["webhook-secret"]})`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
