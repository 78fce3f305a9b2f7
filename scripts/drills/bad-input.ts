import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pollUntil } from "../../jobs/timing.ts";
import { judgeChanges, type ExpectedInbox } from "./bad-input-changes.ts";
import { apiCorpus } from "./bad-input-corpus-api.ts";
import { apiBodyCorpus } from "./bad-input-corpus-api-bodies.ts";
import { appActionCorpus } from "./bad-input-corpus-app.ts";
import { appLoaderCorpus } from "./bad-input-corpus-app-loaders.ts";
import { publicCorpus } from "./bad-input-corpus-public.ts";
import { shopifyWebhookCorpus } from "./bad-input-corpus-shopify.ts";
import { wooWebhookCorpus } from "./bad-input-corpus-woo.ts";
import { buildFixture } from "./bad-input-fixture.ts";
import {
  countBy,
  coveredHandlers,
  describeResult,
  histogram,
  sendProbes,
  type Probe,
  type ProbeResult,
} from "./bad-input-probe.ts";
import { INJECTIONS } from "./bad-input-values.ts";
import type { Cluster } from "./support/cluster.ts";
import { check, RESULTS_DIR, runDrill, type Check } from "./support/drill.ts";
import { coverageProblems, listRouteModules } from "./support/routes.ts";
import { diffSnapshots, snapshotTables, tableFigures } from "./support/table-snapshot.ts";
import { startWorld } from "./support/world.ts";

// drill:bad-input (issue 8, 3d): a corpus of malformed, oversized, wrongly signed and schema-invalid requests to every
// route module in app/routes (REST API, webhooks, WooCommerce's key grant, login, the admin's actions with a valid
// session). Passes when no answer is a 5xx, every answer is the 4xx that fits (or the 200 a protocol asks for: signed
// webhooks are acknowledged and quarantined, ADR 0007), and the database differs only by the changes
// bad-input-changes.ts names: the inbox rows of those signed deliveries, the drill's keys' lastUsedAt, the poller.

// Every route module is covered by the corpus; one that is not must be listed here with the reason.
const NOT_APPLICABLE: Record<string, string> = {};

const HTML_MARKER = INJECTIONS["html-injection"]!;

runDrill("bad-input", async ({ mode, log }) => {
  const world = await startWorld({ mode, log });
  const { cluster } = world;
  try {
    const fixture = await buildFixture(world);
    const probes = [
      ...apiCorpus(fixture),
      ...apiBodyCorpus(fixture),
      ...shopifyWebhookCorpus(fixture),
      ...wooWebhookCorpus(fixture),
      ...publicCorpus(fixture),
      ...appActionCorpus(fixture),
      ...appLoaderCorpus(fixture),
    ];
    const expectedInbox: ExpectedInbox = new Map(
      probes.flatMap((probe) =>
        probe.stored ? [[`${probe.stored.source}|${probe.stored.eventId}`, probe.stored.outcome]] : [],
      ),
    );
    await world.settled();
    const before = await snapshotTables(cluster.db, cluster.databaseUrl);
    log(`sending ${probes.length} requests`);
    const started = Date.now();
    const results = await sendProbes(cluster.url, probes, fixture.credentials);
    const seconds = (Date.now() - started) / 1000;
    log(`answered in ${seconds.toFixed(1)} s; waiting for the stored deliveries to be processed`);
    const unprocessed = await waitForInbox(cluster, probes);
    await world.settled(30_000).catch((error: unknown) => log(`not quiet: ${String(error)}`));
    const after = await snapshotTables(cluster.db, cluster.databaseUrl);
    const diffs = diffSnapshots(before, after);
    const verdict = judgeChanges(diffs, { inbox: expectedInbox, apiKeyIds: new Set([fixture.credentials.apiKeyId]) });
    saveRequests(mode, results);

    const serverErrors = results.filter((result) => result.status >= 500);
    const misfits = results.filter((result) => result.status < 500 && !result.probe.expect.includes(result.status));
    const reflected = results.filter(
      (result) => result.contentType.includes("html") && result.body.includes(HTML_MARKER),
    );
    const coverage = coverageProblems(listRouteModules(), coveredHandlers(results), NOT_APPLICABLE);
    const list = (items: ProbeResult[]) =>
      items
        .slice(0, 25)
        .map((result) => describeResult(result))
        .join("\n    ");
    const checks: Check[] = [
      check("every route module's loader and action in the corpus", coverage.length === 0, coverage.join("; ")),
      check(
        "no 5xx answer",
        serverErrors.length === 0,
        serverErrors.length ? `\n    ${list(serverErrors)}` : undefined,
      ),
      check(
        "every answer is the status that fits",
        misfits.length === 0,
        misfits.length ? `\n    ${list(misfits)}` : undefined,
      ),
      check("no injection string reflected unescaped in a page", reflected.length === 0, list(reflected)),
      check(
        "signed deliveries stored, then quarantined or ignored (ADR 0007)",
        unprocessed.length === 0,
        unprocessed.slice(0, 10).join("; "),
      ),
      check(
        "nothing written but the allowed changes",
        verdict.problems.length === 0,
        verdict.problems.length
          ? `\n    ${verdict.problems.slice(0, 25).join("\n    ")}`
          : `allowed: ${verdict.allowed.join("; ") || "none"}`,
      ),
    ];
    const byRoute = countBy(results, (result) => result.probe.route);
    const kindsByRoute = (route: string) =>
      new Set(results.filter((r) => r.probe.route === route).map((r) => r.probe.kind)).size;
    const tables = tableFigures(after);
    return {
      checks,
      figures: {
        requests: results.length,
        "distinct kinds": new Set(results.map((result) => result.probe.kind)).size,
        "seconds sending": seconds.toFixed(1),
        "status histogram": histogram(results),
        "5xx": serverErrors.length,
        "tables snapshotted": `${tables.tables} (${tables.rows} rows)`,
        "tables changed": diffs.map((diff) => diff.table).join(", ") || "none",
        ...Object.fromEntries(
          Object.entries(byRoute).map(([route, count]) => [
            `  ${route}`,
            `${count} requests, ${kindsByRoute(route)} kinds`,
          ]),
        ),
      },
    };
  } finally {
    await world.stop();
  }
});

/** Waits until every expected inbox row has left pending/processing; returns the ones that did not, or are missing. */
async function waitForInbox(cluster: Cluster, probes: Probe[]): Promise<string[]> {
  const keys = probes.flatMap((probe) => (probe.stored ? [{ ...probe.stored, kind: probe.kind }] : []));
  let problems: string[] = [];
  const look = async () => {
    const rows = await cluster.db.inboxEvent.findMany({
      where: { OR: keys.map((key) => ({ source: key.source, eventId: key.eventId })) },
      select: { source: true, eventId: true, status: true, topic: true, lastError: true, attempts: true },
    });
    const found = new Map(rows.map((row) => [`${row.source}|${row.eventId}`, row]));
    problems = keys.flatMap(({ source, eventId, kind }) => {
      const row = found.get(`${source}|${eventId}`);
      if (!row) return [`${kind} (${eventId}) was not stored`];
      if (row.status === "pending" || row.status === "processing") {
        return [`${row.topic} ${eventId} still ${row.status} after ${row.attempts} attempts (${row.lastError ?? ""})`];
      }
      return [];
    });
    return problems.length === 0;
  };
  await pollUntil(look, { timeoutMs: 60_000, intervalMs: 500, describe: () => problems.join("; ") }).catch(
    () => undefined,
  );
  return problems;
}

/** Every request and its answer, by endpoint and kind, next to the drill's summary. */
function saveRequests(mode: string, results: ProbeResult[]) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const rows = results.map((result) => ({
    route: result.probe.route,
    kind: result.probe.kind,
    method: result.probe.method,
    path: result.probe.path.slice(0, 200),
    status: result.status,
    expected: result.probe.expect,
    ms: result.ms,
    excerpt: result.body.replace(/\s+/g, " ").slice(0, 200),
  }));
  writeFileSync(join(RESULTS_DIR, `bad-input-${mode}-requests.json`), `${JSON.stringify(rows, null, 1)}\n`);
}
