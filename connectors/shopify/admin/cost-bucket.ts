// Shopify's GraphQL rate limit is a leaky bucket of cost points per app and shop. Every answer reports the bucket
// (extensions.cost.throttleStatus); between answers we project it forward with the restore rate, and each request
// reserves its cost before it is sent, so concurrent callers queue behind each other instead of all being THROTTLED.

export type ThrottleStatus = { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };

export class CostBucket {
  private status: ThrottleStatus | undefined;
  private level = 0;
  private observedAt = 0;
  // What each query asked for last time, kept with the bucket rather than the client: callers make a client per task
  // (a push, a page of the backfill), and one that had to learn the costs afresh would send blind and be THROTTLED.
  private readonly costs = new Map<string, number>();

  /** The cost Shopify last reported for this query text, 0 when it never answered it. */
  costOf(query: string): number {
    return this.costs.get(query) ?? 0;
  }

  learnCost(query: string, requestedQueryCost: number): void {
    this.costs.set(query, requestedQueryCost);
  }

  /** The projected points available now; undefined until Shopify has told us the bucket's shape. */
  available(now: number): number | undefined {
    if (!this.status) return undefined;
    const restored = (this.status.restoreRate * Math.max(0, now - this.observedAt)) / 1000;
    return Math.min(this.status.maximumAvailable, this.level + restored);
  }

  observe(status: ThrottleStatus, now: number): void {
    this.status = status;
    this.level = status.currentlyAvailable;
    this.observedAt = now;
  }

  /**
   * Reserves `cost` points and answers how long to wait before sending. A cost above the bucket's maximum can never
   * fit: it waits for a full bucket and goes anyway, so Shopify's own error (MAX_COST_EXCEEDED) reaches the caller.
   */
  reserve(cost: number, now: number): number {
    const available = this.available(now);
    if (!this.status || available === undefined || this.status.restoreRate <= 0) return 0;
    const needed = Math.min(cost, this.status.maximumAvailable);
    const waitMs = available >= needed ? 0 : Math.ceil(((needed - available) / this.status.restoreRate) * 1000);
    this.level = available - needed;
    this.observedAt = now;
    return waitMs;
  }
}

/** Buckets by shop domain. One per process by default, so every client of a shop shares what it learned. */
export class CostBuckets {
  private readonly buckets = new Map<string, CostBucket>();

  for(shopDomain: string): CostBucket {
    let bucket = this.buckets.get(shopDomain);
    if (!bucket) {
      bucket = new CostBucket();
      this.buckets.set(shopDomain, bucket);
    }
    return bucket;
  }
}

export const processCostBuckets = new CostBuckets();
