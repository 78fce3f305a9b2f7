import { afterEach, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../../jobs/in-process-queue";
import type { JobQueue } from "../../../jobs/queue";
import { DEFAULT_INBOX_RETRY, enqueueInboxEvents, INBOX_PROCESS_JOB } from "./enqueue.server";

// Found by drill:bad-input in scale-out: a batch hands an event back while the event's own job is still running (it
// found the event held by that batch and is about to end without processing it). The hand-back must not be swallowed
// by that running job's id, or the event waits for the recovery sweep.

const quietLogger = { info: () => {}, warn: () => {}, error: () => {} };

describe("queueing inbox events", () => {
  let queue: JobQueue | undefined;
  afterEach(async () => {
    await queue?.close();
  });

  it("queues an event once while its job runs, but a hand-back with `again` runs again", async () => {
    const runs: string[] = [];
    let started: () => void = () => {};
    let finish: () => void = () => {};
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    const firstMayFinish = new Promise<void>((resolve) => (finish = resolve));
    queue = createInProcessQueue({ logger: quietLogger });
    queue.register<{ inboxEventId: string }>(INBOX_PROCESS_JOB, async (payload, context) => {
      expect(payload.inboxEventId).toBe("evt-1");
      runs.push(context.jobId);
      if (runs.length === 1) {
        started();
        await firstMayFinish;
      }
    });
    await queue.startWorkers({ concurrency: 2 });

    await enqueueInboxEvents(queue, ["evt-1"], DEFAULT_INBOX_RETRY);
    await firstStarted;
    // While the event's job runs: the same id is swallowed, a hand-back is not.
    await enqueueInboxEvents(queue, ["evt-1"], DEFAULT_INBOX_RETRY);
    await enqueueInboxEvents(queue, ["evt-1"], DEFAULT_INBOX_RETRY, { again: true });
    finish();
    await queue.drain();

    expect(runs).toHaveLength(2);
    expect(runs[0]).toBe("evt-1");
    expect(runs[1]).toMatch(/^evt-1:again:/);
  });
});
