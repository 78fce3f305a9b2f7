// Global ids as the GraphQL Admin API writes them, and back.

export const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

/** The numeric id of a gid of the given type (or of a bare number); undefined when it is anything else. */
export function idOf(value: unknown, type: string): number | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value !== "string") return undefined;
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/.exec(value);
  if (match) return match[1] === type ? Number(match[2]) : undefined;
  return /^\d+$/.test(value) ? Number(value) : undefined;
}
