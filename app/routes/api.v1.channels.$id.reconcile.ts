import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getQueue } from "../queue.server";
import { apiEndpoint } from "../services/api/endpoint.server";
import { jsonResponse } from "../services/api/errors.server";
import { getApiReconcile, queueApiReconcile } from "../services/api/reconcile.server";

// GET: the channel's last reconciliation report. POST: queue a reconciliation now (202); the report follows when it
// has run. No body and no Idempotency-Key: the channel's one job id already makes a repeated POST harmless.

export function loader({ request, params }: LoaderFunctionArgs) {
  return apiEndpoint(request, ["GET", "POST"], async ({ db, auth }) =>
    jsonResponse(await getApiReconcile(db, auth, params.id ?? "")),
  );
}

export function action({ request, params }: ActionFunctionArgs) {
  return apiEndpoint(request, ["GET", "POST"], async ({ db, auth }) =>
    jsonResponse(await queueApiReconcile(db, getQueue(), auth, params.id ?? ""), 202),
  );
}
