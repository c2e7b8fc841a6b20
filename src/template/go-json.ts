/**
 * Go `encoding/json.Marshal` output for template values: map keys sorted by bytes, `<`, `>`, `&`,
 * U+2028 and U+2029 escaped, ints and floats printed as Go prints them, `toJSON()` honoured (it plays
 * the role of Go's MarshalJSON / struct tags: a plain object it returns keeps its field order).
 */
import { compareStrings, kindOf } from './engine/values.ts';

const ESCAPES: Record<string, string> = {
  '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t',
  '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029',
};

/** Go's JSON string encoding (HTML-safe, as json.Marshal does). */
export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    const code = c.charCodeAt(0);
    const e = ESCAPES[c];
    if (e !== undefined) out += e;
    else if (code < 0x20) out += '\\u' + code.toString(16).padStart(4, '0');
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      out += c + (s[i + 1] as string);
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      // A lone surrogate is invalid UTF-8; Go writes U+FFFD.
      out += '\ufffd';
    } else out += c;
  }
  return out + '"';
}

function goJsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new Error(`json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  if (Object.is(f, -0)) return '-0';
  // Go prints the shortest form, switching to exponent form below 1e-6 and from 1e21, and trims
  // the exponent to "1e-7" / "1e+21": exactly JavaScript's Number formatting.
  return String(f);
}

/** Go's json.Marshal of a template value. Throws Go's error messages for unsupported values. */
export function goJsonMarshal(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return goJsonString(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return goJsonFloat(v);
    case 'undefined':
      return 'null';
    case 'function':
      throw new Error('json: unsupported type: func()');
    default:
      break;
  }
  if (v === null) return 'null';
  const withJson = v as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') {
    const j = withJson.toJSON();
    // A plain object from toJSON() stands for a Go struct: its fields keep their order.
    if (j !== null && typeof j === 'object' && Object.getPrototypeOf(j) === Object.prototype) return marshalFields(j as Record<string, unknown>);
    return goJsonMarshal(j);
  }
  if (Array.isArray(v)) return '[' + v.map((x) => goJsonMarshal(x)).join(',') + ']';
  if (v instanceof Map) {
    const keys = [...v.keys()].map(String).sort(compareStrings);
    return '{' + keys.map((k) => goJsonString(k) + ':' + goJsonMarshal(v.get(k))).join(',') + '}';
  }
  if (v instanceof Error) return '{}';
  const obj = v as Record<string, unknown>;
  if (kindOf(v) !== 'map') return marshalFields(obj);
  const keys = Object.keys(obj).sort(compareStrings);
  return '{' + keys.map((k) => goJsonString(k) + ':' + goJsonMarshal(obj[k])).join(',') + '}';
}

/** A JSON object of the given fields in their order (a Go struct's encoding). */
export function marshalFields(fields: Readonly<Record<string, unknown>>): string {
  return '{' + Object.keys(fields).map((k) => goJsonString(k) + ':' + goJsonMarshal(fields[k])).join(',') + '}';
}
