import { Buffer, isUtf8 } from 'node:buffer';
import type { PostableAlert } from '../../alerts/ingest.ts';
import { plainBytes } from '../../common/plain-bytes.ts';
import { parseGoRequestUri } from '../../config/go-url.ts';
import { decodeGoJson, goJsonKind, isJsonObject } from './go-json-decode.ts';
import type { JsonObject, JsonValue } from './go-json-decode.ts';
import { GoDecodeAbort, GoDecoder, visitStruct } from './go-struct.ts';
import { parseSwaggerDateTime } from './go-time.ts';
import { writtenMembers } from './json-members.ts';
import type { SwaggerError} from './swagger-error.ts';
import { formatError, parseError, requiredError } from './swagger-error.ts';

// Go names the anonymous first half of postableAlert's allOf by its full type.
const POSTABLE_ALERT_AO0 =
  'struct { Annotations models.LabelSet "json:\\"annotations,omitempty\\""; ' +
  'EndsAt strfmt.DateTime "json:\\"endsAt,omitempty\\""; StartsAt strfmt.DateTime "json:\\"startsAt,omitempty\\"" }';

interface DecodedAlert {
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
  startsAt?: number | undefined;
  endsAt?: number | undefined;
  generatorURL?: string | undefined;
}

function dateTime(d: GoDecoder, v: JsonValue, path: string): number | undefined {
  const text = d.customString(v, '', path);
  if (text === undefined) return undefined;
  const parsed = parseSwaggerDateTime(text);
  if (typeof parsed !== 'number') throw new GoDecodeAbort(parsed.error);
  return parsed;
}

// PostableAlert.UnmarshalJSON: the allOf halves are decoded one after the other.
function decodeElement(obj: JsonObject): DecodedAlert {
  const out: DecodedAlert = {};
  const first = new GoDecoder();
  visitStruct(obj, {
    annotations: (v) => (out.annotations = first.labelSet(v, '', 'annotations', out.annotations)),
    endsAt: (v) => (out.endsAt = dateTime(first, v, 'endsAt') ?? out.endsAt),
    startsAt: (v) => (out.startsAt = dateTime(first, v, 'startsAt') ?? out.startsAt),
  });
  if (first.saved !== undefined) throw new GoDecodeAbort(first.saved);
  const second = new GoDecoder();
  visitStruct(obj, {
    generatorURL: (v) => (out.generatorURL = second.customString(v, 'Alert', 'generatorURL') ?? out.generatorURL),
    labels: (v) => (out.labels = second.labelSet(v, 'Alert', 'labels', out.labels)),
  });
  if (second.saved !== undefined) throw new GoDecodeAbort(second.saved);
  return out;
}

// URLs that net/url.ParseRequestURI certainly accepts (the usual Prometheus graph link), checked
// without the full parser: http(s), a plain host and port, a path of unreserved characters or
// valid escapes, a query of printable characters (query escapes are not checked), no `#`.
const PLAIN_URL = /^https?:\/\/[A-Za-z0-9.-]+(?::[0-9]*)?(?:\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*)?(?:\?[\x21\x22\x24-\x7e]*)?$/;

// The schema's `uri` format, as go-openapi's strfmt checks it.
function isGoUrl(raw: string): boolean {
  if (PLAIN_URL.test(raw)) return true;
  try {
    parseGoRequestUri(raw);
    return true;
  } catch {
    return false;
  }
}

// postableAlerts.Validate: the first failing rule of the first failing alert.
function validate(alerts: ReadonlyArray<DecodedAlert | null>): SwaggerError | undefined {
  for (let i = 0; i < alerts.length; i++) {
    const a = alerts[i];
    // Alertmanager skips null entries here and then crashes on them; we report them instead.
    if (a === null || a === undefined) return requiredError(`${i}.labels`);
    if (a.generatorURL !== undefined && a.generatorURL !== '' && !isGoUrl(a.generatorURL)) {
      return formatError(`${i}.generatorURL`, 'body', 'uri', a.generatorURL);
    }
    if (a.labels === undefined) return requiredError(`${i}.labels`);
  }
  return undefined;
}

/**
 * Decodes and schema-checks a `POST /api/v2/alerts` body as Alertmanager's generated server
 * does, with its error answers: 422 `alerts in body is required` for an empty body, 400
 * `parsing alerts body from "" failed, because …` for bad JSON or wrong types (Go's wording),
 * 422 for schema violations such as a missing `labels`. Unknown fields (Flux's `status`) are
 * ignored; `null` is an empty batch.
 */
export function decodePostableAlerts(posted: Uint8Array): PostableAlert[] | SwaggerError {
  const body = plainBytes(posted);
  const fast = decodeCommon(body);
  if (fast !== undefined) return validate(fast) ?? fast;
  const json = decodeGoJson(body);
  if (!json.ok) return json.empty ? requiredError('alerts') : parseError('alerts', json.error);
  const top = json.value;
  if (top === null) return [];
  if (!Array.isArray(top)) {
    return parseError('alerts', `json: cannot unmarshal ${goJsonKind(top)} into Go value of type models.PostableAlerts`);
  }
  const decoded: Array<DecodedAlert | null> = [];
  for (const item of top) {
    if (item === null) {
      decoded.push(null);
      continue;
    }
    if (!isJsonObject(item)) {
      return parseError('alerts', `json: cannot unmarshal ${goJsonKind(item)} into Go value of type ${POSTABLE_ALERT_AO0}`);
    }
    try {
      decoded.push(decodeElement(item));
    } catch (err) {
      if (err instanceof GoDecodeAbort) return parseError('alerts', err.message);
      throw err;
    }
  }
  const invalid = validate(decoded);
  if (invalid !== undefined) return invalid;
  return (decoded as DecodedAlert[]).map((a) => ({
    labels: a.labels ?? {},
    annotations: a.annotations,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    generatorURL: a.generatorURL,
  }));
}

const KNOWN_FIELDS = new Set(['labels', 'annotations', 'startsAt', 'endsAt', 'generatorURL']);
// An escaped surrogate may be unpaired, which JSON.parse keeps and Go turns into U+FFFD.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/u;
const MAX_FAST_DEPTH = 64;

/**
 * The common well-formed body decoded with the native parser: valid UTF-8, an array of objects
 * whose known fields are exactly spelled, of the right kinds and parse. Undefined whenever Go's
 * decoder could see it differently (duplicate keys, case-variant keys, nulls, wrong kinds, bad
 * times, syntax errors), so the Go-compatible decoder decides, and words, every other case.
 */
function decodeCommon(body: Uint8Array): PostableAlert[] | undefined {
  if (!isUtf8(body)) return undefined;
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  // Most bodies hold no escape at all, which indexOf finds faster than the regex.
  if (text.includes('\\u') && SURROGATE_ESCAPE.test(text)) return undefined;
  let top: unknown;
  try {
    top = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(top)) return undefined;
  const out: PostableAlert[] = [];
  // JSON.parse keeps only the last of duplicate keys, where Go may merge maps or report the
  // earlier one: the members parsed must be all the members written.
  let members = 0;
  for (const item of top as unknown[]) {
    if (!isPlainObject(item)) return undefined;
    let labels: Record<string, string> | undefined;
    let annotations: Record<string, string> | undefined;
    let startsAt: number | undefined;
    let endsAt: number | undefined;
    let generatorURL: string | undefined;
    for (const key in item) {
      members++;
      const v = item[key];
      switch (key) {
        case 'labels':
        case 'annotations': {
          const size = stringMapSize(v);
          if (size < 0) return undefined;
          members += size;
          if (key === 'labels') labels = v as Record<string, string>;
          else annotations = v as Record<string, string>;
          break;
        }
        case 'startsAt':
        case 'endsAt': {
          if (typeof v !== 'string') return undefined;
          const t = parseSwaggerDateTime(v);
          if (typeof t !== 'number') return undefined;
          if (key === 'startsAt') startsAt = t;
          else endsAt = t;
          break;
        }
        case 'generatorURL':
          if (typeof v !== 'string') return undefined;
          generatorURL = v;
          break;
        default: {
          // Go matches field names ignoring case.
          if (KNOWN_FIELDS.has(key.toLowerCase())) return undefined;
          const size = memberCountOf(v, 0);
          if (size < 0) return undefined;
          members += size;
        }
      }
    }
    if (labels === undefined) return undefined;
    out.push({ labels, annotations, startsAt, endsAt, generatorURL });
  }
  return members === writtenMembers(body, text) ? out : undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// The size of an object whose values are all strings, else -1.
function stringMapSize(v: unknown): number {
  if (!isPlainObject(v)) return -1;
  let n = 0;
  for (const key in v) {
    if (typeof v[key] !== 'string') return -1;
    n++;
  }
  return n;
}

// Members of all objects within `v`; -1 when nested deeper than the fast path follows.
function memberCountOf(v: unknown, depth: number): number {
  if (typeof v !== 'object' || v === null) return 0;
  if (depth > MAX_FAST_DEPTH) return -1;
  let n = 0;
  if (Array.isArray(v)) {
    for (const item of v) {
      const m = memberCountOf(item, depth + 1);
      if (m < 0) return -1;
      n += m;
    }
    return n;
  }
  for (const key in v) {
    const m = memberCountOf((v as Record<string, unknown>)[key], depth + 1);
    if (m < 0) return -1;
    n += m + 1;
  }
  return n;
}
