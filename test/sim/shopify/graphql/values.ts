import { Kind, type ArgumentNode, type DirectiveNode, type ValueNode, type VariableDefinitionNode } from "graphql";
import { RequestError, locationOf } from "./errors";

// Argument values from the query text and the request's variables, as plain JSON values. Enums become their names.

export function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.INT:
      return Number.parseInt(node.value, 10);
    case Kind.FLOAT:
      return Number.parseFloat(node.value);
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((value) => valueOf(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(
        node.fields
          // An unset variable leaves the input field out, as GraphQL does, instead of sending undefined.
          .filter((field) => field.value.kind !== Kind.VARIABLE || field.value.name.value in variables)
          .map((field) => [field.name.value, valueOf(field.value, variables)]),
      );
  }
}

export function argumentsOf(args: readonly ArgumentNode[] | undefined, variables: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const arg of args ?? []) {
    if (arg.value.kind === Kind.VARIABLE && !(arg.value.name.value in variables)) continue;
    out[arg.name.value] = valueOf(arg.value, variables);
  }
  return out;
}

export function directivesOf(directives: readonly DirectiveNode[] | undefined, variables: Record<string, unknown>) {
  return Object.fromEntries((directives ?? []).map((d) => [d.name.value, argumentsOf(d.arguments, variables)]));
}

/** Applies defaults and refuses a missing non-null variable, the way Shopify does before executing anything. */
export function coerceVariables(
  definitions: readonly VariableDefinitionNode[] | undefined,
  provided: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const definition of definitions ?? []) {
    const name = definition.variable.name.value;
    if (name in provided && provided[name] !== undefined) out[name] = provided[name];
    else if (definition.defaultValue) out[name] = valueOf(definition.defaultValue, {});
    else if (definition.type.kind === Kind.NON_NULL_TYPE) {
      throw new RequestError([
        {
          message: `Variable $${name} of type ${typeText(definition.type)} was provided invalid value`,
          locations: locationOf(definition),
          extensions: {
            code: "INVALID_VARIABLE",
            value: null,
            problems: [{ path: [], explanation: "Expected value to not be null" }],
          },
        },
      ]);
    }
  }
  return out;
}

function typeText(type: VariableDefinitionNode["type"]): string {
  if (type.kind === Kind.NON_NULL_TYPE) return `${typeText(type.type)}!`;
  if (type.kind === Kind.LIST_TYPE) return `[${typeText(type.type)}]`;
  return type.name.value;
}
