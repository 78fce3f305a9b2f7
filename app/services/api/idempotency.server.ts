import { createHash } from "node:crypto";
import type { Db } from "../../db.server";
import { isUniqueViolation } from "../db-errors";
import { getLogger } from "../../logger.server";
import { ApiError, invalidRequest } from "./errors.server";
import { IdempotencyKeySchema } from "./schemas";

// A record whose answer is not known yet: its request is running (or died running).
const PENDING = 0;
// A claim this old belongs to a request that died; the next retry takes it over.
const STALE_CLAIM_MS = 60_000;
// How long a duplicate waits for the running original before answering 409.
const WAIT_FOR_ORIGINAL_MS = 10_000;
const POLL_MS = 25;

export type ApiAnswer = { status: number; body: unknown };

/** The request's Idempotency-Key header, or null when it sent none. */
export function idempotencyKeyOf(request: Request): string | null {
  const header = request.headers.get("idempotency-key");
  if (header === null) return null;
  const parsed = IdempotencyKeySchema.safeParse(header);
  if (!parsed.success) {
    throw invalidRequest(
      "The Idempotency-Key header is invalid",
      parsed.error.issues.map((issue) => ({ ...issue, path: ["Idempotency-Key"] })),
    );
  }
  return parsed.data;
}

/**
 * Runs `run` at most once per shop and key. The key is claimed first (a unique row), so concurrent
 * duplicates cannot both run: they wait for the original's answer and replay it. Only success is
 * stored; a failure frees the key so the client can retry it. The same key with another body is a
 * 409, and so is a duplicate whose original is still running after the wait.
 */
export async function withIdempotency(
  db: Db,
  shopId: string,
  key: string | null,
  rawBody: string,
  run: () => Promise<ApiAnswer>,
): Promise<Response> {
  if (key === null) {
    const answer = await run();
    return answerResponse(JSON.stringify(answer.body), answer.status, false);
  }
  const requestHash = createHash("sha256").update(rawBody, "utf8").digest("hex");
  const claim = await claimKey(db, shopId, key, requestHash);
  if (claim.kind === "replay") return answerResponse(claim.body, claim.status, true);

  let answer: ApiAnswer;
  try {
    answer = await run();
  } catch (error) {
    await db.idempotencyRecord.deleteMany({ where: { id: claim.id, responseStatus: PENDING } }).catch(() => undefined);
    throw error;
  }
  const body = JSON.stringify(answer.body);
  try {
    await db.idempotencyRecord.update({
      where: { id: claim.id },
      data: { responseStatus: answer.status, responseBody: body },
    });
  } catch (error) {
    // The work is done and answered; a retry takes the stale claim over and the ledger's own
    // idempotency key answers the same movement.
    getLogger().warn({ err: error, shopId }, "could not store an idempotent answer");
  }
  return answerResponse(body, answer.status, false);
}

type Claim = { kind: "owner"; id: string } | { kind: "replay"; status: number; body: string };

async function claimKey(db: Db, shopId: string, key: string, requestHash: string): Promise<Claim> {
  const deadline = Date.now() + WAIT_FOR_ORIGINAL_MS;
  for (;;) {
    try {
      const created = await db.idempotencyRecord.create({
        data: { shopId, key, requestHash, responseStatus: PENDING, responseBody: "" },
        select: { id: true },
      });
      return { kind: "owner", id: created.id };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const existing = await db.idempotencyRecord.findUnique({ where: { shopId_key: { shopId, key } } });
    if (existing) {
      if (existing.requestHash !== requestHash) {
        throw new ApiError(409, "idempotency_conflict", "This Idempotency-Key was already used with another body", {
          idempotency_key: key,
        });
      }
      if (existing.responseStatus !== PENDING) {
        return { kind: "replay", status: existing.responseStatus, body: existing.responseBody };
      }
      const now = new Date();
      if (now.getTime() - existing.createdAt.getTime() > STALE_CLAIM_MS) {
        const { count } = await db.idempotencyRecord.updateMany({
          where: { id: existing.id, responseStatus: PENDING, createdAt: existing.createdAt },
          data: { createdAt: now },
        });
        if (count === 1) return { kind: "owner", id: existing.id };
      }
    }
    // Missing: the original failed and freed the key; pending: it is still running. Try again shortly.
    if (Date.now() > deadline) {
      throw new ApiError(409, "idempotency_in_progress", "A request with this Idempotency-Key is still running", {
        idempotency_key: key,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function answerResponse(body: string, status: number, replayed: boolean): Response {
  return new Response(body, {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      ...(replayed ? { "Idempotent-Replayed": "true" } : {}),
    },
  });
}
