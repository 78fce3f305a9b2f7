import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRawBody } from "./raw-body.server";

// drill:bad-input found the webhook endpoints' 413 never reaching a sender still sending: cancelling the body
// stream destroyed the connection, so the client saw a reset instead of "Payload too large" (the REST API's reader
// drains what is left, up to a bound, for exactly this reason).

const LIMIT = 1024;

describe("readRawBody over HTTP", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      // As @remix-run/express hands the request to the app: the body stream destroys the socket when cancelled.
      const request = new Request("http://raw.test/", {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: createReadableStreamFromReadable(req),
        duplex: "half",
      } as RequestInit);
      void readRawBody(request, LIMIT).then((body) => {
        res.writeHead(body === null ? 413 : 200).end(body === null ? "too large" : String(body.length));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("answers a body within the limit", async () => {
    const response = await fetch(url, { method: "POST", body: "x".repeat(LIMIT) });
    expect(await response.text()).toBe(String(LIMIT));
  });

  it("lets a client that declared a larger body read the refusal", async () => {
    const response = await fetch(url, { method: "POST", body: "x".repeat(512 * LIMIT) });
    expect(response.status).toBe(413);
  });

  it("lets a client streaming a larger body without a length read the refusal", async () => {
    const chunk = new Uint8Array(64 * LIMIT).fill(120);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 8) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(url, { method: "POST", body, duplex: "half" } as RequestInit);
    expect(response.status).toBe(413);
  });
});
