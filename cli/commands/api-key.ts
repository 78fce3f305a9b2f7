import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey } from "../../app/services/api-keys.server.ts";
import { getShop, ShopNotFoundError } from "../../app/services/shops.server.ts";
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

const shopFlag = z.string().trim().min(1, "must not be empty");

export const ApiKeyCreateArgsSchema = z.object({
  shop: shopFlag,
  name: z.string().trim().min(1, "must not be empty").max(120, "must be at most 120 characters").optional(),
});
export const ApiKeyListArgsSchema = z.object({ shop: shopFlag });
export const ApiKeyRevokeArgsSchema = z.object({ shop: shopFlag, id: z.string().trim().min(1, "must not be empty") });

async function requireShop(io: CliIo, shopId: string) {
  const shop = await getShop(io.db, shopId);
  if (!shop) throw new ShopNotFoundError(shopId);
  return shop;
}

const create: Command = {
  name: "create",
  summary: "Issue an API key for a shop and print it once",
  synopsis: "--shop <id> [--name <name>]",
  help: [
    ["--shop <id>", "The shop the key acts for"],
    ["--name <name>", "A label to tell keys apart (default: created from the CLI, with the date)"],
  ],
  options: { shop: { type: "string" }, name: { type: "string" } },
  async run(flags, { json }, io) {
    const args = parseFlags(ApiKeyCreateArgsSchema, flags);
    const name = args.name ?? `Created from the CLI on ${new Date().toISOString().slice(0, 10)}`;
    const { key, apiKey } = await createApiKey(io.db, { shopId: args.shop, name });
    io.err("Store this key now: it is shown only once and cannot be recovered, only revoked.");
    if (json) printJson(io, { id: apiKey.id, name: apiKey.name, key, prefix: apiKey.prefix });
    else io.out(key);
    return EXIT_OK;
  },
};

const list: Command = {
  name: "list",
  summary: "List a shop's API keys (never the keys themselves)",
  synopsis: "--shop <id>",
  help: [["--shop <id>", "The shop whose keys to list"]],
  options: { shop: { type: "string" } },
  async run(flags, { json }, io) {
    const args = parseFlags(ApiKeyListArgsSchema, flags);
    await requireShop(io, args.shop);
    const apiKeys = await listApiKeys(io.db, args.shop);
    if (json) {
      printJson(io, { apiKeys });
      return EXIT_OK;
    }
    if (apiKeys.length === 0) {
      io.out(`No API keys yet. Create one with: ${PROGRAM} api-key create --shop ${args.shop}`);
      return EXIT_OK;
    }
    for (const apiKey of apiKeys) {
      const state = apiKey.revokedAt ? `revoked ${apiKey.revokedAt.toISOString()}` : "active";
      const used = apiKey.lastUsedAt ? `last used ${apiKey.lastUsedAt.toISOString()}` : "never used";
      io.out(`${apiKey.id}  ${apiKey.prefix}…  ${state}, ${used}  ${apiKey.name}`);
    }
    return EXIT_OK;
  },
};

const revoke: Command = {
  name: "revoke",
  summary: "Revoke one of a shop's API keys",
  synopsis: "--shop <id> --id <key id>",
  help: [
    ["--shop <id>", "The shop the key belongs to"],
    ["--id <key id>", "The key's id, as shown by api-key list"],
  ],
  options: { shop: { type: "string" }, id: { type: "string" } },
  async run(flags, { json }, io) {
    const args = parseFlags(ApiKeyRevokeArgsSchema, flags);
    await requireShop(io, args.shop);
    const revoked = await revokeApiKey(io.db, { shopId: args.shop, id: args.id });
    if (!revoked) throw new CommandFailure(`Shop ${args.shop} has no API key ${args.id}`);
    if (json) printJson(io, { id: args.id, revoked: true });
    else io.out(`Revoked API key ${args.id}`);
    return EXIT_OK;
  },
};

export const apiKeyCommands: CommandGroup = {
  name: "api-key",
  summary: "Issue, list and revoke a shop's API keys",
  commands: [create, list, revoke],
};
