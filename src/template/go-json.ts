/**
 * Go `encoding/json.Marshal` output for template values: map keys sorted by bytes, strings escaped
 * as Go 1.22+ does, ints and floats printed as Go prints them, `toJSON()` honoured (it plays
 * the role of Go's MarshalJSON / struct tags: a plain object it returns keeps its field order).
 */
import { goJsonString } from '../common/go-json-string.ts';
import { compareStrings, kindOf } from './engine/values.ts';


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
