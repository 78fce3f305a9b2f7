// WooCommerce does not rate-limit its REST API; the host in front of it does: a firewall's 429 with Retry-After, a
// few PHP workers that queue or time out whatever comes beyond them. So every client of a store in this process (the
// poller, the pusher, commands) shares one limiter: at most a few requests in flight, and none sent while a short
// Retry-After runs. A long one is left to the caller (the pusher parks the push for the engine's backoff): holding
// requests here for minutes would only tie up the workers that sent them.

export type StoreLimiterOptions = {
  maxConcurrent?: number;
  /** A Retry-After up to this long holds the store's next requests; a longer one holds nothing. */
  maxHoldMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

export const DEFAULT_MAX_CONCURRENT = 2;
export const DEFAULT_MAX_HOLD_MS = 5_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class StoreLimiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private heldUntil = 0;
  private readonly maxConcurrent: number;
  private readonly maxHoldMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: StoreLimiterOptions = {}) {
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT);
    this.maxHoldMs = options.maxHoldMs ?? DEFAULT_MAX_HOLD_MS;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Runs one request when a slot is free and no Retry-After is running, in the order they came. */
  async run<T>(request: () => Promise<T>): Promise<T> {
    if (this.active >= this.maxConcurrent) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active += 1;
    try {
      // Checked again after each wait: an answer that came meanwhile may have asked for longer.
      for (let wait = this.heldUntil - this.now(); wait > 0; wait = this.heldUntil - this.now()) await this.sleep(wait);
      return await request();
    } finally {
      // The slot passes straight to the next in line, so a newcomer cannot overtake it.
      const next = this.queue.shift();
      if (next) next();
      else this.active -= 1;
    }
  }

  /** The store answered 429 with this Retry-After. */
  retryAfter(ms: number): void {
    if (ms > this.maxHoldMs) return;
    this.heldUntil = Math.max(this.heldUntil, this.now() + ms);
  }

  /** Requests in flight and waiting, for tests and logs. */
  load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.queue.length };
  }
}

/**
 * Limiters by store host: one site's stores (a multisite's subfolders) sit behind the same firewall and PHP workers.
 * One set per process by default, like the Shopify cost buckets.
 */
export class StoreLimiters {
  private readonly limiters = new Map<string, StoreLimiter>();

  constructor(private readonly options: StoreLimiterOptions = {}) {}

  for(host: string): StoreLimiter {
    const key = host.toLowerCase();
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new StoreLimiter(this.options);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}

export const processStoreLimiters = new StoreLimiters();
