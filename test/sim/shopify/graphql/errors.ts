import type { ASTNode } from "graphql";

export type GraphqlError = {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
};

/** Fails the whole request before anything runs: a syntax error, an unknown operation, a missing variable. */
export class RequestError extends Error {
  constructor(readonly errors: GraphqlError[]) {
    super(errors.map((error) => error.message).join("; "));
    this.name = "RequestError";
  }
}

/** Fails one field: it answers null and the error is listed with its path, the rest of the data still comes back. */
export class FieldError extends Error {
  constructor(
    message: string,
    readonly extensions?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "FieldError";
  }
}

export function locationOf(node: ASTNode | undefined) {
  const start = node?.loc?.startToken;
  return start ? [{ line: start.line, column: start.column }] : undefined;
}
