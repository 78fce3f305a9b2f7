import { decryptSecret, parseEncryptionKey } from "../../app/crypto.server.ts";
import { isPollOnly, judgeChanges } from "./bad-input-changes.ts";
import { credentialsFor, shopifyAppOf } from "./bad-input-fixture.ts";
import { countBy, coveredHandlers, histogram, sendProbes, type Probe, type ProbeResult } from "./bad-input-probe.ts";
import { check, runDrill, type Check } from "./support/drill.ts";
import { coverageProblems, listRouteModules } from "./support/routes.ts";
import { diffSnapshots, snapshotTables, type TableDiff } from "./support/table-snapshot.ts";
import { SHOPIFY_DOMAIN, startWorld, type World } from "./support/world.ts";
import { appIsolationCorpus } from "./tenants-corpus-app.ts";
import { screenIsolationCorpus } from "./tenants-corpus-screens.ts";
import {
  apiIsolationCorpus,
  controlCorpus,
  ownCorpus,
  webhookIsolationCorpus,
  type Subjects,
} from "./tenants-corpus-api.ts";
import { allIds, tenantIds } from "./tenants-ids.ts";
import { crossShopReferences } from "./tenants-references.ts";
import { judgeIsolation, type TenantProbe } from "./tenants-leaks.ts";
import { B_DOMAIN, B_IDEMPOTENCY_KEY, B_MARKERS, createShopB, type ShopB } from "./tenants-shop-b.ts";

// drill:tenants (issue 8, 3e): tenant isolation. Shop A (the world's shop) and shop B (a second Shopify store with its
// own WooCommerce store, tenants-shop-b.ts) each hold orders, lines, fulfilments, returns, items, locations, channels,
// API keys and inbox events. Shop A's API key, A's embedded admin (session token) and the standalone operator (who acts
// on the selected shop, the oldest: A; there is no shop switch, and the cookie that would name another is signed) are
// aimed at every one of B's ids on every route module in app/routes. Passes when every answer fits its class
// (tenants-leaks.ts: 403/404 for B's subjects, refusals indistinguishable from nonexistent ids elsewhere), no answer
// carries B's data, B's own principals do see it (the search works), and the database is unchanged but for the
// named, harmless changes.

const NOT_APPLICABLE: Record<string, string> = {
  "_index.tsx": "redirects to /app with the launch parameters; reads no shop's data",
  "api.v1.openapi[.]json.ts": "the static API description; no shop's data",
  "auth.$.tsx": "Shopify's OAuth paths; installs are token exchange, and no id of a shop is taken",
  "healthz.ts": "database and queue reachability; no shop's data",
  "login.tsx": "the operator's credentials; no shop's ids",
  "logout.tsx": "ends the operator's session; no shop's ids",
  "setup.tsx": "shown before any shop exists; no shop's data",
};

runDrill("tenants", async ({ mode, log }) => {
  const world = await startWorld({ mode, log });
  const { cluster } = world;
  let shopB: ShopB | undefined;
  try {
    shopB = await createShopB(world, log);
    const aCredentials = await credentialsFor(cluster, { id: world.shopId, domain: SHOPIFY_DOMAIN }, "tenant-a-erp");
    const subjects = {
      ...(await subjectsOfA(world, aCredentials.apiKey)),
      bIdempotent: { ...shopB.keyed, key: B_IDEMPOTENCY_KEY },
    };
    await world.settled();
    const [a, allOfB] = await Promise.all([tenantIds(cluster.db, world.shopId), tenantIds(cluster.db, shopB.shopId)]);
    // A SKU both shops sell is A's own SKU too: only B's other SKUs are foreign to A.
    const b = { ...allOfB, skus: allOfB.skus.filter((sku) => !a.skus.includes(sku)) };
    const probes: TenantProbe[] = [
      ...apiIsolationCorpus(b, subjects),
      ...webhookIsolationCorpus(b, subjects),
      ...appIsolationCorpus(b, subjects),
      ...screenIsolationCorpus(b, subjects),
      ...ownCorpus(subjects),
    ];
    const twins = probes.flatMap((probe) => (probe.twin ? [probe.twin] : []));
    const before = await snapshotTables(cluster.db, cluster.databaseUrl);
    log(`sending ${probes.length} requests with B's ids, ${twins.length} twins with nonexistent ids, and B's controls`);
    const results = await sendProbes(cluster.url, probes, aCredentials);
    const twinResults = await sendProbes(cluster.url, twins, aCredentials);
    const controls = await sendProbes(cluster.url, controlCorpus(b), shopB.credentials);
    await world.settled(30_000).catch((error: unknown) => log(`not quiet: ${String(error)}`));
    const after = await snapshotTables(cluster.db, cluster.databaseUrl);

    const diffs = diffSnapshots(before, after);
    const changes = judgeChanges(diffs, {
      inbox: new Map(),
      apiKeyIds: new Set([aCredentials.apiKeyId, shopB.credentials.apiKeyId]),
    });
    const twinOf = new Map<Probe, ProbeResult>(twins.map((twin, index) => [twin, twinResults[index]!]));
    const isolation = judgeIsolation([...results, ...controls], twinOf, B_MARKERS, new Set(allIds(b)));
    const coverage = coverageProblems(listRouteModules(), coveredHandlers(results), NOT_APPLICABLE);
    const serverErrors = [...results, ...twinResults].filter((result) => result.status >= 500 || result.status === 0);
    const bRowsChanged = rowsOf(diffs, new Set([b.shopId, ...b.channels]));
    const crossShop = crossShopReferences(after);
    const list = (lines: string[]) => (lines.length ? `\n    ${lines.slice(0, 25).join("\n    ")}` : undefined);
    const checks: Check[] = [
      check("every route module covered or not applicable", coverage.length === 0, coverage.join("; ")),
      check("no answer carries B's data (leaks)", isolation.leaks.length === 0, list(isolation.leaks)),
      check(
        "only 403/404 for B's subjects, refusals for B's ids elsewhere",
        isolation.misfits.length === 0,
        list(isolation.misfits),
      ),
      check(
        "B's ids answered as ids that do not exist",
        isolation.distinguishable.length === 0,
        list(isolation.distinguishable),
      ),
      check(
        "no 5xx and no dropped connection",
        serverErrors.length === 0,
        list(serverErrors.map((r) => `${r.probe.method} ${r.probe.path} -> ${r.status}`)),
      ),
      check(
        "B's own principals see B's data (the leak search finds it)",
        isolation.controlsWithoutData.length === 0,
        list(isolation.controlsWithoutData),
      ),
      check("B's rows unchanged", bRowsChanged === 0, `${bRowsChanged} rows of B's changed`),
      check(
        "no row of one shop points into the other's (shared SKU included)",
        crossShop.length === 0,
        list(crossShop),
      ),
      check(
        "nothing written but the allowed changes",
        changes.problems.length === 0,
        list(changes.problems) ?? `allowed: ${changes.allowed.join("; ") || "none"}`,
      ),
    ];
    const withB = results.map((result) => result.probe as TenantProbe).filter((probe) => probe.id !== "-");
    const routes = new Set(withB.map((probe) => probe.route)).size;
    const idsTried = new Set(withB.map((probe) => probe.id)).size;
    const pairs = new Set(withB.map((probe) => `${probe.route} ${probe.method} ${probe.id}`)).size;
    return {
      checks,
      figures: {
        "B's ids": `${allIds(b).length} (orders ${b.orders.length}, lines ${b.orderLines.length}, fulfilments ${b.fulfillments.length}, returns ${b.returns.length}, items ${b.items.length}, locations ${b.locations.length}, channels ${b.channels.length}, api keys ${b.apiKeys.length}, inbox ${b.inboxEvents.length})`,
        "A's ids": allIds(a).length,
        "routes x ids tried": `${routes} route modules x ${idsTried} of B's ids: ${pairs} (route, method, id) triples`,
        requests: `${results.length} + ${twinResults.length} twins + ${controls.length} controls`,
        "by principal": Object.entries(countBy(results, (result) => result.probe.as ?? "none"))
          .map(([as, n]) => `${as}:${n}`)
          .join(" "),
        "by class": Object.entries(countBy(results, (result) => (result.probe as TenantProbe).isolation))
          .map(([c, n]) => `${c}:${n}`)
          .join(" "),
        "status histogram": histogram(results),
        "twin histogram": histogram(twinResults),
        leaks: isolation.leaks.length,
        "rows checked for cross-shop references": Object.values(after).reduce((sum, state) => sum + state.count, 0),
        "tables changed": diffs.map((diff) => diff.table).join(", ") || "none",
        "connection retries": [...results, ...twinResults, ...controls].filter((result) => result.retried).length,
      },
    };
  } finally {
    await shopB?.wooServer.close();
    await world.stop();
  }
});

/** Rows of the given shop (or its channels) added, removed or changed, but for the poller's bookkeeping. */
function rowsOf(diffs: TableDiff[], owners: Set<string>): number {
  const owned = (row: Record<string, unknown>) =>
    [row.shopId, row.channelId, row.id].some((value) => typeof value === "string" && owners.has(value));
  return diffs.reduce(
    (sum, diff) =>
      sum +
      diff.added.filter(owned).length +
      diff.removed.filter(owned).length +
      diff.changed.filter((change) => owned(change.before) && !(diff.table === "Channel" && isPollOnly(change))).length,
    0,
  );
}

/** A's own subjects for the mixed probes; A's ERP opens a return first, so A has one to receive against. */
async function subjectsOfA(world: World, apiKey: string): Promise<Omit<Subjects, "bIdempotent">> {
  const db = world.cluster.db;
  const shopId = world.shopId;
  const open = await db.order.findFirstOrThrow({
    where: { shopId, status: "open", fulfillmentStatus: "unfulfilled", channelId: world.shopify.channelId },
    include: { lines: true },
    orderBy: { id: "asc" },
  });
  const shipped = await db.order.findFirstOrThrow({
    where: { shopId, fulfillmentStatus: "fulfilled", channelId: world.shopify.channelId },
    include: { lines: true },
    orderBy: { id: "asc" },
  });
  const response = await fetch(`${world.cluster.url}/api/v1/orders/${shipped.id}/returns`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ lines: [{ line_id: shipped.lines[0]!.id, quantity: 1 }] }),
  });
  if (response.status !== 201) throw new Error(`A's return answered ${response.status}: ${await response.text()}`);
  const created = (await response.json()) as { data: { id: string; lines: { id: string }[] } };
  const item = await db.inventoryItem.findFirstOrThrow({ where: { shopId }, orderBy: { sku: "asc" } });
  const location = await db.location.findFirstOrThrow({ where: { shopId, name: "Warehouse" } });
  const channelLocation = await db.channelLocation.findFirstOrThrow({ where: { channelId: world.shopify.channelId } });
  const woo = await db.channel.findUniqueOrThrow({ where: { id: world.woo.channelId } });
  const key = parseEncryptionKey(world.cluster.env.ENCRYPTION_KEY!);
  return {
    openOrder: open.id,
    openLines: open.lines.map((line) => line.id),
    shippedOrder: shipped.id,
    shippedLines: shipped.lines.map((line) => line.id),
    returnId: created.data.id,
    returnLines: created.data.lines.map((line) => line.id),
    item: item.id,
    sku: item.sku,
    location: location.id,
    shopifyChannel: world.shopify.channelId,
    channelLocation: channelLocation.id,
    wooChannel: world.woo.channelId,
    wooSecret: decryptSecret(woo.webhookSecret!, key),
    shopifySecret: shopifyAppOf(world.cluster).apiSecret,
    bDomain: B_DOMAIN,
  };
}
