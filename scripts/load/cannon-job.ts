import type { LoadItem } from "./catalog.ts";
import { seededRandom } from "../../app/seeded-random.ts";
import type { GeneratedRequest } from "./order-mix.ts";
import { shopifyOrderRequest } from "./shopify-orders.ts";
import { wooOrderRequest } from "./woo-orders.ts";

// One autocannon run, as the load process hands it to its load-generator child (cannon.ts) and what comes back.
// Plain data both ways (it crosses the IPC channel): the child builds every request itself from the `requests` spec.

export type RequestSpec =
  | { kind: "shopify-orders"; secret: string; shopDomain: string; items: LoadItem[] }
  | {
      kind: "woo-orders";
      secret: string;
      channelId: string;
      storeUrl: string;
      webhookIds: { created: number; updated: number };
      items: LoadItem[];
    }
  /** GETs with the signed-in session's cookie, cycling through the paths (an order page per order id...). */
  | { kind: "pages"; paths: string[]; cookie: string };

export type CannonJob = {
  /** More than one: autocannon spreads the connections over them (client-side balancing, no balancer). */
  urls: string[];
  connections: number;
  /** Seconds; or `amount` requests as fast as they go (seeding). */
  durationSeconds?: number;
  amount?: number;
  /** The first sequence number the orders of this run use; the child reports how many it used. */
  firstSeq: number;
  requests: RequestSpec;
  /** Seeding: orders placed over this many days back (older ones arrive shipped); by default placed now. */
  spreadDays?: number;
};

export type CannonResult = {
  durationSeconds: number;
  /** Answers received, of which 2xx; the rest by status. */
  responses: number;
  ok: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** Connection errors and timeouts (no answer). */
  errors: number;
  timeouts: number;
  /** 2xx answers per second of the run. */
  okPerSecond: number;
  latencyMs: { p50: number; p97_5: number; p99: number; max: number; mean: number };
  /** Sequence numbers used (orders built); the next run starts after them. */
  issued: number;
  meanBodyBytes: number;
  /** The load generator's own CPU over the run, in seconds. */
  cpuSeconds: number;
};

const DAY_MS = 24 * 60 * 60 * 1000;
const SHIP_AFTER_MS = 30 * 60 * 60 * 1000;

/** When order `seq` was placed: now, or spread over `spreadDays` back (the same spread every run). */
function placedAt(seq: number, spreadDays: number | undefined): Date {
  if (!spreadDays) return new Date();
  return new Date(Date.now() - seededRandom(seq)() * spreadDays * DAY_MS);
}

/** A request builder for autocannon's setupRequest: each call is the next request of the run. */
export function requestBuilder(spec: RequestSpec, firstSeq: number, spreadDays?: number) {
  let seq = firstSeq;
  let bodies = 0;
  let bodyBytes = 0;
  const track = (request: GeneratedRequest) => {
    if (request.body !== undefined) {
      bodies += 1;
      bodyBytes += Buffer.byteLength(request.body);
    }
    return request;
  };
  // WooCommerce: each order is created, then completed: the even calls create seq, the odd ones complete it.
  let wooPlaced = new Date();
  let wooCall = 0;
  const next = (): GeneratedRequest => {
    if (spec.kind === "shopify-orders") {
      const placed = placedAt(seq, spreadDays);
      return track(shopifyOrderRequest(seq++, spec, placed));
    }
    if (spec.kind === "woo-orders") {
      if (wooCall++ % 2 === 0) {
        wooPlaced = placedAt(seq, spreadDays);
        return track(wooOrderRequest(seq++, "created", spec, wooPlaced));
      }
      const completed = new Date(Math.min(Date.now(), wooPlaced.getTime() + (spreadDays ? SHIP_AFTER_MS : 0)));
      return track(wooOrderRequest(seq - 1, "updated", spec, wooPlaced, completed));
    }
    const path = spec.paths[(seq++ - firstSeq) % spec.paths.length]!;
    return {
      method: "GET",
      path,
      headers: {
        cookie: spec.cookie,
        accept: "text/html,application/xhtml+xml",
        "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36",
      },
    };
  };
  return {
    next,
    issued: () => seq - firstSeq,
    meanBodyBytes: () => (bodies === 0 ? 0 : Math.round(bodyBytes / bodies)),
  };
}
