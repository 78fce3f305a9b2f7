import { z } from "zod";
import type { Db } from "../db.server";

function isTimezone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const CreateShopSchema = z.object({
  name: z.string().trim().min(1, "must not be empty").max(120, "must be at most 120 characters"),
  // Upper-cased first so "eur" from a form or the CLI is accepted as EUR.
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "must be a 3-letter ISO 4217 currency code such as USD or EUR")
    .default("USD"),
  timezone: z
    .string()
    .trim()
    .refine(isTimezone, "must be an IANA time zone such as UTC or Europe/Berlin")
    .default("UTC"),
});
export type CreateShopInput = z.input<typeof CreateShopSchema>;

export class ShopNotFoundError extends Error {
  constructor(readonly shopId: string) {
    super(`Shop ${shopId} not found`);
    this.name = "ShopNotFoundError";
  }
}

const shopFields = {
  id: true,
  name: true,
  shopifyDomain: true,
  currency: true,
  timezone: true,
  uninstalledAt: true,
  createdAt: true,
} as const;

/** Throws a ZodError naming each invalid field. */
export async function createShop(db: Db, input: CreateShopInput) {
  const data = CreateShopSchema.parse(input);
  return db.shop.create({ data, select: shopFields });
}

export async function getShop(db: Db, id: string) {
  return db.shop.findUnique({ where: { id }, select: shopFields });
}

export async function listShops(db: Db) {
  return db.shop.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: shopFields });
}

export type ShopSummary = NonNullable<Awaited<ReturnType<typeof getShop>>>;
