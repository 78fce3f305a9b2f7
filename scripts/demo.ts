// `npm run demo`: the real app in standalone demo mode on a fresh SQLite file. By default with a simulated Shopify
// store and WooCommerce store connected and shoppers buying on both (demo-live.ts); DEMO_STORES=off serves the fixed
// seeded shop alone (demo-seeded.ts), which the browser tests rely on.
import { z } from "zod";

process.env.DEMO_MODE ??= "true";
process.env.DATABASE_URL ??= "file:./data/demo.sqlite";

const DemoStoresSchema = z.enum(["on", "off"], { error: 'DEMO_STORES must be "on" or "off"' }).default("on");
const stores = DemoStoresSchema.safeParse(process.env.DEMO_STORES || undefined);
if (!stores.success) {
  console.error(`The demo cannot start: ${stores.error.issues[0]?.message}`);
  process.exit(78);
}

// Whatever has started stops on Ctrl+C or SIGTERM, even halfway through starting: last started, first stopped.
// The handler stays registered: npx and tsx pass the terminal's signal on again, and without a listener that second
// copy would end the process before it has stopped its parts.
const closers: (() => Promise<void>)[] = [];
let stopping = false;
const STOP_WITHIN_MS = 15_000;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("\n  Stopping the demo...");
    setTimeout(() => {
      console.error(`The demo did not stop within ${STOP_WITHIN_MS / 1000} s; exiting anyway.`);
      process.exit(1);
    }, STOP_WITHIN_MS).unref();
    void (async () => {
      let failed = false;
      for (const close of closers.reverse()) {
        await close().catch((error: unknown) => {
          failed = true;
          console.error("The demo did not stop cleanly:", error);
        });
      }
      if (!failed) console.log("\n  ChannelLedger demo stopped.");
      process.exit(failed ? 1 : 0);
    })();
  });
}

try {
  // Imported only now, so the newcomer sees something at once: loading the app and the stores takes a few seconds.
  if (stores.data === "off") {
    const { runSeededDemo } = await import("./demo-seeded.ts");
    closers.push(await runSeededDemo());
  } else {
    console.log("\n  Starting the ChannelLedger demo with a simulated Shopify store and WooCommerce store...");
    const { runLiveDemo } = await import("./demo-live.ts");
    await runLiveDemo((close) => closers.push(close));
  }
} catch (error) {
  console.error("The demo could not start:", error);
  for (const close of closers.reverse()) await close().catch(() => undefined);
  process.exit(1);
}
