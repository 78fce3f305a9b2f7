import { z } from "zod";
import { CreateShopSchema, createShop, listShops } from "../../app/services/shops.server.ts";
import { EXIT_OK, PROGRAM, parseFlags, printJson, type Command, type CommandGroup } from "../command.ts";

export const ShopCreateArgsSchema = CreateShopSchema;
export const ShopListArgsSchema = z.object({});

const create: Command = {
  name: "create",
  summary: "Create a shop and print its id",
  synopsis: "--name <name> [--currency <code>] [--timezone <zone>]",
  help: [
    ["--name <name>", "The shop's name, 1 to 120 characters"],
    ["--currency <code>", "ISO 4217 currency code (default USD)"],
    ["--timezone <zone>", "IANA time zone (default UTC)"],
  ],
  options: { name: { type: "string" }, currency: { type: "string" }, timezone: { type: "string" } },
  async run(flags, { json }, io) {
    const input = parseFlags(ShopCreateArgsSchema, flags);
    const shop = await createShop(io.db, input);
    if (json) printJson(io, { id: shop.id, name: shop.name, currency: shop.currency, timezone: shop.timezone });
    // Just the id, so scripts can capture it: SHOP=$(npm run -s cli -- shop create --name X)
    else io.out(shop.id);
    return EXIT_OK;
  },
};

const list: Command = {
  name: "list",
  summary: "List every shop",
  synopsis: "",
  help: [],
  options: {},
  async run(flags, { json }, io) {
    parseFlags(ShopListArgsSchema, flags);
    const shops = await listShops(io.db);
    if (json) {
      printJson(io, { shops });
      return EXIT_OK;
    }
    if (shops.length === 0) {
      io.out(`No shops yet. Create one with: ${PROGRAM} shop create --name <name>`);
      return EXIT_OK;
    }
    const idWidth = Math.max(...shops.map((shop) => shop.id.length));
    for (const shop of shops) {
      const uninstalled = shop.uninstalledAt ? " (uninstalled)" : "";
      io.out(`${shop.id.padEnd(idWidth)}  ${shop.currency}  ${shop.timezone}  ${shop.name}${uninstalled}`);
    }
    return EXIT_OK;
  },
};

export const shopCommands: CommandGroup = { name: "shop", summary: "Create and list shops", commands: [create, list] };
