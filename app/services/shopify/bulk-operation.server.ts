import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { z } from "zod";
import { ShopifyGidSchema, type ShopifyAdmin } from "../../../connectors/shopify/admin";

// A Shopify bulk query from start to download: bulkOperationRunQuery, polling the operation by id until it finishes,
// then the JSONL at its signed URL, line by line. Shopify runs the query on its side with no cost limit beyond the
// mutation's own, so a whole catalogue is read for a few dozen points however large it is.
// (To move into connectors/shopify/admin/operations once a second caller needs it.)

export const BULK_RUN_MUTATION = /* GraphQL */ `
  mutation ChannelLedgerBulkRun($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const BULK_OPERATION_QUERY = /* GraphQL */ `
  query ChannelLedgerBulkOperation($id: ID!) {
    node(id: $id) {
      ... on BulkOperation {
        id
        status
        errorCode
        objectCount
        url
      }
    }
  }
`;

export const BULK_CANCEL_MUTATION = /* GraphQL */ `
  mutation ChannelLedgerBulkCancel($id: ID!) {
    bulkOperationCancel(id: $id) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
      }
    }
  }
`;

const StatusSchema = z.enum(["CREATED", "RUNNING", "COMPLETED", "FAILED", "CANCELING", "CANCELED", "EXPIRED"]);
const UserErrorSchema = z.object({
  field: z.array(z.string()).nullable().optional(),
  message: z.string(),
  code: z.string().nullable().optional(),
});

const RunResponseSchema = z.object({
  bulkOperationRunQuery: z.object({
    bulkOperation: z.object({ id: ShopifyGidSchema, status: StatusSchema }).nullable(),
    userErrors: z.array(UserErrorSchema),
  }),
});

const OperationResponseSchema = z.object({
  node: z
    .object({
      id: ShopifyGidSchema,
      status: StatusSchema,
      errorCode: z.string().nullable(),
      // UnsignedInt64: a string in JSON.
      objectCount: z.coerce.number().int().min(0),
      url: z.url().nullable(),
    })
    .nullable(),
});

const CancelResponseSchema = z.object({
  bulkOperationCancel: z.object({
    bulkOperation: z.object({ id: ShopifyGidSchema, status: StatusSchema }).nullable(),
    userErrors: z.array(UserErrorSchema),
  }),
});

/** Another operation holds the shop's bulk query slot (one before API 2026-01, five from it). */
const BUSY_CODES = new Set(["OPERATION_IN_PROGRESS", "LIMIT_REACHED"]);

/** The bulk query did not give a result: refused, failed (with Shopify's errorCode), cancelled, expired, too slow. */
export class ShopifyBulkOperationError extends Error {
  constructor(
    message: string,
    readonly operationId: string | null = null,
    readonly errorCode: string | null = null,
  ) {
    super(message);
    this.name = "ShopifyBulkOperationError";
  }
}

export type BulkRunOptions = {
  /** How long to wait for the operation (and for a free slot to start it in), in all. Default 15 minutes. */
  timeoutMs?: number;
  /** The first wait between polls, doubled each time up to maxPollMs. Defaults 250 ms and 2 s. */
  firstPollMs?: number;
  maxPollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

export type FinishedBulkOperation = {
  id: string;
  objectCount: number;
  /** Null when the query found nothing: Shopify writes no file then. */
  url: string | null;
  /** GraphQL calls made: the start, the waits for a slot and the polls. */
  calls: number;
};

export const DEFAULT_BULK_TIMEOUT_MS = 15 * 60 * 1000;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs a bulk query to the end: its result's URL once COMPLETED, else a ShopifyBulkOperationError. */
export async function runBulkQuery(
  admin: ShopifyAdmin,
  query: string,
  options: BulkRunOptions = {},
): Promise<FinishedBulkOperation> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const timeoutMs = options.timeoutMs ?? DEFAULT_BULK_TIMEOUT_MS;
  const deadline = now() + timeoutMs;
  const firstPollMs = options.firstPollMs ?? 250;
  const maxPollMs = options.maxPollMs ?? 2_000;
  let calls = 0;
  let delay = firstPollMs;
  /** Waits the next backoff step; false when the deadline has passed. */
  const pause = async () => {
    const left = deadline - now();
    if (left <= 0) return false;
    await sleep(Math.min(delay, left));
    delay = Math.min(delay * 2, maxPollMs);
    return true;
  };

  let id: string | undefined;
  while (!id) {
    // Starting one twice (a retry after a lost answer) costs a spare operation, not a wrong figure.
    const { data } = await admin.request(BULK_RUN_MUTATION, { query }, { schema: RunResponseSchema, idempotent: true });
    calls += 1;
    const { bulkOperation, userErrors } = data.bulkOperationRunQuery;
    if (bulkOperation && userErrors.length === 0) {
      id = bulkOperation.id;
      break;
    }
    const messages = userErrors.map((error) => error.message).join("; ") || "no operation and no reason";
    // The shop's slots are taken (by a run that crashed, or another job of this app): wait for one to free up.
    const busy = userErrors.length > 0 && userErrors.every((error) => BUSY_CODES.has(error.code ?? ""));
    if (!busy) throw new ShopifyBulkOperationError(`Shopify refused the bulk query: ${messages}`);
    if (!(await pause())) {
      throw new ShopifyBulkOperationError(`No bulk query slot on the shop within ${timeoutMs} ms: ${messages}`);
    }
  }

  delay = firstPollMs;
  for (;;) {
    if (!(await pause())) {
      calls += await cancelQuietly(admin, id);
      throw new ShopifyBulkOperationError(`Shopify bulk operation ${id} did not finish within ${timeoutMs} ms`, id);
    }
    const { data } = await admin.request(BULK_OPERATION_QUERY, { id }, { schema: OperationResponseSchema });
    calls += 1;
    const operation = data.node;
    if (!operation) throw new ShopifyBulkOperationError(`Shopify has no bulk operation ${id}`, id);
    switch (operation.status) {
      case "CREATED":
      case "RUNNING":
        continue;
      case "COMPLETED":
        return { id, objectCount: operation.objectCount, url: operation.url, calls };
      case "FAILED":
        throw new ShopifyBulkOperationError(
          `Shopify bulk operation ${id} failed: ${operation.errorCode ?? "no error code"}`,
          id,
          operation.errorCode,
        );
      default:
        throw new ShopifyBulkOperationError(`Shopify bulk operation ${id} is ${operation.status.toLowerCase()}`, id);
    }
  }
}

/** Gives up an operation we no longer wait for, so it does not hold a slot; best effort. Answers the calls made. */
async function cancelQuietly(admin: ShopifyAdmin, id: string): Promise<number> {
  try {
    await admin.request(BULK_CANCEL_MUTATION, { id }, { schema: CancelResponseSchema, idempotent: true });
  } catch {
    // It runs out on its own; the error the caller throws says what matters.
  }
  return 1;
}

export type JsonlOptions = { fetch?: typeof fetch; attempts?: number; sleep?: (ms: number) => Promise<void> };

/**
 * The non-empty lines of a bulk result, as they arrive: the file is streamed, never held whole. The signed URL
 * needs no token. A failed request (network, 5xx) is tried again a few times before any line is read.
 */
export async function* jsonlLines(url: string, options: JsonlOptions = {}): AsyncGenerator<string> {
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const attempts = options.attempts ?? 3;
  const sleep = options.sleep ?? defaultSleep;
  let response: Response | undefined;
  for (let attempt = 1; !response; attempt++) {
    let failure: string;
    try {
      const answer = await doFetch(url);
      if (answer.ok) {
        response = answer;
        break;
      }
      failure = `HTTP ${answer.status}`;
      await answer.body?.cancel();
      if (answer.status < 500) attempt = attempts;
    } catch (error) {
      failure = String(error);
    }
    if (attempt >= attempts) {
      throw new ShopifyBulkOperationError(`Could not download the bulk operation's result: ${failure}`);
    }
    await sleep(500 * attempt);
  }
  if (!response.body) return;
  const lines = createInterface({
    input: Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>),
    crlfDelay: Infinity,
  });
  for await (const line of lines) if (line.trim() !== "") yield line;
}
