// What the channel settings actions answer: a toast, and field errors on a refusal.
export type ActionResult = { ok: boolean; toast?: string; fieldErrors?: Record<string, string[] | undefined> };

export function fieldError(result: ActionResult | undefined, field: string): string | undefined {
  if (!result || result.ok) return undefined;
  return result.fieldErrors?.[field]?.join(" ");
}
