import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiEndpoint, parseQuery, rejectMethod } from "../services/api/endpoint.server";
import { jsonResponse } from "../services/api/errors.server";
import { listApiOrders } from "../services/api/orders.server";
import { ApiOrderListQuerySchema } from "../services/api/schemas";

export function loader({ request }: LoaderFunctionArgs) {
  return apiEndpoint(request, ["GET"], async ({ db, auth, url }) =>
    jsonResponse(await listApiOrders(db, auth.shopId, parseQuery(ApiOrderListQuerySchema, url))),
  );
}

export function action(_args: ActionFunctionArgs) {
  return rejectMethod(["GET"]);
}
