import type { LoadItem } from "./catalog.ts";
import { seededRandom } from "../../app/seeded-random.ts";

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

export const money = (cents: number) => (cents / 100).toFixed(2);

export function customerFor(seq: number) {
  return { first: FIRST[seq % FIRST.length]!, last: LAST[Math.floor(seq / FIRST.length) % LAST.length]! };
}

export function linesFor(seq: number, items: LoadItem[]): { item: LoadItem; quantity: number }[] {
  const pick = seededRandom(seq * 2654435761);
  const count = 1 + Math.floor(pick() * 4);
  const chosen = new Set<LoadItem>();
  while (chosen.size < count) chosen.add(items[Math.floor(pick() * items.length)]!);
  return [...chosen].map((item) => ({ item, quantity: 1 + Math.floor(pick() * 3) }));
}
