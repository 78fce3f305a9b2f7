/**
 * Prisma refuses queries with more bound parameters than it assumes SQLite allows (999), so long `in`
 * lists and OR lists are split into chunks of this size.
 */
export const IN_LIST_CHUNK = 400;

export function chunked<T>(items: readonly T[], size = IN_LIST_CHUNK): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Runs a query per chunk and concatenates the rows. */
export async function findInChunks<T, R>(items: readonly T[], query: (chunk: T[]) => Promise<R[]>, size?: number) {
  const rows: R[] = [];
  for (const chunk of chunked(items, size)) rows.push(...(await query(chunk)));
  return rows;
}
