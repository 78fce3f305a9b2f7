import { queryObject, validateArgs, type ArgSpec } from "./args";
import { authenticate, checkKeyPermission } from "./auth";
import { pickFields } from "./collection";
import { invalidJson, noRoute, notAllowed, WcError, type Permission } from "./errors";
import type { ApiKey } from "./keys";
import type { StoreHandle } from "./store-handle";
import { wpJsonResponse } from "./wire";

// The WordPress REST server in front of wc/v3, in its order: authenticate (errors are 401 before anything else), check
// the key's read/write permission, match a route (404 rest_no_route), validate the route's arguments (400
// rest_invalid_param), let the permission callback refuse anonymous requests (401), then run the handler.

export const READABLE = ["GET", "HEAD"] as const;
export const CREATABLE = ["POST"] as const;
export const EDITABLE = ["POST", "PUT", "PATCH"] as const;
export const DELETABLE = ["DELETE"] as const;

export type RouteContext = {
  store: StoreHandle;
  request: Request;
  url: URL;
  /** Capture groups of the route's path pattern (ids). */
  ids: number[];
  query: Record<string, unknown>;
  key: ApiKey;
  /** Query and body parameters merged, body winning, as WP_REST_Request::get_params() gives them. */
  input: () => Promise<Record<string, unknown>>;
};
export type RouteAnswer = { body: unknown; status?: number; headers?: Headers };
export type Route = {
  methods: readonly string[];
  path: RegExp;
  permission: Permission;
  args?: ArgSpec;
  handle: (c: RouteContext) => RouteAnswer | Promise<RouteAnswer>;
};

const BASIC_REALM =
  'Basic realm="WooCommerce API. Use a consumer key in the username field and a consumer secret in the password field."';

async function readBody(request: Request): Promise<Record<string, unknown>> {
  const text = await request.clone().text();
  if (!text) return {};
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return queryObject(new URLSearchParams(text));
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw invalidJson();
  }
}

function errorResponse(error: WcError, headers?: HeadersInit): Response {
  return wpJsonResponse(error.toBody(), error.rawData !== undefined ? 500 : error.status, headers);
}

function indexResponse(store: StoreHandle, route: string): Response {
  if (route === "/wc/v3")
    return wpJsonResponse({ namespace: "wc/v3", routes: {}, _links: { up: [{ href: `${store.url}/wp-json/` }] } });
  return wpJsonResponse({
    name: store.state.name,
    description: "Just another WooCommerce store",
    url: store.url,
    home: store.url,
    gmt_offset: String(store.state.utcOffsetMinutes / 60),
    timezone_string: "",
    namespaces: ["oembed/1.0", "wc/store/v1", "wc/v1", "wc/v2", "wc/v3", "wc-admin", "wc-analytics", "wp/v2"],
    authentication: [],
    routes: {},
  });
}

/** Answers a request under /wp-json for one store. `ssl` is whether the request reached the store over HTTPS. */
export async function serveRest(
  store: StoreHandle,
  routes: readonly Route[],
  request: Request,
  url: URL,
  ssl: boolean,
): Promise<Response> {
  const route = url.pathname.replace(/^\/wp-json/, "").replace(/\/$/, "") || "/";
  if (request.method === "GET" && (route === "/" || route === "/wc/v3")) return indexResponse(store, route);
  if (!route.startsWith("/wc/v3/")) return errorResponse(noRoute());
  try {
    const auth = await authenticate(request, url, {
      keys: store.state.keys,
      homeUrl: store.url,
      ssl,
      nowMs: store.ctx.clock.nowMs(),
    });
    if (auth.error) return errorResponse(auth.error, auth.basicChallenge ? { "WWW-Authenticate": BASIC_REALM } : {});
    if (auth.key) {
      const refused = checkKeyPermission(auth.key, request.method);
      if (refused) return errorResponse(refused);
      auth.key.lastAccess = store.ctx.clock.nowMs();
    }
    const path = route.slice("/wc/v3".length);
    const matched = routes
      .map((candidate) => ({ candidate, match: candidate.path.exec(path) }))
      .find(({ candidate, match }) => match && candidate.methods.includes(request.method));
    if (!matched) return errorResponse(noRoute());
    const { candidate, match } = matched;
    const query = queryObject(url.searchParams);
    if (candidate.args) validateArgs(candidate.args, query);
    if (!auth.key) return errorResponse(notAllowed(candidate.permission));
    let body: Promise<Record<string, unknown>> | undefined;
    const answer = await candidate.handle({
      store,
      request,
      url,
      ids: match!.slice(1).map(Number),
      query,
      key: auth.key,
      input: async () => ({ ...query, ...(await (body ??= readBody(request))) }),
    });
    const fields = typeof query._fields === "string" ? query._fields : undefined;
    return wpJsonResponse(pickFields(answer.body, fields), answer.status ?? 200, answer.headers);
  } catch (error) {
    if (error instanceof WcError) return errorResponse(error);
    throw error;
  }
}
