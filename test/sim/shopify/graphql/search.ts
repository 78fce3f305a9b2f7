// Shopify's search syntax for the `query` argument, the part apps use to filter lists: `field:value`, comparisons
// (`updated_at:>='2026-01-01T00:00:00Z'`), negation (`-status:cancelled`) and bare words. Terms are ANDed; a field
// the list does not know is ignored, as Shopify ignores it (with a warning this simulator does not send).

type Term = { field?: string; op: ":" | ">" | ">=" | "<" | "<="; value: string; negate: boolean };
export type Searchable = Record<string, string | number | boolean | Date | null | undefined | string[]>;

function tokens(query: string): string[] {
  return query.match(/-?[\w.]+:(?:>=|<=|>|<)?(?:'[^']*'|"[^"]*"|\S+)|'[^']*'|"[^"]*"|\S+/g) ?? [];
}

function unquote(value: string): string {
  return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
}

export function parseSearch(query: string): Term[] {
  return tokens(query)
    .filter((token) => token !== "AND")
    .map((token) => {
      const negate = token.startsWith("-");
      const body = negate ? token.slice(1) : token;
      const match = /^([\w.]+):(>=|<=|>|<)?(.*)$/.exec(body);
      if (!match) return { op: ":", value: unquote(body), negate } as Term;
      return { field: match[1], op: (match[2] ?? ":") as Term["op"], value: unquote(match[3] ?? ""), negate };
    });
}

function compareTo(actual: Searchable[string], value: string): number | undefined {
  if (actual instanceof Date) {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : actual.getTime() - parsed;
  }
  if (typeof actual === "number") return Number.isNaN(Number(value)) ? undefined : actual - Number(value);
  if (typeof actual === "string") return actual.localeCompare(value);
  return undefined;
}

function termMatches(term: Term, record: Searchable, defaults: string[]): boolean | undefined {
  if (!term.field) {
    const needle = term.value.toLowerCase();
    return defaults.some((field) =>
      String(record[field] ?? "")
        .toLowerCase()
        .includes(needle),
    );
  }
  if (!(term.field in record)) return undefined;
  const actual = record[term.field];
  if (term.op === ":") {
    if (Array.isArray(actual)) return actual.some((entry) => entry.toLowerCase() === term.value.toLowerCase());
    if (actual instanceof Date) return actual.toISOString().startsWith(term.value);
    return String(actual ?? "").toLowerCase() === term.value.toLowerCase();
  }
  const order = compareTo(actual, term.value);
  if (order === undefined) return false;
  return term.op === ">" ? order > 0 : term.op === ">=" ? order >= 0 : term.op === "<" ? order < 0 : order <= 0;
}

export function matchesSearch(query: unknown, record: Searchable, defaults: string[] = []): boolean {
  if (typeof query !== "string" || query.trim() === "") return true;
  return parseSearch(query).every((term) => {
    const result = termMatches(term, record, defaults);
    if (result === undefined) return true;
    return term.negate ? !result : result;
  });
}
