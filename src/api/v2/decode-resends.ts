import { Buffer, isAscii } from 'node:buffer';
import type { Alert } from '../../alerts/alert.ts';
import type { PostableAlert } from '../../alerts/ingest.ts';
import { plainBytes } from '../../common/plain-bytes.ts';
import { fnv64Hex, fnv64High, fnv64Low, fnv64Reset } from '../../common/fnv64.ts';
import { parseSwaggerDateTime } from './go-time.ts';

// Prometheus re-sends every firing alert on each evaluation, byte for byte the same but for its
// times. Such a body is read here without building its label and annotation maps: the labels are
// hashed from the bytes, the stored alert is looked up by that fingerprint, and its maps are
// compared with the bytes pair by pair, in the order the stored maps were built from the same
// sender's earlier body (so a repeated name can never match). Only bodies in the plain form
// Prometheus writes qualify: ASCII without a backslash (so without escapes: a string ends at the
// next quote), fields spelled exactly and at most once, no empty label value, no other field; a
// control character, which JSON forbids raw in a string, never matches a stored one. Anything
// else, and any alert that is not a re-send, leaves the body to the general decoder, which has
// the last word on every other case and on every error.

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

const FIELDS = ['labels', 'annotations', 'startsAt', 'endsAt', 'generatorURL'].map((name) => Buffer.from(name, 'latin1'));
const LABELS = 0;
const ANNOTATIONS = 1;
const STARTS_AT = 2;
const GENERATOR_URL = 4;
/** Label and annotation pairs one alert may have on this path. */
const MAX_PAIRS = 64;

// What scanning one alert found. The scan passes positions as arguments and results, so they
// stay in registers; these typed arrays take the rest without allocating.
// Start and end offsets of each name and value: [nameStart, nameEnd, valueStart, valueEnd, ...].
const labelSpans = new Int32Array(MAX_PAIRS * 4);
const annotationSpans = new Int32Array(MAX_PAIRS * 4);
/** Label pairs, annotation pairs, generator URL start and end (-1 when absent). */
const counts = new Int32Array(4);
/** startsAt and endsAt, NaN when absent. */
const times = new Float64Array(2);
/**
 * The spans of the last startsAt and endsAt read in this body and their values: alerts of one
 * batch mostly share them, and comparing bytes is cheaper than parsing a date again.
 */
const timeSpans = new Int32Array(4);
const timeValues = new Float64Array(2);
/** Offsets into `labelSpans` in name order. */
const order = new Int32Array(MAX_PAIRS);
// The running FNV-1a hash of the labels (src/common/fnv64.ts).
const hash = new Int32Array(2);

/**
 * The alerts of a `POST /api/v2/alerts` body when every one re-sends a stored alert with the same
 * labels, annotations and generator URL: each carries the stored alert (`resends`) and its posted
 * times. Undefined whenever that cannot be shown cheaply; decode the body in full then.
 */
export function decodeResends(posted: Uint8Array, stored: (fingerprint: string) => Alert | undefined): PostableAlert[] | undefined {
  const body = plainBytes(posted);
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  timeSpans.fill(-1);
  let p = skipSpace(body, 0);
  if (body[p] !== OPEN_BRACKET) return undefined;
  const out: PostableAlert[] = [];
  for (;;) {
    p = scanAlert(body, text, skipSpace(body, p + 1));
    if (p < 0) return undefined;
    const alert = resent(body, stored);
    if (alert === undefined) return undefined;
    // Checked once the first alert proved a re-send, so a batch of new alerts is declined at the
    // cost of one alert's scan; a first alert misread for want of them fails its lookup or this.
    if (out.length === 0 && (!isAscii(body) || text.indexOf(BACKSLASH) >= 0)) return undefined;
    out.push(alert);
    p = skipSpace(body, p);
    if (body[p] === COMMA) continue;
    if (body[p] !== CLOSE_BRACKET) return undefined;
    return skipSpace(body, p + 1) === body.length ? out : undefined;
  }
}

/** Scans one alert object at `p` into the scratch arrays; the position after it, or -1. */
function scanAlert(b: Uint8Array, text: Buffer, p: number): number {
  if (b[p] !== OPEN_BRACE) return -1;
  let seen = 0;
  counts[0] = -1;
  counts[1] = 0;
  counts[2] = -1;
  counts[3] = -1;
  times[0] = Number.NaN;
  times[1] = Number.NaN;
  for (;;) {
    p = skipSpace(b, p + 1);
    const keyEnd = scanString(b, p);
    if (keyEnd < 0) return -1;
    const field = fieldAt(b, p + 1, keyEnd - 1);
    if (field < 0 || (seen & (1 << field)) !== 0) return -1;
    seen |= 1 << field;
    p = skipSpace(b, keyEnd);
    if (b[p] !== COLON) return -1;
    p = skipSpace(b, p + 1);
    if (field === LABELS || field === ANNOTATIONS) {
      p = scanPairs(b, p, field === LABELS ? labelSpans : annotationSpans, field === LABELS);
      if (p < 0) return -1;
      counts[field] = pairsScanned;
    } else {
      const end = scanString(b, p);
      if (end < 0) return -1;
      if (field === GENERATOR_URL) {
        counts[2] = p + 1;
        counts[3] = end - 1;
      } else if (!readTime(b, text, field - STARTS_AT, p + 1, end - 1)) {
        return -1;
      }
      p = end;
    }
    p = skipSpace(b, p);
    if (b[p] === COMMA) continue;
    if (b[p] !== CLOSE_BRACE) return -1;
    return (counts[0] as number) > 0 ? p + 1 : -1;
  }
}

/** The scanned alert as a re-send of the stored one its labels name, or undefined. */
function resent(b: Uint8Array, stored: (fingerprint: string) => Alert | undefined): PostableAlert | undefined {
  const known = stored(labelFingerprint(b, counts[0] as number));
  if (known === undefined) return undefined;
  const urlStart = counts[2] as number;
  if (
    !sameMap(b, known.labels, labelSpans, counts[0] as number) ||
    !sameMap(b, known.annotations, annotationSpans, counts[1] as number) ||
    !(urlStart < 0 ? known.generatorURL === '' : sameBytes(b, known.generatorURL, urlStart, counts[3] as number))
  ) {
    return undefined;
  }
  const startsAt = times[0] as number;
  const endsAt = times[1] as number;
  return {
    labels: known.labels,
    annotations: known.annotations,
    startsAt: Number.isNaN(startsAt) ? undefined : startsAt,
    endsAt: Number.isNaN(endsAt) ? undefined : endsAt,
    generatorURL: known.generatorURL,
    resends: known,
  };
}

/** Reads the date-time in bytes [start, end) into `times[which]`; false when it does not parse. */
function readTime(b: Uint8Array, text: Buffer, which: number, start: number, end: number): boolean {
  const last = which * 2;
  const lastStart = timeSpans[last] as number;
  if (lastStart >= 0 && compareSpans(b, lastStart, timeSpans[last + 1] as number, start, end) === 0) {
    times[which] = timeValues[which] as number;
    return true;
  }
  const parsed = parseSwaggerDateTime(text.toString('latin1', start, end));
  if (typeof parsed !== 'number') return false;
  times[which] = parsed;
  timeValues[which] = parsed;
  timeSpans[last] = start;
  timeSpans[last + 1] = end;
  return true;
}

// The index in FIELDS of the key bytes [start, end), or -1.
function fieldAt(b: Uint8Array, start: number, end: number): number {
  const length = end - start;
  for (let f = 0; f < FIELDS.length; f++) {
    const name = FIELDS[f] as Buffer;
    if (name.length !== length) continue;
    let i = 0;
    while (i < length && b[start + i] === name[i]) i++;
    if (i === length) return f;
  }
  return -1;
}

/** Pairs counted by the last `scanPairs`. */
let pairsScanned = 0;

/**
 * An object of string values (no empty one when `labels`) at `p`: records the spans and their
 * number (`pairsScanned`); returns the position after it, or -1.
 */
function scanPairs(b: Uint8Array, p: number, spans: Int32Array, labels: boolean): number {
  if (b[p] !== OPEN_BRACE) return -1;
  p = skipSpace(b, p + 1);
  let n = 0;
  if (b[p] !== CLOSE_BRACE) {
    for (;;) {
      if (n === MAX_PAIRS) return -1;
      const nameEnd = scanString(b, p);
      if (nameEnd < 0) return -1;
      const colon = skipSpace(b, nameEnd);
      if (b[colon] !== COLON) return -1;
      const valueAt = skipSpace(b, colon + 1);
      const valueEnd = scanString(b, valueAt);
      if (valueEnd < 0 || (labels && valueEnd === valueAt + 2)) return -1;
      const k = n * 4;
      spans[k] = p + 1;
      spans[k + 1] = nameEnd - 1;
      spans[k + 2] = valueAt + 1;
      spans[k + 3] = valueEnd - 1;
      n++;
      p = skipSpace(b, valueEnd);
      if (b[p] !== COMMA) break;
      p = skipSpace(b, p + 1);
    }
    if (b[p] !== CLOSE_BRACE) return -1;
  }
  pairsScanned = n;
  return p + 1;
}

/** The position after the string at `p` (printable ASCII other than `\`), or -1. */
function scanString(b: Uint8Array, p: number): number {
  if (b[p] !== QUOTE) return -1;
  for (let i = p + 1; i < b.length; i++) {
    const c = b[i] as number;
    if (c === QUOTE) return i + 1;
    if (c < 0x20 || c > 0x7e || c === BACKSLASH) return -1;
  }
  return -1;
}

function skipSpace(b: Uint8Array, p: number): number {
  while (p < b.length) {
    const c = b[p] as number;
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) break;
    p++;
  }
  return p;
}

function compareSpans(b: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const n = Math.min(aEnd - aStart, bEnd - bStart);
  for (let i = 0; i < n; i++) {
    const d = (b[aStart + i] as number) - (b[bStart + i] as number);
    if (d !== 0) return d;
  }
  return aEnd - aStart - (bEnd - bStart);
}

/** The fingerprint of the scanned labels: FNV-1a over them in name order, as label-set.ts hashes. */
function labelFingerprint(b: Uint8Array, count: number): string {
  // Senders mostly write names in order; others are sorted here by their bytes (Go's order).
  for (let i = 0; i < count; i++) order[i] = i * 4;
  for (let i = 1; i < count; i++) {
    const k = order[i] as number;
    let j = i - 1;
    for (; j >= 0; j--) {
      const o = order[j] as number;
      if (compareSpans(b, labelSpans[o] as number, labelSpans[o + 1] as number, labelSpans[k] as number, labelSpans[k + 1] as number) <= 0) break;
      order[j + 1] = o;
    }
    order[j + 1] = k;
  }
  fnv64Reset(hash);
  for (let i = 0; i < count; i++) {
    const k = order[i] as number;
    mix(b, labelSpans[k] as number, labelSpans[k + 1] as number);
    mix(b, labelSpans[k + 2] as number, labelSpans[k + 3] as number);
  }
  return fnv64Hex(hash);
}

/** Mixes bytes [start, end) and the 0xff separator into the running FNV-1a hash. */
function mix(b: Uint8Array, start: number, end: number): void {
  let hi = hash[0] as number;
  let lo = hash[1] as number;
  for (let i = start; i <= end; i++) {
    const x = lo ^ (i === end ? 0xff : (b[i] as number));
    lo = fnv64Low(x);
    hi = fnv64High(hi, x);
  }
  hash[0] = hi;
  hash[1] = lo;
}

/** Whether `map`, walked in its own order, holds exactly the scanned pairs in theirs. */
function sameMap(b: Uint8Array, map: Readonly<Record<string, string>>, spans: Int32Array, count: number): boolean {
  let k = 0;
  for (const name in map) {
    if (!Object.hasOwn(map, name)) continue;
    if (k === count * 4) return false;
    if (!sameBytes(b, name, spans[k] as number, spans[k + 1] as number) || !sameBytes(b, map[name] as string, spans[k + 2] as number, spans[k + 3] as number)) return false;
    k += 4;
  }
  return k === count * 4;
}

/** Whether bytes [start, end) spell `s`, which holds no control character (JSON allows none raw). */
function sameBytes(b: Uint8Array, s: string, start: number, end: number): boolean {
  if (s.length !== end - start) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== b[start + i] || c < 0x20) return false;
  }
  return true;
}
