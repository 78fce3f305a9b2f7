// One worker process of the contention test: applies N single-unit orders for one channel, all at once.
import { createDb, prepareDb } from "../../app/db.server.ts";
import { applyChannelEvent } from "../../app/services/ledger/apply-channel-event.server.ts";
import { snapshot } from "./ledger-fixtures.ts";

const [url, channelJson, countText, prefix] = process.argv.slice(2);
if (!url || !channelJson || !countText || !prefix)
  throw new Error("usage: contention-worker <db url> <channel json> <count> <prefix>");
const channel = JSON.parse(channelJson) as { id: string; shopId: string; kind: string; name: string };
const db = createDb(url);
await prepareDb(db, url);
const results = await Promise.allSettled(
  Array.from({ length: Number(countText) }, (_, index) =>
    applyChannelEvent(
      db,
      channel,
      { type: "order.upserted", order: snapshot(`${prefix}-${index}`, 1, [{ sku: "HOT", quantity: 1 }]) },
      { source: `worker:${process.pid}` },
    ),
  ),
);
const failed = results.filter((result) => result.status === "rejected");
for (const failure of failed.slice(0, 3)) console.error((failure as PromiseRejectedResult).reason);
await db.$disconnect();
console.log(JSON.stringify({ applied: results.length - failed.length, failed: failed.length }));
process.exit(failed.length > 0 ? 1 : 0);
