import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// The load balancer in front of several web processes in scale-out mode: round robin, and a request whose process is
// down (connection refused or reset before an answer) goes to the next one, as a health-checking balancer would.
// When every process is down it answers 502, and the sender retries as channels do.

export type Balancer = { url: string; port: number; close(): Promise<void> };

export async function startBalancer(targets: () => string[], port = 0): Promise<Balancer> {
  let next = 0;
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      const list = targets();
      const tryTarget = (attempt: number) => {
        if (attempt >= list.length) {
          outgoing.writeHead(502, { "content-type": "text/plain" }).end("no web process answered");
          return;
        }
        const target = new URL(list[next++ % list.length]!);
        const forwarded = request(
          {
            host: target.hostname,
            port: target.port,
            method: incoming.method,
            path: incoming.url,
            headers: { ...incoming.headers, host: incoming.headers.host ?? target.host },
          },
          (answer: IncomingMessage) => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          },
        );
        forwarded.on("error", () => {
          if (outgoing.headersSent) outgoing.destroy();
          else tryTarget(attempt + 1);
        });
        forwarded.end(body);
      };
      tryTarget(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
