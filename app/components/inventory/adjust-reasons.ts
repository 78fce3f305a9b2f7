// Why stock was adjusted by hand: a fixed list so reports can group them, and a note for the rest.
export const ADJUST_REASONS = [
  { value: "received", label: "Received" },
  { value: "damaged", label: "Damaged" },
  { value: "lost", label: "Lost or stolen" },
  { value: "found", label: "Found" },
  { value: "correction", label: "Correction" },
  { value: "other", label: "Other" },
] as const;
export type AdjustReason = (typeof ADJUST_REASONS)[number]["value"];

export const ADJUST_REASON_VALUES = ADJUST_REASONS.map((reason) => reason.value) as [AdjustReason, ...AdjustReason[]];

/** The movement's reason as stored: the label, then the note when there is one. */
export function adjustReasonText(reason: AdjustReason, note: string | undefined): string {
  const label = ADJUST_REASONS.find((candidate) => candidate.value === reason)?.label ?? reason;
  return note ? `${label}: ${note}` : label;
}
