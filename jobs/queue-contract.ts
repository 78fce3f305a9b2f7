// Behaviour every JobQueue driver must share, so handlers written against one run unchanged on the other. Each
// driver's test file calls describeQueueContract with a factory for fresh, isolated queues.
import { afterEach, describe, expect, it } from "vitest";
import { type FailedJobListener, type JobQueue, type LoggerLike } from "./queue.ts";
import { pollUntil, sleep } from "./timing.ts";

type Failure = Parameters<FailedJobListener>[0];

export const silentLogger: LoggerLike = { info: () => {}, warn: () => {}, error: () => {} };

// Generous: these are upper bounds for a loaded CI machine, not expected durations.
const WAIT_MS = 15_000;

function waitFor(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  return pollUntil(check, { timeoutMs: WAIT_MS, describe: () => what });
}

function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

export function describeQueueContract(label: string, makeQueue: () => Promise<JobQueue>): void {
  describe(label, () => {
    const queues: JobQueue[] = [];

    async function newQueue(): Promise<JobQueue> {
      const queue = await makeQueue();
      queues.push(queue);
      return queue;
    }

    afterEach(async () => {
      await Promise.all(queues.splice(0).map((queue) => queue.close()));
    });

    it("passes a JSON copy of the payload and a context to the handler", async () => {
      const queue = await newQueue();
      const seen: { payload: { orderId: string; lines: number[] }; jobId: string; attempt: number; name: string }[] =
        [];
      queue.register<{ orderId: string; lines: number[] }>("sync-order", async (payload, ctx) => {
        seen.push({ payload, ...ctx });
      });
      await queue.startWorkers({ concurrency: 1 });

      const payload = { orderId: "A-1", lines: [1, 2] };
      await queue.enqueue("sync-order", payload, { jobId: "order-A-1" });
      payload.lines.push(3);
      await queue.enqueue("sync-order", { orderId: "A-2", lines: [] });
      await waitFor(() => seen.length === 2, "both jobs to run");

      expect(seen.find((run) => run.payload.orderId === "A-1")).toEqual({
        payload: { orderId: "A-1", lines: [1, 2] },
        jobId: "order-A-1",
        attempt: 1,
        name: "sync-order",
      });
      const generated = seen.find((run) => run.payload.orderId === "A-2");
      expect(generated?.jobId).toMatch(/.+/);
      expect(generated?.jobId).not.toBe("order-A-1");
    });

    it("only stores jobs until startWorkers", async () => {
      const queue = await newQueue();
      let runs = 0;
      queue.register("stored", async () => {
        runs += 1;
      });
      await queue.enqueue("stored", { n: 1 });
      expect(await queue.stats()).toMatchObject({ waiting: 1, active: 0, completed: 0 });
      expect(runs).toBe(0);

      await queue.startWorkers({ concurrency: 1 });
      await waitFor(() => runs === 1, "the stored job to run");
    });

    it("retries a failing job with increasing attempt numbers until it succeeds", async () => {
      const queue = await newQueue();
      const attempts: number[] = [];
      let succeeded = false;
      const failures: Failure[] = [];
      queue.onFinalFailure((failure) => {
        failures.push(failure);
      });
      queue.register("flaky", async (_payload, ctx) => {
        attempts.push(ctx.attempt);
        if (ctx.attempt < 3) throw new Error(`temporary failure ${ctx.attempt}`);
        succeeded = true;
      });
      await queue.startWorkers({ concurrency: 1 });

      await queue.enqueue("flaky", {}, { attempts: 5, backoffMs: 10 });
      await waitFor(() => succeeded, "the third attempt to succeed");
      await queue.drain(WAIT_MS);

      expect(attempts).toEqual([1, 2, 3]);
      expect(failures).toEqual([]);
      expect(await queue.stats()).toMatchObject({ completed: 1, failed: 0 });
    });

    it("reports a final failure exactly once, after the last attempt, even if a listener throws", async () => {
      const queue = await newQueue();
      let calls = 0;
      const failures: Failure[] = [];
      queue.onFinalFailure(() => {
        throw new Error("a broken listener must not hide the failure from the others");
      });
      queue.onFinalFailure(async (failure) => {
        failures.push(failure);
      });
      queue.register("doomed", async (_payload, ctx) => {
        calls += 1;
        throw new Error(`boom on attempt ${ctx.attempt}`);
      });
      await queue.startWorkers({ concurrency: 2 });

      await queue.enqueue("doomed", { id: 7 }, { jobId: "doomed-7", attempts: 3, backoffMs: 10 });
      await waitFor(() => failures.length === 1, "the final failure to be reported");
      expect(await queue.stats()).toMatchObject({ failed: 1, completed: 0 });
      await queue.close();

      expect(calls).toBe(3);
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ name: "doomed", jobId: "doomed-7", payload: { id: 7 }, attempts: 3 });
      expect(failures[0]?.error).toBeInstanceOf(Error);
      expect(failures[0]?.error.message).toBe("boom on attempt 3");
    });

    it("ignores a jobId that is still pending and accepts it again once that job has finished", async () => {
      const queue = await newQueue();
      const runs: unknown[] = [];
      queue.register("dedupe", async (payload) => {
        runs.push(payload);
      });

      await queue.enqueue("dedupe", { n: 1 }, { jobId: "same" });
      await queue.enqueue("dedupe", { n: 2 }, { jobId: "same" });
      await queue.enqueue("dedupe", { n: 3 }, { jobId: "same", delayMs: 10 });
      await queue.enqueue("dedupe", { later: 1 }, { jobId: "later", delayMs: 60_000 });
      await queue.enqueue("dedupe", { later: 2 }, { jobId: "later", delayMs: 60_000 });
      expect(await queue.stats()).toMatchObject({ waiting: 1, delayed: 1 });

      await queue.startWorkers({ concurrency: 1 });
      await waitFor(() => runs.length === 1, "the deduplicated job to run");
      await queue.drain(WAIT_MS);
      expect(runs).toEqual([{ n: 1 }]);

      await queue.enqueue("dedupe", { n: 4 }, { jobId: "same" });
      await waitFor(() => runs.length === 2, "the finished jobId to be accepted again");
      expect(runs[1]).toEqual({ n: 4 });
    });

    it("does not run a delayed job before its delay has passed", async () => {
      const queue = await newQueue();
      const delayMs = 400;
      let ranAt = 0;
      queue.register("later", async () => {
        ranAt = Date.now();
      });
      await queue.startWorkers({ concurrency: 1 });

      const enqueuedAt = Date.now();
      await queue.enqueue("later", {}, { delayMs });
      await waitFor(() => ranAt > 0, "the delayed job to run");

      // A few ms of slack: timers may fire a millisecond early relative to Date.now().
      expect(ranAt - enqueuedAt).toBeGreaterThanOrEqual(delayMs - 5);
    });

    it("never runs more jobs at once than the concurrency allows", async () => {
      const queue = await newQueue();
      const release = gate();
      let inFlight = 0;
      let maxInFlight = 0;
      let finished = 0;
      queue.register("slow", async () => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await release.opened;
        inFlight -= 1;
        finished += 1;
      });
      await queue.startWorkers({ concurrency: 2 });

      await queue.enqueueMany(Array.from({ length: 6 }, (_, i) => ({ name: "slow", payload: { i } })));
      await waitFor(() => inFlight === 2, "two jobs to be in flight");
      // Gives a third job every chance to start if the cap were broken; with the cap it stays at two.
      await sleep(150);
      expect(inFlight).toBe(2);
      expect(await queue.stats()).toMatchObject({ active: 2, waiting: 4 });

      release.open();
      await waitFor(() => finished === 6, "all jobs to finish");
      expect(maxInFlight).toBe(2);
    });

    it("enqueueMany adds a batch of jobs, deduplicating jobIds within it", async () => {
      const queue = await newQueue();
      const runs: { name: string; payload: unknown }[] = [];
      queue.register("alpha", async (payload) => {
        runs.push({ name: "alpha", payload });
      });
      queue.register("beta", async (payload) => {
        runs.push({ name: "beta", payload });
      });

      await queue.enqueueMany<{ n: number }>([
        { name: "alpha", payload: { n: 1 } },
        { name: "beta", payload: { n: 2 }, options: { jobId: "beta-once" } },
        { name: "beta", payload: { n: 3 }, options: { jobId: "beta-once" } },
        { name: "alpha", payload: { n: 4 }, options: { delayMs: 10 } },
      ]);
      await queue.enqueueMany([]);
      await queue.startWorkers({ concurrency: 2 });
      await waitFor(() => runs.length === 3, "the batch to run");
      await queue.drain(WAIT_MS);

      expect(runs).toHaveLength(3);
      expect(runs).toEqual(
        expect.arrayContaining([
          { name: "alpha", payload: { n: 1 } },
          { name: "beta", payload: { n: 2 } },
          { name: "alpha", payload: { n: 4 } },
        ]),
      );
    });

    it("drain waits for waiting and running work but not for jobs delayed into the future", async () => {
      const queue = await newQueue();
      let finished = 0;
      queue.register("work", async () => {
        await sleep(20);
        finished += 1;
      });
      queue.register("someday", async () => {});

      await queue.enqueue("someday", {}, { delayMs: 60_000 });
      await queue.enqueueMany(Array.from({ length: 5 }, (_, i) => ({ name: "work", payload: { i } })));
      await queue.startWorkers({ concurrency: 2 });
      await queue.drain(WAIT_MS);

      expect(finished).toBe(5);
      expect(await queue.stats()).toMatchObject({ waiting: 0, active: 0, delayed: 1, completed: 5 });
    });

    it("drain rejects when the work cannot finish before the timeout", async () => {
      const queue = await newQueue();
      queue.register("stuck", async () => {});
      await queue.enqueue("stuck", {});
      await expect(queue.drain(100)).rejects.toThrow(/Timed out after 100 ms waiting for the queue to drain/);
    });

    it("stats counts jobs in every state", async () => {
      const queue = await newQueue();
      const release = gate();
      queue.register("ok", async () => {});
      queue.register("bad", async () => {
        throw new Error("always fails");
      });
      queue.register("held", () => release.opened);

      await queue.enqueue("ok", {});
      await queue.enqueue("ok", {});
      await queue.enqueue("bad", {}, { attempts: 1 });
      await queue.enqueue("ok", {}, { delayMs: 60_000 });
      expect(await queue.stats()).toEqual({ waiting: 3, active: 0, delayed: 1, failed: 0, completed: 0 });

      await queue.startWorkers({ concurrency: 2 });
      await queue.drain(WAIT_MS);
      expect(await queue.stats()).toEqual({ waiting: 0, active: 0, delayed: 1, failed: 1, completed: 2 });

      await queue.enqueue("held", {});
      await waitFor(async () => (await queue.stats()).active === 1, "the held job to be counted as active");
      release.open();
      await queue.drain(WAIT_MS);
      expect(await queue.stats()).toEqual({ waiting: 0, active: 0, delayed: 1, failed: 1, completed: 3 });
    });

    it("every() runs a job repeatedly with the latest interval and payload until the queue is closed", async () => {
      const queue = await newQueue();
      const payloads: unknown[] = [];
      queue.register("tick", async (payload) => {
        payloads.push(payload);
      });
      await queue.every("tick", 60_000, { version: 1 });
      await queue.every("tick", 100, { version: 2 });
      await queue.startWorkers({ concurrency: 1 });

      await waitFor(() => payloads.length >= 3, "three scheduled runs");
      expect(payloads.every((payload) => JSON.stringify(payload) === JSON.stringify({ version: 2 }))).toBe(true);

      await queue.close();
      const runsAtClose = payloads.length;
      // Nothing may run after close() resolves, however long we look.
      await sleep(300);
      expect(payloads.length).toBe(runsAtClose);
    });

    it("ends a job with no registered handler in a final failure without stopping the worker", async () => {
      const queue = await newQueue();
      const failures: Failure[] = [];
      let knownRuns = 0;
      queue.onFinalFailure((failure) => {
        failures.push(failure);
      });
      queue.register("known", async () => {
        knownRuns += 1;
      });
      await queue.startWorkers({ concurrency: 1 });

      await queue.enqueue("nobody-handles-this", { x: 1 }, { attempts: 3, backoffMs: 10 });
      await queue.enqueue("known", {});
      await waitFor(() => failures.length === 1 && knownRuns === 1, "the failure and the next job");
      await queue.enqueue("known", {});
      await waitFor(() => knownRuns === 2, "the worker to keep consuming");

      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ name: "nobody-handles-this", payload: { x: 1 }, attempts: 1 });
      expect(failures[0]?.error.message).toContain('No handler registered for job "nobody-handles-this"');
    });

    it("close() lets in-flight work finish and then refuses new work", async () => {
      const queue = await newQueue();
      const release = gate();
      let started = false;
      let finished = false;
      queue.register("long", async () => {
        started = true;
        await release.opened;
        finished = true;
      });
      await queue.startWorkers({ concurrency: 1 });
      await queue.enqueue("long", {});
      await waitFor(() => started, "the job to start");

      let closed = false;
      const closing = queue.close().then(() => {
        closed = true;
      });
      // However long we wait, close() cannot resolve while the handler is still blocked on the gate.
      await sleep(100);
      expect(closed).toBe(false);
      release.open();
      await closing;

      expect(finished).toBe(true);
      expect(await queue.ping()).toBe(false);
      await expect(queue.enqueue("long", {})).rejects.toThrow(/closed/);
      await queue.close();
    });

    it("guards its own lifecycle and rejects invalid options", async () => {
      const queue = await newQueue();
      expect(await queue.ping()).toBe(true);
      queue.register("once", async () => {});
      expect(() => queue.register("once", async () => {})).toThrow(/already registered/);
      await expect(queue.enqueue("once", {}, { attempts: 0 })).rejects.toThrow(/Invalid options for job "once"/);
      await expect(queue.enqueue("once", {}, { delayMs: Number.NaN })).rejects.toThrow(/Invalid options/);
      await expect(queue.enqueueMany([{ name: "once", payload: {}, options: { backoffMs: -1 } }])).rejects.toThrow(
        /Invalid options/,
      );
      await expect(queue.every("once", 0)).rejects.toThrow(/positive whole number/);
      await expect(queue.startWorkers({ concurrency: 0 })).rejects.toThrow(/positive whole number/);

      await queue.startWorkers({ concurrency: 1 });
      expect(() => queue.register("late", async () => {})).toThrow(/after startWorkers/);
      await expect(queue.startWorkers({ concurrency: 1 })).rejects.toThrow(/already started/);
      expect(await queue.stats()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 });
    });
  });
}
