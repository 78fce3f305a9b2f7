import { randomUUID } from "node:crypto";
import { form } from "./bad-input-corpus-app.ts";
import { probe as p, type Principal } from "./bad-input-probe.ts";
import { FORM_TYPE } from "./bad-input-values.ts";
import type { Subjects } from "./tenants-corpus-api.ts";
import type { TenantIds } from "./tenants-ids.ts";
import { isolated, type Isolation, type TenantProbe } from "./tenants-leaks.ts";

// drill:tenants against the admin screens, as shop A's embedded admin (session token) and as the standalone operator
// (whose requests act on the selected shop: A, the oldest; ADR 0005). B's ids name the page or the form's subject
// (404), sit next to A's own subjects (any refusal, indistinguishable from a nonexistent id), or filter A's lists
// (A's own answer, without B's data). Pages are read as client navigations (`.data`) and, once each, as documents.
// The orders, returns and inventory screens are here; channels, inbox, settings and lists in tenants-corpus-screens.ts.

type Fields = Record<string, string | string[]>;
type Path = (id: string) => string;

const PRINCIPALS: Principal[] = ["embedded", "operator"];

const data = (path: string) => {
  const [pathname, query] = path.split("?");
  return `${pathname}.data${query ? `?${query}` : ""}`;
};

/** Probe builders for one list: GET a page for each id, POST a form for each id, as both of A's principals. */
export function appProbes() {
  const probes: TenantProbe[] = [];
  const get = (isolation: Isolation, route: string, ids: string[], kind: string, path: Path) => {
    for (const as of PRINCIPALS) {
      for (const id of ids)
        probes.push(isolated(isolation, (v) => p(route, "GET", data(path(v)), kind, [], { as }), id));
      // One full document per page and principal, as a browser loads it.
      const make = (v: string) => p(route, "GET", path(v), `${kind}-document`, [], { as });
      if (ids[0]) probes.push(isolated(isolation, make, ids[0]));
    }
  };
  const post = (
    isolation: Isolation,
    route: string,
    ids: string[],
    kind: string,
    path: Path,
    fields: (id: string) => Fields,
  ) => {
    for (const as of PRINCIPALS) {
      for (const id of ids) {
        const body = (v: string) => ({ as, headers: FORM_TYPE, body: form(fields(v)) });
        probes.push(isolated(isolation, (v) => p(route, "POST", data(path(v)), kind, [], body(v)), id));
      }
    }
  };
  return { probes, get, post };
}

export function appIsolationCorpus(b: TenantIds, a: Subjects): TenantProbe[] {
  const { probes, get, post } = appProbes();
  const bLine = b.orderLines[0]!;
  const bReturnLine = b.returnLines[0] ?? bLine;

  const order = "app.orders.$id.tsx";
  const orderOf: Path = (id) => `/app/orders/${id}`;
  const fulfil = (lineId: string, locationId = a.location) => ({
    intent: "fulfil",
    ...{ lineId, quantity: "1", locationId, notifyCustomer: "false" },
  });
  const giveBack = (lineId: string) => ({ intent: "return", lineId, quantity: "1", reason: "" });
  get("path", order, b.orders, "order", orderOf);
  post("path", order, b.orders, "fulfil", orderOf, () => fulfil(bLine));
  post("path", order, b.orders, "cancel", orderOf, () => ({ intent: "cancel", reason: "customer" }));
  post("path", order, b.orders, "return", orderOf, () => giveBack(bLine));
  post(
    "body",
    order,
    b.orderLines,
    "fulfil-a-with-b-line",
    () => orderOf(a.openOrder),
    (id) => fulfil(id),
  );
  const fromB = (id: string) => fulfil(a.openLines[0]!, id);
  post("body", order, b.locations, "fulfil-a-from-b-location", () => orderOf(a.openOrder), fromB);
  post("body", order, b.orderLines, "return-a-with-b-line", () => orderOf(a.shippedOrder), giveBack);

  const ret = "app.returns.$id.tsx";
  const returnOf: Path = (id) => `/app/returns/${id}`;
  const receive = (lineId: string) => ({
    intent: "receive",
    ...{ returnLineId: lineId, quantity: "1", disposition: "restock", condition: "" },
  });
  get("path", ret, b.returns, "return", returnOf);
  for (const intent of ["approve", "decline", "mark-in-transit", "close"]) {
    post("path", ret, b.returns, intent, returnOf, () => ({ intent }));
  }
  post("path", ret, b.returns, "add-note", returnOf, () => ({ intent: "add-note", note: "seen" }));
  post("path", ret, b.returns, "receive", returnOf, () => receive(bReturnLine));
  post("body", ret, b.returnLines, "receive-a-with-b-line", () => returnOf(a.returnId), receive);

  const item = "app.inventory.$id.tsx";
  const itemOf: Path = (id) => `/app/inventory/${id}`;
  const adjust = (locationId: string) => ({
    intent: "adjust",
    ...{ requestId: randomUUID(), locationId, delta: "1", reason: "damaged" },
  });
  get("path", item, b.items, "item", itemOf);
  post("path", item, b.items, "adjust", itemOf, () => adjust(a.location));
  post("path", item, b.items, "set-threshold", itemOf, () => ({ intent: "set-threshold", threshold: "3" }));
  post("path", item, b.items, "clear-threshold", itemOf, () => ({ intent: "clear-threshold" }));
  post("body", item, b.locations, "adjust-a-at-b-location", () => itemOf(a.item), adjust);

  const count = "app.inventory.count.tsx";
  const sheet = (locationId: string, itemId: string) => ({
    intent: "post",
    ...{ locationId, sessionId: randomUUID(), [`count.${itemId}`]: "3" },
  });
  get("path", count, b.locations, "count-sheet", (id) => `/app/inventory/count?location=${id}`);
  post(
    "path",
    count,
    b.locations,
    "count-at-b-location",
    () => "/app/inventory/count",
    (id) => sheet(id, a.item),
  );
  post(
    "body",
    count,
    b.items,
    "count-b-item-at-a",
    () => "/app/inventory/count",
    (id) => sheet(a.location, id),
  );
  return probes;
}
