import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiEndpoint, parseQuery, rejectMethod } from "../services/api/endpoint.server";
import { jsonResponse } from "../services/api/errors.server";
import { listApiInventory } from "../services/api/inventory.server";
import { ApiInventoryQuerySchema } from "../services/api/schemas";

export function loader({ request }: LoaderFunctionArgs) {
  return apiEndpoint(request, ["GET"], async ({ db, auth, url }) =>
    jsonResponse(await listApiInventory(db, auth.shopId, parseQuery(ApiInventoryQuerySchema, url))),
  );
}

export function action(_args: ActionFunctionArgs) {
  return rejectMethod(["GET"]);
}
