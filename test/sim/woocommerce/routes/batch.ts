import { WcError } from "../errors";
import type { RouteAnswer } from "../rest";

// WC_REST_Controller::batch_items: at most 100 items across create, update and delete (413 otherwise), HTTP 200 with
// a per-item result that is either the resource or {id, error:{code, message, data}}. Only update is modelled; create
// and delete items answer a per-item error saying so.

export const BATCH_LIMIT = 100;

type BatchOps = {
  update: (item: Record<string, unknown>) => unknown;
};

const itemError = (id: unknown, error: WcError) => ({
  id,
  error: { code: error.code, message: error.message, data: error.rawData ?? { status: error.status, ...error.extra } },
});

const notModelled = (what: string) =>
  new WcError("sim_not_modelled", `The simulated store does not model batch ${what}.`, 501);

export function runBatch(input: Record<string, unknown>, ops: BatchOps): RouteAnswer {
  const lists: Record<string, unknown[]> = {};
  for (const name of ["create", "update", "delete"] as const) {
    const value = input[name];
    if (value === undefined || value === null || value === "") continue;
    if (!Array.isArray(value))
      throw new WcError("rest_invalid_param", `Invalid parameter(s): ${name}`, 400, {
        params: { [name]: `${name} is not of type array.` },
      });
    if (value.length) lists[name] = value; // array_filter drops empty lists
  }
  const total = Object.values(lists).reduce((sum, list) => sum + list.length, 0);
  if (total > BATCH_LIMIT)
    throw new WcError(
      "woocommerce_rest_request_entity_too_large",
      `Unable to accept more than ${BATCH_LIMIT} items for this request.`,
      413,
    );
  const body: Record<string, unknown[]> = {};
  if (lists.create) body.create = lists.create.map(() => itemError(0, notModelled("create")));
  if (lists.update)
    body.update = lists.update.map((raw) => {
      const item = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
      try {
        return ops.update(item);
      } catch (error) {
        if (error instanceof WcError) return itemError(item.id ?? null, error);
        throw error;
      }
    });
  if (lists.delete) body.delete = lists.delete.map((id) => itemError(Number(id), notModelled("delete")));
  return { body };
}
