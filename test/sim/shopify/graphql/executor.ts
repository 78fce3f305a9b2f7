import {
  GraphQLError,
  Kind,
  parse,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from "graphql";
import { collectFields, subSelections, type Fragments, type SimObject } from "./collect";
import { FieldError, locationOf, RequestError, type GraphqlError } from "./errors";
import { argumentsOf, coerceVariables, directivesOf } from "./values";

// A small GraphQL executor over plain objects: the graphql package parses the document, and this walks the
// selection set against objects whose fields are values or resolver functions. There is no schema; an object
// that lacks a requested field answers the error Shopify gives for a field its schema does not have.

export type FieldInfo = {
  fieldName: string;
  path: (string | number)[];
  directives: Record<string, Record<string, unknown>>;
  operation: OperationDefinitionNode;
};
export type Resolver = (args: Record<string, unknown>, info: FieldInfo) => unknown;

export type PreparedOperation = {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  fragments: Fragments;
  variables: Record<string, unknown>;
};

export function prepare(
  query: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
): PreparedOperation {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    const syntax = error instanceof GraphQLError ? error : undefined;
    throw new RequestError([
      {
        message: syntax?.message ?? String(error),
        locations: syntax?.locations ? [...syntax.locations] : undefined,
        extensions: { code: "PARSE_ERROR" },
      },
    ]);
  }
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((candidate) => candidate.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) {
    const message = operationName
      ? `No operation named "${operationName}"`
      : "An operation name is required when the document has several operations";
    throw new RequestError([{ message }]);
  }
  if (operation.operation === "subscription") throw new RequestError([{ message: "Subscriptions are not supported" }]);
  const fragments = new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  return { document, operation, fragments, variables: coerceVariables(operation.variableDefinitions, variables) };
}

export type ExecutionResult = { data: Record<string, unknown> | null; errors: GraphqlError[] };

export function execute(prepared: PreparedOperation, root: SimObject): ExecutionResult {
  const errors: GraphqlError[] = [];
  try {
    const data = selectObject(prepared, root, [prepared.operation.selectionSet], [], errors);
    return { data, errors };
  } catch (error) {
    if (error instanceof RequestError) return { data: null, errors: error.errors };
    throw error;
  }
}

function selectObject(
  prepared: PreparedOperation,
  object: SimObject,
  selectionSets: FieldNode["selectionSet"][],
  path: (string | number)[],
  errors: GraphqlError[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fields = collectFields(selectionSets, prepared.fragments, prepared.variables, object);
  for (const [key, nodes] of fields) {
    const node = nodes[0]!;
    const name = node.name.value;
    if (name === "__typename") {
      out[key] = object.__typename;
      continue;
    }
    if (!(name in object)) {
      // Shopify validates the whole document first; reporting it as a request error keeps that shape.
      throw new RequestError([
        {
          message: `Field '${name}' doesn't exist on type '${object.__typename}'`,
          locations: locationOf(node),
          path: [...path, key],
          extensions: { code: "undefinedField", typeName: object.__typename, fieldName: name },
        },
      ]);
    }
    const fieldPath = [...path, key];
    try {
      let value = object[name];
      if (typeof value === "function") {
        const info: FieldInfo = {
          fieldName: name,
          path: fieldPath,
          directives: directivesOf(node.directives, prepared.variables),
          operation: prepared.operation,
        };
        value = (value as Resolver)(argumentsOf(node.arguments, prepared.variables), info);
      }
      out[key] = complete(prepared, value, subSelections(nodes), fieldPath, errors);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      errors.push({
        message: error.message,
        locations: locationOf(node),
        path: fieldPath,
        extensions: error.extensions,
      });
      out[key] = null;
    }
  }
  return out;
}

function complete(
  prepared: PreparedOperation,
  value: unknown,
  selectionSets: FieldNode["selectionSet"][],
  path: (string | number)[],
  errors: GraphqlError[],
): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    return value.map((entry, index) => complete(prepared, entry, selectionSets, [...path, index], errors));
  }
  if (value instanceof Date) return value.toISOString();
  const hasSelection = selectionSets.some((set) => set && set.selections.length > 0);
  if (hasSelection) {
    if (typeof value !== "object") throw new FieldError(`Selections can't be made on scalars (${String(value)})`);
    return selectObject(prepared, value as SimObject, selectionSets, path, errors);
  }
  if (typeof value === "object" && "__typename" in value) {
    throw new FieldError(`Field must have selections (${(value as SimObject).__typename} returned)`);
  }
  return value;
}
