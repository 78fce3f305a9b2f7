// One HTTP request to a server under test on 127.0.0.1, resolved when the whole response has arrived.
import { request, type Agent } from "node:http";

export const BENCH_HOST = "127.0.0.1";

export type Target = { name: string; port: number };

export type PreparedRequest = { method: "GET" | "POST"; path: string; headers: Record<string, string>; body?: Buffer };

export type Outcome = { status: number } | { error: string };

export function send(
  agent: Agent | undefined,
  target: Target,
  prepared: PreparedRequest,
  timeoutMs: number,
  signal?: AbortSignal,
) {
  return new Promise<Outcome>((resolve) => {
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const headers = { ...prepared.headers, "content-length": String(prepared.body?.length ?? 0) };
    const req = request(
      { agent, host: BENCH_HOST, port: target.port, method: prepared.method, path: prepared.path, headers, signal },
      (res) => {
        res.on("error", (error) => settle({ error: error.message }));
        res.on("end", () => settle({ status: res.statusCode ?? 0 }));
        res.resume();
      },
    );
    // From the moment the request is made, so time queued in the agent counts too.
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on("close", () => clearTimeout(timer));
    req.on("error", (error) => settle({ error: error.message }));
    req.end(prepared.body);
  });
}
