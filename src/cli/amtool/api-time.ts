/** Times as amtool's go-openapi models hold them (`strfmt.DateTime`). */
import { GoTime } from '../../template/go-time.ts';
import { parseTime } from '../../template/go-time-parse.ts';

const RFC3339 = '2006-01-02T15:04:05Z07:00';
/** strfmt's `MarshalFormat`, RFC 3339 with milliseconds. */
const RFC3339_MILLIS = '2006-01-02T15:04:05.000Z07:00';

/** The default of `--date.format`. */
export const DEFAULT_DATE_FORMAT = '2006-01-02 15:04:05 MST';

/**
 * Parses an RFC 3339 time as Go's `time.Parse(time.RFC3339, s)`, fractional seconds allowed.
 * @throws {Error} with Go's message, e.g. `parsing time "x" as "2006-01-02T15:04:05Z07:00": ...`.
 */
export function parseRfc3339(s: string): GoTime {
  return parseTime(RFC3339, s);
}

/** An API time (unparsable ones as Go's zero time, as go-openapi leaves them). */
export function apiTime(s: string | undefined): GoTime {
  if (s === undefined) return GoTime.zero();
  try {
    return parseRfc3339(s);
  } catch {
    return GoTime.zero();
  }
}

/** An API time re-encoded as amtool's JSON output prints it: milliseconds, offset kept. */
export function apiTimeJson(s: string | undefined): string {
  return apiTime(s).Format(RFC3339_MILLIS);
}

/** An API time printed with a Go layout (`--date.format`). */
export function formatApiTime(s: string | undefined, layout: string): string {
  return apiTime(s).Format(layout);
}

/** A time for a request body, as strfmt marshals it. */
export function toApiTime(t: GoTime): string {
  return t.Format(RFC3339_MILLIS);
}
