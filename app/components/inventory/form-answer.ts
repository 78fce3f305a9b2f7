// What the inventory screens' actions answer: a toast either way, field errors on a refusal.
export type FormAnswer =
  | { ok: true; toast: string }
  | { ok: false; toast: string; fieldErrors: Record<string, string[] | undefined> };

/** The first error of a field, for a Polaris field's `error` prop. */
export function fieldError(answer: FormAnswer | undefined, field: string): string | undefined {
  if (!answer || answer.ok) return undefined;
  return answer.fieldErrors[field]?.[0];
}
