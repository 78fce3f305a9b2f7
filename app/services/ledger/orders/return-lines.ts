// Pure rules for a return's lines. No I/O: exhaustively testable.
//
// A return is kept as lines per order line and disposition (restock, dispose, or not decided yet), each with the
// units received: restocked or disposed of already. When the channel says what the return looks like now, the stored
// lines are brought to it without ever undoing what was received, so reading the same return twice changes nothing
// and reading it after more was processed changes only what is new.

export type Disposition = "restock" | "dispose" | null;

export type StoredReturnLine = {
  id: string;
  orderLineId: string;
  disposition: Disposition;
  quantity: number;
  receivedQty: number;
  reason: string | null;
  condition: string | null;
};

export type WantedReturnLine = {
  orderLineId: string;
  disposition: Disposition;
  quantity: number;
  reason?: string;
  condition?: string;
};

export type ReturnLinesPlan = {
  create: {
    orderLineId: string;
    disposition: Disposition;
    quantity: number;
    reason: string | null;
    condition: string | null;
  }[];
  update: { id: string; quantity: number; reason: string | null; condition: string | null }[];
  delete: string[];
};

const keyOf = (line: { orderLineId: string; disposition: Disposition }) =>
  `${line.orderLineId}\u0000${line.disposition ?? ""}`;

/** The wanted lines summed per order line and disposition; the first reason and condition given win. */
export function groupWanted(lines: WantedReturnLine[]): Map<string, WantedReturnLine> {
  const grouped = new Map<string, WantedReturnLine>();
  for (const line of lines) {
    const key = keyOf(line);
    const seen = grouped.get(key);
    if (!seen) grouped.set(key, { ...line });
    else {
      seen.quantity += line.quantity;
      seen.reason ??= line.reason;
      seen.condition ??= line.condition;
    }
  }
  return grouped;
}

/**
 * How to bring the stored lines to the wanted ones. Per order line and disposition, the stored lines keep at least
 * the units they received and the first of them takes the rest of the wanted quantity; stored lines left with
 * nothing, and nothing received, go. A wanted reason replaces the stored one; a condition only the ledger knows stays.
 */
export function planReturnLines(stored: StoredReturnLine[], wanted: WantedReturnLine[]): ReturnLinesPlan {
  const plan: ReturnLinesPlan = { create: [], update: [], delete: [] };
  const want = groupWanted(wanted);
  const byKey = new Map<string, StoredReturnLine[]>();
  for (const line of stored) byKey.set(keyOf(line), [...(byKey.get(keyOf(line)) ?? []), line]);

  for (const [key, lines] of byKey) {
    const target = want.get(key);
    const ordered = [...lines].sort((a, b) => b.receivedQty - a.receivedQty || (a.id < b.id ? -1 : 1));
    const received = ordered.reduce((sum, line) => sum + line.receivedQty, 0);
    let rest = Math.max(0, (target?.quantity ?? 0) - received);
    for (const line of ordered) {
      const quantity = line.receivedQty + rest;
      rest = 0;
      if (quantity === 0) {
        plan.delete.push(line.id);
        continue;
      }
      const reason = target?.reason ?? line.reason;
      const condition = target?.condition ?? line.condition;
      if (quantity !== line.quantity || reason !== line.reason || condition !== line.condition) {
        plan.update.push({ id: line.id, quantity, reason, condition });
      }
    }
  }
  for (const [key, line] of want) {
    if (byKey.has(key) || line.quantity <= 0) continue;
    plan.create.push({
      orderLineId: line.orderLineId,
      disposition: line.disposition,
      quantity: line.quantity,
      reason: line.reason ?? null,
      condition: line.condition ?? null,
    });
  }
  return plan;
}

export const isEmptyPlan = (plan: ReturnLinesPlan) =>
  plan.create.length === 0 && plan.update.length === 0 && plan.delete.length === 0;

/** Statuses after which nothing more comes back: units marked restock are put back on the shelf. */
export const RECEIVED_STATUSES: ReadonlySet<string> = new Set(["received", "refunded", "closed"]);

/**
 * The status a return moves to. The latest word wins, except that a refunded return stays "refunded" when it is
 * reported received afterwards: by the channel, which has no such status, or by a later receipt without a refund.
 */
export function nextReturnStatus(current: string, reported: string): string {
  if (current === "refunded" && reported === "received") return current;
  return reported;
}
