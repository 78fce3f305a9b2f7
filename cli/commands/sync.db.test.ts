import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushAll, wooInStep } from "../../app/services/sync/reconcile-test-support.ts";
import { createTestDb, type TestDb } from "../../test/db.ts";
import { startWooSimMsw } from "../../test/sim/woocommerce/msw.ts";
import { createWooSim } from "../../test/sim/woocommerce/sim.ts";
import { runCli } from "../run.ts";

// `sync reconcile` runs the reconciliation in the CLI's own process against the simulated store and prints the report;
// a channel is only reached through its own shop.

describe("sync commands", () => {
  let t: TestDb;
  const sim = createWooSim({ webhooks: { auto: false } });
  const server = startWooSimMsw(sim, { onUnhandledRequest: "error" });

  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    server.close();
    await t.drop();
  });

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { db: t.db, out: (line) => out.push(line), err: (line) => err.push(line) });
    return { code, out, err, stdout: out.join("\n"), stderr: err.join("\n") };
  }

  it.each([
    [["sync", "--help"], /sync <command>[\s\S]*reconcile/],
    [["sync", "reconcile", "--help"], /sync reconcile --shop <id> \[--channel <id>\] \[--json\]/],
  ])("prints usage for %j", async (argv, usage) => {
    const result = await cli(...argv);
    expect(result).toMatchObject({ code: 0, err: [] });
    expect(result.stdout).toMatch(usage);
  });

  it("exits 2 without --shop and 1 for an unknown shop", async () => {
    expect((await cli("sync", "reconcile")).err[0]).toMatch(/--shop is required/);
    const unknown = await cli("sync", "reconcile", "--shop", "no-such-shop");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Shop no-such-shop not found/);
  });

  it("reconciles the shop's channels and prints the report, as text and as JSON", async () => {
    const s = await wooInStep(t.db, sim, ["POT", "PAN"], { onHand: 3, name: "cli" });
    s.store.setStock("PAN", 0);
    const text = await cli("sync", "reconcile", "--shop", s.shop.id);
    expect(text).toMatchObject({ code: 0, err: [] });
    expect(text.out[0]).toMatch(
      new RegExp(`^WooCommerce \\(woocommerce ${s.channel.id}\\): 2 listings, 2 figures read in 1 calls`),
    );
    expect(text.out[1]).toMatch(/1 match, 1 drifted \(1 queued to be set back\), 0 missing on the channel/);
    expect(text.stdout).toContain("Queued listings are pushed by the running app");

    // Set back by the running app meanwhile; the next run finds everything in step.
    await pushAll(t.db, s.shop.id, s.channel.id);
    expect(s.store.stock("PAN").stock_quantity).toBe(3);
    const json = await cli("sync", "reconcile", "--shop", s.shop.id, "--channel", s.channel.id, "--json");
    expect(json.code).toBe(0);
    const printed = JSON.parse(json.stdout) as { reports: Record<string, unknown>[]; failures: unknown[] };
    expect(printed.failures).toEqual([]);
    expect(printed.reports).toEqual([
      expect.objectContaining({ channelId: s.channel.id, status: "done", listings: 2, matched: 2, drifted: 0 }),
    ]);
  });

  it("only reaches a channel through its own shop", async () => {
    const mine = await wooInStep(t.db, sim, ["CUP"], { name: "cli-mine" });
    const theirs = await wooInStep(t.db, sim, ["JAR"], { name: "cli-theirs" });
    const result = await cli("sync", "reconcile", "--shop", mine.shop.id, "--channel", theirs.channel.id);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Channel ${theirs.channel.id} is not a channel of shop ${mine.shop.id}`);
    const channel = await t.db.channel.findUniqueOrThrow({ where: { id: theirs.channel.id } });
    expect((channel.settings as Record<string, unknown>).reconcile).toBeUndefined();
  });

  it("says why a channel could not be reconciled, with exit code 1", async () => {
    const s = await wooInStep(t.db, sim, ["MAT"], { name: "cli-off" });
    await t.db.channel.update({ where: { id: s.channel.id }, data: { status: "disconnected" } });
    const result = await cli("sync", "reconcile", "--shop", s.shop.id, "--channel", s.channel.id);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not reconciled: WooCommerce is disconnected, not connected/);
  });
});
