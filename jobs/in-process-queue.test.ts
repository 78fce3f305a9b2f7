import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createInProcessQueue } from "./in-process-queue.ts";
import { createQueue } from "./index.server.ts";
import { describeQueueContract, silentLogger } from "./queue-contract.ts";

describeQueueContract("in-process driver", async () => createInProcessQueue({ logger: silentLogger }));

describe("in-process driver", () => {
  it("is what createQueue picks when no REDIS_URL is configured", async () => {
    const queue = createQueue({ REDIS_URL: undefined }, pino({ level: "silent" }));
    expect(queue.driver).toBe("in-process");
    await queue.close();
  });

  it("never keeps the process alive with its timers", async () => {
    const queueModule = fileURLToPath(new URL("./in-process-queue.ts", import.meta.url));
    const script = `
      const { createInProcessQueue } = await import(${JSON.stringify(queueModule)});
      const queue = createInProcessQueue();
      queue.register("tick", async () => {});
      await queue.every("tick", 60_000);
      await queue.enqueue("tick", {}, { delayMs: 60_000 });
      await queue.startWorkers({ concurrency: 1 });
    `;
    const started = Date.now();
    await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      timeout: 20_000,
    });
    // The process exited on its own, long before the 60 s timers would have fired.
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
