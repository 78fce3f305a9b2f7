import { z } from "zod";
import { ConfigSchema } from "../../app/config.server.ts";
import { parseEncryptionKey } from "../../app/crypto.server.ts";
import { getShop, ShopNotFoundError } from "../../app/services/shops.server.ts";
import type { WooServiceOptions } from "../../app/services/woocommerce/connect-deps.server.ts";
import {
  ConsumerKeySchema,
  ConsumerSecretSchema,
  StoreUrlSchema,
  WooConnectError,
} from "../../app/services/woocommerce/connect-input.server.ts";
import { listShopChannels } from "../../app/services/woocommerce/connect-list.server.ts";
import { connectWooCommerce, disconnectWooCommerce } from "../../app/services/woocommerce/connect.server.ts";
import { createQueue } from "../../jobs/index.server.ts";
import type { JobQueue, LoggerLike } from "../../jobs/queue.ts";
import {
  CommandFailure,
  EXIT_OK,
  PROGRAM,
  parseFlags,
  printJson,
  type CliIo,
  type Command,
  type CommandGroup,
} from "../command.ts";
import type { CommandWithArgument } from "../run.ts";

const idFlag = z.string().trim().min(1, "must not be empty");

export const ChannelConnectArgsSchema = z.object({
  kind: z.enum(["woocommerce"], { error: "must be woocommerce (Shopify stores connect by installing the app)" }),
  shop: idFlag,
  url: StoreUrlSchema,
  key: ConsumerKeySchema,
  secret: ConsumerSecretSchema,
  location: idFlag.optional(),
});
export const ChannelListArgsSchema = z.object({ shop: idFlag });
export const ChannelDisconnectArgsSchema = z.object({ shop: idFlag, channel: idFlag });

// Only what connecting needs, read the way the app reads it; the operator login the web admin requires is not.
const ChannelEnvSchema = z.object({
  ENCRYPTION_KEY: ConfigSchema.shape.ENCRYPTION_KEY,
  SHOPIFY_APP_URL: ConfigSchema.shape.SHOPIFY_APP_URL,
  PORT: ConfigSchema.shape.PORT,
  REDIS_URL: ConfigSchema.shape.REDIS_URL,
});

// The CLI's stdout is its answer (an id, or JSON): the services' log lines must not land in it.
const quiet: LoggerLike = { info() {}, warn() {}, error() {} };

function environment() {
  const env = ChannelEnvSchema.safeParse(process.env);
  if (!env.success) {
    const issue = env.error.issues[0];
    throw new CommandFailure(`${String(issue?.path[0] ?? "environment")} ${issue?.message ?? "is invalid"}`);
  }
  const appUrl = (env.data.SHOPIFY_APP_URL ?? `http://localhost:${env.data.PORT}`).replace(/\/+$/, "");
  return { ...env.data, appUrl };
}

/** Without Redis the web process's workers are out of reach: the backfill is then left to the running app. */
async function openQueue(
  redisUrl: string | undefined,
): Promise<{ queue: JobQueue | null; close: () => Promise<void> }> {
  if (global.channelLedgerQueue) return { queue: global.channelLedgerQueue, close: async () => {} };
  if (redisUrl === undefined) return { queue: null, close: async () => {} };
  const queue = createQueue({ REDIS_URL: redisUrl });
  return { queue, close: () => queue.close() };
}

async function requireShop(io: CliIo, shopId: string) {
  if (!(await getShop(io.db, shopId))) throw new ShopNotFoundError(shopId);
}

/** A refusal from the services, as the one line an operator reads. */
function failure(error: unknown): never {
  if (error instanceof WooConnectError) throw new CommandFailure(error.message);
  throw error;
}

const connect: CommandWithArgument = {
  name: "connect",
  summary: "Connect a WooCommerce store to a shop with its REST API keys and print the channel id",
  synopsis: "woocommerce --shop <id> --url <store url> --key <ck_...> --secret <cs_...> [--location <id>]",
  argument: { name: "kind" },
  help: [
    ["woocommerce", "The kind of channel (the only one connected this way)"],
    ["--shop <id>", "The shop the store sells for"],
    ["--url <store url>", "The store's address, e.g. https://shop.example.com"],
    ["--key <ck_...>", "Consumer key with read_write permission (WooCommerce > Settings > Advanced > REST API)"],
    ["--secret <cs_...>", "Its consumer secret; stored encrypted with ENCRYPTION_KEY, never printed"],
    ["--location <id>", "The ledger location the store's stock stands for (default: the shop's first)"],
  ],
  options: {
    kind: { type: "string" },
    shop: { type: "string" },
    url: { type: "string" },
    key: { type: "string" },
    secret: { type: "string" },
    location: { type: "string" },
  },
  async run(flags, { json }, io) {
    const args = parseFlags(ChannelConnectArgsSchema, flags);
    const env = environment();
    await requireShop(io, args.shop);
    const { queue, close } = await openQueue(env.REDIS_URL);
    const options: WooServiceOptions = {
      appUrl: env.appUrl,
      encryptionKey: env.ENCRYPTION_KEY === undefined ? null : parseEncryptionKey(env.ENCRYPTION_KEY),
      queue,
      logger: quiet,
    };
    try {
      const result = await connectWooCommerce(
        io.db,
        {
          shopId: args.shop,
          url: args.url,
          consumerKey: args.key,
          consumerSecret: args.secret,
          locationId: args.location,
        },
        options,
      ).catch(failure);
      const { channel, webhooks } = result;
      if (/^http:\/\/(localhost|127\.|\[::1\])/.test(env.appUrl))
        io.err(`Note: webhooks go to ${env.appUrl}, which a real store cannot reach; set SHOPIFY_APP_URL.`);
      for (const status of webhooks.statuses.filter((entry) => entry.status !== "active"))
        io.err(`Webhook ${status.topic}: ${status.status}${status.error ? ` (${status.error})` : ""}`);
      if (!result.backfillQueued)
        io.err(
          "The first backfill was not queued from here (no REDIS_URL): the running app's poller imports the store.",
        );
      if (json) {
        printJson(io, {
          id: channel.id,
          shopId: channel.shopId,
          name: channel.name,
          url: channel.externalRef,
          created: result.created,
          locationId: result.locationId,
          webhooks: { ok: webhooks.ok, statuses: webhooks.statuses },
          backfillQueued: result.backfillQueued,
        });
      } else io.out(channel.id);
      return EXIT_OK;
    } finally {
      await close();
    }
  },
};

const list: Command = {
  name: "list",
  summary: "List a shop's channels (never their credentials)",
  synopsis: "--shop <id>",
  help: [["--shop <id>", "The shop whose channels to list"]],
  options: { shop: { type: "string" } },
  async run(flags, { json }, io) {
    const args = parseFlags(ChannelListArgsSchema, flags);
    await requireShop(io, args.shop);
    const channels = await listShopChannels(io.db, args.shop);
    if (json) {
      printJson(io, { channels });
      return EXIT_OK;
    }
    if (channels.length === 0) {
      io.out(`No channels yet. Connect a store with: ${PROGRAM} channel connect woocommerce --shop ${args.shop} ...`);
      return EXIT_OK;
    }
    for (const channel of channels) {
      const webhooks = channel.webhooks ? `  webhooks ${channel.webhooks.ok ? "ok" : "need repair"}` : "";
      io.out(
        `${channel.id}  ${channel.kind.padEnd(11)}  ${channel.status.padEnd(12)}  ${channel.externalRef}${webhooks}`,
      );
    }
    return EXIT_OK;
  },
};

const disconnect: Command = {
  name: "disconnect",
  summary: "Disconnect a WooCommerce channel: delete our webhooks on the store, drop its keys, keep its data",
  synopsis: "--shop <id> --channel <id>",
  help: [
    ["--shop <id>", "The shop the channel belongs to"],
    ["--channel <id>", "The channel, as shown by channel list"],
  ],
  options: { shop: { type: "string" }, channel: { type: "string" } },
  async run(flags, { json }, io) {
    const args = parseFlags(ChannelDisconnectArgsSchema, flags);
    const env = environment();
    await requireShop(io, args.shop);
    const result = await disconnectWooCommerce(io.db, args.shop, args.channel, {
      appUrl: env.appUrl,
      encryptionKey: env.ENCRYPTION_KEY === undefined ? null : parseEncryptionKey(env.ENCRYPTION_KEY),
      logger: quiet,
    }).catch(failure);
    // Best effort on the store's side: what could not be deleted is said, the channel is disconnected regardless.
    for (const problem of result.failures) io.err(problem);
    if (json) printJson(io, { ...result, disconnected: true });
    else io.out(`Disconnected channel ${result.channelId}; ${result.webhooksRemoved} webhooks removed from the store`);
    return EXIT_OK;
  },
};

export const channelCommands: CommandGroup = {
  name: "channel",
  summary: "Connect, list and disconnect a shop's sales channels",
  commands: [connect, list, disconnect],
};
