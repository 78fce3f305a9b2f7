import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateApiKey } from "../app/services/api-keys.server.ts";
import { createTestDb, type TestDb } from "../test/db.ts";
import { runCli } from "./run.ts";

describe("runCli", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { db: t.db, out: (line) => out.push(line), err: (line) => err.push(line) });
    return { code, out, err, stdout: out.join("\n"), stderr: err.join("\n") };
  }

  async function shopWithStock(name: string) {
    const { out } = await cli("shop", "create", "--name", name);
    const shopId = out[0]!;
    const location = await t.db.location.create({ data: { shopId, name: "Back room" } });
    const item = await t.db.inventoryItem.create({ data: { shopId, sku: "CANDLE-S", title: "Candle" } });
    await t.db.stockMovement.create({
      data: {
        shopId,
        itemId: item.id,
        locationId: location.id,
        kind: "receipt",
        onHandDelta: 12,
        committedDelta: 0,
        source: "cli",
        idempotencyKey: "receipt-1",
      },
    });
    await t.db.stockLevel.create({ data: { shopId, itemId: item.id, locationId: location.id, onHand: 12 } });
    return { shopId, itemId: item.id, locationId: location.id };
  }

  describe("help and usage", () => {
    it.each([["--help"], ["-h"]])("prints the commands for %s", async (flag) => {
      const result = await cli(flag);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: npm run cli -- <group> <command>/);
      for (const command of ["shop create", "shop list", "api-key create", "ledger verify"]) {
        expect(result.stdout).toContain(command);
      }
    });

    it.each([
      [["shop", "--help"], /shop <command>[\s\S]*create[\s\S]*list/],
      [["api-key", "-h"], /api-key <command>[\s\S]*create/],
      [["ledger", "--help"], /ledger <command>[\s\S]*verify/],
      [["shop", "create", "--help"], /shop create --name <name>[\s\S]*--currency[\s\S]*--json/],
      [["shop", "list", "-h"], /shop list \[--json\]/],
      [["api-key", "create", "--help"], /api-key create --shop <id> \[--name <name>\]/],
      [["ledger", "verify", "-h"], /ledger verify \[--shop <id>\]/],
    ])("prints usage for %j", async (argv, usage) => {
      const result = await cli(...argv);
      expect(result).toMatchObject({ code: 0, err: [] });
      expect(result.stdout).toMatch(usage);
    });

    it("prints help even when required flags are missing", async () => {
      expect((await cli("api-key", "create", "-h")).code).toBe(0);
    });
  });

  it("prints usage on stderr and exits 2 without a command", async () => {
    const result = await cli();
    expect(result).toMatchObject({ code: 2, out: [] });
    expect(result.stderr).toMatch(/^Usage: npm run cli -- <group> <command>/);
  });

  describe("command line mistakes exit 2 and name the problem", () => {
    it.each([
      [["stock"], /Unknown command 'stock'/, "npm run cli -- --help"],
      [["--verbose"], /Unknown option '--verbose'/, "npm run cli -- --help"],
      [["shop"], /Missing command after 'shop'/, "npm run cli -- shop --help"],
      [["shop", "delete"], /Unknown command 'shop delete'/, "npm run cli -- shop --help"],
      [["shop", "create", "--nmae", "X"], /Unknown option '--nmae'/, "npm run cli -- shop create --help"],
      [["shop", "create", "--name"], /'--name <value>' argument missing/, "shop create --help"],
      [["shop", "create"], /--name is required/, "shop create --help"],
      [["shop", "create", "--name", "  "], /--name must not be empty/, "shop create --help"],
      [["shop", "create", "--name", "X", "--currency", "EURO"], /--currency must be a 3-letter ISO 4217/, "create"],
      [["shop", "list", "extra"], /Unexpected argument 'extra'/, "shop list --help"],
      [["shop", "list", "--json=yes"], /'--json' does not take an argument/, "shop list --help"],
      [["api-key", "create"], /--shop is required/, "api-key create --help"],
      [["ledger", "verify", "--shop="], /--shop must not be empty/, "ledger verify --help"],
    ])("%j", async (argv, problem, hint) => {
      const result = await cli(...argv);
      expect(result.code).toBe(2);
      expect(result.out).toEqual([]);
      expect(result.err[0]).toMatch(problem);
      expect(result.stderr).toContain(hint);
    });
  });

  describe("shop", () => {
    it("creates a shop and prints just its id", async () => {
      const result = await cli("shop", "create", "--name", "Candle Co", "--currency", "eur");
      expect(result).toMatchObject({ code: 0, err: [] });
      expect(result.out).toHaveLength(1);
      const shop = await t.db.shop.findUniqueOrThrow({ where: { id: result.out[0] } });
      expect(shop).toMatchObject({ name: "Candle Co", currency: "EUR", timezone: "UTC" });
    });

    it("prints the new shop as JSON with --json", async () => {
      const result = await cli("shop", "create", "--name", "Json Shop", "--json", "--timezone", "Europe/Paris");
      expect(result.code).toBe(0);
      const printed = JSON.parse(result.stdout) as { id: string };
      expect(printed).toEqual({ id: expect.any(String), name: "Json Shop", currency: "USD", timezone: "Europe/Paris" });
      expect(await t.db.shop.count({ where: { id: printed.id } })).toBe(1);
    });

    it("lists shops as text and as JSON", async () => {
      const text = await cli("shop", "list");
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/EUR\s+UTC\s+Candle Co/);

      const json = await cli("shop", "list", "--json");
      expect(json.code).toBe(0);
      const { shops } = JSON.parse(json.stdout) as { shops: Array<{ name: string }> };
      expect(shops.map((shop) => shop.name)).toEqual(expect.arrayContaining(["Candle Co", "Json Shop"]));
    });
  });

  describe("api-key", () => {
    it("prints a working key once, with a warning on stderr", async () => {
      const shopId = (await cli("shop", "create", "--name", "Key shop")).out[0]!;
      const result = await cli("api-key", "create", "--shop", shopId, "--name", "Zapier");
      expect(result.code).toBe(0);
      expect(result.out).toHaveLength(1);
      const key = result.out[0]!;
      expect(key).toMatch(/^cl_[A-Za-z0-9_-]{40}$/);
      expect(result.stderr).toMatch(/shown only once/);
      expect(await authenticateApiKey(t.db, key)).toMatchObject({ shopId });
      expect(await t.db.apiKey.findFirst({ where: { shopId, name: "Zapier" } })).not.toBeNull();
    });

    it("prints the key and its prefix as JSON, and names the key by date by default", async () => {
      const shopId = (await cli("shop", "create", "--name", "Json keys")).out[0]!;
      const result = await cli("api-key", "create", "--shop", shopId, "--json");
      expect(result.code).toBe(0);
      const printed = JSON.parse(result.stdout) as { key: string; prefix: string; name: string };
      expect(printed.prefix).toBe(printed.key.slice(0, 8));
      expect(printed.name).toMatch(/^Created from the CLI on \d{4}-\d{2}-\d{2}$/);
    });

    it("fails with exit 1 for a shop that does not exist", async () => {
      const result = await cli("api-key", "create", "--shop", "no-such-shop");
      expect(result.code).toBe(1);
      expect(result.out).toEqual([]);
      expect(result.stderr).toMatch(/Shop no-such-shop not found/);
      expect(await t.db.apiKey.count({ where: { shopId: "no-such-shop" } })).toBe(0);
    });

    it("lists and revokes a shop's keys", async () => {
      const shopId = (await cli("shop", "create", "--name", "Revoking")).out[0]!;
      const created = JSON.parse((await cli("api-key", "create", "--shop", shopId, "--json")).stdout) as {
        id: string;
        key: string;
      };

      const listed = await cli("api-key", "list", "--shop", shopId);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain(created.id);
      expect(listed.stdout).not.toContain(created.key);

      const otherShop = (await cli("shop", "create", "--name", "Other")).out[0]!;
      const refused = await cli("api-key", "revoke", "--shop", otherShop, "--id", created.id);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/has no API key/);

      const revoked = await cli("api-key", "revoke", "--shop", shopId, "--id", created.id, "--json");
      expect(revoked.code).toBe(0);
      expect(JSON.parse(revoked.stdout)).toEqual({ id: created.id, revoked: true });
      expect(await authenticateApiKey(t.db, created.key)).toBeNull();

      const json = JSON.parse((await cli("api-key", "list", "--shop", shopId, "--json")).stdout) as {
        apiKeys: Array<{ id: string; revokedAt: string | null; keyHash?: string }>;
      };
      expect(json.apiKeys).toEqual([expect.objectContaining({ id: created.id, revokedAt: expect.any(String) })]);
      expect(json.apiKeys[0]).not.toHaveProperty("keyHash");
    });
  });

  describe("ledger verify", () => {
    it("exits 0 when every balance matches", async () => {
      const { shopId } = await shopWithStock("Balanced");
      const result = await cli("ledger", "verify", "--shop", shopId);
      expect(result).toMatchObject({ code: 0, out: ["Checked 1 balance: all match"], err: [] });

      const json = await cli("ledger", "verify", "--shop", shopId, "--json");
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toEqual({ checked: 1, mismatches: [] });
    });

    it("prints each mismatch and exits 1", async () => {
      const { shopId, itemId, locationId } = await shopWithStock("Unbalanced");
      await t.db.stockLevel.update({
        where: { itemId_locationId: { itemId, locationId } },
        data: { onHand: 15, committed: 2 },
      });

      const result = await cli("ledger", "verify", "--shop", shopId);
      expect(result.code).toBe(1);
      expect(result.out).toEqual([
        "SKU CANDLE-S at Back room: expected on hand 12, committed 0; actual on hand 15, committed 2",
        "Checked 1 balance: 1 mismatch",
      ]);

      const json = await cli("ledger", "verify", "--shop", shopId, "--json");
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toEqual({
        checked: 1,
        mismatches: [
          {
            shopId,
            itemId,
            sku: "CANDLE-S",
            locationId,
            locationName: "Back room",
            expected: { onHand: 12, committed: 0 },
            actual: { onHand: 15, committed: 2 },
          },
        ],
      });

      // Unscoped, the line says which shop the mismatch is in.
      const everywhere = await cli("ledger", "verify");
      expect(everywhere.code).toBe(1);
      expect(everywhere.stdout).toContain(`at Back room in shop ${shopId}:`);
    });

    it("fails with exit 1 for a shop that does not exist", async () => {
      const result = await cli("ledger", "verify", "--shop", "no-such-shop");
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Shop no-such-shop not found/);
    });
  });
});
