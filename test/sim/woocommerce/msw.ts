import { http, type RequestHandler } from "msw";
import { setupServer, type SetupServer } from "msw/node";
import type { WooSim } from "./sim";

// The simulator in-process for tests: msw answers any request whose host is one of the simulated stores (so stores
// added after start are covered too) and leaves every other request - webhook receivers included - to other handlers
// or the network.

export function wooSimHandlers(sim: WooSim): RequestHandler[] {
  return [http.all("*", ({ request }) => (sim.owns(request.url) ? sim.handle(request) : undefined))];
}

export function startWooSimMsw(
  sim: WooSim,
  options: { onUnhandledRequest?: "bypass" | "warn" | "error"; extraHandlers?: RequestHandler[] } = {},
): SetupServer {
  const server = setupServer(...(options.extraHandlers ?? []), ...wooSimHandlers(sim));
  server.listen({ onUnhandledRequest: options.onUnhandledRequest ?? "bypass" });
  return server;
}
