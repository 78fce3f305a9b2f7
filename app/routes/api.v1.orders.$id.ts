import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiEndpoint, rejectMethod } from "../services/api/endpoint.server";
import { jsonResponse, notFound } from "../services/api/errors.server";
import { getApiOrder } from "../services/api/orders.server";

export function loader({ request, params }: LoaderFunctionArgs) {
  return apiEndpoint(request, ["GET"], async ({ db, auth }) => {
    // Another shop's order answers exactly like one that does not exist.
    const order = params.id ? await getApiOrder(db, auth.shopId, params.id) : null;
    if (!order) throw notFound("Order");
    return jsonResponse({ data: order });
  });
}

export function action(_args: ActionFunctionArgs) {
  return rejectMethod(["GET"]);
}
