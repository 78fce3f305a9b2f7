// How the ledger's words read on the screens: movement kinds, where a movement came from, signed quantities.

const KIND_WORDS: Record<string, string> = {
  receipt: "Received",
  adjustment: "Adjusted",
  count: "Counted",
  reserve: "Reserved for an order",
  release: "Released from an order",
  ship: "Shipped",
  return_restock: "Returned to stock",
  write_off: "Written off",
  transfer_out: "Transferred out",
  transfer_in: "Transferred in",
};

export function movementKindWords(kind: string): string {
  return KIND_WORDS[kind] ?? kind.replace(/_/g, " ");
}

const SOURCE_WORDS: Record<string, string> = {
  ui: "Admin",
  api: "REST API",
  cli: "CLI",
  system: "System",
};

/** `channel:<id>` reads as the channel's name when it is known. */
export function movementSourceWords(source: string, channelName: string | null): string {
  if (source.startsWith("channel:")) return channelName ?? "A removed channel";
  return SOURCE_WORDS[source] ?? source;
}

/** A quantity change with its sign, a true minus sign, and no sign at all for zero. */
export function signed(delta: number): string {
  if (delta > 0) return `+${delta}`;
  if (delta < 0) return `\u2212${Math.abs(delta)}`;
  return "0";
}
