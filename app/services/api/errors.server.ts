import { z } from "zod";
import { getLogger } from "../../logger.server";
import type { ApiErrorBody, ApiErrorCode } from "./schemas";

/** A client-facing failure: becomes `{"error":{"code","message","details"}}` with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Record<string, unknown> | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function invalidRequest(message: string, issues: z.core.$ZodIssue[] | IssueDetail[]): ApiError {
  return new ApiError(400, "invalid_request", message, { issues: issues.map(toIssueDetail) });
}

export function notFound(what: string): ApiError {
  return new ApiError(404, "not_found", `${what} not found`);
}

export function methodNotAllowed(allowed: string[]): ApiError {
  return new ApiError(
    405,
    "method_not_allowed",
    `Use ${allowed.join(" or ")} on this endpoint`,
    { allow: allowed },
    { Allow: allowed.join(", ") },
  );
}

type IssueDetail = { path: PropertyKey[]; message: string; code?: string };

function toIssueDetail(issue: IssueDetail) {
  return {
    path: issue.path.map((segment) => (typeof segment === "number" ? segment : String(segment))),
    message: issue.message,
    code: issue.code ?? "invalid",
  };
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

export function errorResponse(error: ApiError): Response {
  const body: ApiErrorBody = { error: { code: error.code, message: error.message, details: error.details } };
  return jsonResponse(body, error.status, error.headers);
}

/**
 * Runs an endpoint and turns whatever it throws into the error envelope. A ZodError that escapes is
 * the client's input failing a service's own schema, so it is a 400 too; anything else is our fault
 * and answers a 500 without internals.
 */
export async function handleApiErrors(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error);
    if (error instanceof z.ZodError) return errorResponse(invalidRequest("The request is invalid", error.issues));
    getLogger().error({ err: error }, "REST API request failed");
    return errorResponse(new ApiError(500, "internal_error", "Something went wrong on our side; retry later"));
  }
}
