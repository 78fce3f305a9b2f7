import { randomUUID } from "node:crypto";
import type { Probe, ProbeResult } from "./bad-input-probe.ts";

// How drill:tenants judges an answer to shop A's principal holding one of shop B's ids.
// - path: B's id names the subject (in the path, or the form's subject field): 403 or 404, nothing else.
// - body: B's id is a field next to A's own subject (a line, a location, an item): any refusal, but the same status as
//   the identical request with an id that does not exist, so B's ids cannot even be told from nonsense.
// - filter: B's id or SKU filters one of A's lists: A's (empty) answer, again the same status as a nonexistent id's.
// - signature: B's webhook endpoints with A's secret: 401.
// - own: A's principals on A's own ids: 200, which proves the probes' addresses and that the operator acts on A.
// - control: B's own principal on B's ids: 200 and B's data in the body, which proves the leak search finds it.
// No answer but a control's may carry B's data: a marker word of B's (name, SKU, email) or any id of B's the request
// did not carry itself, in the body or the Location header.

export type Isolation = "path" | "body" | "filter" | "signature" | "own" | "control";
/** `id`: the id of B's the probe carries ("-" when it carries none of B's ids). */
export type TenantProbe = Probe & { isolation: Isolation; id: string; twin?: Probe };

const EXPECT: Record<Isolation, number[]> = {
  path: [403, 404],
  body: [400, 403, 404, 409, 422],
  filter: [200, 400, 403, 404],
  signature: [401],
  own: [200],
  control: [200],
};

/** A probe of one isolation class; body and filter probes get a twin holding an id that exists nowhere instead. */
export function isolated(isolation: Isolation, make: (id: string) => Probe, id: string): TenantProbe {
  const probe = { ...make(id), expect: EXPECT[isolation], isolation, id };
  if (isolation !== "body" && isolation !== "filter") return probe;
  return { ...probe, twin: { ...make(nonexistentLike(id)), kind: `${probe.kind} (nonexistent twin)` } };
}

/** An id of the same shape (a UUID for a UUID, same length and alphabet otherwise) that no row has. */
export function nonexistentLike(id: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(id)) return randomUUID();
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const random = Array.from({ length: Math.max(id.length - 1, 1) }, () => alphabet[Math.floor(Math.random() * 36)]);
  return `${/^[a-z]/i.test(id) ? id[0] : "x"}${random.join("")}`.slice(0, Math.max(id.length, 2));
}

const ID_TOKEN = /[A-Za-z0-9_-]{20,64}/g;

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/**
 * B's data in an answer: a word holding one of B's markers, or one of B's ids, that the request did not carry itself
 * (a search box or an error message may echo what was asked: "No inventory item has SKU ZPHR-KETTLE").
 */
export function leaksIn(result: ProbeResult, markers: string[], foreignIds: Set<string>) {
  const text = `${result.body}\n${result.location ?? ""}`;
  const body = typeof result.probe.body === "string" ? result.probe.body : "";
  const sent = decoded(`${result.probe.path}\n${body}`).toLowerCase();
  const words = new RegExp(`[a-z0-9._@-]*(?:${markers.join("|")})[a-z0-9._@-]*`, "gi");
  const found = [...new Set(text.match(words) ?? [])].filter((word) => !sent.includes(word.toLowerCase()));
  for (const token of new Set(text.match(ID_TOKEN) ?? [])) {
    if (foreignIds.has(token) && !sent.includes(token.toLowerCase())) found.push(`id ${token}`);
  }
  return found;
}

export type TenantVerdict = {
  misfits: string[];
  leaks: string[];
  distinguishable: string[];
  controlsWithoutData: string[];
};

export function judgeIsolation(
  results: ProbeResult[],
  twins: Map<Probe, ProbeResult>,
  markers: string[],
  foreignIds: Set<string>,
): TenantVerdict {
  const verdict: TenantVerdict = { misfits: [], leaks: [], distinguishable: [], controlsWithoutData: [] };
  const line = (result: ProbeResult) =>
    `${result.probe.method} ${result.probe.path.slice(0, 110)} [${result.probe.kind}] -> ${result.status}`;
  for (const result of results) {
    const probe = result.probe as TenantProbe;
    const leaks = leaksIn(result, markers, foreignIds);
    if (probe.isolation === "control") {
      if (result.status !== 200 || leaks.length === 0) verdict.controlsWithoutData.push(line(result));
      continue;
    }
    if (!probe.expect.includes(result.status)) verdict.misfits.push(`${line(result)}: ${result.body.slice(0, 120)}`);
    if (leaks.length > 0) verdict.leaks.push(`${line(result)}: ${leaks.slice(0, 4).join(", ")}`);
    const twin = probe.twin ? twins.get(probe.twin) : undefined;
    if (twin && twin.status !== result.status) {
      verdict.distinguishable.push(`${line(result)}, but ${twin.status} for an id that does not exist`);
    }
  }
  return verdict;
}
