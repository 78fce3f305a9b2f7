import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db.server";
import { ShopNotFoundError } from "./shops.server";

const KEY_PREFIX = "cl_";
// 30 random bytes are exactly 40 base64url characters: 240 bits, no padding.
const KEY_RANDOM_BYTES = 30;
const SHOWN_PREFIX_LENGTH = 8;
// Requests come in bursts; recording every use would turn each read into a write.
const LAST_USED_RESOLUTION_MS = 60_000;

export const CreateApiKeySchema = z.object({
  shopId: z.string().trim().min(1, "must not be empty"),
  name: z.string().trim().min(1, "must not be empty").max(120, "must be at most 120 characters"),
});
export type CreateApiKeyInput = z.input<typeof CreateApiKeySchema>;

export const ApiKeySchema = z.string().regex(/^cl_[A-Za-z0-9_-]{40}$/);

export const RevokeApiKeySchema = z.object({
  shopId: z.string().min(1),
  id: z.string().min(1),
});

const summaryFields = {
  id: true,
  shopId: true,
  name: true,
  prefix: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
} as const;

export type ApiKeySummary = {
  id: string;
  shopId: string;
  name: string;
  prefix: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
};

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/**
 * Issues a key for the shop. `key` is the only copy of the secret: show it to the merchant once;
 * the database keeps its hash. Throws ShopNotFoundError for an unknown shop.
 */
export async function createApiKey(db: Db, input: CreateApiKeyInput): Promise<{ key: string; apiKey: ApiKeySummary }> {
  const { shopId, name } = CreateApiKeySchema.parse(input);
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { id: true } });
  if (!shop) throw new ShopNotFoundError(shopId);
  const key = KEY_PREFIX + randomBytes(KEY_RANDOM_BYTES).toString("base64url");
  const apiKey = await db.apiKey.create({
    data: { shopId, name, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), keyHash: hashApiKey(key) },
    select: summaryFields,
  });
  return { key, apiKey };
}

/** The shop a request's key belongs to, or null for a malformed, unknown or revoked key. */
export async function authenticateApiKey(
  db: Db,
  key: string,
  options: { now?: Date } = {},
): Promise<{ shopId: string; apiKeyId: string } | null> {
  // Malformed keys never reach the database.
  if (!ApiKeySchema.safeParse(key).success) return null;
  const apiKey = await db.apiKey.findUnique({
    where: { keyHash: hashApiKey(key) },
    select: { id: true, shopId: true, lastUsedAt: true, revokedAt: true },
  });
  if (!apiKey || apiKey.revokedAt !== null) return null;

  const now = options.now ?? new Date();
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (apiKey.lastUsedAt === null || apiKey.lastUsedAt < staleBefore) {
    // Conditional, so concurrent requests with the same key write at most once between them.
    await db.apiKey.updateMany({
      where: { id: apiKey.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return { shopId: apiKey.shopId, apiKeyId: apiKey.id };
}

/**
 * Revokes one of the shop's keys. Returns false when the shop has no key with that id, so a key
 * cannot be revoked (or probed) through another shop. Revoking twice is harmless.
 */
export async function revokeApiKey(db: Db, input: { shopId: string; id: string }): Promise<boolean> {
  const { shopId, id } = RevokeApiKeySchema.parse(input);
  const { count } = await db.apiKey.updateMany({
    where: { id, shopId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count > 0) return true;
  const alreadyRevoked = await db.apiKey.findFirst({ where: { id, shopId }, select: { id: true } });
  return alreadyRevoked !== null;
}

/** The shop's keys, newest first, without their hashes. */
export async function listApiKeys(db: Db, shopId: string): Promise<ApiKeySummary[]> {
  return db.apiKey.findMany({
    where: { shopId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: summaryFields,
  });
}
