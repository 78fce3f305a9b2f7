import type { LoadItem } from "./catalog.ts";

// What each generated order holds, decided by its sequence number alone so every run orders the same mix: one to four
// distinct SKUs of the load catalogue (2.5 on average), one to three units each, and a customer.

export type GeneratedRequest = {
  method: "POST" | "GET";
  path: string;
  body?: string;
  headers: Record<string, string>;
};

const FIRST = ["Mira", "Jonas", "Aiko", "Lucía", "Samuel", "Noor", "Elena", "Tomás", "Priya", "Oskar"];
const LAST = ["Lind", "Berg", "Tanaka", "Ortega", "Okafor", "Haddad", "Novak", "Silva", "Raman", "Nilsson"];

/** A small deterministic generator (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const money = (cents: number) => (cents / 100).toFixed(2);

export function customerFor(seq: number) {
  return { first: FIRST[seq % FIRST.length]!, last: LAST[Math.floor(seq / FIRST.length) % LAST.length]! };
}

export function linesFor(seq: number, items: LoadItem[]): { item: LoadItem; quantity: number }[] {
  const pick = random(seq * 2654435761);
  const count = 1 + Math.floor(pick() * 4);
  const chosen = new Set<LoadItem>();
  while (chosen.size < count) chosen.add(items[Math.floor(pick() * items.length)]!);
  return [...chosen].map((item) => ({ item, quantity: 1 + Math.floor(pick() * 3) }));
}
