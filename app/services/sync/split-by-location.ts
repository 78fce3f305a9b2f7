/**
 * Splits the quantity a channel should show over the channel's sellable locations, so the channel's sum over its
 * locations is exactly that quantity (a channel like Shopify sells from the sum of its locations).
 *
 * `available` is the ledger's available (on hand - committed) at each location, in the channel's location order;
 * negative figures count as 0. Each location starts with its own available. The channel's rules (safety stock, share,
 * maximum, minimum) only ever reduce, so the difference is taken off the largest location first (down to 0, then the
 * next largest; the earlier location on a tie). Should the quantity exceed the sum (stock that moved between the plan
 * and the push), the rest goes to the location with the most (the earlier one on a tie).
 *
 * Returns one share per location, in the same order; all 0 for a quantity of 0 or less; [] without locations.
 */
export function splitByLocation(quantity: number, available: readonly number[]): number[] {
  const shares = available.map((units) => Math.max(0, Math.floor(units)));
  if (shares.length === 0) return [];
  const wanted = Math.max(0, Math.floor(quantity));
  const sum = shares.reduce((total, units) => total + units, 0);
  if (sum < wanted) {
    const most = largestFirst(shares)[0]!;
    shares[most] = shares[most]! + wanted - sum;
    return shares;
  }
  let excess = sum - wanted;
  for (const index of largestFirst(shares)) {
    if (excess === 0) break;
    const taken = Math.min(shares[index]!, excess);
    shares[index] = shares[index]! - taken;
    excess -= taken;
  }
  return shares;
}

/** Indexes by share, largest first; the earlier index first on a tie. */
function largestFirst(shares: readonly number[]): number[] {
  return shares.map((_, index) => index).sort((a, b) => shares[b]! - shares[a]! || a - b);
}
