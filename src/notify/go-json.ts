/**
 * JSON text exactly as Go's encoding/json writes it, for wire formats Alertmanager defines,
 * appended in UTF-8 to a `ByteWriter`.
 */
import { GO_ZERO_TIME_MS } from '../alerts/timestamps.ts';
import type { ByteWriter } from '../common/byte-writer.ts';
import { writeGoJsonString } from '../common/json-string-writer.ts';
import { sortGoStrings } from '../labels/go-string.ts';
import { namesInGoOrder } from '../labels/label-set.ts';

const GO_ZERO_TIME_JSON = '"0001-01-01T00:00:00Z"';
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Appends a `map[string]string` as JSON with keys in Go's byte order. */
export function writeGoStringMap(w: ByteWriter, m: Readonly<Record<string, string>>): void {
  w.text('{');
  if (namesInGoOrder(m)) {
    let first = true;
    for (const k in m) {
      writeEntry(w, k, m[k] as string, first);
      first = false;
    }
  } else {
    const keys = sortGoStrings(Object.keys(m));
    for (let i = 0; i < keys.length; i++) writeEntry(w, keys[i] as string, m[keys[i] as string] as string, i === 0);
  }
  w.text('}');
}

function writeEntry(w: ByteWriter, key: string, value: string, first: boolean): void {
  if (!first) w.byte(COMMA);
  writeGoJsonString(w, key);
  w.byte(COLON);
  writeGoJsonString(w, value);
}

/**
 * Appends a UTC instant (epoch ms) as Go's `time.Time` JSON: RFC 3339 with the fraction's trailing
 * zeros dropped, e.g. `"2026-11-21T00:29:41.45Z"`; Go's zero time prints `"0001-01-01T00:00:00Z"`.
 */
export function writeGoJsonTime(w: ByteWriter, ms: number): void {
  // Firing alerts all carry the zero time.
  if (ms === GO_ZERO_TIME_MS) {
    w.text(GO_ZERO_TIME_JSON);
    return;
  }
  const iso = new Date(ms).toISOString();
  // toISOString always prints milliseconds: ".000Z" → "Z", ".450Z" → ".45Z".
  const dot = iso.length - 5;
  let end = iso.length - 1;
  while (end > dot + 1 && iso.charCodeAt(end - 1) === 48) end--;
  w.byte(QUOTE);
  w.text(iso, 0, end === dot + 1 ? dot : end);
  w.text('Z"');
}
