/**
 * Go string functions used by template functions: strings.ToUpper/ToLower/TrimSpace,
 * x/text/cases Title, url.QueryUnescape and base64 with Go's error messages.
 */

// Go's unicode.ToUpper/ToLower map one rune to one rune; JavaScript's full mappings can expand
// (ß → SS). Keep the rune when the JS mapping is not a single code point.
function mapRunes(s: string, f: (c: string) => string): string {
  let out = '';
  for (const c of s) {
    const m = f(c);
    out += [...m].length === 1 ? m : c;
  }
  return out;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Go's strings.ToUpper. */
export function goToUpper(s: string): string {
  // ASCII fast path: most label values.
  return isAscii(s) ? s.toUpperCase() : mapRunes(s, (c) => c.toUpperCase());
}

/** Go's strings.ToLower. */
export function goToLower(s: string): string {
  if (isAscii(s)) return s.toLowerCase();
  return mapRunes(s, (c) => (c === '\u0130' ? 'i' : c.toLowerCase()));
}

const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM_RE = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');

/** Go's strings.TrimSpace (Unicode White_Space, not U+FEFF). */
export function goTrimSpace(s: string): string {
  return s.replace(TRIM_RE, '');
}

const CASED = /[\p{Lowercase}\p{Uppercase}\p{Lt}]/u;
// Runes that neither start nor end a word: letters without case, digits, marks, connector
// punctuation ("_"), format characters and mid-word punctuation such as "'" and ".".
const WORD_CONTINUE = /[\p{L}\p{N}\p{M}\p{Pc}\p{Cf}\p{Lm}\p{Sk}'.:\u00b7\u0387\u05f4\u2018\u2019\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a]/u;
const MID = /['.:\u00b7\u0387\u05f4\u2018\u2019\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a]/u;
const TITLE_SPECIAL: Record<string, string> = { 'ǆ': 'ǅ', 'Ǆ': 'ǅ', 'ǅ': 'ǅ', 'ǉ': 'ǈ', 'Ǉ': 'ǈ', 'ǈ': 'ǈ', 'ǌ': 'ǋ', 'Ǌ': 'ǋ', 'ǋ': 'ǋ', 'ǳ': 'ǲ', 'Ǳ': 'ǲ', 'ǲ': 'ǲ' };

function titleRune(c: string): string {
  const special = TITLE_SPECIAL[c];
  if (special !== undefined) return special;
  const up = c.toUpperCase();
  const runes = [...up];
  return runes.length <= 1 ? up : (runes[0] as string) + runes.slice(1).join('').toLowerCase();
}

// Unicode's Final_Sigma: a capital sigma that ends a word lower-cases to "ς".
function lowerInWord(runes: readonly string[], i: number): string {
  const c = runes[i] as string;
  if (c !== 'Σ') return c.toLowerCase();
  for (let j = i + 1; j < runes.length; j++) {
    const n = runes[j] as string;
    if (CASED.test(n)) return 'σ';
    if (!/[\p{Mn}\p{Me}\p{Cf}\p{Lm}\p{Sk}'.:]/u.test(n)) break;
  }
  return 'ς';
}

/**
 * x/text/cases Title for American English: the first cased letter of each word is title-cased and
 * (unless `noLower`, Prometheus's variant) the rest of the word lower-cased. Words break at runes
 * that are neither cased nor word-continuing, and at two mid-word punctuation runes in a row.
 */
export function goTitle(s: string, noLower = false): string {
  const runes = [...s];
  let out = '';
  let midWord = false;
  let prevMid = false;
  for (let i = 0; i < runes.length; i++) {
    const c = runes[i] as string;
    const isMid = MID.test(c);
    if (prevMid && isMid) midWord = false;
    if (CASED.test(c)) {
      out += midWord ? (noLower ? c : lowerInWord(runes, i)) : titleRune(c);
      midWord = true;
    } else {
      out += c;
      if (!WORD_CONTINUE.test(c)) midWord = false;
    }
    prevMid = isMid;
  }
  return out;
}

const hexVal = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;

/** Go's url.QueryUnescape: `+` is a space, `%XX` a byte; bad escapes are `invalid URL escape "%zz"`. */
export function goQueryUnescape(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0x25) {
      const h = hexVal(bytes[i + 1] ?? 0);
      const l = hexVal(bytes[i + 2] ?? 0);
      if (i + 2 >= bytes.length || h < 0 || l < 0) {
        const bad = bytes.subarray(i, Math.min(i + 3, bytes.length)).toString('utf8');
        throw new Error(`invalid URL escape ${JSON.stringify(bad)}`);
      }
      out.push(h * 16 + l);
      i += 2;
    } else out.push(b === 0x2b ? 0x20 : b);
  }
  return Buffer.from(out).toString('utf8');
}

/** Go's base64.URLEncoding.EncodeToString (URL alphabet, padded). */
export function goBase64UrlEncode(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Go's base64.URLEncoding.DecodeString with its `illegal base64 data at input byte N` errors. */
export function goBase64UrlDecode(s: string): string {
  // Go ignores \r and \n; report positions in the original input.
  const out: number[] = [];
  let quantum: number[] = [];
  let qStart = 0;
  let i = 0;
  const illegal = (at: number): Error => new Error(`illegal base64 data at input byte ${at}`);
  const bytes = Buffer.from(s, 'utf8');
  while (i < bytes.length) {
    const c = String.fromCharCode(bytes[i] as number);
    if (c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c === '=') {
      // Padding must complete the quantum and end the input.
      const have = quantum.length;
      if (have < 2) throw illegal(i);
      let need = 4 - have;
      let j = i;
      while (need > 0) {
        while (j < bytes.length && (bytes[j] === 10 || bytes[j] === 13)) j++;
        if (j >= bytes.length) throw illegal(bytes.length);
        if (bytes[j] !== 0x3d) throw illegal(j - 1);
        j++;
        need--;
      }
      while (j < bytes.length && (bytes[j] === 10 || bytes[j] === 13)) j++;
      if (j < bytes.length) throw illegal(j);
      flush(quantum, out);
      return Buffer.from(out).toString('utf8');
    }
    const v = B64URL.indexOf(c);
    if (v < 0) throw illegal(i);
    if (quantum.length === 0) qStart = i;
    quantum.push(v);
    if (quantum.length === 4) {
      flush(quantum, out);
      quantum = [];
    }
    i++;
  }
  // A padded encoding must not end inside a quantum.
  if (quantum.length > 0) throw illegal(qStart);
  return Buffer.from(out).toString('utf8');
}

function flush(q: number[], out: number[]): void {
  const [a = 0, b = 0, c = 0, d = 0] = q;
  out.push(((a << 2) | (b >> 4)) & 0xff);
  if (q.length > 2) out.push(((b << 4) | (c >> 2)) & 0xff);
  if (q.length > 3) out.push(((c << 6) | d) & 0xff);
}
