// Closed-loop load: a fixed number of connections, each sending its next request as soon as the previous one is
// answered. It finds the most a server sustains; stops at the deadline or when the requests run out.
import { Agent } from "node:http";
import { performance } from "node:perf_hooks";
import { send, type PreparedRequest, type Target } from "./http-client.ts";
import { LoadRecorder, type LoadRun } from "./load-result.ts";

export type ClosedLoopOptions = {
  connections: number;
  /** No request starts after this. */
  durationMs: number;
  /** The next request to send, or undefined when there are no more. */
  next: () => PreparedRequest | undefined;
  /** Hard bound on the number of requests, whatever the duration. */
  maxRequests: number;
  timeoutMs: number;
};

export type ClosedLoopRun = LoadRun & { startedAt: number; lastAnswerAt: number };

export async function runClosedLoop(target: Target, options: ClosedLoopOptions): Promise<ClosedLoopRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const recorder = new LoadRecorder();
  const start = performance.now();
  const deadline = start + options.durationMs;
  let lastAnswer = start;

  const worker = async () => {
    while (performance.now() < deadline && recorder.sent < options.maxRequests) {
      const prepared = options.next();
      if (!prepared) return;
      recorder.sent += 1;
      const sentAt = performance.now();
      const outcome = await send(agent, target, prepared, options.timeoutMs);
      const now = performance.now();
      if ("status" in outcome) lastAnswer = Math.max(lastAnswer, now);
      recorder.record(outcome, now - sentAt);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  agent.destroy();
  return { ...recorder.result(lastAnswer - start), startedAt: start, lastAnswerAt: lastAnswer };
}
