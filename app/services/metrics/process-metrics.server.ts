import type { Metric } from "./exposition";

// The process metrics a scraper expects from any Node service, under prom-client's names so existing dashboards fit.
// All are read on the spot; nothing runs between scrapes.

/** How long a callback queued now waits for the event loop: a busy loop delays every request the same way. */
function eventLoopLagSeconds(): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => setImmediate(() => resolve(Number(process.hrtime.bigint() - started) / 1e9)));
}

export async function processMetrics(): Promise<Metric[]> {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const lag = await eventLoopLagSeconds();
  const gauge = (name: string, help: string, value: number): Metric => ({
    name,
    help,
    type: "gauge",
    samples: [{ value }],
  });
  return [
    {
      name: "process_cpu_seconds_total",
      help: "Total user and system CPU time spent in seconds.",
      type: "counter",
      samples: [{ value: (cpu.user + cpu.system) / 1e6 }],
    },
    gauge("process_resident_memory_bytes", "Resident memory size in bytes.", memory.rss),
    gauge(
      "process_start_time_seconds",
      "Start time of the process since unix epoch in seconds.",
      Math.round(Date.now() / 1000 - process.uptime()),
    ),
    gauge("nodejs_heap_size_used_bytes", "Process heap size used from Node.js in bytes.", memory.heapUsed),
    gauge("nodejs_heap_size_total_bytes", "Process heap size from Node.js in bytes.", memory.heapTotal),
    gauge("nodejs_eventloop_lag_seconds", "Lag of event loop in seconds.", lag),
  ];
}
