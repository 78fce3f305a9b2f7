import type { FieldNode, SelectionSetNode } from "graphql";
import type { BulkResult } from "./bulk-operations";
import { collectFields, subSelections, type SimObject } from "./graphql/collect";
import { MAX_PAGE_SIZE } from "./graphql/connection";
import { RequestError } from "./graphql/errors";
import { execute, prepare, type FieldInfo, type PreparedOperation, type Resolver } from "./graphql/executor";

// The query of a bulk operation: checked when it is submitted (Shopify's limits: at least one connection, at most
// five, nested at most two deep; a parent of a nested connection selects its id), then run over the whole store,
// every connection read to its end whatever `first` says, and written out as JSONL the way Shopify writes it: one
// line per connection node, nested connections' nodes on lines of their own with `__parentId`.

export const MAX_BULK_CONNECTIONS = 5;
export const MAX_BULK_NESTING = 2;

type Sets = readonly (SelectionSetNode | undefined)[];
type ConnectionSpot = { path: string; depth: number; parentSelectsId: boolean; name: string };

const fieldsOf = (prepared: PreparedOperation, sets: Sets) =>
  collectFields([...sets], prepared.fragments, prepared.variables);

const isConnection = (fields: Map<string, FieldNode[]>) =>
  [...fields.values()].some((nodes) => ["edges", "nodes"].includes(nodes[0]!.name.value));

/** The selection sets of a connection's nodes (edges.node and nodes), with their paths below the connection. */
function nodeSelections(prepared: PreparedOperation, fields: Map<string, FieldNode[]>) {
  const found: { path: string[]; sets: Sets }[] = [];
  for (const [key, nodes] of fields) {
    const name = nodes[0]!.name.value;
    if (name === "nodes") found.push({ path: [key], sets: subSelections(nodes) });
    if (name !== "edges") continue;
    for (const [edgeKey, edgeNodes] of fieldsOf(prepared, subSelections(nodes))) {
      if (edgeNodes[0]!.name.value === "node") found.push({ path: [key, edgeKey], sets: subSelections(edgeNodes) });
    }
  }
  return found;
}

function findConnections(
  prepared: PreparedOperation,
  sets: Sets,
  at: { path: string[]; depth: number; selectsId: boolean },
  out: ConnectionSpot[],
) {
  for (const [key, nodes] of fieldsOf(prepared, sets)) {
    const sub = subSelections(nodes);
    if (!sub.some(Boolean)) continue;
    const fields = fieldsOf(prepared, sub);
    const path = [...at.path, key];
    if (!isConnection(fields)) {
      findConnections(prepared, sub, { ...at, path }, out);
      continue;
    }
    const depth = at.depth + 1;
    out.push({ path: path.join("."), depth, parentSelectsId: at.depth === 0 || at.selectsId, name: key });
    for (const node of nodeSelections(prepared, fields)) {
      const selectsId = fieldsOf(prepared, node.sets).get("id")?.[0]?.name.value === "id";
      findConnections(prepared, node.sets, { path: [...path, ...node.path], depth, selectsId }, out);
    }
  }
}

export type CheckedBulkQuery = { prepared: PreparedOperation; connections: Set<string> };

/**
 * The query as Shopify would accept it for a bulk operation, or why not (a userError's message). `root` is the
 * store's QueryRoot; the query is tried on it with every connection cut to one node, so unknown fields and bad
 * arguments are refused now, as Shopify's schema validation refuses them.
 */
export function checkBulkQuery(query: string, root: SimObject): CheckedBulkQuery | { error: string } {
  let prepared: PreparedOperation;
  try {
    prepared = prepare(query);
  } catch (error) {
    if (error instanceof RequestError) return { error: `Invalid bulk query: ${error.message}` };
    throw error;
  }
  if (prepared.operation.operation !== "query") return { error: "Bulk queries cannot contain mutations." };
  const spots: ConnectionSpot[] = [];
  findConnections(prepared, [prepared.operation.selectionSet], { path: [], depth: 0, selectsId: false }, spots);
  if (spots.length === 0) return { error: "Bulk queries must contain at least one connection." };
  if (spots.length > MAX_BULK_CONNECTIONS) {
    return { error: `Bulk queries cannot contain more than ${MAX_BULK_CONNECTIONS} connections.` };
  }
  if (spots.some((spot) => spot.depth > MAX_BULK_NESTING)) {
    return { error: `Bulk queries cannot contain connections with a nesting depth greater than ${MAX_BULK_NESTING}.` };
  }
  const orphans = spots.filter((spot) => !spot.parentSelectsId).map((spot) => spot.name);
  if (orphans.length > 0) {
    return {
      error:
        "The parent 'node' field for a nested connection must select the 'id' field without an alias and must be " +
        `of 'ID' return type. Connection fields without 'id': ${orphans.join(", ")}.`,
    };
  }
  const checked = { prepared, connections: new Set(spots.map((spot) => spot.path)) };
  const probe = execute(prepared, unpaged(root, checked.connections, 1));
  if (probe.errors.length > 0) return { error: probe.errors.map((error) => error.message).join("; ") };
  return checked;
}

/** Runs a checked query over the whole store: JSONL lines, parents before their children when grouped. */
export function runBulkQuery(checked: CheckedBulkQuery, root: SimObject, groupObjects: boolean): BulkResult {
  const { prepared, connections } = checked;
  const result = execute(prepared, unpaged(root, connections));
  if (result.errors.length > 0) throw new Error(result.errors.map((error) => error.message).join("; "));
  const rows: { depth: number; line: Record<string, unknown> }[] = [];
  const tasks: (() => void)[] = [];
  strip(prepared, [prepared.operation.selectionSet], result.data ?? {}, undefined, 0, rows, tasks);
  // Depth first: each parent, then its children (what groupObjects asks for). Ungrouped, Shopify promises no order;
  // here every root comes first and the nested nodes after them.
  while (tasks.length > 0) tasks.shift()!();
  const ordered = groupObjects ? rows : [...rows].sort((a, b) => a.depth - b.depth);
  return {
    lines: ordered.map((row) => JSON.stringify(row.line)),
    objectCount: rows.length,
    rootObjectCount: rows.filter((row) => row.depth === 1).length,
  };
}

/**
 * Copies a value without its connections; each connection's nodes become rows of their own (queued, so that a row
 * is written before its children when the caller drains the queue depth first).
 */
function strip(
  prepared: PreparedOperation,
  sets: Sets,
  value: unknown,
  ownerId: unknown,
  depth: number,
  rows: { depth: number; line: Record<string, unknown> }[],
  tasks: (() => void)[],
): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((entry) => strip(prepared, sets, entry, ownerId, depth, rows, tasks));
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const children: (() => void)[] = [];
  for (const [key, nodes] of fieldsOf(prepared, sets)) {
    if (!(key in record)) continue;
    const sub = subSelections(nodes);
    const fields = sub.some(Boolean) ? fieldsOf(prepared, sub) : undefined;
    if (!fields || !isConnection(fields)) {
      out[key] = fields ? strip(prepared, sub, record[key], ownerId, depth, rows, tasks) : record[key];
      continue;
    }
    for (const node of nodeSelections(prepared, fields)) {
      const found =
        node.path.length === 1 ? connectionNodes(record[key], node.path) : edgeNodes(record[key], node.path);
      for (const entry of found) {
        children.push(() => {
          const own = entry as Record<string, unknown>;
          const grandchildren: (() => void)[] = [];
          const line = strip(prepared, node.sets, own, own.id, depth + 1, rows, grandchildren) as object;
          rows.push({ depth: depth + 1, line: ownerId === undefined ? { ...line } : { ...line, __parentId: ownerId } });
          for (const task of grandchildren) task();
        });
      }
    }
  }
  tasks.push(...children);
  return out;
}

const connectionNodes = (value: unknown, [key]: string[]) =>
  ((value as Record<string, unknown> | null)?.[key!] as unknown[] | undefined) ?? [];

const edgeNodes = (value: unknown, [edgesKey, nodeKey]: string[]) =>
  (((value as Record<string, unknown> | null)?.[edgesKey!] as Record<string, unknown>[] | undefined) ?? []).map(
    (edge) => edge[nodeKey!],
  );

/**
 * The store's objects with every connection named in `connections` (response paths without list indexes) read to the
 * end page by page (or cut to `limit` nodes), so the executor sees them whole. Other fields pass through.
 */
function unpaged(root: SimObject, connections: Set<string>, limit?: number): SimObject {
  const wrap = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(wrap);
    if (value === null || typeof value !== "object" || !("__typename" in value)) return value;
    return new Proxy(value as SimObject, {
      get(target, property, receiver) {
        const field = Reflect.get(target, property, receiver) as unknown;
        if (typeof field !== "function") return wrap(field);
        return (args: Record<string, unknown>, info: FieldInfo) => {
          const resolve = field as Resolver;
          const path = info.path.filter((part) => typeof part === "string").join(".");
          if (!connections.has(path)) return wrap(resolve(args, info));
          return wholeConnection(resolve, args, info, limit, wrap);
        };
      },
    });
  };
  return wrap(root) as SimObject;
}

type Page = SimObject & { edges: { node: unknown }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

function wholeConnection(
  resolve: Resolver,
  args: Record<string, unknown>,
  info: FieldInfo,
  limit: number | undefined,
  wrap: (value: unknown) => unknown,
) {
  const edges: { node: unknown }[] = [];
  let after: string | null = null;
  let page: Page;
  for (;;) {
    const pageArgs = { ...args, first: limit ?? MAX_PAGE_SIZE, last: undefined, before: undefined, after };
    page = resolve(pageArgs, info) as Page;
    edges.push(...page.edges);
    if (limit !== undefined || !page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
    after = page.pageInfo.endCursor;
  }
  const wrapped = edges.map((edge) => ({ ...edge, node: wrap(edge.node) }));
  return {
    __typename: page.__typename,
    edges: wrapped,
    nodes: wrapped.map((edge) => edge.node),
    pageInfo: {
      __typename: "PageInfo",
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    },
  };
}
