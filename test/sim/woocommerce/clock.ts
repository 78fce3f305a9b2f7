// Time as WordPress keeps it: whole seconds, shown without an offset, once in the site's timezone (date_created) and
// once in UTC (date_created_gmt). Two changes within the same second share a timestamp, as they do on a real store,
// which is why incremental sync over modified_after needs an overlap.

export class WooClock {
  constructor(private readonly source: () => number = Date.now) {}

  nowMs(): number {
    return this.source();
  }

  /** The time of a change, truncated to the second as MySQL DATETIME columns store it. */
  stamp(): number {
    return Math.floor(this.source() / 1000) * 1000;
  }
}

/** wc_rest_prepare_date_response: "2026-11-26T08:00:00", local wall time or UTC, or null when unset. */
export function wcDate(ms: number | null, utcOffsetMinutes: number, gmt: boolean): string | null {
  if (ms === null) return null;
  return new Date(gmt ? ms : ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 19);
}

const REST_DATE = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * A date query argument (after, modified_after, ...) as WP_Date_Query compares it: the wall-clock part only, against
 * the local column, or the _gmt column when dates_are_gmt is set. An offset in the value is accepted and then ignored,
 * as it is by WordPress, so "10:00:00+02:00" means 10:00 site time. Returns the wall time as UTC epoch ms, or null
 * when rest_parse_date would reject the value.
 */
export function parseRestDate(value: string): number | null {
  const match = REST_DATE.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const ms = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  return Number.isNaN(ms) ? null : ms;
}

/** The comparable wall time of a stored instant: local by default, UTC when the query says dates are GMT. */
export function wallTime(ms: number, utcOffsetMinutes: number, gmt: boolean): number {
  return gmt ? ms : ms + utcOffsetMinutes * 60_000;
}
