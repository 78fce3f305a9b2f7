import { bulkOutputUrl } from "./bulk-http";
import { bulkOperationsOf, type SimBulkOperation } from "./bulk-operations";
import { checkBulkQuery, runBulkQuery } from "./bulk-query";
import { gid, idOf } from "./gid";
import type { SimObject } from "./graphql/collect";
import { FieldError } from "./graphql/errors";
import { versionAtLeast, type ResolverEnv } from "./resolvers/env";

// BulkOperation in the Admin API: bulkOperationRunQuery and bulkOperationCancel, currentBulkOperation, node(id:), and
// bulkOperation(id:) from 2026-01. From 2026-01 an app may run five bulk queries at once on a shop; before, one
// (shared/reference/shopify.md §5; Shopify's bulk operations guide). Bulk mutations are not simulated.

/** Bulk queries an app may run at once on one shop, by API version. */
export const bulkQueryLimit = (apiVersion: string) => (versionAtLeast(apiVersion, "2026-01") ? 5 : 1);

const origin = (env: ResolverEnv) => env.origin ?? `https://${env.shop.domain}`;

export function bulkOperationView(env: ResolverEnv, operation: SimBulkOperation): SimObject {
  const { result } = operation;
  const url = bulkOutputUrl(origin(env), env.shop.domain, operation, "final");
  return {
    __typename: "BulkOperation",
    __implements: ["Node"],
    id: gid("BulkOperation", operation.id),
    type: operation.type,
    status: operation.status,
    errorCode: operation.errorCode,
    query: operation.query,
    createdAt: operation.createdAt,
    completedAt: operation.completedAt,
    // UnsignedInt64 travels as a string. The counts are known once the operation has run.
    objectCount: String(result?.objectCount ?? 0),
    rootObjectCount: String(result?.rootObjectCount ?? 0),
    fileSize: url && result ? String(result.lines.reduce((size, line) => size + Buffer.byteLength(line) + 1, 0)) : null,
    url,
    partialDataUrl: bulkOutputUrl(origin(env), env.shop.domain, operation, "partial"),
  };
}

const userError = (message: string, code: string | null, field: string[] | null = null) => ({
  __typename: "BulkOperationUserError",
  field,
  message,
  code,
});

const payload = (typename: string, bulkOperation: SimObject | null, userErrors: object[]) => ({
  __typename: typename,
  bulkOperation,
  userErrors,
});

export function bulkQueries(env: ResolverEnv): Record<string, unknown> {
  const operations = bulkOperationsOf(env);
  const byId = (id: unknown) => {
    const operation = operations.get(idOf(id, "BulkOperation") ?? -1);
    return operation ? bulkOperationView(env, operation) : null;
  };
  const fields: Record<string, unknown> = {
    currentBulkOperation: ({ type }: { type?: unknown }) => {
      if (type === "MUTATION") return null;
      const current = operations.current();
      return current ? bulkOperationView(env, current) : null;
    },
    node: ({ id }: { id?: unknown }) => {
      if (idOf(id, "BulkOperation") === undefined) {
        throw new FieldError(`The simulator answers node(id:) for BulkOperation ids only, not ${String(id)}`);
      }
      return byId(id);
    },
  };
  if (versionAtLeast(env.apiVersion, "2026-01")) fields.bulkOperation = ({ id }: { id?: unknown }) => byId(id);
  return fields;
}

/** `queryRoot` builds the QueryRoot the bulk query runs against. */
export function bulkMutations(env: ResolverEnv, queryRoot: () => SimObject): Record<string, unknown> {
  const operations = bulkOperationsOf(env);
  return {
    bulkOperationRunQuery: ({ query, groupObjects }: { query?: unknown; groupObjects?: unknown }) => {
      const typename = "BulkOperationRunQueryPayload";
      if (typeof query !== "string") throw new FieldError("Argument 'query' is required", { code: "missingRequired" });
      const limit = bulkQueryLimit(env.apiVersion);
      const active = operations.active();
      if (active.length >= limit) {
        const error =
          limit === 1
            ? userError(
                `A bulk query operation for this app and shop is already in progress: ${gid("BulkOperation", active[0]!.id)}.`,
                "OPERATION_IN_PROGRESS",
              )
            : userError("Bulk operations limit reached. Please try again later.", "LIMIT_REACHED");
        return payload(typename, null, [error]);
      }
      const checked = checkBulkQuery(query, queryRoot());
      if ("error" in checked) return payload(typename, null, [userError(checked.error, "INVALID", ["query"])]);
      // groupObjects defaults to false from 2026-01 (true before).
      const group = typeof groupObjects === "boolean" ? groupObjects : !versionAtLeast(env.apiVersion, "2026-01");
      const operation = operations.start(query, () => runBulkQuery(checked, queryRoot(), group));
      return payload(typename, bulkOperationView(env, operation), []);
    },
    bulkOperationCancel: ({ id }: { id?: unknown }) => {
      const typename = "BulkOperationCancelPayload";
      const operation = operations.get(idOf(id, "BulkOperation") ?? -1);
      if (!operation) return payload(typename, null, [userError("Bulk operation does not exist", null, ["id"])]);
      if (!["CREATED", "RUNNING"].includes(operation.status)) {
        const message = `A bulk operation cannot be canceled when it is ${operation.status.toLowerCase()}`;
        return payload(typename, bulkOperationView(env, operation), [userError(message, null, ["id"])]);
      }
      operations.cancel(operation);
      return payload(typename, bulkOperationView(env, operation), []);
    },
  };
}
