/**
 * Go's `encoding/json` struct decoding rules, for turning a parsed body into API models with the
 * same errors Alertmanager gives: members are visited in document order and matched to fields
 * exactly or ignoring case; a value of the wrong JSON kind is remembered (the first one is
 * reported once decoding ends) while an error from a field with its own decoder (dates, URIs)
 * stops decoding at once.
 */

import { goJsonKind, isJsonObject } from './go-json-decode.ts';
import type { JsonObject, JsonValue } from './go-json-decode.ts';

/** An error that stops decoding immediately, like one returned by a Go `UnmarshalJSON` method. */
export class GoDecodeAbort extends Error {}

/** Go's `UnmarshalTypeError` text. `struct` is the innermost Go struct type's name ('' when anonymous). */
export function typeErrorText(kind: string, struct: string, path: string, goType: string): string {
  return `json: cannot unmarshal ${kind} into Go struct field ${struct}.${path} of type ${goType}`;
}

/** Collects the first type error of one `json.Unmarshal` call. */
export class GoDecoder {
  saved: string | undefined;

  #typeError(v: JsonValue, struct: string, path: string, goType: string): undefined {
    this.saved ??= typeErrorText(goJsonKind(v), struct, path, goType);
    return undefined;
  }

  /** A `*string` or `string` field: null leaves it unset. */
  string(v: JsonValue, struct: string, path: string): string | undefined {
    if (typeof v === 'string') return v;
    return v === null ? undefined : this.#typeError(v, struct, path, 'string');
  }

  /** A `*bool` field: null leaves it unset. */
  bool(v: JsonValue, struct: string, path: string): boolean | undefined {
    if (typeof v === 'boolean') return v;
    return v === null ? undefined : this.#typeError(v, struct, path, 'bool');
  }

  /**
   * A `models.LabelSet` (map of strings): null members become "", as Go stores a zero value, and
   * a repeated field adds to the map already decoded, as Go reuses a non-nil map.
   */
  labelSet(v: JsonValue, struct: string, path: string, into?: Record<string, string>): Record<string, string> | undefined {
    if (v === null) return undefined;
    if (!isJsonObject(v)) return this.#typeError(v, struct, path, 'models.LabelSet') ?? into;
    const out: Record<string, string> = { ...into };
    for (const [key, value] of v.members) {
      if (typeof value !== 'string' && value !== null) {
        this.#typeError(value, struct, path, 'string');
        continue;
      }
      // A plain assignment to "__proto__" would set the prototype instead of a label.
      if (key === '__proto__') Object.defineProperty(out, key, { value: value ?? '', enumerable: true, writable: true, configurable: true });
      else out[key] = value ?? '';
    }
    return out;
  }

  /** A field whose Go type decodes a JSON string itself (`strfmt.DateTime`, `strfmt.URI`): wrong kinds abort. */
  customString(v: JsonValue, struct: string, path: string): string | undefined {
    if (typeof v === 'string') return v;
    if (v === null) return undefined;
    throw new GoDecodeAbort(typeErrorText(goJsonKind(v), struct, path, 'string'));
  }
}

/**
 * Visits the members of `obj` that match a field in `fields` (exactly or ignoring ASCII case,
 * as Go does), in document order; later duplicates overwrite earlier ones in the callbacks.
 */
export function visitStruct(obj: JsonObject, fields: Readonly<Record<string, (v: JsonValue) => void>>): void {
  const byLower = new Map<string, (v: JsonValue) => void>();
  for (const [name, visit] of Object.entries(fields)) byLower.set(name.toLowerCase(), visit);
  for (const [key, value] of obj.members) {
    const visit = Object.hasOwn(fields, key) ? fields[key] : byLower.get(key.toLowerCase());
    visit?.(value);
  }
}
