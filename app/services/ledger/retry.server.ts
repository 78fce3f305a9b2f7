import { isUniqueViolation } from "../db-errors";

// Conflicts between concurrent ledger transactions are expected (two workers importing the same new
// order, a deadlock victim, a SQLite writer waiting too long): the whole transaction is re-planned.

const RETRYABLE_CODES = new Set(["P2002", "P2028", "P2034"]);
const RETRYABLE_MESSAGES =
  /deadlock detected|could not serialize|SQLITE_BUSY|database is locked|Transaction already closed|write conflict/i;

export class LedgerConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LedgerConflict";
  }
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof LedgerConflict || isUniqueViolation(error)) return true;
  if (typeof error !== "object" || error === null) return false;
  const code = "code" in error ? String(error.code) : "";
  const message = "message" in error ? String(error.message) : "";
  return RETRYABLE_CODES.has(code) || RETRYABLE_MESSAGES.test(message);
}

export async function withLedgerRetry<T>(work: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      const delay = Math.min(500, 5 * 2 ** attempt) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Interactive transaction limits: long enough for a large order on a loaded machine. */
export const LEDGER_TX = { maxWait: 20_000, timeout: 30_000 } as const;
