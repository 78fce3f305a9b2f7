import type { FieldNode, SelectionSetNode } from "graphql";
import { collectFields, subSelections } from "./collect";
import type { PreparedOperation } from "./executor";
import { argumentsOf } from "./values";

// Query cost the way Shopify describes it: scalars and enums 0, objects 1, connections 2 plus `first` (or `last`)
// times the cost of one node, lists sized by `first` that many objects, mutations 10. The requested cost is
// charged before running; the actual cost counts what came back, and the difference is refunded.

export const MUTATION_COST = 10;
export const MAX_QUERY_COST = 1000;

const isConnection = (fields: Map<string, FieldNode[]>) =>
  [...fields.values()].some((nodes) => ["edges", "nodes"].includes(nodes[0]!.name.value));

export function requestedCost(prepared: PreparedOperation): number {
  const root = collectFields([prepared.operation.selectionSet], prepared.fragments, prepared.variables);
  if (prepared.operation.operation === "mutation") return root.size * MUTATION_COST;
  return selectionCost(prepared, [prepared.operation.selectionSet]);
}

function selectionCost(prepared: PreparedOperation, sets: (SelectionSetNode | undefined)[]): number {
  let total = 0;
  for (const nodes of collectFields(sets, prepared.fragments, prepared.variables).values()) {
    total += fieldCost(prepared, nodes);
  }
  return total;
}

function fieldCost(prepared: PreparedOperation, nodes: FieldNode[]): number {
  const sets = subSelections(nodes);
  if (!sets.some(Boolean) || nodes[0]!.name.value === "pageInfo") return 0;
  const args = argumentsOf(nodes[0]!.arguments, prepared.variables);
  const size = typeof args.first === "number" ? args.first : typeof args.last === "number" ? args.last : undefined;
  const fields = collectFields(sets, prepared.fragments, prepared.variables);
  if (isConnection(fields)) return 2 + (size ?? 0) * nodeCost(prepared, fields);
  const own = 1 + selectionCost(prepared, sets);
  return size === undefined ? own : size * own;
}

function nodeCost(prepared: PreparedOperation, fields: Map<string, FieldNode[]>): number {
  const nodeSets: (SelectionSetNode | undefined)[] = [];
  for (const nodes of fields.values()) {
    const name = nodes[0]!.name.value;
    if (name === "nodes") nodeSets.push(...subSelections(nodes));
    if (name === "edges") {
      const edgeFields = collectFields(subSelections(nodes), prepared.fragments, prepared.variables);
      for (const edgeNodes of edgeFields.values()) {
        if (edgeNodes[0]!.name.value === "node") nodeSets.push(...subSelections(edgeNodes));
      }
    }
  }
  return nodeSets.length > 0 ? 1 + selectionCost(prepared, nodeSets) : 0;
}

/** What the answer actually cost: the same rules over the data that came back. */
export function actualCost(prepared: PreparedOperation, data: Record<string, unknown> | null): number {
  if (!data) return 0;
  const root = collectFields([prepared.operation.selectionSet], prepared.fragments, prepared.variables);
  if (prepared.operation.operation === "mutation") return root.size * MUTATION_COST;
  return actualSelection(prepared, [prepared.operation.selectionSet], data);
}

function actualSelection(prepared: PreparedOperation, sets: (SelectionSetNode | undefined)[], data: unknown): number {
  if (data === null || typeof data !== "object") return 0;
  let total = 0;
  for (const [key, nodes] of collectFields(sets, prepared.fragments, prepared.variables)) {
    const value = (data as Record<string, unknown>)[key];
    const subSets = subSelections(nodes);
    if (!subSets.some(Boolean) || value === null || value === undefined || key === "pageInfo") continue;
    const fields = collectFields(subSets, prepared.fragments, prepared.variables);
    if (isConnection(fields)) {
      const record = value as { edges?: { node?: unknown }[]; nodes?: unknown[] };
      total += 2 + actualNode(prepared, fields, record);
    } else if (Array.isArray(value)) {
      for (const entry of value) total += 1 + actualSelection(prepared, subSets, entry);
    } else {
      total += 1 + actualSelection(prepared, subSets, value);
    }
  }
  return total;
}

function actualNode(
  prepared: PreparedOperation,
  fields: Map<string, FieldNode[]>,
  record: { edges?: { node?: unknown }[]; nodes?: unknown[] },
): number {
  let total = 0;
  for (const [key, nodes] of fields) {
    const name = nodes[0]!.name.value;
    if (name === "nodes") {
      for (const node of record.nodes ?? []) total += 1 + actualSelection(prepared, subSelections(nodes), node);
    }
    if (name === "edges") {
      const edgeFields = collectFields(subSelections(nodes), prepared.fragments, prepared.variables);
      const edges = (record as Record<string, unknown>)[key] as { node?: unknown }[] | undefined;
      for (const [edgeKey, edgeNodes] of edgeFields) {
        if (edgeNodes[0]!.name.value !== "node") continue;
        for (const edge of edges ?? []) {
          total += 1 + actualSelection(prepared, subSelections(edgeNodes), (edge as Record<string, unknown>)[edgeKey]);
        }
      }
    }
  }
  return total;
}
