/**
 * JSON string literals appended to a `ByteWriter` in UTF-8, character by character: escaped as
 * `JSON.stringify` escapes them, or as Go's `json.Marshal` does (the rules `go-json-string.ts`
 * describes). Escaping in place spares the intermediate strings of escaping first.
 */
import type { ByteWriter } from './byte-writer.ts';

const QUOTE = 0x22;
const HEX_DIGITS = '0123456789abcdef';

/** Appends `s` as a JSON string literal, escaped as `JSON.stringify` escapes it. */
export function writeJsonString(w: ByteWriter, s: string): void {
  writeQuoted(w, s, false);
}

/** Appends `s` as a JSON string literal, escaped as Go's `json.Marshal` escapes it. */
export function writeGoJsonString(w: ByteWriter, s: string): void {
  writeQuoted(w, s, true);
}

// Writes runs of characters as they are and escapes the rest.
function writeQuoted(w: ByteWriter, s: string, go: boolean): void {
  w.byte(QUOTE);
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isHighSurrogate(c) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    if (!needsEscape(c, go)) continue;
    w.text(s, run, i);
    writeEscape(w, c, go);
    run = i + 1;
  }
  w.text(s, run, s.length);
  w.byte(QUOTE);
}

// Called for every character but the halves of surrogate pairs, so a surrogate here is lone.
function needsEscape(c: number, go: boolean): boolean {
  if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true;
  return go && (c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029);
}

function writeEscape(w: ByteWriter, c: number, go: boolean): void {
  switch (c) {
    case 0x22:
      w.text('\\"');
      return;
    case 0x5c:
      w.text('\\\\');
      return;
    case 0x08:
      w.text('\\b');
      return;
    case 0x09:
      w.text('\\t');
      return;
    case 0x0a:
      w.text('\\n');
      return;
    case 0x0c:
      w.text('\\f');
      return;
    case 0x0d:
      w.text('\\r');
      return;
  }
  // Go meets a lone surrogate as invalid UTF-8 and writes U+FFFD in its place.
  const code = go && c >= 0xd800 && c <= 0xdfff ? 0xfffd : c;
  w.text('\\u');
  for (let shift = 12; shift >= 0; shift -= 4) w.byte(HEX_DIGITS.charCodeAt((code >> shift) & 15));
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
