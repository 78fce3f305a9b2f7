// When the engine has nothing left to do, and whether both stores then show what the ledger says they should.
import { performance } from "node:perf_hooks";
import type { Db } from "../../app/db.server.ts";
import { readChannelSettings } from "../../app/services/channel-settings.ts";
import { sellableQuantity } from "../../app/services/sync/sellable.ts";
import { inboxCounts } from "../ledger/inbox-status.ts";
import { sleep } from "../lib/sleep.ts";
import type { ChannelKind } from "./call-log.ts";
import type { Stores } from "./stores.ts";

export type EngineState = {
  /** Inbox events not final yet (pending, processing...). */
  inbox: number;
  commands: number;
  /** Listings by sync state, ok included. */
  listings: Record<string, number>;
  /** Webhook deliveries the stores still hold. */
  deliveries: number;
};

export type QuietResult = { quiet: boolean; waitedMs: number; state: EngineState };

const QUIET_MS = 1_500;
const POLL_MS = 250;
const BUSY_STATES = ["pending", "queued", "failed"];

export async function engineState(db: Db, shopId: string, stores: Stores): Promise<EngineState> {
  const [inbox, commands, groups] = await Promise.all([
    inboxCounts(db, shopId),
    db.channelCommand.count({ where: { shopId, state: { in: ["pending", "running"] } } }),
    db.channelListing.groupBy({ by: ["syncState"], where: { shopId }, _count: { _all: true } }),
  ]);
  return {
    inbox: inbox.unfinished,
    commands,
    listings: Object.fromEntries(groups.map((group) => [group.syncState, group._count._all])),
    deliveries: stores.wooSim.webhooks.pendingCount(),
  };
}

const busy = (state: EngineState) =>
  state.inbox +
  state.commands +
  state.deliveries +
  BUSY_STATES.reduce((sum, name) => sum + (state.listings[name] ?? 0), 0);

/**
 * Waits, at most timeoutMs, until nothing is unfinished in the inbox, no command is pending, no listing is pending,
 * queued or waiting for a retry, the stores hold no delivery, and neither store got a request for QUIET_MS.
 */
export async function waitForQuiet(db: Db, shopId: string, stores: Stores, timeoutMs: number): Promise<QuietResult> {
  const start = performance.now();
  let quietSince = start;
  for (;;) {
    await stores.shopifySim.webhooks.flush();
    const state = await engineState(db, shopId, stores);
    const now = performance.now();
    const sinceLastCall = Date.now() - stores.calls.lastCallAt();
    if (busy(state) > 0 || sinceLastCall < QUIET_MS) quietSince = now;
    if (now - quietSince >= QUIET_MS) return { quiet: true, waitedMs: now - start, state };
    if (now - start >= timeoutMs) return { quiet: false, waitedMs: now - start, state };
    await sleep(POLL_MS);
  }
}

export function describeState(state: EngineState): string {
  const listings = Object.entries(state.listings)
    .map(([name, count]) => `${count} ${name}`)
    .join(", ");
  return `inbox ${state.inbox} unfinished, ${state.commands} commands pending, listings: ${listings}, ${state.deliveries} deliveries held`;
}

export type Mismatch = { sku: string; channel: ChannelKind; ledger: number; store: number | null };
export type Convergence = { checked: number; mismatches: Mismatch[] };

/**
 * For every SKU of the catalogue: the ledger's sellable quantity for each channel (available at the channel's
 * locations, through its rules) against what the store shows. Both channels share the one mapped location here.
 */
export async function checkConvergence(
  db: Db,
  shopId: string,
  channels: Record<ChannelKind, string>,
  stores: Stores,
): Promise<Convergence> {
  const [items, levels, settings] = await Promise.all([
    db.inventoryItem.findMany({ where: { shopId }, select: { id: true, sku: true } }),
    db.stockLevel.groupBy({ by: ["itemId"], where: { shopId }, _sum: { onHand: true, committed: true } }),
    db.channel.findMany({ where: { id: { in: Object.values(channels) } }, select: { id: true, settings: true } }),
  ]);
  const available = new Map(levels.map((row) => [row.itemId, (row._sum.onHand ?? 0) - (row._sum.committed ?? 0)]));
  const itemBySku = new Map(items.map((item) => [item.sku, item.id]));
  const rules = (kind: ChannelKind) => readChannelSettings(settings.find((row) => row.id === channels[kind])?.settings);
  const mismatches: Mismatch[] = [];
  for (const { sku } of stores.catalog) {
    const itemId = itemBySku.get(sku);
    const shows = stores.shows(sku);
    for (const kind of ["shopify", "woocommerce"] as const) {
      const ledger = itemId === undefined ? Number.NaN : sellableQuantity(available.get(itemId) ?? 0, rules(kind));
      if (shows[kind] !== ledger) mismatches.push({ sku, channel: kind, ledger, store: shows[kind] });
    }
  }
  return { checked: stores.catalog.length * 2, mismatches };
}

export function describeMismatches(result: Convergence): string {
  const first = result.mismatches
    .slice(0, 3)
    .map((m) => `${m.sku} on ${m.channel}: store ${m.store ?? "none"}, ledger ${m.ledger}`)
    .join("; ");
  return `${result.mismatches.length} of ${result.checked} figures differ from the ledger (${first})`;
}

/** SKUs whose available in the ledger is not `expected` (the figure both stores were seeded with), and what it is. */
export async function figuresOtherThan(
  db: Db,
  shopId: string,
  skus: string[],
  expected: number,
): Promise<{ sku: string; ledger: number | null }[]> {
  const [items, levels] = await Promise.all([
    db.inventoryItem.findMany({ where: { shopId }, select: { id: true, sku: true } }),
    db.stockLevel.groupBy({ by: ["itemId"], where: { shopId }, _sum: { onHand: true, committed: true } }),
  ]);
  const available = new Map(levels.map((row) => [row.itemId, (row._sum.onHand ?? 0) - (row._sum.committed ?? 0)]));
  const idOf = new Map(items.map((item) => [item.sku, item.id]));
  return skus.flatMap((sku) => {
    const itemId = idOf.get(sku);
    const ledger = itemId === undefined ? null : (available.get(itemId) ?? null);
    return ledger === expected ? [] : [{ sku, ledger }];
  });
}
