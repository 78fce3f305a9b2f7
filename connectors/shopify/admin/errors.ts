// What can go wrong talking to the Admin GraphQL API, as types a caller can branch on. userErrors are not here:
// they are an answer (the mutation ran and refused), returned with the data for the caller to read.

export type GraphqlErrorEntry = {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
};

export class ShopifyAdminError extends Error {
  constructor(
    message: string,
    readonly shopDomain: string,
  ) {
    super(message);
    this.name = "ShopifyAdminError";
  }
}

/** The query ran (or was refused) with GraphQL errors other than THROTTLED: retrying the same query cannot help. */
export class ShopifyGraphqlError extends ShopifyAdminError {
  constructor(
    shopDomain: string,
    readonly errors: GraphqlErrorEntry[],
    readonly data: unknown,
  ) {
    super(`Shopify GraphQL error on ${shopDomain}: ${errors.map((error) => describe(error)).join("; ")}`, shopDomain);
    this.name = "ShopifyGraphqlError";
  }

  get codes(): string[] {
    return this.errors.flatMap((error) => (typeof error.extensions?.code === "string" ? [error.extensions.code] : []));
  }
}

/** An HTTP status that retrying does not fix (400, 401, 402, 403, 404, 423...). */
export class ShopifyHttpError extends ShopifyAdminError {
  constructor(
    shopDomain: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`Shopify answered HTTP ${status} for ${shopDomain}: ${body.slice(0, 300)}`, shopDomain);
    this.name = "ShopifyHttpError";
  }
}

/** The answer was not what the operation's schema expects (an API change, or a query the schema does not match). */
export class ShopifyResponseError extends ShopifyAdminError {
  constructor(
    shopDomain: string,
    message: string,
    readonly issues: unknown[] = [],
  ) {
    super(`Unexpected Shopify response for ${shopDomain}: ${message}`, shopDomain);
    this.name = "ShopifyResponseError";
  }
}

/** Every attempt failed with something retryable (429, 5xx, THROTTLED, timeouts, network errors). */
export class ShopifyRetriesExhaustedError extends ShopifyAdminError {
  constructor(
    shopDomain: string,
    readonly attempts: number,
    readonly lastFailure: string,
    options?: { cause?: unknown },
  ) {
    super(`Gave up on ${shopDomain} after ${attempts} attempt(s); last: ${lastFailure}`, shopDomain);
    this.name = "ShopifyRetriesExhaustedError";
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

function describe(error: GraphqlErrorEntry): string {
  const code = typeof error.extensions?.code === "string" ? ` [${error.extensions.code}]` : "";
  const path = error.path?.length ? ` at ${error.path.join(".")}` : "";
  return `${error.message}${code}${path}`;
}
