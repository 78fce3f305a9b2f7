// Open-loop load: requests go out on a fixed schedule whether or not earlier ones were answered, and each latency
// runs from the request's scheduled send time, so time spent queueing (in the client or the server) is not hidden.
import { setMaxListeners } from "node:events";
import { Agent } from "node:http";
import { performance } from "node:perf_hooks";
import { send, type PreparedRequest, type Target } from "./http-client.ts";
import { LoadRecorder, type LoadRun } from "./load-result.ts";
import { summarize } from "./stats.ts";

export type OpenLoopOptions = {
  rate: number;
  durationMs: number;
  /** Built before the run starts, so the generator only sends while it measures. */
  requests: PreparedRequest[];
  maxSockets: number;
  timeoutMs: number;
};

/** How late the generator itself sent (ms); a large figure means the client, not the server, fell behind. */
export type OpenLoopRun = LoadRun & { rateTarget: number; sendLag: { p99: number; max: number } };

export function openLoopCount(rate: number, durationMs: number): number {
  return Math.round((rate * durationMs) / 1000);
}

export async function runOpenLoop(target: Target, options: OpenLoopOptions): Promise<OpenLoopRun> {
  const count = openLoopCount(options.rate, options.durationMs);
  if (options.requests.length < count) throw new Error(`open loop needs ${count} requests`);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets });
  const abort = new AbortController();
  setMaxListeners(count + 16, abort.signal); // one listener per request in flight
  const recorder = new LoadRecorder();
  const sendLags: number[] = [];
  const interval = 1000 / options.rate;
  const start = performance.now() + 20;
  let lastAnswer = start;
  let outstanding = 0;
  let next = 0;

  const finished = new Promise<void>((resolve) => {
    const fire = (index: number) => {
      const scheduled = start + index * interval;
      sendLags.push(performance.now() - scheduled);
      recorder.sent += 1;
      outstanding += 1;
      void send(agent, target, options.requests[index]!, options.timeoutMs, abort.signal).then((outcome) => {
        const now = performance.now();
        if ("status" in outcome) lastAnswer = Math.max(lastAnswer, now);
        recorder.record(outcome, now - scheduled);
        outstanding -= 1;
        if (next >= count && outstanding === 0) resolve();
      });
    };
    const tick = () => {
      const now = performance.now();
      while (next < count && start + next * interval <= now) fire(next++);
      if (next < count) setTimeout(tick, Math.max(0, start + next * interval - performance.now() - 0.5));
    };
    setTimeout(tick, 0);
  });

  // Bounded: whatever is unanswered a timeout after the last send is aborted and counted as an error.
  const graceMs = options.durationMs + options.timeoutMs + 2_000;
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      abort.abort(new Error("still unanswered when the run ended"));
      resolve();
    }, graceMs);
  });
  await Promise.race([finished, grace]);
  clearTimeout(timer);
  agent.destroy();
  const lag = summarize(sendLags);
  return {
    ...recorder.result(lastAnswer - start),
    rateTarget: options.rate,
    sendLag: { p99: lag.p99, max: lag.max },
  };
}
