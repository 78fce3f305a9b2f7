import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureShopifyShop } from "../../app/services/shopify-install.server.ts";
import { createTestDb, type TestDb } from "../../test/db.ts";
import { runCli } from "../run.ts";

describe("inbox commands", () => {
  let t: TestDb;
  let shopId: string;
  let otherShopId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestDb();
    const harbour = await ensureShopifyShop(t.db, { domain: "harbour-goods.myshopify.com" });
    const other = await ensureShopifyShop(t.db, { domain: "other-goods.myshopify.com" });
    shopId = harbour.shop.id;
    otherShopId = other.shop.id;
    const base = (owner: typeof harbour) => ({
      shopId: owner.shop.id,
      channelId: owner.channel.id,
      source: `shopify:${owner.shop.shopifyDomain}`,
      payload: '{"email":"mira.lind@example.com"}',
    });
    const rows = [
      {
        ...base(harbour),
        eventId: "q-1",
        topic: "orders/create",
        status: "quarantined",
        attempts: 6,
        lastError: "ledger down",
      },
      {
        ...base(harbour),
        eventId: "q-2",
        topic: "refunds/create",
        status: "quarantined",
        attempts: 1,
        lastError: "invalid payload: id: must be a numeric id",
      },
      { ...base(harbour), eventId: "p-1", topic: "orders/updated", status: "pending", attempts: 2, lastError: "busy" },
      { ...base(harbour), eventId: "d-1", topic: "orders/updated", status: "done" },
      {
        ...base(other),
        eventId: "q-3",
        topic: "orders/create",
        status: "quarantined",
        attempts: 6,
        lastError: "elsewhere",
      },
    ];
    for (const row of rows) ids[row.eventId] = (await t.db.inboxEvent.create({ data: row })).id;
  });
  afterAll(() => t.drop());

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { db: t.db, out: (line) => out.push(line), err: (line) => err.push(line) });
    return { code, out, err, stdout: out.join("\n"), stderr: err.join("\n") };
  }

  it("prints its usage", async () => {
    expect((await cli("inbox", "--help")).stdout).toMatch(/inbox <command>[\s\S]*list[\s\S]*replay/);
    const replayHelp = await cli("inbox", "replay", "--help");
    expect(replayHelp.code).toBe(0);
    expect(replayHelp.stdout).toMatch(/inbox replay <eventId> \| --all --shop <id> \[--json\]/);
    expect(replayHelp.stdout).toContain("<eventId>");
    expect((await cli("--help")).stdout).toMatch(/inbox list[\s\S]*inbox replay/);
  });

  it("lists what needs attention, as text and as JSON, never the payload", async () => {
    const text = await cli("inbox", "list", "--shop", shopId);
    expect(text.code).toBe(0);
    expect(text.out).toHaveLength(3);
    expect(text.stdout).toMatch(
      new RegExp(`${ids["q-1"]}\\s+quarantined\\s+orders/create\\s+\\S+\\s+attempts 6\\s+ledger down`),
    );
    expect(text.stdout).toContain("invalid payload: id: must be a numeric id");
    expect(text.stdout).not.toContain("mira.lind");

    const json = await cli("inbox", "list", "--shop", shopId, "--status", "quarantined", "--json");
    const { events } = JSON.parse(json.stdout) as { events: Array<{ eventId: string; payload?: string }> };
    expect(events.map((event) => event.eventId).sort()).toEqual(["q-1", "q-2"]);
    expect(json.stdout).not.toContain("mira.lind");

    const everywhere = await cli("inbox", "list", "--status", "quarantined");
    expect(everywhere.out).toHaveLength(3);
    expect(everywhere.stdout).toContain(`shop ${otherShopId}`);
    expect((await cli("inbox", "list", "--shop", shopId, "--status", "ignored")).stdout).toBe(
      "No ignored inbox events.",
    );
  });

  it.each([
    [["inbox", "list", "--status", "broken"], 2, /--status Invalid option/],
    [["inbox", "list", "--shop", "nope"], 1, /Shop nope not found/],
    [["inbox", "replay"], 2, /Give the event id to replay, or --all --shop <id>/],
    [["inbox", "replay", "--all"], 2, /--all needs --shop <id>/],
    [["inbox", "replay", "some-id", "--all", "--shop", "x"], 2, /either an event id or --all/],
    [["inbox", "replay", "no-such-event"], 1, /No quarantined inbox event no-such-event/],
    [["inbox", "replay", "a", "b"], 2, /Unexpected argument 'b'/],
  ])("%j exits %i", async (argv, code, message) => {
    const result = await cli(...argv);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });

  it("replays one event by id, refusing another shop's", async () => {
    const refused = await cli("inbox", "replay", ids["q-3"]!, "--shop", shopId);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`in shop ${shopId}`);

    const result = await cli("inbox", "replay", ids["q-1"]!);
    expect(result).toMatchObject({ code: 0, err: [] });
    // No Redis and no queue in this process: the running app's recovery sweep takes it from here.
    expect(result.stdout).toBe("Replayed 1 event: pending; the running app picks them up within two minutes");
    expect(await t.db.inboxEvent.findUniqueOrThrow({ where: { id: ids["q-1"] } })).toMatchObject({
      status: "pending",
      attempts: 0,
    });
  });

  it("replays every quarantined event of a shop", async () => {
    const result = await cli("inbox", "replay", "--all", "--shop", otherShopId, "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ replayed: 1, queued: false });
    expect((await t.db.inboxEvent.findUniqueOrThrow({ where: { id: ids["q-3"] } })).status).toBe("pending");
    expect((await t.db.inboxEvent.findUniqueOrThrow({ where: { id: ids["q-2"] } })).status).toBe("quarantined");
  });
});
