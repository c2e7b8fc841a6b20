/**
 * Go's time layout language: splitting a layout such as "2006-01-02T15:04:05Z07:00" into literal
 * text and reference-time elements (Go's nextStdChunk).
 */

/** A layout element of Go's reference time `Mon Jan 2 15:04:05 MST 2006`. */
export type StdElem =
  | 'January' | 'Jan' | '1' | '01' | 'Monday' | 'Mon' | '2' | '_2' | '02' | '__2' | '002'
  | '15' | '3' | '03' | '4' | '04' | '5' | '05' | '2006' | '06' | 'PM' | 'pm' | 'MST'
  | 'Z0700' | 'Z070000' | 'Z07' | 'Z07:00' | 'Z07:00:00'
  | '-0700' | '-070000' | '-07' | '-07:00' | '-07:00:00'
  | 'frac0' | 'frac9';

/** A chunk of a layout: literal text or an element (fractional seconds carry digits and separator). */
export type LayoutChunk =
  | { readonly lit: string }
  | { readonly std: StdElem; readonly text: string; readonly digits: number; readonly sep: string };

const cache = new Map<string, LayoutChunk[]>();

const isDigit = (s: string, i: number): boolean => i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;
const startsLower = (s: string, i: number): boolean => i < s.length && s.charCodeAt(i) >= 97 && s.charCodeAt(i) <= 122;

function std(e: StdElem, text: string): LayoutChunk {
  return { std: e, text, digits: 0, sep: '' };
}

const ZERO_STD: readonly StdElem[] = ['01', '02', '03', '04', '05', '06'];
const TZ_STD: readonly string[] = ['070000', '07:00:00', '0700', '07:00', '07'];

/** The element starting at `i`, as [chunk, length], or undefined for a literal byte. */
function elementAt(l: string, i: number): [LayoutChunk, number] | undefined {
  const rest = l.slice(i);
  switch (l[i]) {
    case 'J':
      if (rest.startsWith('Jan')) {
        if (rest.startsWith('January')) return [std('January', 'January'), 7];
        if (!startsLower(l, i + 3)) return [std('Jan', 'Jan'), 3];
      }
      return undefined;
    case 'M':
      if (rest.startsWith('Mon')) {
        if (rest.startsWith('Monday')) return [std('Monday', 'Monday'), 6];
        if (!startsLower(l, i + 3)) return [std('Mon', 'Mon'), 3];
      }
      if (rest.startsWith('MST')) return [std('MST', 'MST'), 3];
      return undefined;
    case '0': {
      const d = l.charCodeAt(i + 1) - 49;
      if (d >= 0 && d <= 5) return [std(ZERO_STD[d] as StdElem, rest.slice(0, 2)), 2];
      if (rest.startsWith('002')) return [std('002', '002'), 3];
      return undefined;
    }
    case '1':
      return rest.startsWith('15') ? [std('15', '15'), 2] : [std('1', '1'), 1];
    case '2':
      return rest.startsWith('2006') ? [std('2006', '2006'), 4] : [std('2', '2'), 1];
    case '_':
      if (l[i + 1] === '2') {
        // "_2006" is a literal "_" followed by the year.
        if (rest.startsWith('_2006')) return undefined;
        return [std('_2', '_2'), 2];
      }
      if (rest.startsWith('__2')) return [std('__2', '__2'), 3];
      return undefined;
    case '3':
      return [std('3', '3'), 1];
    case '4':
      return [std('4', '4'), 1];
    case '5':
      return [std('5', '5'), 1];
    case 'P':
      return l[i + 1] === 'M' ? [std('PM', 'PM'), 2] : undefined;
    case 'p':
      return l[i + 1] === 'm' ? [std('pm', 'pm'), 2] : undefined;
    case '-':
    case 'Z':
      for (const t of TZ_STD) {
        if (rest.startsWith(l[i] + t)) return [std((l[i] + t) as StdElem, l[i] + t), t.length + 1];
      }
      return undefined;
    case '.':
    case ',': {
      const ch = l[i + 1];
      if (ch !== '0' && ch !== '9') return undefined;
      let j = i + 1;
      while (j < l.length && l[j] === ch) j++;
      if (isDigit(l, j)) return undefined;
      return [{ std: ch === '0' ? 'frac0' : 'frac9', text: l.slice(i, j), digits: j - i - 1, sep: l[i] as string }, j - i];
    }
    default:
      return undefined;
  }
}

/** Splits a Go layout into chunks (cached). */
export function layoutChunks(layout: string): LayoutChunk[] {
  const hit = cache.get(layout);
  if (hit !== undefined) return hit;
  const out: LayoutChunk[] = [];
  let lit = '';
  for (let i = 0; i < layout.length; ) {
    const el = elementAt(layout, i);
    if (el === undefined) {
      lit += layout[i];
      i++;
      continue;
    }
    if (lit !== '') out.push({ lit });
    lit = '';
    out.push(el[0]);
    i += el[1];
  }
  if (lit !== '') out.push({ lit });
  if (cache.size > 256) cache.clear();
  cache.set(layout, out);
  return out;
}
