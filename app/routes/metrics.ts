import type { LoaderFunctionArgs } from "@remix-run/node";
import { getConfig } from "../config.server";
import { getDb } from "../db.server";
import { getQueue } from "../queue.server";
import { EXPOSITION_CONTENT_TYPE, metricsTokenMatches, renderMetrics } from "../services/metrics/metrics.server";

// Prometheus scrapes this with `Authorization: Bearer <METRICS_TOKEN>`. Without a token configured the route does not
// exist as far as anyone can tell; METRICS_PORT serves the same page on a separate listener without a token.

export async function loader({ request }: LoaderFunctionArgs) {
  const token = getConfig().METRICS_TOKEN;
  if (token === undefined) return new Response("Not Found", { status: 404 });
  if (!metricsTokenMatches(request.headers.get("Authorization"), token)) {
    return new Response("Unauthorized", { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } });
  }
  return new Response(await renderMetrics(getDb(), getQueue()), {
    headers: { "Content-Type": EXPOSITION_CONTENT_TYPE, "Cache-Control": "no-store" },
  });
}
