import { Kind, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";
import { directivesOf } from "./values";

export type Fragments = Map<string, FragmentDefinitionNode>;

/** A typed object the executor can walk: fields are values or resolvers taking the field's arguments. */
export type SimObject = { __typename: string; __implements?: string[]; [field: string]: unknown };

function applies(typeCondition: string | undefined, typename: string | undefined, implemented: string[]) {
  return !typeCondition || typeCondition === typename || implemented.includes(typeCondition) || !typename;
}

function included(node: { directives?: FieldNode["directives"] }, variables: Record<string, unknown>) {
  const directives = directivesOf(node.directives, variables);
  if (directives.skip && directives.skip.if === true) return false;
  if (directives.include && directives.include.if === false) return false;
  return true;
}

/**
 * The fields a selection asks of an object, grouped by response key (alias or name), following fragments whose type
 * matches. Without a type (cost estimates) every fragment counts.
 */
export function collectFields(
  selectionSets: (SelectionSetNode | undefined)[],
  fragments: Fragments,
  variables: Record<string, unknown>,
  object?: Pick<SimObject, "__typename" | "__implements">,
): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (!included(selection, variables)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        fields.set(key, [...(fields.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value, object?.__typename, object?.__implements ?? [])) {
          visit(selection.selectionSet);
        }
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && applies(fragment.typeCondition.name.value, object?.__typename, object?.__implements ?? [])) {
          visit(fragment.selectionSet);
        }
      }
    }
  };
  selectionSets.forEach(visit);
  return fields;
}

export const subSelections = (nodes: FieldNode[]) => nodes.map((node) => node.selectionSet);
