import type { z } from "zod";
import { dbReady, getDb, type Db } from "../../db.server";
import { authenticateApiRequest, type ApiAuth } from "./auth.server";
import { handleApiErrors, invalidRequest, methodNotAllowed } from "./errors.server";

export type ApiContext = { db: Db; auth: ApiAuth; request: Request; url: URL };

/**
 * The frame of every authenticated endpoint: method check, API key, then the handler, with every
 * failure answered in the error envelope. Routes stay one call deep.
 */
export function apiEndpoint(
  request: Request,
  methods: string[],
  run: (context: ApiContext) => Promise<Response>,
): Promise<Response> {
  return handleApiErrors(async () => {
    assertMethod(request, methods);
    await dbReady();
    const db = getDb();
    const auth = await authenticateApiRequest(db, request);
    return run({ db, auth, request, url: new URL(request.url) });
  });
}

/** For the methods a route does not serve (Remix sends them to the action or the loader). */
export function rejectMethod(methods: string[]): Promise<Response> {
  return handleApiErrors(async () => {
    throw methodNotAllowed(methods);
  });
}

function assertMethod(request: Request, methods: string[]) {
  const method = request.method.toUpperCase();
  if (methods.includes(method) || (method === "HEAD" && methods.includes("GET"))) return;
  throw methodNotAllowed(methods);
}

/** Parses the query string; a repeated parameter counts with its last value. */
export function parseQuery<Schema extends z.ZodType>(schema: Schema, url: URL): z.output<Schema> {
  const result = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!result.success) throw invalidRequest("The query parameters are invalid", result.error.issues);
  return result.data;
}
