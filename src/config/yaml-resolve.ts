import type { Node } from 'yaml';

/**
 * yaml.v2's implicit typing of plain scalars (`resolve.go`), used only after the target type is
 * known: `yes`/`on`/`y` are booleans, `0x1F`/`0o17`/`017`/`0b101`/`1_000` integers, no sexagesimal.
 * Integers come back as bigint so 64-bit bounds can be checked.
 */
export interface Resolved {
  tag: '!!str' | '!!bool' | '!!int' | '!!float' | '!!null' | '!!timestamp' | '!!merge';
  value: unknown;
}

const WORDS = new Map<string, Resolved>();
for (const w of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) {
  WORDS.set(w, { tag: '!!bool', value: true });
}
for (const w of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) {
  WORDS.set(w, { tag: '!!bool', value: false });
}
for (const w of ['', '~', 'null', 'Null', 'NULL']) WORDS.set(w, { tag: '!!null', value: null });
for (const w of ['.nan', '.NaN', '.NAN']) WORDS.set(w, { tag: '!!float', value: NaN });
for (const w of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) WORDS.set(w, { tag: '!!float', value: Infinity });
for (const w of ['-.inf', '-.Inf', '-.INF']) WORDS.set(w, { tag: '!!float', value: -Infinity });
WORDS.set('<<', { tag: '!!merge', value: '<<' });

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MAX = 9223372036854775807n;
const UINT64_MAX = 18446744073709551615n;

export function resolvePlain(text: string): Resolved {
  const word = WORDS.get(text);
  if (word) return word;
  const c = text[0] ?? '';
  if (c === '.') {
    const f = parseGoFloat(text);
    return f === undefined ? { tag: '!!str', value: text } : { tag: '!!float', value: f };
  }
  if (!/[-+0-9]/.test(c)) return { tag: '!!str', value: text };
  if (isTimestamp(text)) return { tag: '!!timestamp', value: text };
  const plain = text.replaceAll('_', '');
  const i = parseGoInt(plain);
  if (i !== undefined) return { tag: '!!int', value: i };
  if (YAML_FLOAT.test(plain)) {
    const f = parseGoFloat(plain);
    if (f !== undefined) return { tag: '!!float', value: f };
  }
  if (plain.startsWith('0b') || plain.startsWith('-0b')) {
    const neg = plain.startsWith('-');
    const digits = plain.slice(neg ? 3 : 2);
    if (/^[01]+$/.test(digits)) {
      const v = (neg ? -1n : 1n) * BigInt(`0b${digits}`);
      if (v <= UINT64_MAX && v >= -INT64_MAX - 1n) return { tag: '!!int', value: v };
    }
  }
  return { tag: '!!str', value: text };
}

/** Go's strconv.ParseInt/ParseUint with base 0 (0x, 0o, 0b, leading-0 octal), 64-bit. */
function parseGoInt(s: string): bigint | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2] as string;
  let v: bigint;
  if (/^0[0-7]+$/.test(body)) v = BigInt(`0o${body.slice(1)}`);
  else v = BigInt(body.toLowerCase());
  if (m[1] === '-') v = -v;
  if (m[1] === '+' && v > INT64_MAX) return undefined;
  if (v > UINT64_MAX || v < -INT64_MAX - 1n) return undefined;
  return v;
}

function parseGoFloat(s: string): number | undefined {
  if (!/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return undefined;
  return Number(s);
}

/** yaml.v2 only tries timestamps on text starting with four digits and a dash. */
function isTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  return (
    /^\d{4}-\d{1,2}-\d{1,2}$/.test(s) ||
    /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) ||
    /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?$/.test(s)
  );
}

/** The node's explicit tag in short form (`!!str`), or undefined when it has none. */
export function tagOf(node: Node): string | undefined {
  const tag = node.tag;
  if (tag === undefined) return undefined;
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}
