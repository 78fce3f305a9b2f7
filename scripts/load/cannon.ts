import autocannon from "autocannon";
import { requestBuilder, type CannonJob, type CannonResult } from "./cannon-job.ts";

// The load generator: a child process of `npm run load` that runs one autocannon instance (its programmatic API) per
// job it is sent over IPC and answers with the figures. It runs apart from the load process so the requests are
// generated on their own event loop: the load process also runs the scale-out balancer and both simulated stores,
// and sharing one loop with them would delay autocannon's sends and timers and count that delay as app latency.

const REQUEST_TIMEOUT_SECONDS = 10;

async function runJob(job: CannonJob): Promise<CannonResult> {
  const builder = requestBuilder(job.requests, job.firstSeq, job.spreadDays);
  const cpuBefore = process.cpuUsage();
  const options: autocannon.Options = {
    // autocannon takes several URLs (connections spread over them); its types only know one.
    url: (job.urls.length === 1 ? job.urls[0]! : job.urls) as string,
    connections: job.connections,
    timeout: REQUEST_TIMEOUT_SECONDS,
    ...(job.amount !== undefined ? { amount: job.amount } : { duration: job.durationSeconds ?? 10 }),
    requests: [
      {
        setupRequest: (request) => {
          const next = builder.next();
          return { ...request, method: next.method, path: next.path, headers: next.headers, body: next.body };
        },
      },
    ],
  };
  const result = await autocannon(options);
  const cpu = process.cpuUsage(cpuBefore);
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
  );
  const ok = result["2xx"];
  return {
    durationSeconds: result.duration,
    responses: ok + result.non2xx,
    ok,
    non2xx: result.non2xx,
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    okPerSecond: result.duration > 0 ? ok / result.duration : 0,
    latencyMs: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    issued: builder.issued(),
    meanBodyBytes: builder.meanBodyBytes(),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

process.on("message", (message: CannonJob) => {
  runJob(message).then(
    (result) => process.send?.({ ok: true, result }),
    (error: unknown) => process.send?.({ ok: false, error: error instanceof Error ? error.stack : String(error) }),
  );
});
process.on("disconnect", () => process.exit(0));
process.send?.({ ready: true });
