// WooCommerce stamps a change to the second. Two saves of one order within a second (our refund and the cancellation
// that follows it, a checkout completed at once) carry the same date_modified_gmt, and the body built for the second
// save must not be taken for a copy of the first. Within a second an order only moves forward in ways its body shows:
// along its life (status) and by the refunds added to it. That progress is the version's millisecond part, which
// WooCommerce's whole-second stamps leave free: the inbox key and the ledger's channelUpdatedAt both carry it.

const STATUS_STEP: Record<string, number> = {
  "checkout-draft": 0,
  pending: 1,
  failed: 2,
  "on-hold": 3,
  processing: 4,
  completed: 5,
  cancelled: 6,
  refunded: 7,
  trash: 8,
};

/** 0 to 999: the status's step in hundreds, plus the number of refunds (at most 99). */
export function wooOrderProgress(body: { status?: unknown; refunds?: unknown }): number {
  const step = typeof body.status === "string" ? (STATUS_STEP[body.status] ?? STATUS_STEP.processing!) : 0;
  const refunds = Array.isArray(body.refunds) ? Math.min(body.refunds.length, 99) : 0;
  return step * 100 + refunds;
}

/** The order's version: its date_modified_gmt (whole seconds) with its progress as milliseconds. */
export function wooOrderVersion(modified: Date, body: { status?: unknown; refunds?: unknown }): Date {
  const second = Math.floor(modified.getTime() / 1000) * 1000;
  return new Date(second + wooOrderProgress(body));
}
