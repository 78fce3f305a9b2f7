import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { makeShop } from "../../../test/support/ledger-fixtures.ts";
import { createInProcessQueue } from "../../../jobs/in-process-queue";
import { CommandRefusedError, registerCommander, type CommandContext } from "./commanders";
import { COMMAND_JOB, COMMAND_SWEEP_JOB, enqueueCommand, registerCommandJobs } from "./jobs.server";
import { recordCommand } from "./record-command.server";
import { COMMAND_MAX_ATTEMPTS, commandKey, retryDeadCommand, runCommand } from "./run-command.server";

// A channel kind of this test's own: its handler answers from a script, so every path of the runner is reachable.
const KIND = "scripted";
let script: ((context: CommandContext) => Promise<Record<string, unknown>>)[] = [];
const seen: CommandContext[] = [];
registerCommander({
  kind: KIND,
  handlers: {
    "order.cancel": async (context) => {
      seen.push(context);
      const next = script.shift();
      if (!next) throw new Error("no scripted answer left");
      return next(context);
    },
  },
});

const CANCEL = { reason: "customer", restock: true, refund: false, notifyCustomer: false } as const;

describe("channel commands", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t.drop());

  async function setup(status = "connected") {
    const { shop, channels } = await makeShop(t.db, { channels: [KIND] });
    const [made] = channels;
    if (!made) throw new Error("makeShop made no channel");
    await t.db.channel.update({ where: { id: made.id }, data: { status } });
    const channel = { id: made.id, shopId: shop.id, kind: KIND, status };
    return { shop, channel };
  }

  async function record(channel: Awaited<ReturnType<typeof setup>>["channel"]) {
    return recordCommand(t.db, { channel, kind: "order.cancel", orderId: null, subjectId: "order-1", payload: CANCEL });
  }

  it("runs a command once with a key that stays the same across attempts, and keeps the channel's answer", async () => {
    const { channel } = await setup();
    const { id, state } = await record(channel);
    expect(state).toBe("pending");
    seen.length = 0;
    script = [
      async () => {
        throw new Error("HTTP 503");
      },
      async () => ({ jobId: "gid://shopify/Job/1" }),
    ];
    const first = await runCommand(t.db, id, { backoffMs: 1 });
    expect(first.state).toBe("pending");
    // Not due before its retry time.
    expect((await runCommand(t.db, id, { now: new Date(Date.now() - 60_000) })).state).toBe("not_due");
    const second = await runCommand(t.db, id, { now: new Date(Date.now() + 60_000) });
    expect(second).toEqual({ state: "done", result: { jobId: "gid://shopify/Job/1" } });
    expect(seen.map((context) => context.idempotencyKey)).toEqual([commandKey(id), commandKey(id)]);
    const row = await t.db.channelCommand.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      state: "done",
      attempts: 2,
      lastError: null,
      result: { jobId: "gid://shopify/Job/1" },
    });
    // Done is final: running it again does nothing.
    expect((await runCommand(t.db, id)).state).toBe("not_due");
  });

  it("parks a refused command at once, and a retry gives it a fresh set of attempts", async () => {
    const { shop, channel } = await setup();
    const { id } = await record(channel);
    script = [
      async () => {
        throw new CommandRefusedError("Order cannot be cancelled: it has fulfilments");
      },
    ];
    expect(await runCommand(t.db, id)).toEqual({
      state: "dead",
      error: "Order cannot be cancelled: it has fulfilments",
    });
    // Another shop cannot retry it.
    expect(await retryDeadCommand(t.db, "another-shop", id)).toBe(false);
    seen.length = 0;
    expect(await retryDeadCommand(t.db, shop.id, id)).toBe(true);
    script = [async () => ({ ok: true })];
    expect((await runCommand(t.db, id)).state).toBe("done");
    // The channel would replay its refusal for the old key: the retry is a new intent with a new key.
    expect(seen.map((context) => context.idempotencyKey)).toEqual([commandKey(id, 1)]);
    expect(commandKey(id, 1)).not.toBe(commandKey(id));
  });

  it("parks a command after its last failed attempt", async () => {
    const { channel } = await setup();
    const { id } = await record(channel);
    script = Array.from({ length: COMMAND_MAX_ATTEMPTS }, () => async () => {
      throw new Error("timeout");
    });
    let last;
    for (let attempt = 0; attempt < COMMAND_MAX_ATTEMPTS; attempt++) {
      last = await runCommand(t.db, id, { now: new Date(Date.now() + 86_400_000 * (attempt + 1)), backoffMs: 1 });
    }
    expect(last).toEqual({ state: "dead", error: "timeout" });
  });

  it("skips commands for channels that are not connected, saying why", async () => {
    const { channel } = await setup("demo");
    const { id, state } = await record(channel);
    expect(state).toBe("skipped");
    const row = await t.db.channelCommand.findUniqueOrThrow({ where: { id } });
    expect(row.lastError).toBe("the channel is demo");
  });

  it("jobs run recorded commands, retry them at their time, and the sweep finds what a crash left behind", async () => {
    const { channel } = await setup();
    const queue = createInProcessQueue({ logger: { info() {}, warn() {}, error() {} } });
    registerCommandJobs(queue, { db: () => t.db, backoffMs: 1, logger: { info() {}, warn() {}, error() {} } });
    await queue.startWorkers({ concurrency: 2 });
    try {
      const { id } = await record(channel);
      script = [
        async () => {
          throw new Error("HTTP 502");
        },
        async () => ({ retried: true }),
      ];
      await enqueueCommand(queue, id);
      await expect
        .poll(async () => (await t.db.channelCommand.findUniqueOrThrow({ where: { id } })).state)
        .toBe("done");

      // A process died while running this one: the sweep hands it out again once it is stale.
      const crashed = await record(channel);
      await t.db.channelCommand.update({
        where: { id: crashed.id },
        data: { state: "running", attempts: 1, updatedAt: new Date(Date.now() - 3_600_000) },
      });
      script = [async () => ({ recovered: true })];
      await queue.enqueue(COMMAND_SWEEP_JOB, {});
      await expect
        .poll(async () => (await t.db.channelCommand.findUniqueOrThrow({ where: { id: crashed.id } })).state)
        .toBe("done");
      expect(COMMAND_JOB).toBe("channel.command");
    } finally {
      await queue.close();
    }
  });
});
