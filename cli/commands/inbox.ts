import { z } from "zod";
import { ConfigSchema } from "../../app/config.server.ts";
import { listInboxEvents, InboxStatusSchema, type InboxEventSummary } from "../../app/services/inbox/list.server.ts";
import { replayInboxEvent, replayQuarantinedInboxEvents } from "../../app/services/inbox/replay.server.ts";
import { getShop, ShopNotFoundError } from "../../app/services/shops.server.ts";
import { createQueue } from "../../jobs/index.server.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import {
  CommandFailure,
  EXIT_OK,
  parseFlags,
  printJson,
  UsageError,
  type CliIo,
  type Command,
  type CommandGroup,
} from "../command.ts";
import type { CommandWithArgument } from "../run.ts";

const idFlag = z.string().trim().min(1, "must not be empty");

export const InboxListArgsSchema = z.object({
  shop: idFlag.optional(),
  status: InboxStatusSchema.optional(),
  limit: z.coerce.number().int("must be a whole number").min(1).max(500).optional(),
});

export const InboxReplayArgsSchema = z.object({
  id: idFlag.optional(),
  all: z.boolean().optional(),
  shop: idFlag.optional(),
});

async function requireShop(io: CliIo, shopId: string | undefined) {
  if (shopId !== undefined && !(await getShop(io.db, shopId))) throw new ShopNotFoundError(shopId);
}

function describe(event: InboxEventSummary, withShop: boolean): string {
  const shop = withShop ? `  shop ${event.shopId ?? "-"}` : "";
  const error = event.lastError ? `  ${event.lastError.replace(/\s+/g, " ").slice(0, 200)}` : "";
  return (
    `${event.id}  ${event.status.padEnd(11)}  ${event.topic.padEnd(22)}  ${event.receivedAt.toISOString()}` +
    `  attempts ${event.attempts}${shop}${error}`
  );
}

const list: Command = {
  name: "list",
  summary: "List inbox events that need attention (quarantined, or failing and retrying)",
  synopsis: "[--shop <id>] [--status <status>] [--limit <n>]",
  help: [
    ["--shop <id>", "One shop's events only (default: every shop)"],
    ["--status <status>", "pending, done, ignored or quarantined (default: what needs attention)"],
    ["--limit <n>", "At most this many, newest first (default 100, at most 500)"],
  ],
  options: { shop: { type: "string" }, status: { type: "string" }, limit: { type: "string" } },
  async run(flags, { json }, io) {
    const args = parseFlags(InboxListArgsSchema, flags);
    await requireShop(io, args.shop);
    const events = await listInboxEvents(io.db, { shopId: args.shop, status: args.status, limit: args.limit });
    if (json) {
      printJson(io, { events });
      return EXIT_OK;
    }
    if (events.length === 0) {
      io.out(args.status ? `No ${args.status} inbox events.` : "No inbox events need attention.");
      return EXIT_OK;
    }
    for (const event of events) io.out(describe(event, args.shop === undefined));
    return EXIT_OK;
  },
};

// Without Redis the jobs run inside the web process, out of this process's reach: replayed events wait there for
// the recovery sweep instead. Tests and embedding processes provide their own queue.
async function openQueue(): Promise<{ queue: JobQueue | null; close: () => Promise<void> }> {
  if (global.channelLedgerQueue) return { queue: global.channelLedgerQueue, close: async () => {} };
  const redisUrl = ConfigSchema.shape.REDIS_URL.safeParse(process.env.REDIS_URL);
  if (!redisUrl.success) throw new CommandFailure(`REDIS_URL ${redisUrl.error.issues[0]?.message ?? "is invalid"}`);
  if (redisUrl.data === undefined) return { queue: null, close: async () => {} };
  const queue = createQueue({ REDIS_URL: redisUrl.data });
  return { queue, close: () => queue.close() };
}

const replay: CommandWithArgument = {
  name: "replay",
  summary: "Put quarantined inbox events back in line, with fresh attempts",
  synopsis: "<eventId> | --all --shop <id>",
  argument: { name: "id" },
  help: [
    ["<eventId>", "The inbox event to replay, as shown by inbox list"],
    ["--all", "Replay every quarantined event of the shop given with --shop"],
    ["--shop <id>", "With --all: the shop; with an event id: refuse events of other shops"],
  ],
  options: { id: { type: "string" }, all: { type: "boolean" }, shop: { type: "string" } },
  async run(flags, { json }, io) {
    const args = parseFlags(InboxReplayArgsSchema, flags);
    if (args.id !== undefined && args.all) throw new UsageError("Give either an event id or --all, not both");
    if (args.id === undefined && !args.all) throw new UsageError("Give the event id to replay, or --all --shop <id>");
    if (args.all && args.shop === undefined) throw new UsageError("--all needs --shop <id>");
    await requireShop(io, args.shop);

    const { queue, close } = await openQueue();
    try {
      const replayed =
        args.id !== undefined
          ? (await replayInboxEvent(io.db, queue, { id: args.id, shopId: args.shop }))
            ? 1
            : 0
          : await replayQuarantinedInboxEvents(io.db, queue, { shopId: args.shop! });
      if (args.id !== undefined && replayed === 0) {
        throw new CommandFailure(`No quarantined inbox event ${args.id}${args.shop ? ` in shop ${args.shop}` : ""}`);
      }
      const next = queue ? "queued" : "pending; the running app picks them up within two minutes";
      if (json) printJson(io, { replayed, queued: queue !== null });
      else io.out(`Replayed ${replayed} event${replayed === 1 ? "" : "s"}: ${next}`);
      return EXIT_OK;
    } finally {
      await close();
    }
  },
};

export const inboxCommands: CommandGroup = {
  name: "inbox",
  summary: "Inspect and replay received webhooks",
  commands: [list, replay],
};
