import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readJsonBody } from "../services/api/body.server";
import { apiEndpoint, rejectMethod } from "../services/api/endpoint.server";
import { invalidRequest } from "../services/api/errors.server";
import { idempotencyKeyOf, withIdempotency } from "../services/api/idempotency.server";
import { ReturnRequestSchema } from "../services/api/order-action-schemas";
import { createApiReturn } from "../services/api/order-actions.server";

export function loader(_args: LoaderFunctionArgs) {
  return rejectMethod(["POST"]);
}

export function action({ request, params }: ActionFunctionArgs) {
  return apiEndpoint(request, ["POST"], async ({ db, auth, url }) => {
    const { raw, json } = await readJsonBody(request);
    const body = ReturnRequestSchema.safeParse(json);
    if (!body.success) throw invalidRequest("The return is invalid", body.error.issues);
    // The path is part of what a key stands for: the same body for another order is another request.
    return withIdempotency(db, auth.shopId, idempotencyKeyOf(request), `${url.pathname}\n${raw}`, async () => ({
      status: 201,
      body: await createApiReturn(db, auth, params.id ?? "", body.data),
    }));
  });
}
