import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createAdjustment } from "../services/api/adjustments.server";
import { readJsonBody } from "../services/api/body.server";
import { apiEndpoint, rejectMethod } from "../services/api/endpoint.server";
import { invalidRequest } from "../services/api/errors.server";
import { idempotencyKeyOf, withIdempotency } from "../services/api/idempotency.server";
import { AdjustmentRequestSchema } from "../services/api/schemas";

export function loader(_args: LoaderFunctionArgs) {
  return rejectMethod(["POST"]);
}

export function action({ request }: ActionFunctionArgs) {
  return apiEndpoint(request, ["POST"], async ({ db, auth }) => {
    const { raw, json } = await readJsonBody(request);
    const body = AdjustmentRequestSchema.safeParse(json);
    if (!body.success) throw invalidRequest("The adjustment is invalid", body.error.issues);
    const key = idempotencyKeyOf(request);
    return withIdempotency(db, auth.shopId, key, raw, async () => ({
      status: 201,
      body: await createAdjustment(db, auth, body.data, key),
    }));
  });
}
