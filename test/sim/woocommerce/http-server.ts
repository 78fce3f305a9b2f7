import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleControl } from "./control";
import type { WooSim } from "./sim";
import type { StoreHandle } from "./store-handle";

// One simulated store served at the root of a local HTTP server, for the app, browser tests and people. The store's
// home URL becomes the server's URL, because that is the URL an OAuth 1.0a signature over plain HTTP must name.
// `assumeHttps` stands for a site behind a TLS-terminating proxy: WordPress then treats requests as HTTPS (Basic auth
// and query-string keys work) while the connection here stays plain HTTP.

export type WooSimServer = {
  /** Where to connect: always plain http. */
  url: string;
  /** The store's home URL: the same, or its https:// form with assumeHttps. */
  storeUrl: string;
  port: number;
  store: StoreHandle;
  close(): Promise<void>;
};

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(", "));
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
    redirect: "manual",
  });
}

async function send(res: ServerResponse, response: Response) {
  if (response.type === "error") {
    // A simulated network failure: drop the connection without an answer.
    res.socket?.destroy();
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = name === "link" ? value.split(/,\s*(?=<)/) : value;
  });
  res.writeHead(response.status, headers);
  res.end(body);
}

export function startWooSimServer(
  sim: WooSim,
  options: { port?: number; host?: string; store?: StoreHandle; assumeHttps?: boolean } = {},
): Promise<WooSimServer> {
  const host = options.host ?? "127.0.0.1";
  const first = sim.listStores()[0];
  if (!options.store && !first) throw new Error("startWooSimServer serves a store: call sim.createStore() first");
  const store = options.store ?? sim.store(first!);
  const scheme = options.assumeHttps ? "https" : "http";
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const request = await toRequest(req, store.url);
        const path = new URL(request.url).pathname;
        if (path === "/healthz") return send(res, Response.json({ ok: true, store: store.url }));
        if (path.startsWith("/_sim/")) return send(res, await handleControl(sim, store, request));
        return send(res, await sim.handleFor(store, request, { ssl: scheme === "https" }));
      } catch (error) {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: "sim_error", message: String(error), data: { status: 500 } }));
      }
    })();
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      store.setUrl(`${scheme}://${host}:${port}`);
      resolve({
        url: `http://${host}:${port}`,
        storeUrl: store.url,
        port,
        store,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
