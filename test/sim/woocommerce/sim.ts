import { WooClock } from "./clock";
import type { StoreEvent } from "./context";
import { hang } from "../shopify/faults";
import { faultResponse, Faults, type FaultRates } from "./faults";
import { KeyStore, type KeyPermissions } from "./keys";
import { serveRest, type Route } from "./rest";
import { orderChildRoutes } from "./routes/order-children";
import { orderRoutes } from "./routes/orders";
import { productRoutes } from "./routes/products";
import { systemRoutes } from "./routes/system";
import { variationRoutes } from "./routes/variations";
import { webhookRoutes } from "./routes/webhooks";
import { createStoreState } from "./state";
import { StoreHandle, type RequestLogEntry, type StoreOptions } from "./store-handle";
import { serveWcAuth } from "./wc-auth";
import { WebhookDispatcher, type DeliveryOptions } from "./webhook-delivery";
import { htmlResponse } from "./wire";

// The simulated WooCommerce platform: any number of stores, each a WordPress site at its own base URL (one per host),
// behind one fetch-style handler that msw serves in tests and a local HTTP server serves to people and the app.

export type WooSimOptions = {
  now?: () => number;
  faults?: FaultRates;
  webhooks?: Partial<DeliveryOptions>;
};

export type NewStore = StoreOptions & {
  /** The site's home URL, e.g. https://shop-one.example; the scheme decides Basic auth (https) vs OAuth (http). */
  url?: string;
  name?: string;
  currency?: string;
  utcOffsetMinutes?: number;
  /** Keys the store already has, e.g. the ones a test's client is configured with. */
  keys?: { consumerKey: string; consumerSecret: string; permissions?: KeyPermissions }[];
};

const ROUTES: readonly Route[] = [
  ...systemRoutes,
  ...productRoutes,
  ...variationRoutes,
  ...orderRoutes,
  ...orderChildRoutes,
  ...webhookRoutes,
];

/** Told of an API request as it arrives, before it is answered: a copy to read, and Date.now() at arrival. */
export type RequestListener = (request: Request, receivedAt: number, store: StoreHandle) => void;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const hostOf = (url: string | URL) => new URL(url).host.toLowerCase();

function maskedQuery(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    out[name] = name === "consumer_secret" || name === "oauth_signature" ? "***" : value;
  return out;
}

export class WooSim {
  readonly clock: WooClock;
  readonly faults = new Faults();
  readonly webhooks: WebhookDispatcher;
  /** Every request any store answered, oldest first. */
  readonly requests: RequestLogEntry[] = [];
  private readonly stores = new Map<string, StoreHandle>();
  private readonly requestListeners = new Set<RequestListener>();

  constructor(options: WooSimOptions = {}) {
    this.clock = new WooClock(options.now);
    this.webhooks = new WebhookDispatcher(
      { auto: true, delayMs: 0, timeoutMs: 60_000, maxFailures: 5, ...options.webhooks },
      () => this.clock.nowMs(),
    );
    if (options.faults) this.faults.set(options.faults);
  }

  createStore(input: NewStore = {}): StoreHandle {
    const url = (input.url ?? `https://shop-${this.stores.size + 1}.example`).replace(/\/+$/, "");
    if (this.stores.has(hostOf(url))) throw new Error(`A store already answers at ${hostOf(url)}`);
    const state = createStoreState({
      url,
      name: input.name ?? new URL(url).hostname.split(".")[0]!,
      currency: input.currency ?? "USD",
      utcOffsetMinutes: input.utcOffsetMinutes ?? 0,
      keys: new KeyStore(),
    });
    const emit = (event: StoreEvent) => this.webhooks.enqueue(state, event);
    const handle = new StoreHandle(
      { state, clock: this.clock, emit },
      this.webhooks,
      (h, next) => this.rebind(h, next),
      input,
    );
    for (const key of input.keys ?? []) state.keys.create({ ...key, permissions: key.permissions ?? "read_write" });
    this.stores.set(hostOf(url), handle);
    return handle;
  }

  private rebind(handle: StoreHandle, url: string) {
    const next = url.replace(/\/+$/, "");
    const taken = this.stores.get(hostOf(next));
    if (taken && taken !== handle) throw new Error(`A store already answers at ${hostOf(next)}`);
    this.stores.delete(hostOf(handle.url));
    handle.state.url = next;
    this.stores.set(hostOf(next), handle);
  }

  /** A store by its URL or host. */
  store(urlOrHost: string): StoreHandle {
    const host = urlOrHost.includes("://") ? hostOf(urlOrHost) : urlOrHost.toLowerCase();
    const handle = this.stores.get(host);
    if (!handle) throw new Error(`No simulated store at ${urlOrHost}`);
    return handle;
  }

  listStores(): string[] {
    return [...this.stores.values()].map((store) => store.url);
  }

  /** Whether a URL belongs to one of the stores (msw lets every other request through). */
  owns(url: string | URL): boolean {
    return this.stores.has(hostOf(url));
  }

  flushWebhooks(): Promise<void> {
    return this.webhooks.flush();
  }

  /** Any request to any store; the store is the request's host. */
  async handle(request: Request): Promise<Response> {
    const handle = this.stores.get(hostOf(request.url));
    if (!handle) return htmlResponse("<h1>Not Found</h1>", 404);
    return this.handleFor(handle, request, { ssl: new URL(request.url).protocol === "https:" });
  }

  /** Watches every request any store gets (benchmarks time arrivals with it); returns a function that stops it. */
  onRequest(listener: RequestListener): () => void {
    this.requestListeners.add(listener);
    return () => this.requestListeners.delete(listener);
  }

  /** A request to one store, e.g. from the HTTP server that serves it at its root. */
  async handleFor(store: StoreHandle, request: Request, options: { ssl: boolean }): Promise<Response> {
    if (this.requestListeners.size > 0) {
      const receivedAt = Date.now();
      for (const listener of this.requestListeners) listener(request.clone(), receivedAt, store);
    }
    const url = new URL(request.url);
    const isApi = url.pathname.startsWith("/wp-json");
    const drawn = isApi ? this.faults.next(url.pathname) : { delayMs: 0 };
    if (drawn.delayMs > 0) await sleep(drawn.delayMs);
    // A 5xx or a timeout "after execution" strikes once the request was carried out.
    const early = drawn.fault && !("afterExecution" in drawn.fault && drawn.fault.afterExecution);
    let response: Response;
    if (early) response = faultResponse(drawn.fault!);
    else if (isApi) response = await serveRest(store, ROUTES, request, url, options.ssl);
    else if (url.pathname.startsWith("/wc-auth/v1/")) response = await serveWcAuth(store, request, url);
    else response = htmlResponse("<h1>Page not found</h1>", 404);
    if (drawn.fault && !early) response = faultResponse(drawn.fault);
    const entry = {
      store: store.url,
      method: request.method,
      path: url.pathname,
      query: maskedQuery(url),
      status: response.type === "error" ? 0 : response.status,
    };
    this.requests.push(entry);
    store.requests.push(entry);
    // Logged as it arrived; the client has given up (or gives up) before the connection drops.
    if (drawn.fault?.kind === "timeout") await hang(request.signal, drawn.fault.hangMs);
    return response;
  }
}

export function createWooSim(options: WooSimOptions = {}): WooSim {
  return new WooSim(options);
}
