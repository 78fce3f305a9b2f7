import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refuseNulInUrl } from "./refuse-nul";

// drill:bad-input: `/api/v1/orders/abc%00def`, `?sku=a%00b`, `/app/orders/abc%00def`... answered 500 on PostgreSQL.
describe("refuseNulInUrl", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.use(refuseNulInUrl());
    app.all("*", (_req, res) => res.send("routed"));
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("answers 400 to a NUL byte in the path or the query", async () => {
    for (const path of ["/api/v1/orders/abc%00def", "/api/v1/inventory?sku=a%00b", "/app/orders?q=%00"]) {
      const response = await fetch(`${url}${path}`);
      expect(response.status, path).toBe(400);
    }
  });

  it("lets every other request through, percent-encoded or not", async () => {
    for (const path of ["/api/v1/orders/abc", "/app/orders?q=%2500%20x", "/app/orders?q=%C3%B6"]) {
      const response = await fetch(`${url}${path}`);
      expect(await response.text(), path).toBe("routed");
    }
  });
});
