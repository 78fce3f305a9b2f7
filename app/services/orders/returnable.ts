/** Returns that no longer hold their units: a declined or cancelled return frees them for another. */
export const RELEASED_RETURN_STATUSES = ["declined", "cancelled"];

/**
 * Units of a line that can still come back: shipped, not on another live return (`returnLines`: the line's entries
 * on returns that are not released), and not put back on the shelf by a refund without a return (restocks beyond
 * those of returns). The one rule for createReturn (under its lock) and the order page.
 */
export function returnableQuantity(
  line: { fulfilledQty: number; restockedQty: number },
  returnLines: { quantity: number; receivedQty: number; disposition: string | null }[],
): number {
  const onReturns = returnLines.reduce((sum, entry) => sum + entry.quantity, 0);
  const restockedByReturns = returnLines
    .filter((entry) => entry.disposition === "restock")
    .reduce((sum, entry) => sum + entry.receivedQty, 0);
  const restockedByRefunds = Math.max(0, line.restockedQty - restockedByReturns);
  return Math.max(0, line.fulfilledQty - onReturns - restockedByRefunds);
}
