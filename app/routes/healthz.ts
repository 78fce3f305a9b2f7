import { getConfig } from "../config.server";
import { getDb } from "../db.server";
import { getQueue } from "../queue.server";
import { checkHealth } from "../services/health.server";

export async function loader() {
  const health = await checkHealth(getDb(), getConfig().databaseProvider, getQueue());
  return Response.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
