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

const FORM_MEDIA_TYPE = /^(?:application\/x-www-form-urlencoded|multipart\/form-data)$/i;

/**
 * The request's form fields. A body that is not a form (JSON, text, no Content-Type, a broken multipart body) is the
 * client's mistake, so it is answered 415 or 400, never the 500 request.formData() would turn into (drill:bad-input).
 */
export async function readFormData(request: Request): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
    if (FORM_MEDIA_TYPE.test(mediaType)) throw new Response("The form could not be read.", { status: 400 });
    throw new Response("Send the form as application/x-www-form-urlencoded or multipart/form-data.", { status: 415 });
  }
  // No field holds a NUL (%00): PostgreSQL cannot store or even compare text with one, so it failed as a 500.
  for (const [name, value] of form.entries()) {
    if (name.includes("\u0000") || (typeof value === "string" && value.includes("\u0000"))) {
      throw new Response(`The form's ${name.replaceAll("\u0000", "")} field holds a NUL character.`, { status: 400 });
    }
  }
  return form;
}

/**
 * Reads a Remix action's form with its zod schema. Repeated fields (`line`, `line`...) arrive as arrays, so line
 * lists need no index naming. The refusal is ready to return from the action.
 */
export async function parseForm<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<{ ok: true; data: z.output<S> } | { ok: false; refusal: ReturnType<typeof formError> }> {
  const form = await readFormData(request);
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
