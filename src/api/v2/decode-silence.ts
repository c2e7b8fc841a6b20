import { decodeGoJson, goJsonKind, isJsonObject } from './go-json-decode.ts';
import type { JsonValue } from './go-json-decode.ts';
import { GoDecodeAbort, GoDecoder, typeErrorText, visitStruct } from './go-struct.ts';
import { parseSwaggerDateTime } from './go-time.ts';
import type { SwaggerError} from './swagger-error.ts';
import { parseError, requiredError, tooFewItemsError } from './swagger-error.ts';

/** A `postableSilence` after decoding and schema validation; times are epoch ms. */
export interface PostableSilence {
  readonly id: string;
  readonly matchers: ReadonlyArray<{ name: string; value: string; isRegex: boolean; isEqual: boolean }>;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
  readonly annotations: Readonly<Record<string, string>> | undefined;
}

interface DecodedMatcher {
  name?: string | undefined;
  value?: string | undefined;
  isRegex?: boolean | undefined;
  isEqual?: boolean | undefined;
}

interface DecodedSilence {
  id?: string | undefined;
  matchers?: Array<DecodedMatcher | null> | undefined;
  startsAt?: number | undefined;
  endsAt?: number | undefined;
  createdBy?: string | undefined;
  comment?: string | undefined;
  annotations?: Record<string, string> | undefined;
}

const POSTABLE_SILENCE_AO0 = 'struct { ID string "json:\\"id,omitempty\\"" }';

function dateTime(d: GoDecoder, v: JsonValue, path: string): number | undefined {
  const text = d.customString(v, 'Silence', path);
  if (text === undefined) return undefined;
  const parsed = parseSwaggerDateTime(text);
  if (typeof parsed !== 'number') throw new GoDecodeAbort(parsed.error);
  return parsed;
}

function decodeMatchers(d: GoDecoder, v: JsonValue): Array<DecodedMatcher | null> | undefined {
  if (v === null) return undefined;
  if (!Array.isArray(v)) {
    d.saved ??= typeErrorText(goJsonKind(v), 'Silence', 'matchers', 'models.Matchers');
    return undefined;
  }
  return v.map((item) => {
    if (item === null) return null;
    if (!isJsonObject(item)) {
      d.saved ??= typeErrorText(goJsonKind(item), 'Silence', 'matchers', 'models.Matcher');
      return null;
    }
    const m: DecodedMatcher = {};
    visitStruct(item, {
      isEqual: (x) => (m.isEqual = d.bool(x, 'Matcher', 'matchers.isEqual') ?? m.isEqual),
      isRegex: (x) => (m.isRegex = d.bool(x, 'Matcher', 'matchers.isRegex') ?? m.isRegex),
      name: (x) => (m.name = d.string(x, 'Matcher', 'matchers.name') ?? m.name),
      value: (x) => (m.value = d.string(x, 'Matcher', 'matchers.value') ?? m.value),
    });
    return m;
  });
}

function decodeBody(top: JsonValue): DecodedSilence {
  if (!isJsonObject(top)) {
    throw new GoDecodeAbort(`json: cannot unmarshal ${goJsonKind(top)} into Go value of type ${POSTABLE_SILENCE_AO0}`);
  }
  const out: DecodedSilence = {};
  const first = new GoDecoder();
  visitStruct(top, { id: (v) => (out.id = first.string(v, '', 'id') ?? out.id) });
  if (first.saved !== undefined) throw new GoDecodeAbort(first.saved);
  const second = new GoDecoder();
  visitStruct(top, {
    annotations: (v) => (out.annotations = second.labelSet(v, 'Silence', 'annotations', out.annotations)),
    comment: (v) => (out.comment = second.string(v, 'Silence', 'comment') ?? out.comment),
    createdBy: (v) => (out.createdBy = second.string(v, 'Silence', 'createdBy') ?? out.createdBy),
    endsAt: (v) => (out.endsAt = dateTime(second, v, 'endsAt') ?? out.endsAt),
    matchers: (v) => (out.matchers = decodeMatchers(second, v)),
    startsAt: (v) => (out.startsAt = dateTime(second, v, 'startsAt') ?? out.startsAt),
  });
  if (second.saved !== undefined) throw new GoDecodeAbort(second.saved);
  return out;
}

// silence.Validate in field order; a null matcher is reported rather than crashing as Alertmanager does.
function validate(s: DecodedSilence): SwaggerError | PostableSilence {
  if (s.comment === undefined) return requiredError('comment');
  if (s.createdBy === undefined) return requiredError('createdBy');
  if (s.endsAt === undefined) return requiredError('endsAt');
  if (s.matchers === undefined) return requiredError('matchers');
  if (s.matchers.length === 0) return tooFewItemsError('matchers', 1);
  const matchers: Array<PostableSilence['matchers'][number]> = [];
  for (let i = 0; i < s.matchers.length; i++) {
    const m = s.matchers[i];
    if (m === null || m === undefined || m.isRegex === undefined) return requiredError(`matchers.${i}.isRegex`);
    if (m.name === undefined) return requiredError(`matchers.${i}.name`);
    if (m.value === undefined) return requiredError(`matchers.${i}.value`);
    matchers.push({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual ?? true });
  }
  if (s.startsAt === undefined) return requiredError('startsAt');
  return {
    id: s.id ?? '',
    matchers,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    createdBy: s.createdBy,
    comment: s.comment,
    annotations: s.annotations,
  };
}

/**
 * Decodes and schema-checks a `POST /api/v2/silences` body with go-openapi's answers: 422
 * `silence in body is required` when empty, 400 `parsing silence body from "" failed, because …`
 * for bad JSON or types, 422 for a missing field or an empty `matchers` (code 612).
 */
export function decodePostableSilence(body: Uint8Array): PostableSilence | SwaggerError {
  const json = decodeGoJson(body);
  if (!json.ok) return json.empty ? requiredError('silence') : parseError('silence', json.error);
  // Go decodes JSON null into the body model as "nothing set", so every field is then missing.
  if (json.value === null) return validate({});
  try {
    return validate(decodeBody(json.value));
  } catch (err) {
    if (err instanceof GoDecodeAbort) return parseError('silence', err.message);
    throw err;
  }
}
