import type { SimObject } from "./collect";
import { FieldError } from "./errors";

// Relay connections the way Shopify pages them: opaque cursors that encode the sort key and id of an item, so a page
// boundary stays put when items are added or re-sorted between requests.

export type ConnectionArgs = { first?: unknown; last?: unknown; after?: unknown; before?: unknown; reverse?: unknown };
type Key = (string | number)[];

export const MAX_PAGE_SIZE = 250;

const encode = (key: Key) => Buffer.from(JSON.stringify(key)).toString("base64url");

function decode(cursor: unknown): Key {
  try {
    const key = JSON.parse(Buffer.from(String(cursor), "base64url").toString("utf8")) as unknown;
    if (Array.isArray(key)) return key as Key;
  } catch {
    // falls through to the error below
  }
  throw new FieldError(`Invalid cursor for pagination: ${String(cursor)}`, { code: "BAD_REQUEST" });
}

function compare(a: Key, b: Key): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const x = a[index];
    const y = b[index];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function pageSize(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new FieldError(`Argument '${name}' must be a non-negative integer`, { code: "argumentLiteralsIncompatible" });
  }
  if (value > MAX_PAGE_SIZE) {
    throw new FieldError(`The '${name}' argument must not exceed ${MAX_PAGE_SIZE}`, { code: "BAD_REQUEST" });
  }
  return value;
}

/** items must come sorted by `key`; `reverse` flips the order as Shopify's reverse argument does. */
export function connection<T>(
  typename: string,
  items: T[],
  args: ConnectionArgs,
  key: (item: T) => Key,
  toNode: (item: T) => SimObject,
): SimObject {
  const first = pageSize(args.first, "first");
  const last = pageSize(args.last, "last");
  if (first === undefined && last === undefined) {
    throw new FieldError("you must provide one of first or last", { code: "BAD_REQUEST" });
  }
  const direction = args.reverse === true ? -1 : 1;
  let window = items.map((item) => ({ item, key: key(item) }));
  if (direction === -1) window.reverse();
  if (args.after !== undefined && args.after !== null) {
    const after = decode(args.after);
    window = window.filter((entry) => compare(entry.key, after) * direction > 0);
  }
  if (args.before !== undefined && args.before !== null) {
    const before = decode(args.before);
    window = window.filter((entry) => compare(entry.key, before) * direction < 0);
  }
  let hasNextPage = false;
  let hasPreviousPage = args.after !== undefined && args.after !== null;
  if (first !== undefined && window.length > first) {
    window = window.slice(0, first);
    hasNextPage = true;
  }
  if (last !== undefined && window.length > last) {
    window = window.slice(window.length - last);
    hasPreviousPage = true;
  }
  const edges = window.map((entry) => ({
    __typename: `${typename}Edge`,
    cursor: encode(entry.key),
    node: toNode(entry.item),
  }));
  return {
    __typename: `${typename}Connection`,
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      __typename: "PageInfo",
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
