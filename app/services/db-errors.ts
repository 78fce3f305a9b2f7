/**
 * A unique-constraint violation, however Prisma reports it: P2002 from its own queries, P2010 wrapping the
 * driver adapter's error from a raw statement (the ledger's multi-row inserts).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  if (error.code === "P2002") return true;
  if (error.code !== "P2010" || !("meta" in error)) return false;
  const meta = error.meta as { driverAdapterError?: { cause?: { kind?: string } } } | undefined;
  return meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation";
}
