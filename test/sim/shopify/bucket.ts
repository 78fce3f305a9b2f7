// The shop's leaky bucket of query cost points. Requests are charged their requested cost up front (refused with
// THROTTLED when it does not fit) and refunded what they did not use, as Shopify describes its limiter.

export type BucketConfig = { maximumAvailable: number; restoreRate: number };
export type ThrottleStatus = { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };

export const DEFAULT_BUCKET: BucketConfig = { maximumAvailable: 2000, restoreRate: 100 };

export class SimBucket {
  private level: number;
  private at: number;

  constructor(
    private config: BucketConfig,
    private readonly now: () => number,
  ) {
    this.level = config.maximumAvailable;
    this.at = now();
  }

  private refill() {
    const now = this.now();
    this.level = Math.min(
      this.config.maximumAvailable,
      this.level + ((now - this.at) / 1000) * this.config.restoreRate,
    );
    this.at = now;
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.config.maximumAvailable,
      currentlyAvailable: Math.floor(this.level),
      restoreRate: this.config.restoreRate,
    };
  }

  /** Charges the cost if it fits; false (and no charge) when the request must be THROTTLED. */
  tryCharge(cost: number): boolean {
    this.refill();
    if (cost > this.level) return false;
    this.level -= cost;
    return true;
  }

  refund(points: number) {
    this.refill();
    this.level = Math.min(this.config.maximumAvailable, this.level + Math.max(0, points));
  }

  /** Tests: empty the bucket (or set it), as if another app had just spent it. */
  setAvailable(points: number) {
    this.refill();
    this.level = Math.max(0, Math.min(this.config.maximumAvailable, points));
  }

  configure(config: Partial<BucketConfig>) {
    this.refill();
    this.config = { ...this.config, ...config };
    this.level = Math.min(this.level, this.config.maximumAvailable);
  }
}
