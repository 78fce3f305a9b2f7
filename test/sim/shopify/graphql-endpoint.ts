import type { SimBucket } from "./bucket";
import type { Fault } from "./faults";
import { actualCost, MAX_QUERY_COST, requestedCost } from "./graphql/cost";
import { RequestError } from "./graphql/errors";
import { execute, prepare } from "./graphql/executor";
import type { ResolverEnv } from "./resolvers/env";
import { mutationRoot, queryRoot } from "./resolvers/root";

// One POST to /admin/api/<version>/graphql.json for a known, authenticated shop: cost check, execution, and the
// extensions.cost every answer carries.

export type GraphqlBody = { query?: unknown; variables?: unknown; operationName?: unknown };
export type GraphqlAnswer = { status: number; body: unknown; headers?: Record<string, string>; networkError?: true };
export type RequestLog = {
  shop: string;
  operationName: string | null;
  requestedCost: number | null;
  status: number;
  throttled: boolean;
  variables: unknown;
};

const json = (status: number, body: unknown, headers?: Record<string, string>): GraphqlAnswer => ({
  status,
  body,
  headers,
});

function throttled(bucket: SimBucket, requested: number) {
  return json(200, {
    errors: [
      {
        message: "Throttled",
        extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
      },
    ],
    extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
  });
}

export function answerGraphql(
  env: ResolverEnv,
  bucket: SimBucket,
  body: GraphqlBody,
  fault: Fault | undefined,
  log: (entry: RequestLog) => void,
): GraphqlAnswer {
  const record = (answer: GraphqlAnswer, operationName: string | null, cost: number | null) => {
    const isThrottled = JSON.stringify(answer.body ?? "").includes('"THROTTLED"');
    log({
      shop: env.shop.domain,
      operationName,
      requestedCost: cost,
      status: answer.status,
      throttled: isThrottled,
      variables: body.variables,
    });
    return answer;
  };
  if (typeof body.query !== "string" || body.query.trim() === "") {
    return record(json(400, { errors: { query: "Required parameter missing or invalid" } }), null, null);
  }
  if (fault?.kind === "http429") {
    const headers = { "retry-after": String(fault.retryAfterSeconds ?? 2) };
    return record(
      json(
        429,
        { errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." },
        headers,
      ),
      null,
      null,
    );
  }
  if (fault?.kind === "http5xx" && !fault.afterExecution) {
    const headers: Record<string, string> = fault.retryAfterSeconds
      ? { "retry-after": String(fault.retryAfterSeconds) }
      : {};
    return record(json(fault.status ?? 503, { errors: "Service Unavailable" }, headers), null, null);
  }
  if (fault?.kind === "network") return record({ status: 0, body: null, networkError: true }, null, null);
  let prepared;
  try {
    const variables =
      body.variables && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : {};
    prepared = prepare(body.query, variables, typeof body.operationName === "string" ? body.operationName : undefined);
  } catch (error) {
    if (error instanceof RequestError) return record(json(200, { errors: error.errors }), null, null);
    throw error;
  }
  const operationName = prepared.operation.name?.value ?? null;
  const requested = requestedCost(prepared);
  const cost = (actual: number | null) => ({
    requestedQueryCost: requested,
    actualQueryCost: actual,
    throttleStatus: bucket.status(),
  });
  if (requested > MAX_QUERY_COST) {
    const message = `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`;
    return record(
      json(200, {
        errors: [{ message, extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST } }],
        extensions: { cost: cost(null) },
      }),
      operationName,
      requested,
    );
  }
  if (fault?.kind === "throttled" || !bucket.tryCharge(requested))
    return record(throttled(bucket, requested), operationName, requested);
  const root = prepared.operation.operation === "mutation" ? mutationRoot(env) : queryRoot(env);
  const result = execute(prepared, root);
  const actual = actualCost(prepared, result.data);
  bucket.refund(requested - actual);
  if (fault?.kind === "http5xx")
    return record(json(fault.status ?? 502, { errors: "Bad Gateway" }), operationName, requested);
  const answer: Record<string, unknown> = result.data === null && result.errors.length > 0 ? {} : { data: result.data };
  if (result.errors.length > 0) answer.errors = result.errors;
  answer.extensions = { cost: cost(actual) };
  return record(json(200, answer), operationName, requested);
}
