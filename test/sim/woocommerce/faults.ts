import { seededRandom } from "../../../app/seeded-random";
import type { TimeoutFault } from "../shopify/faults";
import { htmlResponse, wpJsonResponse } from "./wire";

// Fault injection for the REST API: what a WordPress host does to a client on a bad day. 429s come from the host or
// its firewall (WooCommerce itself does not rate-limit wc/v3) as HTML with Retry-After; a 500 is WordPress's "critical
// error" JSON; 502/503/504 are the proxy's HTML pages. A scripted fault can target one route and can strike after the
// request was carried out (a gateway timeout on a write that did happen), which is what idempotency must survive.

export type Fault =
  | { kind: "http429"; retryAfterSeconds?: number; path?: string | RegExp }
  | { kind: "http5xx"; status?: 500 | 502 | 503 | 504; afterExecution?: boolean; path?: string | RegExp }
  | { kind: "network"; path?: string | RegExp }
  | { kind: "delay"; ms: number; path?: string | RegExp }
  | (TimeoutFault & { path?: string | RegExp });

export type FaultRates = {
  rate429?: number;
  rate5xx?: number;
  rateNetwork?: number;
  /** Requests that hang past the client's timeout; half of them were carried out first. */
  rateTimeout?: number;
  /** How long a timed-out request hangs if the client does not give up first. */
  hangMs?: number;
  /** Added to every answer: a fixed delay or a [min, max] range. A delay past the client's timeout is a timeout. */
  delayMs?: number | [number, number];
  retryAfterSeconds?: number;
  seed?: number;
};

export type DrawnFault = { fault?: Exclude<Fault, { kind: "delay" }>; delayMs: number };

const matches = (fault: Fault, path: string) =>
  fault.path === undefined || (typeof fault.path === "string" ? path.startsWith(fault.path) : fault.path.test(path));

export class Faults {
  private readonly script: Fault[] = [];
  private rates: FaultRates = {};
  private random = seededRandom(1);

  /** Faults for the next matching requests, one each, in order; they take precedence over the random rates. */
  queue(...faults: Fault[]) {
    this.script.push(...faults);
  }

  /** The same fault for the next `count` matching requests. */
  repeat(fault: Fault, count: number) {
    for (let i = 0; i < count; i++) this.script.push(fault);
  }

  set(rates: FaultRates) {
    this.rates = rates;
    this.random = seededRandom(rates.seed ?? 1);
  }

  clear() {
    this.script.length = 0;
    this.rates = {};
  }

  /** The fault (if any) and the extra latency for a request to `path`. */
  next(path: string): DrawnFault {
    const index = this.script.findIndex((fault) => matches(fault, path));
    const scripted = index >= 0 ? this.script.splice(index, 1)[0] : undefined;
    const delayMs = this.delay() + (scripted?.kind === "delay" ? scripted.ms : 0);
    if (scripted) return { fault: scripted.kind === "delay" ? undefined : scripted, delayMs };
    const { rate429 = 0, rate5xx = 0, rateNetwork = 0, rateTimeout = 0, retryAfterSeconds, hangMs } = this.rates;
    if (rate429 + rate5xx + rateNetwork + rateTimeout === 0) return { delayMs };
    const roll = this.random();
    if (roll < rate429) return { fault: { kind: "http429", retryAfterSeconds }, delayMs };
    if (roll < rate429 + rate5xx) return { fault: { kind: "http5xx", status: 503 }, delayMs };
    if (roll < rate429 + rate5xx + rateNetwork) return { fault: { kind: "network" }, delayMs };
    if (roll < rate429 + rate5xx + rateNetwork + rateTimeout)
      return { fault: { kind: "timeout", afterExecution: this.random() < 0.5, hangMs }, delayMs };
    return { delayMs };
  }

  private delay(): number {
    const delay = this.rates.delayMs;
    if (delay === undefined) return 0;
    if (typeof delay === "number") return delay;
    return delay[0] + Math.round(this.random() * (delay[1] - delay[0]));
  }
}

const page = (status: number, title: string) =>
  `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

/** The response a fault stands for; a network fault, or a timeout once its hang is over, is a dropped connection. */
export function faultResponse(fault: NonNullable<DrawnFault["fault"]>): Response {
  if (fault.kind === "network" || fault.kind === "timeout") return Response.error();
  if (fault.kind === "http429")
    return htmlResponse(page(429, "Too Many Requests"), 429, { "Retry-After": String(fault.retryAfterSeconds ?? 10) });
  const status = fault.status ?? 503;
  if (status === 500)
    return wpJsonResponse(
      {
        code: "internal_server_error",
        message:
          '<p>There has been a critical error on this website.</p><p><a href="https://wordpress.org/documentation/article/faq-troubleshooting/">Learn more about troubleshooting WordPress.</a></p>',
        data: { status: 500 },
        additional_errors: [],
      },
      500,
    );
  const titles = { 502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out" } as const;
  return htmlResponse(page(status, titles[status]), status, status === 503 ? { "Retry-After": "30" } : {});
}
