import { sleep } from "../../jobs/timing.ts";
import { between, watchAppLogs, type AppLogs } from "./chaos-logs.ts";
import { addDrillProducts } from "./chaos-scenario.ts";
import { duringOutage, merchant, shopper, type Fulfilled, type Merchant, type Placed } from "./outage-activity.ts";
import { parkedByDesign, verdicts, type Verdict } from "./outage-checks.ts";
import { shopifyDown, wooDown, type StoreOutage } from "./outage-stores.ts";
import { check, runDrill, type Figures } from "./support/drill.ts";
import { startWorld, type World } from "./support/world.ts";

// drill:outage (issue 8, drill 3c): one store at a time becomes unreachable (Shopify's API answers 503 while its
// checkout sells on; then the WooCommerce site is down, connection refused) while shoppers keep ordering and the
// merchant fulfils an order of the down store and adjusts stock through the REST API. After each return everything
// must catch up on its own: stores showing the ledger's sellable figures, the fulfilment on the store once, every
// order in the ledger once, no command or push left waiting or parked, nothing dropped, and `ledger verify` clean.
//
// The app has no faster clock: its retries run on their own schedule (pushes 1 s doubling, parked after 8 attempts,
// about 95-160 s; commands 2 s doubling, parked after 8, about 127-254 s; sweeps every 30 s). The outage is therefore
// real time, DRILL_OUTAGE_SECONDS (45 by default, to keep both modes near 6 minutes; 60 passes too), long enough to
// cross several retries and short of the parking point; a longer one shows what the merchant would have to retry.

const OUTAGE_MS = Number(process.env.DRILL_OUTAGE_SECONDS ?? 45) * 1_000;
const CONVERGE_MS = 240_000;

type Phase = { verdicts: Verdict[]; figures: Figures; placed: Placed[]; fulfilled: Fulfilled };

await runDrill("outage", async ({ mode, log }) => {
  const world = await startWorld({ mode, log, prepare: addDrillProducts });
  const logs = watchAppLogs(world.cluster);
  try {
    const api = await merchant(world);
    const shop = shopper(world, 0x3c);
    // The orders the merchant will fulfil while their store is down, placed and imported beforehand.
    const shopifyOrder = await shop("shopify");
    const wooOrder = await shop("woo");
    await world.settled();
    const parked = await parkedByDesign(world);
    log(`${parked.size} listing(s) parked from the start (items never counted), left out of the checks`);

    const placed: Placed[] = [shopifyOrder, wooOrder];
    const fulfilled: Fulfilled[] = [];
    const run = async (store: "shopify" | "woo", toFulfil: Placed) => {
      const phase = await outagePhase(world, logs, { store, api, shop, toFulfil, log, placed });
      placed.push(...phase.placed);
      fulfilled.push(phase.fulfilled);
      return phase;
    };
    const shopifyPhase = await run("shopify", shopifyOrder);
    const wooPhase = await run("woo", wooOrder);

    const final = await verdicts(world, { placed, fulfilled, parked });
    const verify = await world.verify();
    return {
      checks: [
        ...shopifyPhase.verdicts.map((entry) => check(`Shopify back: ${entry.name}`, entry.ok, entry.detail)),
        ...wooPhase.verdicts.map((entry) => check(`WooCommerce back: ${entry.name}`, entry.ok, entry.detail)),
        check(
          "at the end, all of it still holds",
          final.every((entry) => entry.ok),
          final
            .filter((entry) => !entry.ok)
            .map((entry) => `${entry.name}: ${entry.detail}`)
            .join("; ") || `${final.length} checks`,
        ),
        check(
          "ledger verify clean",
          verify.mismatches.length === 0,
          `${verify.checked} balances, ${verify.mismatches.length} mismatch(es)`,
        ),
      ],
      figures: { ...shopifyPhase.figures, ...wooPhase.figures },
    };
  } finally {
    logs.stop();
    await world.stop();
  }
});

async function outagePhase(
  world: World,
  logs: AppLogs,
  options: {
    store: "shopify" | "woo";
    api: Merchant;
    shop: (store: "shopify" | "woo") => Promise<Placed>;
    toFulfil: Placed;
    log: (line: string) => void;
    placed: Placed[];
  },
): Promise<Phase> {
  const { store, log } = options;
  const name = store === "shopify" ? "Shopify" : "WooCommerce";
  const channelId = store === "shopify" ? world.shopify.channelId : world.woo.channelId;
  log(`${name} goes down for ${OUTAGE_MS / 1000} s`);
  const downAt = Date.now();
  const outage: StoreOutage = store === "shopify" ? shopifyDown(world) : await wooDown(world);
  try {
    const activity = await duringOutage(world, {
      down: store,
      durationMs: OUTAGE_MS,
      merchant: options.api,
      shop: options.shop,
      toFulfil: String(options.toFulfil.id),
      tracking: `1ZOUTAGE${store.toUpperCase()}`,
    });
    const upAt = Date.now();
    log(`${name} is back after ${((upAt - downAt) / 1000).toFixed(0)} s; ${activity.placed.length} orders placed`);
    await outage.up();

    // Converged when every check passes; checked every second, as an operator's dashboard would show it.
    // This outage's fulfilment; the earlier one is checked again at the end.
    const expected = {
      placed: [...options.placed, ...activity.placed],
      fulfilled: [activity.fulfilled],
      parked: await parkedByDesign(world),
    };
    let result = await verdicts(world, expected);
    while (!result.every((entry) => entry.ok) && Date.now() - upAt < CONVERGE_MS) {
      await sleep(1_000);
      result = await verdicts(world, expected);
    }
    const convergedAt = Date.now();
    const converged = result.every((entry) => entry.ok);
    log(converged ? `${name} caught up in ${((convergedAt - upAt) / 1000).toFixed(1)} s` : `${name} did not catch up`);
    const figures = await phaseFigures(world, logs, { name, channelId, downAt, upAt, convergedAt, outage, activity });
    const caughtUp = { name: `caught up within ${CONVERGE_MS / 1000} s`, ok: converged, detail: "" };
    return {
      verdicts: [caughtUp, ...result],
      figures: converged
        ? figures
        : { ...figures, [`${name}: time to converge after return (s)`]: `> ${CONVERGE_MS / 1000}` },
      placed: activity.placed,
      fulfilled: activity.fulfilled,
    };
  } finally {
    await outage.close();
  }
}

async function phaseFigures(
  world: World,
  logs: AppLogs,
  phase: {
    name: string;
    channelId: string;
    downAt: number;
    upAt: number;
    convergedAt: number;
    outage: StoreOutage;
    activity: { placed: Placed[]; fulfilled: Fulfilled };
  },
): Promise<Figures> {
  const { name, channelId, downAt, upAt, convergedAt, outage } = phase;
  const db = world.cluster.db;
  const during = between(logs.lines(), downAt, upAt).filter((line) => line.channelId === channelId);
  const pushFailures = during.filter((line) => line.msg === "push incomplete");
  const pollFailures = during.filter((line) => line.msg === "woocommerce poll failed").length;
  const order = await db.order.findUniqueOrThrow({
    where: { channelId_externalId: { channelId, externalId: phase.activity.fulfilled.orderExternalId } },
    select: { id: true },
  });
  const command = await db.channelCommand.findFirst({
    where: { channelId, orderId: order.id, kind: "fulfillment.create" },
    select: { attempts: true, completedAt: true },
  });
  const commandsAfter = await db.channelCommand.count({
    where: { channelId, state: "done", completedAt: { gte: new Date(upAt) } },
  });
  const refusedCalls =
    phase.outage.store === "shopify"
      ? `${outage.refused()} answered 503 by the store`
      : `${pushFailures.length} push calls, ${(command?.attempts ?? 1) - 1} command attempts, ${pollFailures} polls`;
  const shoppers = phase.activity.placed;
  return {
    [`${name}: outage (s)`]: ((upAt - downAt) / 1000).toFixed(0),
    [`${name}: orders placed during it (Shopify / WooCommerce)`]: `${shoppers.filter((p) => p.store === "shopify").length} / ${shoppers.filter((p) => p.store === "woo").length}`,
    [`${name}: calls refused during it`]: refusedCalls,
    [`${name}: pushes failed and retried during it`]: `${pushFailures.length} calls (${pushFailures.reduce((sum, line) => sum + Number(line.failed ?? 0), 0)} listing attempts, ${pushFailures.reduce((sum, line) => sum + Number(line.dead ?? 0), 0)} parked)`,
    [`${name}: fulfilment command attempts (last one succeeded)`]: command?.attempts ?? "none",
    ...(outage.store === "shopify" ? { [`${name}: webhooks held, delivered after return`]: outage.held() } : {}),
    [`${name}: time to converge after return (s)`]: ((convergedAt - upAt) / 1000).toFixed(1),
    [`${name}: commands delivered after return`]: commandsAfter,
    [`${name}: push calls delivered after return`]: outage.pushesSinceReturn(),
  };
}
