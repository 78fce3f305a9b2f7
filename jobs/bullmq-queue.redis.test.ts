import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createBullmqQueue } from "./bullmq-queue.ts";
import { createQueue } from "./index.server.ts";
import { type JobQueue } from "./queue.ts";
import { describeQueueContract, silentLogger } from "./queue-contract.ts";

const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl) throw new Error("TEST_REDIS_URL is not set; run this suite with vitest.pg.config.ts");

const admin = new Redis(redisUrl, { maxRetriesPerRequest: null });
const created: { queue: JobQueue; prefix: string }[] = [];

// Every queue gets a random prefix, so tests (and parallel test files) never see each other's keys.
function newQueue(): JobQueue {
  const prefix = `cltest-${randomUUID()}`;
  const queue = createBullmqQueue({ redisUrl: redisUrl!, prefix, queueName: "contract", logger: silentLogger });
  created.push({ queue, prefix });
  return queue;
}

async function deleteKeys(prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await admin.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
    cursor = next;
    if (keys.length > 0) await admin.del(...keys);
  } while (cursor !== "0");
}

afterEach(async () => {
  for (const { queue, prefix } of created.splice(0)) {
    await queue.close();
    await deleteKeys(prefix);
  }
});

afterAll(async () => {
  await admin.quit();
});

describeQueueContract("BullMQ driver", async () => newQueue());

describe("BullMQ driver", () => {
  it("is what createQueue picks when REDIS_URL is configured", async () => {
    // createQueue uses the production prefix; only remove what this test itself creates there.
    const metaKey = "channelledger:jobs:meta";
    const metaExisted = (await admin.exists(metaKey)) === 1;
    const queue = createQueue({ REDIS_URL: redisUrl }, silentLogger);
    try {
      expect(queue.driver).toBe("bullmq");
      expect(await queue.ping()).toBe(true);
    } finally {
      await queue.close();
      if (!metaExisted) await admin.del(metaKey);
    }
  });

  it("keeps its keys under the configured prefix and cleans up with them", async () => {
    const queue = newQueue();
    await queue.enqueue("anything", { n: 1 });
    const prefix = created.at(-1)!.prefix;
    const keys = await admin.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.startsWith(`${prefix}:contract:`))).toBe(true);
  });

  it("reports an unreachable Redis as unhealthy instead of hanging", async () => {
    const queue = createBullmqQueue({ redisUrl: "redis://127.0.0.1:1", logger: silentLogger });
    expect(await queue.ping()).toBe(false);
    await queue.close();
  });
});
