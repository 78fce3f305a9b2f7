import { sleep } from "../../jobs/timing.ts";
import { chaosPlan, sendChaos, startCapture, type ChaosFigures } from "./chaos-capture.ts";
import { between, inboxTally, watchAppLogs, type InboxTally } from "./chaos-logs.ts";
import { addDrillProducts, runScenario } from "./chaos-scenario.ts";
import { check, runDrill, type Check, type DrillContext, type Figures } from "./support/drill.ts";
import { diffStates, finalState, inboxCounts } from "./support/final-state.ts";
import { startWorld, type World } from "./support/world.ts";

// drill:chaos (issue 8, drill 3b): delivery chaos. The same scripted store activity runs in two fresh worlds: one
// whose stores deliver their webhooks as they make them (clean), and one whose deliveries are captured and then sent
// 1 to 3 times each, all in one shuffled order, with the stores' own signed headers (chaos). Once both worlds are
// quiet their normalised final states (orders, stock, movements, listings, what each store shows) must be identical,
// nothing quarantined, and `ledger verify` clean in both.

const SEED = 0x3b;
const SETTLE_MS = 240_000;

await runDrill("chaos", async ({ mode, log }) => {
  const [clean, chaos] = await startWorlds(mode, log);
  try {
    // Counted from the scenario on: what the install and backfill logged is left out.
    const cleanLogs = watchAppLogs(clean.cluster);
    const chaosLogs = watchAppLogs(chaos.cluster);
    const since = Date.now();

    log("clean: running the scenario, deliveries as the stores make them");
    const scenario = await runScenario(clean, { seed: SEED });
    let started = Date.now();
    await quiet(clean);
    const cleanSettle = (Date.now() - started) / 1000;

    log("chaos: running the scenario, deliveries captured");
    const capture = await startCapture(chaos);
    let sent: ChaosFigures;
    let chaosSettle: number;
    try {
      await runScenario(chaos, { seed: SEED });
      await chaos.shopify.sim.webhooks.flush();
      await chaos.woo.sim.flushWebhooks();
      capture.restore();
      const plan = chaosPlan(capture.deliveries, SEED);
      log(`chaos: sending ${plan.length} copies of ${capture.deliveries.length} deliveries in a shuffled order`);
      started = Date.now();
      sent = await sendChaos(chaos.cluster.url, plan);
      await quiet(chaos);
      chaosSettle = (Date.now() - started) / 1000;
    } finally {
      await capture.close();
    }

    const [left, right, cleanInbox, chaosInbox, cleanVerify, chaosVerify] = await Promise.all([
      finalState(clean),
      finalState(chaos),
      inboxCounts(clean),
      inboxCounts(chaos),
      clean.verify(),
      chaos.verify(),
    ]);
    const differences = diffStates(left, right);
    for (const line of differences.slice(0, 40)) log(`difference (clean -> chaos) ${line}`);
    log(`inbox clean ${JSON.stringify(cleanInbox)}`);
    log(`inbox chaos ${JSON.stringify(chaosInbox)}`);
    const cleanTally = inboxTally(between(cleanLogs.lines(), since));
    const chaosTally = inboxTally(between(chaosLogs.lines(), since));
    cleanLogs.stop();
    chaosLogs.stop();

    const quarantined = (counts: Record<string, number>) =>
      Object.entries(counts)
        .filter(([key]) => key.endsWith(":quarantined"))
        .reduce((sum, [, count]) => sum + count, 0);
    const byStore = (store: string) => capture.deliveries.filter((delivery) => delivery.store === store).length;
    const checks: Check[] = [
      check(
        "the chaos world ends in the clean world's state",
        differences.length === 0,
        differences.length === 0
          ? `${Object.keys(left.orders).length} orders, ${Object.keys(left.stock).length} balances, ` +
              `${Object.keys(left.movements).length} movement totals, ${Object.keys(left.listings).length} listings, ` +
              `${Object.keys(left.shopifyStore).length + Object.keys(left.wooStore).length} store figures compared`
          : `${differences.length} difference(s), first: ${differences[0]}`,
      ),
      check("nothing quarantined (clean)", quarantined(cleanInbox) === 0, JSON.stringify(cleanInbox)),
      check("nothing quarantined (chaos)", quarantined(chaosInbox) === 0, JSON.stringify(chaosInbox)),
      check("every chaos delivery accepted", sent.failed === 0, `${sent.failed} refused after 5 tries`),
      check("ledger verify clean (clean)", cleanVerify.mismatches.length === 0, verifyDetail(cleanVerify)),
      check("ledger verify clean (chaos)", chaosVerify.mismatches.length === 0, verifyDetail(chaosVerify)),
    ];
    const figures: Figures = {
      "scenario store actions": scenario.steps,
      "orders placed (Shopify / WooCommerce)": `${scenario.shopifyOrders} / ${scenario.wooOrders}`,
      "deliveries captured (Shopify / WooCommerce)": `${byStore("shopify")} / ${byStore("woocommerce")}`,
      "deliveries sent in chaos": `${sent.sent} in ${sent.seconds.toFixed(1)} s, 4 at a time`,
      "duplicate copies sent": sent.duplicates,
      "answered Already received": sent.alreadyReceived,
      ...tallyFigures("clean", cleanTally),
      ...tallyFigures("chaos", chaosTally),
      "time to settle, clean (s)": cleanSettle.toFixed(1),
      "time to settle, chaos (s)": chaosSettle.toFixed(1),
    };
    return { checks, figures };
  } finally {
    await Promise.all([clean.stop(), chaos.stop()]);
  }
});

/** Both worlds at once (their start is mostly waiting); if one fails the other is stopped. */
async function startWorlds(mode: DrillContext["mode"], log: DrillContext["log"]): Promise<[World, World]> {
  const start = (name: string) =>
    startWorld({ mode, log: (line) => log(`${name}: ${line}`), prepare: addDrillProducts });
  const [clean, chaos] = await Promise.allSettled([start("clean"), start("chaos")]);
  if (clean.status === "fulfilled" && chaos.status === "fulfilled") return [clean.value, chaos.value];
  await Promise.all([clean, chaos].map((entry) => (entry.status === "fulfilled" ? entry.value.stop() : undefined)));
  throw clean.status === "rejected" ? clean.reason : (chaos as PromiseRejectedResult).reason;
}

/** Quiet twice, a second apart: the last pushes' echoes are delivered and applied too. */
async function quiet(world: World) {
  await world.settled(SETTLE_MS);
  await sleep(1_000);
  await world.settled(SETTLE_MS);
}

function tallyFigures(name: string, tally: InboxTally): Figures {
  return {
    [`events applied, ${name}`]: tally.applied,
    [`events stale / ignored by the ledger, ${name}`]: `${tally.stale} / ${tally.ignoredByLedger}`,
    [`duplicate deliveries dropped at the door, ${name}`]: tally.duplicateDeliveries,
    [`events retried / quarantined, ${name}`]: `${tally.retried} / ${tally.quarantined}`,
  };
}

function verifyDetail(result: { checked: number; mismatches: unknown[] }) {
  return `${result.checked} balances checked, ${result.mismatches.length} mismatch(es)`;
}
