import { seededRandom } from "../../../app/seeded-random.ts";

// Fault injection for the Admin API endpoint: scripted faults for exact tests, random ones (seeded, so a run can be
// repeated) for soak runs and manual play. Each GraphQL request draws at most one fault.

export type Fault =
  | { kind: "http429"; retryAfterSeconds?: number }
  | { kind: "http5xx"; status?: number; retryAfterSeconds?: number; afterExecution?: boolean }
  | { kind: "throttled" }
  | { kind: "network" }
  | { kind: "delay"; ms: number }
  | TimeoutFault;

/**
 * A request that never gets its answer: it hangs until the client gives up (or `hangMs`), then the connection drops.
 * afterExecution: the store carried it out first (the lost answer a retry must survive); else it never ran.
 */
export type TimeoutFault = { kind: "timeout"; afterExecution?: boolean; hangMs?: number };

export type FaultRates = {
  rate429?: number;
  rate5xx?: number;
  rateThrottled?: number;
  rateNetwork?: number;
  /** Requests that hang past the client's timeout; half of them were carried out first. */
  rateTimeout?: number;
  /** How long a timed-out request hangs if the client does not give up first. */
  hangMs?: number;
  /** Added to every answer: a fixed delay or a [min, max] range. */
  delayMs?: number | [number, number];
  retryAfterSeconds?: number;
  seed?: number;
};

export class Faults {
  private readonly script: Fault[] = [];
  private rates: FaultRates = {};
  private random = seededRandom(1);

  /** Faults for the next requests, one each, in order; they take precedence over the random rates. */
  queue(...faults: Fault[]) {
    this.script.push(...faults);
  }

  set(rates: FaultRates) {
    this.rates = rates;
    this.random = seededRandom(rates.seed ?? 1);
  }

  clear() {
    this.script.length = 0;
    this.rates = {};
  }

  /** The fault (if any) and the delay for the next request. */
  next(): { fault?: Fault; delayMs: number } {
    const scripted = this.script.shift();
    const delayMs = this.delay() + (scripted?.kind === "delay" ? scripted.ms : 0);
    if (scripted) return { fault: scripted.kind === "delay" ? undefined : scripted, delayMs };
    const { rate429 = 0, rate5xx = 0, rateThrottled = 0, rateNetwork = 0, retryAfterSeconds } = this.rates;
    const roll = this.random();
    if (roll < rate429) return { fault: { kind: "http429", retryAfterSeconds }, delayMs };
    if (roll < rate429 + rate5xx) return { fault: { kind: "http5xx", status: 503 }, delayMs };
    if (roll < rate429 + rate5xx + rateThrottled) return { fault: { kind: "throttled" }, delayMs };
    if (roll < rate429 + rate5xx + rateThrottled + rateNetwork) return { fault: { kind: "network" }, delayMs };
    if (roll < rate429 + rate5xx + rateThrottled + rateNetwork + (this.rates.rateTimeout ?? 0))
      return { fault: this.timeout(), delayMs };
    return { delayMs };
  }

  private timeout(): TimeoutFault {
    return { kind: "timeout", afterExecution: this.random() < 0.5, hangMs: this.rates.hangMs };
  }

  private delay(): number {
    const delay = this.rates.delayMs;
    if (delay === undefined) return 0;
    if (typeof delay === "number") return delay;
    return delay[0] + Math.round(this.random() * (delay[1] - delay[0]));
  }
}

/** Long enough that any client gives up first. */
export const DEFAULT_HANG_MS = 60_000;

/** Hangs a request until its client aborts it (msw hands the handler the request's signal) or `ms` have passed. */
export function hang(signal: AbortSignal | undefined, ms = DEFAULT_HANG_MS): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
