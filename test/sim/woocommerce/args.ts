import { parseRestDate } from "./clock";
import { invalidParams, listWords, missingParams, type ParamProblem } from "./errors";

// Request arguments checked the way WordPress checks a route's args schema (rest_validate_value_from_schema), with its
// messages, and sanitised the way it sanitises them ("5" becomes 5). Used for query strings and JSON bodies alike.

type Checked<T> = { ok: true; value: T } | { ok: false; code: string; message: string };
export type Arg<T> = (value: unknown, name: string) => Checked<T>;
export type ArgSpec = Record<string, Arg<unknown>>;
export type ArgValues<S extends ArgSpec> = { [K in keyof S]?: S[K] extends Arg<infer T> ? T : never };

const fail = (code: string, message: string) => ({ ok: false as const, code, message });
const pass = <T>(value: T) => ({ ok: true as const, value });

/** rest_is_integer: numbers and numeric strings without a fraction. */
function asInteger(value: unknown): number | undefined {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof number === "number" && Number.isInteger(number) ? number : undefined;
}

export const integer =
  (bounds: { min?: number; max?: number } = {}): Arg<number> =>
  (value, name) => {
    const number = asInteger(value);
    if (number === undefined) return fail("rest_invalid_type", `${name} is not of type integer.`);
    const { min, max } = bounds;
    if (min !== undefined && max !== undefined && (number < min || number > max))
      return fail("rest_out_of_bounds", `${name} must be between ${min} (inclusive) and ${max} (inclusive)`);
    if (min !== undefined && number < min)
      return fail("rest_out_of_bounds", `${name} must be greater than or equal to ${min}`);
    return pass(number);
  };

/** rest_is_boolean: true/false, "true"/"false", "1"/"0", 1/0. */
export const boolean = (): Arg<boolean> => (value, name) => {
  if (typeof value === "boolean") return pass(value);
  const text = String(value).toLowerCase();
  if (["true", "1"].includes(text)) return pass(true);
  if (["false", "0"].includes(text)) return pass(false);
  return fail("rest_invalid_type", `${name} is not of type boolean.`);
};

/** Strict since WordPress 5.5: a JSON number for a string field (a price, a refund amount) is refused. */
export const string = (): Arg<string> => (value, name) =>
  typeof value === "string" ? pass(value) : fail("rest_invalid_type", `${name} is not of type string.`);

export const oneOf =
  <T extends string>(values: readonly T[]): Arg<T> =>
  (value, name) =>
    values.includes(value as T)
      ? pass(value as T)
      : fail("rest_not_in_enum", `${name} is not one of ${listWords(values)}.`);

/** A date-time argument, as the wall-clock milliseconds parseRestDate gives. */
export const dateTime = (): Arg<number> => (value) => {
  const parsed = typeof value === "string" ? parseRestDate(value) : null;
  return parsed === null ? fail("rest_invalid_date", "Invalid date.") : pass(parsed);
};

/** An array argument; a query string may also give it comma-separated (wp_parse_list). */
export const list =
  <T>(item: Arg<T>): Arg<T[]> =>
  (value, name) => {
    const items = Array.isArray(value)
      ? value
      : String(value)
          .split(/[\s,]+/)
          .filter(Boolean);
    const out: T[] = [];
    for (const [index, entry] of items.entries()) {
      const checked = item(entry, `${name}[${index}]`);
      if (!checked.ok) return checked;
      out.push(checked.value);
    }
    return pass(out);
  };

export const nullable =
  <T>(inner: Arg<T>, type: string): Arg<T | null> =>
  (value, name) => {
    if (value === null) return pass(null);
    const checked = inner(value, name);
    return checked.ok ? checked : fail(checked.code, `${name} is not of type ${type},null.`);
  };

/** Validates the arguments a route declares; unknown arguments are ignored, as WordPress ignores them. */
export function validateArgs<S extends ArgSpec>(spec: S, input: Record<string, unknown>): ArgValues<S> {
  const problems: ParamProblem[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, check] of Object.entries(spec)) {
    if (input[name] === undefined) continue;
    const checked = check(input[name], name);
    if (checked.ok) out[name] = checked.value;
    else problems.push({ param: name, code: checked.code, message: checked.message });
  }
  if (problems.length) throw invalidParams(problems);
  return out as ArgValues<S>;
}

/** A query string as WordPress reads it: repeated keys and `key[]` become arrays. */
export function queryObject(query: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of query) {
    const key = rawKey.replace(/\[\d*\]$/, "");
    if (key !== rawKey) out[key] = [...((out[key] as string[] | undefined) ?? []), value];
    else out[key] = value;
  }
  return out;
}

/** Required arguments (WP's rest_missing_callback_param), checked before their values. */
export function missingArgs(required: string[], input: Record<string, unknown>) {
  const missing = required.filter((name) => input[name] === undefined);
  if (missing.length) throw missingParams(missing);
}
