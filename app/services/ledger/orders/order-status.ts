/** An order's fulfilment status follows from its lines: every unit shipped, some, or none. */
export function fulfillmentStatusOf(
  lines: { quantity: number; removedQty: number; fulfilledQty: number; channelFulfilledQty: number }[],
): "unfulfilled" | "partial" | "fulfilled" {
  const wanted = lines.reduce((sum, line) => sum + Math.max(0, line.quantity - line.removedQty), 0);
  const shipped = lines.reduce((sum, line) => sum + Math.max(line.fulfilledQty, line.channelFulfilledQty), 0);
  if (wanted > 0 && shipped >= wanted) return "fulfilled";
  if (shipped > 0) return "partial";
  return "unfulfilled";
}
