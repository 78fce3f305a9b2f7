import { data } from "@remix-run/node";
import { z } from "zod";

export type FieldErrors = Record<string, string[] | undefined>;

/** A mutation's refusal: field errors for the form, a toast for the page, and a 4xx status. */
export function formError(fieldErrors: FieldErrors, options: { status?: number; toast?: string } = {}) {
  return data(
    { ok: false as const, fieldErrors, toast: options.toast ?? "Check the highlighted fields" },
    { status: options.status ?? 400 },
  );
}

/**
 * Reads a Remix action's form with its zod schema. Repeated fields (`line`, `line`...) arrive as arrays, so line
 * lists need no index naming. The refusal is ready to return from the action.
 */
export async function parseForm<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<{ ok: true; data: z.output<S> } | { ok: false; refusal: ReturnType<typeof formError> }> {
  const form = await request.formData();
  const fields: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key);
    fields[key] = values.length === 1 ? values[0]! : values;
  }
  const parsed = schema.safeParse(fields);
  if (parsed.success) return { ok: true, data: parsed.data };
  const flat = z.flattenError(parsed.error);
  const fieldErrors: FieldErrors = { ...flat.fieldErrors };
  if (flat.formErrors.length > 0) fieldErrors.form = flat.formErrors;
  return { ok: false, refusal: formError(fieldErrors) };
}
