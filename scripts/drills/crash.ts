// `npm run drill:crash [-- --mode embedded|scale-out|both] [--events N] [--kills N] [--seed N]`
//
// Crash drill (issue 8): while shoppers place orders on both simulated stores (some cancelled, some edited on
// Shopify) until N channel events have reached the inbox, web and worker processes are killed with SIGKILL at seeded
// moments and restarted after a short pause. Then the world settles (WooCommerce's poll catching up on deliveries lost
// while the app was down) and the ledger is compared with the stores: no event lost, none applied twice, nothing left
// in the inbox, `ledger verify` clean, both stores showing the ledger's sellable stock.
//
// The app sets the pace (shoppers wait while it is behind), so a run's length follows the machine: the defaults took
// about 13 minutes per mode on a shared 2-CPU machine. A kill that lands mid-push or mid-batch leaves the channel's push
// lease or the batch's claim to expire (5 minutes, docs/decisions/0015 and 0007), so settling takes up to about 5
// minutes after the last kill whatever the traffic.
import { parseArgs } from "node:util";
import { z } from "zod";
import type { Db } from "../../app/db.server.ts";
import { readPollState } from "../../app/services/woocommerce/poll-state.server.ts";
import { pollUntil, sleep } from "../../jobs/timing.ts";
import { baseline, crashChecks } from "./crash-checks.ts";
import { planKills, runKills, type KillRecord } from "./crash-kills.ts";
import { check, runDrill, type DrillContext, type DrillRun } from "./support/drill.ts";
import { seededRandom } from "../../app/seeded-random.ts";
import { addCatalog, ShopperTraffic, skusOf, type DrillCatalog } from "./support/traffic.ts";
import { startWorld, type World } from "./support/world.ts";

const ArgsSchema = z.object({
  events: z.coerce.number().int().min(200).max(200_000).default(10_000),
  kills: z.coerce.number().int().min(0).max(200).default(20),
  seed: z.coerce.number().int().min(0).default(20_261_126),
});
type Args = z.infer<typeof ArgsSchema>;

const CATALOG: DrillCatalog = {
  shared: ["CRASH-TEE-S", "CRASH-TEE-M", "CRASH-TEE-L", "CRASH-MUG", "CRASH-CAP", "CRASH-SOCK"],
  shopifyOnly: ["CRASH-HOODIE", "CRASH-BEANIE", "CRASH-SCARF"],
  wooOnly: ["CRASH-POSTER", "CRASH-TOTE", "CRASH-PIN"],
  stock: 50_000,
};
/**
 * Shopper actions per second, half on each store: a Shopify order raises about 4 inbox events (order, payment, levels,
 * the push's echoes), a WooCommerce one about 1 (versions are keyed, so order.created and order.updated are one).
 */
const ACTIONS_PER_SECOND = 24;
/** Webhooks waiting in a store before its shoppers pause. */
const MAX_BACKLOG = 300;
/** Inbox events waiting to be processed before the shoppers pause: a steady rate the app keeps up with. */
const MAX_UNPROCESSED = 600;
/**
 * A store's orders not yet in the ledger before its shoppers pause. WooCommerce disables its webhooks after a few
 * failed deliveries (the app down), and then only the poll brings its orders: the store must not run far ahead.
 */
const MAX_NOT_IN_LEDGER = 400;
/** Up to 2 minutes of Shopify retries (every 0.5 s) bridge a dead web process; Shopify itself retries for 48 hours. */
const SHOPIFY_RETRIES = 240;
/** A push or batch claim held by a killed process is taken over after 5 minutes (PUSH_LEASE_MS, releaseStaleClaims). */
const SETTLE_TIMEOUT_MS = 9 * 60_000;

function parseDrillArgs(): Args {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        mode: { type: "string" },
        events: { type: "string" },
        kills: { type: "string" },
        seed: { type: "string" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`drill:crash: ${error instanceof Error ? error.message : String(error)}`);
    console.error("usage: npm run drill:crash -- [--mode embedded|scale-out|both] [--events N] [--kills N] [--seed N]");
    process.exit(2);
  }
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`drill:crash: --${issue.path.join(".")} ${issue.message}`);
    process.exit(2);
  }
  // runDrill reads --mode only.
  process.argv.splice(2, Infinity, ...(values.mode === undefined ? [] : ["--mode", values.mode]));
  return parsed.data;
}

async function receivedSince(db: Db, base: number) {
  return (await db.inboxEvent.count()) - base;
}

/** A WooCommerce poll that started after `after` and read everything: what the store's lost deliveries said is in. */
async function pollAfter(world: World, after: Date, timeoutMs: number) {
  let last: string | null | undefined;
  await pollUntil(
    async () => {
      const channel = await world.cluster.db.channel.findUnique({
        where: { id: world.woo.channelId },
        select: { settings: true },
      });
      const state = readPollState(channel?.settings);
      last = state?.lastRunAt;
      return !!state?.lastRunAt && new Date(state.lastRunAt) > after && state.lastError === null;
    },
    { timeoutMs, intervalMs: 500, describe: () => `a WooCommerce poll after ${after.toISOString()} (last ${last})` },
  );
}

async function crashDrill(args: Args, { mode, log }: DrillContext): Promise<DrillRun> {
  const random = seededRandom(args.seed);
  const world = await startWorld({
    mode,
    log,
    shopifyRetries: SHOPIFY_RETRIES,
    prepare: (stores) => addCatalog(stores, CATALOG),
  });
  // Stopped from the terminal: take the app's processes (their own process groups) down with the drill.
  const interrupted = () => void world.stop().finally(() => process.exit(130));
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  let counting = true;
  let counter: Promise<void> | undefined;
  try {
    const db = world.cluster.db;
    const before = await baseline(world);
    const base = await db.inboxEvent.count();
    const traffic = new ShopperTraffic(
      { shopify: world.shopify.store, woo: world.woo.store },
      { shopify: world.shopify.sim, woo: world.woo.sim },
      { random, skus: skusOf(CATALOG), cancelShare: 0.08, editShare: 0.05, maxLines: 3, maxQuantity: 3 },
    );
    const plan = planKills(random, {
      kills: args.kills,
      events: args.events,
      processes: world.cluster.processes.length,
    });
    log(
      `traffic until ${args.events} events, ${plan.length} kills among ${world.cluster.processes.map((p) => p.name).join(", ")}`,
    );

    const started = Date.now();
    let received = 0;
    let unprocessed = 0;
    const inLedger = { shopify: 0, woo: 0 };
    let failed = false;
    counter = (async () => {
      for (let tick = 0; counting; tick++) {
        received = await receivedSince(db, base);
        if (tick % 4 === 0) {
          unprocessed = await db.inboxEvent.count({ where: { status: "pending" } });
          for (const store of ["shopify", "woo"] as const) {
            const channelId = world[store].channelId;
            inLedger[store] = (await db.order.count({ where: { channelId } })) - before.orders[store];
          }
        }
        if (tick % 40 === 0) {
          log(
            `${received} events (${unprocessed} unprocessed), ${traffic.orders.length} orders placed, ` +
              `webhooks waiting ${JSON.stringify(traffic.backlogs())}, ` +
              `not in the ledger yet ${traffic.counts.shopify - inLedger.shopify}/${traffic.counts.woo - inLedger.woo}`,
          );
        }
        await sleep(250);
      }
    })();
    const trafficRun = traffic.run({
      perSecond: ACTIONS_PER_SECOND,
      maxBacklog: MAX_BACKLOG,
      done: () => received >= args.events || failed,
      hold: () => unprocessed > MAX_UNPROCESSED,
      accepts: (store) => traffic.counts[store] - inLedger[store] <= MAX_NOT_IN_LEDGER,
    });
    let kills: KillRecord[];
    try {
      kills = await runKills(plan, world.cluster.processes, {
        received: () => received,
        started,
        log,
        aborted: () => failed,
      });
    } catch (error) {
      failed = true;
      await trafficRun;
      throw error;
    }
    const run = await trafficRun;
    const trafficEnded = Date.now();
    const lastKill = kills.at(-1);
    const lastRestart = lastKill ? started + lastKill.atSeconds * 1000 + lastKill.downMs : started;
    log(`traffic done: ${received} events, ${traffic.orders.length} orders in ${run.seconds.toFixed(0)} s; settling`);

    const watcher = setInterval(() => {
      void world.pending().then((pending) => log(`settling, pending ${JSON.stringify(pending)}`));
    }, 20_000);
    try {
      await pollAfter(world, new Date(Math.max(trafficEnded, lastRestart) + 1000), SETTLE_TIMEOUT_MS);
      await world.settled(SETTLE_TIMEOUT_MS);
    } finally {
      clearInterval(watcher);
    }
    const settledAt = Date.now();
    const events = await receivedSince(db, base);
    log(`settled ${((settledAt - lastRestart) / 1000).toFixed(0)} s after the last restart; checking`);

    const verdict = await crashChecks(world, traffic, before, [
      ...CATALOG.shared,
      ...CATALOG.shopifyOnly,
      ...CATALOG.wooOnly,
    ]);
    const shopifyRetried = world.shopify.sim.webhooks.deliveries.filter((delivery) => delivery.attempts > 1).length;
    const wooFailed = world.woo.sim.webhooks.deliveries.filter(
      (delivery) => delivery.kind === "event" && !(delivery.status! >= 200 && delivery.status! < 303),
    ).length;
    const disabled = [...world.woo.store.state.webhooks.values()].filter((hook) => hook.status === "disabled").length;
    return {
      checks: [
        check(`${args.kills} kills carried out`, kills.length === args.kills, `${kills.length}`),
        ...verdict.checks,
      ],
      figures: {
        seed: args.seed,
        events: events,
        "events/s (traffic)": Number((received / run.seconds).toFixed(1)),
        "orders placed (Shopify/Woo)": `${traffic.counts.shopify}/${traffic.counts.woo}`,
        "orders cancelled / Shopify lines edited": `${traffic.counts.cancelled}/${traffic.counts.edited}`,
        kills: kills.length,
        "kills by process": Object.entries(
          kills.reduce<Record<string, number>>((acc, k) => ({ ...acc, [k.process]: (acc[k.process] ?? 0) + 1 }), {}),
        )
          .map(([name, count]) => `${name} ${count}`)
          .join(", "),
        "mean down time (s)": Number(
          (kills.reduce((sum, k) => sum + k.downMs, 0) / Math.max(1, kills.length) / 1000).toFixed(1),
        ),
        "traffic duration (s)": Number(run.seconds.toFixed(0)),
        "shoppers paused (app behind) (s)": Number(run.pausedSeconds.toFixed(0)),
        "settle time after the last kill (s)": Number(((settledAt - lastRestart) / 1000).toFixed(0)),
        "settle time after the traffic (s)": Number(((settledAt - trafficEnded) / 1000).toFixed(0)),
        "Shopify deliveries retried": shopifyRetried,
        "WooCommerce deliveries failed (poll caught up)": wooFailed,
        "WooCommerce webhooks disabled by the store": disabled,
        ...verdict.figures,
      },
    };
  } catch (error) {
    const output = world.cluster.processes
      .map((entry) => `--- ${entry.name}\n${entry.output().slice(-3000)}`)
      .join("\n");
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output}`);
  } finally {
    counting = false;
    await counter;
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    await world.stop();
  }
}

const args = parseDrillArgs();
await runDrill("crash", (context) => crashDrill(args, context));
