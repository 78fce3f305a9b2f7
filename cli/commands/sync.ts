import { z } from "zod";
import { ConfigSchema } from "../../app/config.server.ts";
import { parseEncryptionKey } from "../../app/crypto.server.ts";
import { getShop, ShopNotFoundError } from "../../app/services/shops.server.ts";
import { readableKinds } from "../../app/services/sync/level-readers.ts";
import { reconcileChannel } from "../../app/services/sync/reconcile.server.ts";
import type { ReconcileReport } from "../../app/services/sync/reconcile-report.server.ts";
import {
  CommandFailure,
  EXIT_FAILURE,
  EXIT_OK,
  parseFlags,
  printJson,
  type CliIo,
  type Command,
  type CommandGroup,
} from "../command.ts";

const idFlag = z.string().trim().min(1, "must not be empty");

export const SyncReconcileArgsSchema = z.object({ shop: idFlag, channel: idFlag.optional() });

type Target = { id: string; name: string; kind: string };

/** The channel asked for (it must be the shop's), or every connected channel of the shop that can be read. */
async function targets(io: CliIo, shopId: string, channelId: string | undefined): Promise<Target[]> {
  const select = { id: true, name: true, kind: true } as const;
  if (channelId !== undefined) {
    const channel = await io.db.channel.findFirst({ where: { id: channelId, shopId }, select });
    if (!channel) throw new CommandFailure(`Channel ${channelId} is not a channel of shop ${shopId}`);
    return [channel];
  }
  return io.db.channel.findMany({
    where: { shopId, status: "connected", kind: { in: readableKinds() } },
    select,
    orderBy: { createdAt: "asc" },
  });
}

function describe(target: Target, report: ReconcileReport): string[] {
  const fixed = report.imported > 0 ? `${report.imported} imported` : `${report.queued} queued to be set back`;
  const lines = [
    `${target.name} (${target.kind} ${target.id}): ${report.listings} listings, ${report.read} figures read in ` +
      `${report.calls} calls, ${(report.durationMs / 1000).toFixed(1)} s`,
    `  ${report.matched} match, ${report.drifted} drifted (${fixed}), ${report.missing} missing on the channel, ` +
      `${report.skipped} skipped while being synced, ${report.unlinked} not linked`,
  ];
  for (const missing of report.missingSample) lines.push(`  missing: listing ${missing.listingId} (${missing.ref})`);
  if (report.missing > report.missingSample.length)
    lines.push(`  ... and ${report.missing - report.missingSample.length} more missing`);
  return lines;
}

const reconcile: Command = {
  name: "reconcile",
  summary: "Read every stock figure of a shop's channels, record the drift from the ledger and queue its fix",
  synopsis: "--shop <id> [--channel <id>]",
  help: [
    ["--shop <id>", "The shop whose channels to reconcile"],
    ["--channel <id>", "One channel only (default: every connected Shopify and WooCommerce channel)"],
  ],
  options: { shop: { type: "string" }, channel: { type: "string" } },
  async run(flags, { json }, io) {
    const args = parseFlags(SyncReconcileArgsSchema, flags);
    if (!(await getShop(io.db, args.shop))) throw new ShopNotFoundError(args.shop);
    // Only the key that opens WooCommerce credentials is read here; the web admin's login settings are not needed.
    const key = ConfigSchema.shape.ENCRYPTION_KEY.safeParse(process.env.ENCRYPTION_KEY);
    // Loaded here, not with the CLI: the readers bring the Shopify app library, which other commands do not need.
    const { ensureLevelReaders } = await import("../../app/services/sync/level-readers-default.server.ts");
    ensureLevelReaders({ wooKey: key.success && key.data ? parseEncryptionKey(key.data) : undefined });
    const reports: (ReconcileReport & { name: string; kind: string })[] = [];
    const failures: { channelId: string; name: string; error: string }[] = [];
    for (const target of await targets(io, args.shop, args.channel)) {
      try {
        const report = await reconcileChannel(io.db, target.id);
        reports.push({ ...report, name: target.name, kind: target.kind });
        if (!json) for (const line of describe(target, report)) io.out(line);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push({ channelId: target.id, name: target.name, error: message });
        if (!json) io.err(`${target.name} (${target.kind} ${target.id}): not reconciled: ${message}`);
      }
    }
    if (json) printJson(io, { reports, failures });
    else if (reports.length === 0 && failures.length === 0) io.out("No connected channel to reconcile.");
    else if (reports.some((report) => report.queued > 0))
      io.out("Queued listings are pushed by the running app (its sync sweep picks them up within a minute).");
    return failures.length === 0 ? EXIT_OK : EXIT_FAILURE;
  },
};

export const syncCommands: CommandGroup = {
  name: "sync",
  summary: "Keep the channels' stock in step with the ledger",
  commands: [reconcile],
};
