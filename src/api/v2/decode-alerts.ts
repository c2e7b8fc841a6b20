import type { PostableAlert } from '../../alerts/ingest.ts';
import { parseGoUrl } from '../../config/go-url.ts';
import { decodeGoJson, goJsonKind, isJsonObject } from './go-json-decode.ts';
import type { JsonObject, JsonValue } from './go-json-decode.ts';
import { GoDecodeAbort, GoDecoder, visitStruct } from './go-struct.ts';
import { parseSwaggerDateTime } from './go-time.ts';
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

function isGoUrl(raw: string): boolean {
  try {
    parseGoUrl(raw);
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
export function decodePostableAlerts(body: Uint8Array): PostableAlert[] | SwaggerError {
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
