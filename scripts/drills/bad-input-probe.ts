import type { Handler } from "./support/routes.ts";

// One request of a drill's corpus and what the app answered. Shared by drill:bad-input and drill:tenants: each probe
// names the route module and handler it is aimed at (for the coverage check), the kind of input it carries, the
// principal it acts as (added when it is sent, so session tokens are always fresh) and the statuses that fit.

export const BROWSER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

export type Principal = "none" | "api" | "embedded" | "operator";

export type Probe = {
  route: string;
  handler: Handler;
  kind: string;
  method: string;
  path: string;
  as?: Principal;
  headers?: Record<string, string>;
  /** Strings are sent as UTF-8 bytes: fetch adds no Content-Type of its own, so a probe controls it. */
  body?: string | Uint8Array | (() => ReadableStream<Uint8Array>);
  expect: readonly number[];
  /** A signed webhook the app should store, and what processing should make of it (ADR 0007). */
  stored?: { source: string; eventId: string; outcome: "quarantined" | "ignored" };
};

export type ProbeResult = {
  probe: Probe;
  status: number;
  ms: number;
  contentType: string;
  body: string;
  /** The Location header of a redirect. */
  location?: string;
  retried?: boolean;
};

export type Credentials = {
  apiKey: string;
  /** A fresh Shopify session token (embedded admin) for the drill's shop. */
  sessionToken: () => string;
  operatorCookie: string;
};

const KEEP_BODY = 200_000;

function principalHeaders(as: Principal | undefined, credentials: Credentials): Record<string, string> {
  if (as === "api") return { authorization: `Bearer ${credentials.apiKey}` };
  if (as === "embedded") return { authorization: `Bearer ${credentials.sessionToken()}` };
  if (as === "operator") return { cookie: credentials.operatorCookie };
  return {};
}

/**
 * Sends one probe. A connection that fails without any answer is tried once more (the failed socket is gone: an idle
 * keep-alive socket closed by the server just as it was reused, on a loaded machine); the retry is counted, and a
 * second failure is the probe's answer (status 0), never a pass.
 */
export async function sendProbe(baseUrl: string, probe: Probe, credentials: Credentials): Promise<ProbeResult> {
  const first = await sendOnce(baseUrl, probe, credentials);
  if (first.status !== 0) return first;
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { ...(await sendOnce(baseUrl, probe, credentials)), retried: true };
}

async function sendOnce(baseUrl: string, probe: Probe, credentials: Credentials): Promise<ProbeResult> {
  const started = Date.now();
  const body =
    typeof probe.body === "string"
      ? Buffer.from(probe.body, "utf8")
      : typeof probe.body === "function"
        ? probe.body()
        : probe.body;
  const init: RequestInit & { duplex?: "half" } = {
    method: probe.method,
    redirect: "manual",
    headers: {
      "user-agent": BROWSER_UA,
      ...principalHeaders(probe.as, credentials),
      ...probe.headers,
    },
    body: body as BodyInit | undefined,
    ...(typeof probe.body === "function" ? { duplex: "half" as const } : {}),
  };
  try {
    const response = await fetch(`${baseUrl}${probe.path}`, init);
    const text = probe.method === "HEAD" ? "" : await response.text();
    return {
      probe,
      status: response.status,
      ms: Date.now() - started,
      contentType: response.headers.get("content-type") ?? "",
      location: response.headers.get("location") ?? undefined,
      body: text.slice(0, KEEP_BODY),
    };
  } catch (error) {
    // No answer at all (connection reset): counted apart from statuses, and never a pass.
    return { probe, status: 0, ms: Date.now() - started, contentType: "", body: `no answer: ${String(error)}` };
  }
}

/** Sends every probe, a few at a time (the machine is shared), in corpus order within each lane. */
export async function sendProbes(
  baseUrl: string,
  probes: Probe[],
  credentials: Credentials,
  concurrency = 4,
): Promise<ProbeResult[]> {
  const results: ProbeResult[] = new Array(probes.length);
  let next = 0;
  const lane = async () => {
    while (next < probes.length) {
      const index = next++;
      results[index] = await sendProbe(baseUrl, probes[index]!, credentials);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return results;
}

export function countBy<T>(items: T[], keyOf: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[keyOf(item)] = (counts[keyOf(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([left], [right]) => left.localeCompare(right)));
}

/** "200:12 400:80 ...": a status histogram as one figure. */
export function histogram(results: ProbeResult[]): string {
  return Object.entries(countBy(results, (result) => String(result.status)))
    .map(([status, count]) => `${status}:${count}`)
    .join(" ");
}

/** "METHOD path [kind] -> status: excerpt", for failure details. */
export function describeResult(result: ProbeResult, excerpt = 160): string {
  const path = result.probe.path.length > 120 ? `${result.probe.path.slice(0, 117)}...` : result.probe.path;
  const text = result.body.replace(/\s+/g, " ").slice(0, excerpt);
  return `${result.probe.method} ${path} [${result.probe.kind}] -> ${result.status}: ${text}`;
}

/** Which handlers of which route modules the results reached, for coverageProblems. */
export function coveredHandlers(results: ProbeResult[]): Map<string, Set<Handler>> {
  const covered = new Map<string, Set<Handler>>();
  for (const { probe } of results) {
    const handlers = covered.get(probe.route) ?? new Set<Handler>();
    handlers.add(probe.handler);
    covered.set(probe.route, handlers);
  }
  return covered;
}

/** A probe on one line: Remix sends GET and HEAD to the loader, every other method to the action. */
export function probe(
  route: string,
  method: string,
  path: string,
  kind: string,
  expect: readonly number[],
  rest: Partial<Probe> = {},
): Probe {
  const handler = method === "GET" || method === "HEAD" ? "loader" : "action";
  return { route, handler, method, path, kind, expect, ...rest };
}
