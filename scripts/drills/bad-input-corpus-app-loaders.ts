import { forgedToken } from "./bad-input-corpus-app.ts";
import type { Fixture } from "./bad-input-fixture.ts";
import { probe as p, type Principal, type Probe } from "./bad-input-probe.ts";
import { BAD_IDS, QUERY_ODDITIES } from "./bad-input-values.ts";

// drill:bad-input against the admin screens' loaders: their query parameters (filters, searches, cursors) and path ids
// of every wrong shape, as the embedded admin's client navigations fetch them (`.data`, the screen's own loader), a
// few as full documents, and the sessions that are not: none (to the login), forged or garbage tokens (401).

/** The single-fetch data request a client-side navigation makes for one route's loader. */
const data = (path: string, route: string) => {
  const [pathname, query] = path.split("?");
  const routeId = `routes/${route.replace(/\.tsx$/, "")}`;
  return `${pathname}.data?${query ? `${query}&` : ""}_routes=${encodeURIComponent(routeId)}`;
};

export function appLoaderCorpus(fixture: Fixture): Probe[] {
  const { ids } = fixture;
  const probes: Probe[] = [];
  const get = (route: string, kind: string, path: string, expect: number[], as: Principal = "embedded") =>
    probes.push(p(route, "GET", data(path, route), kind, expect, { as }));
  const screens: [route: string, name: string, query: (value: string) => string, as?: Principal][] = [
    ["app._index.tsx", "period", (value) => `/app?period=${value}`],
    ["app.orders._index.tsx", "orders-q", (value) => `/app/orders?q=${value}`],
    ["app.orders._index.tsx", "orders-cursor", (value) => `/app/orders?cursor=${value}&status=${value}`],
    ["app.returns._index.tsx", "returns", (value) => `/app/returns?status=${value}&cursor=${value}`],
    ["app.inventory._index.tsx", "inventory", (value) => `/app/inventory?q=${value}&page=${value}`],
    ["app.inventory.count.tsx", "count-q", (value) => `/app/inventory/count?q=${value}`],
    ["app.orders.pick-list.tsx", "pick-list", (value) => `/app/orders/pick-list?ids=${value}`],
    ["app.channels._index.tsx", "channels", (value) => `/app/channels?woocommerce=${value}`],
    ["app.inbox.tsx", "inbox", (value) => `/app/inbox?status=${value}`, "operator"],
    ["app.settings.tsx", "settings", (value) => `/app/settings?x=${value}`, "operator"],
  ];
  for (const [route, name, query, as] of screens) {
    for (const [kind, value] of Object.entries(QUERY_ODDITIES)) {
      // A NUL (%00) in the address is refused before routing (server/refuse-nul.ts).
      get(route, `${name}-${kind}`, query(value), kind.startsWith("nul") ? [400] : [200, 400], as);
    }
  }
  get("app.orders._index.tsx", "orders-bad-dates", "/app/orders?placedFrom=yesterday&placedTo=2026-13-45", [200, 400]);
  const many = Array.from({ length: 600 }, (_, index) => `ids=x${index}`).join("&");
  get("app.orders.pick-list.tsx", "pick-list-many", `/app/orders/pick-list?${many}`, [200, 400]);
  get("app.inventory.$id.tsx", "bad-movement-cursor", `/app/inventory/${ids.item.id}?before=%FF%FEgarbage`, [400]);
  get("app.inventory.count.tsx", "count-unknown-location", `/app/inventory/count?location=${BAD_IDS["unknown-id"]}`, [
    404,
  ]);
  for (const [kind, id] of Object.entries(BAD_IDS)) {
    const encoded = encodeURIComponent(id);
    const expect = kind === "nul-id" ? [400] : [404];
    get("app.orders.$id.tsx", kind, `/app/orders/${encoded}`, expect);
    get("app.returns.$id.tsx", kind, `/app/returns/${encoded}`, expect);
    get("app.inventory.$id.tsx", kind, `/app/inventory/${encoded}`, expect);
    get("app.channels.$id.tsx", kind, `/app/channels/${encoded}`, expect, "operator");
  }
  // Full documents, as a browser loads them: the error page keeps the loader's status.
  probes.push(
    p("app.orders.$id.tsx", "GET", `/app/orders/${BAD_IDS["unknown-id"]}`, "document-unknown-id", [404], {
      as: "embedded",
    }),
    p("app.inventory.$id.tsx", "GET", `/app/inventory/${BAD_IDS["sql-injection-id"]}`, "document-injection-id", [404], {
      as: "operator",
    }),
    p(
      "app.orders._index.tsx",
      "GET",
      `/app/orders?q=${QUERY_ODDITIES["html-injection"]}`,
      "document-html-injection",
      [200],
      { as: "operator" },
    ),
    p(
      "app.inventory.count.tsx",
      "GET",
      `/app/inventory/count?q=${QUERY_ODDITIES["html-injection"]}`,
      "document-html-injection",
      [200],
      { as: "embedded" },
    ),
  );
  // Sessions that are not: none (to the login), a forged or garbage token (401), a cookie not signed by us.
  const app = "app.tsx";
  probes.push(
    p(app, "GET", "/app/orders", "no-session", [302]),
    p(app, "GET", "/app", "forged-session-token", [401], {
      headers: { authorization: `Bearer ${forgedToken(fixture)}` },
    }),
    p(app, "GET", "/app", "garbage-session-token", [401], { headers: { authorization: "Bearer a.b.c" } }),
    p(app, "GET", "/app", "forged-cookie", [302], {
      headers: { cookie: "__channelledger=eyJvcGVyYXRvciI6ImEifQ%3D%3D.forged" },
    }),
    p(
      app,
      "GET",
      `/app?embedded=1&shop=${fixture.shopDomain}&host=eA&id_token=garbage`,
      "id-token-garbage",
      [302, 400, 401],
    ),
  );
  return probes;
}
