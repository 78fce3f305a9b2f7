import type { Db, Prisma, Tx } from "../../db.server";
import { providerOf } from "../ledger/bulk-insert.server";

/** Case-insensitive "contains" on both databases (SQLite's LIKE already is, for ASCII; PostgreSQL's needs ILIKE). */
export function containsText(db: Db, text: string): Prisma.StringFilter {
  const insensitive = providerOf(db as unknown as Tx) === "postgresql";
  return { contains: text, ...(insensitive ? { mode: "insensitive" } : {}) } as Prisma.StringFilter;
}
