import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { serveBulkOutput } from "./bulk-http";
import { handleControl } from "./control";
import type { ShopifySim } from "./sim";

// The simulator as a local HTTP server, for the app running with SHOPIFY_ADMIN_ORIGIN=<its URL> and for people.

export type SimServer = { url: string; port: number; close(): Promise<void> };

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
  });
}

async function send(res: ServerResponse, response: Response) {
  if (response.type === "error") {
    // A simulated network failure: drop the connection without an answer.
    res.socket?.destroy();
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
  res.end(body);
}

export function startShopifySimServer(
  sim: ShopifySim,
  options: { port?: number; host?: string } = {},
): Promise<SimServer> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const request = await toRequest(req, `http://${req.headers.host ?? host}`);
        const path = new URL(request.url).pathname;
        if (path === "/healthz") return send(res, Response.json({ ok: true, shops: sim.listShops() }));
        const bulkOutput = serveBulkOutput(sim, request);
        if (bulkOutput) return send(res, bulkOutput);
        return send(res, path.startsWith("/_sim/") ? await handleControl(sim, request) : await sim.handle(request));
      } catch (error) {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ errors: String(error) }));
      }
    })();
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
