import { boolean, dateTime, integer, list, oneOf, string, type ArgValues } from "./args";
import { wallTime } from "./clock";

// What every wc/v3 collection shares: page/per_page (at most 100, WP_REST_Controller's maximum), offset, order and
// orderby, the date filters, X-WP-Total / X-WP-TotalPages and a Link header with rel="prev"/"next".

export function collectionArgs<O extends string>(orderbys: readonly O[]) {
  return {
    context: oneOf(["view", "edit"] as const),
    page: integer({ min: 1 }),
    per_page: integer({ min: 1, max: 100 }),
    offset: integer(),
    order: oneOf(["asc", "desc"] as const),
    orderby: oneOf(orderbys),
    include: list(integer()),
    exclude: list(integer()),
    after: dateTime(),
    before: dateTime(),
    modified_after: dateTime(),
    modified_before: dateTime(),
    dates_are_gmt: boolean(),
    _fields: string(),
  };
}
type CollectionArgs = ArgValues<ReturnType<typeof collectionArgs<string>>>;

type Dated = { id: number; createdAt: number; modifiedAt: number };

/** The date_query WooCommerce builds: exclusive bounds, wall-clock local time unless dates_are_gmt. */
export function filterCollection<T extends Dated>(items: T[], args: CollectionArgs, utcOffsetMinutes: number): T[] {
  const gmt = args.dates_are_gmt ?? false;
  const wall = (ms: number) => wallTime(ms, utcOffsetMinutes, gmt);
  return items.filter(
    (item) =>
      (args.include === undefined || args.include.length === 0 || args.include.includes(item.id)) &&
      (args.exclude === undefined || !args.exclude.includes(item.id)) &&
      (args.after === undefined || wall(item.createdAt) > args.after) &&
      (args.before === undefined || wall(item.createdAt) < args.before) &&
      (args.modified_after === undefined || wall(item.modifiedAt) > args.modified_after) &&
      (args.modified_before === undefined || wall(item.modifiedAt) < args.modified_before),
  );
}

/**
 * get_catalog_ordering_args: "date" sorts by date then ID in the same direction, so equal timestamps (one second
 * resolution) still come back in a stable order; "include" keeps the order of the include list.
 */
export function sortCollection<T extends Dated & { name?: string; slug?: string }>(
  items: T[],
  args: CollectionArgs,
  defaults: { orderby: string; order: "asc" | "desc" },
): T[] {
  const orderby = args.orderby ?? defaults.orderby;
  const direction = (args.order ?? defaults.order) === "asc" ? 1 : -1;
  const key = (item: T): [number | string, number] => {
    if (orderby === "id") return [item.id, 0];
    if (orderby === "modified") return [item.modifiedAt, item.id];
    if (orderby === "title") return [item.name ?? "", item.id];
    if (orderby === "slug") return [item.slug ?? "", item.id];
    if (orderby === "include") return [args.include?.indexOf(item.id) ?? 0, 0];
    return [item.createdAt, item.id];
  };
  return [...items].sort((a, b) => {
    const [a1, a2] = key(a);
    const [b1, b2] = key(b);
    if (orderby === "include") return (a1 as number) - (b1 as number);
    const first = a1 < b1 ? -1 : a1 > b1 ? 1 : 0;
    return direction * (first || a2 - b2);
  });
}

/** One page of a collection with WordPress's headers. The Link URLs repeat every query argument, keys included. */
export function paginate<T>(items: T[], args: CollectionArgs, requestUrl: URL, collectionUrl: string) {
  const perPage = args.per_page ?? 10;
  const page = args.page ?? 1;
  const start = args.offset ?? (page - 1) * perPage;
  const total = items.length;
  const totalPages = Math.ceil(total / perPage);
  const headers = new Headers({ "X-WP-Total": String(total), "X-WP-TotalPages": String(totalPages) });
  const link = (target: number) => {
    const query = new URLSearchParams(requestUrl.searchParams);
    query.set("page", String(target));
    return `<${collectionUrl}?${query}>`;
  };
  if (page > 1) headers.append("Link", `${link(Math.min(page - 1, Math.max(totalPages, 1)))}; rel="prev"`);
  if (totalPages > page) headers.append("Link", `${link(page + 1)}; rel="next"`);
  return { items: items.slice(start, start + perPage), headers };
}

/** _fields=a,b.c: keep only the named top-level and nested fields (rest_filter_response_fields). */
export function pickFields(body: unknown, fields: string | undefined): unknown {
  if (!fields || typeof body !== "object" || body === null) return body;
  if (Array.isArray(body)) return body.map((entry) => pickFields(entry, fields));
  const wanted = fields.split(",").map((field) => field.trim().split("."));
  const out: Record<string, unknown> = {};
  for (const path of wanted) {
    let source: unknown = body;
    let target = out;
    for (const [index, part] of path.entries()) {
      if (typeof source !== "object" || source === null || !(part in source)) break;
      source = (source as Record<string, unknown>)[part];
      if (index === path.length - 1) target[part] = source;
      else target = (target[part] ??= {}) as Record<string, unknown>;
    }
  }
  return out;
}
