import type { ActionFunctionArgs } from "@remix-run/node";
import { rejectMethod } from "../services/api/endpoint.server";
import { jsonResponse } from "../services/api/errors.server";
import { openApiDocument } from "../services/api/openapi.server";

// Public: integrators read the contract before they have a key.
export function loader() {
  return jsonResponse(openApiDocument(), 200, { "Cache-Control": "public, max-age=300" });
}

export function action(_args: ActionFunctionArgs) {
  return rejectMethod(["GET"]);
}
