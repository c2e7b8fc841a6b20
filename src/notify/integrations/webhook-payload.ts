import { any } from '../../config/schema/kinds.ts';
import { YamlDecoder } from '../../config/yaml-decode.ts';
import { parseYamlV2 } from '../../config/yaml-v2-parse.ts';
import { goJsonMarshal } from '../../template/go-json.ts';

/** Renders one template string; throws on template errors. */
export type RenderText = (text: string) => string;

/**
 * A webhook's custom `payload` (0.32+) rendered as Alertmanager's `DeepCopyWithTemplate` does:
 * map keys and string values are executed as templates; a rendered value that reads as YAML
 * structured data (a map, list, number, boolean or null, `""` included) is replaced by that data,
 * other strings stay strings; non-string values are copied. Returns the JSON body with the
 * trailing newline of Go's `json.Encoder`.
 */
export function renderWebhookPayload(payload: unknown, render: RenderText): string {
  return `${goJsonMarshal(deepRender(payload, render))}\n`;
}

function deepRender(value: unknown, render: RenderText): unknown {
  if (typeof value === 'string') {
    const rendered = render(value);
    const decoded = decodeRendered(rendered);
    return decoded === undefined || typeof decoded.value === 'string' ? rendered : decoded.value;
  }
  if (Array.isArray(value)) return value.map((v) => deepRender(v, render));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, render(k), { value: deepRender(v, render), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/**
 * A rendered value as yaml.v2 `Unmarshal` reads it; undefined when it fails. Two kinds of large
 * values are read without parsing all of them as YAML, which holds the event loop (1.1 MB took
 * the YAML parser 0.8 s). A JSON object or array (what `toJson` renders) reads the same as
 * YAML through `JSON.parse`: its strings are double-quoted, which YAML never types, and its
 * numbers, booleans and nulls are spelled alike in both. A block mapping that repeats a key fails.
 */
function decodeRendered(text: string): { value: unknown } | undefined {
  const json = parseJsonCollection(text);
  if (json !== undefined) return json;
  if (repeatsRootKey(text)) return undefined;
  return decodeYaml(text);
}

/** yaml.v2 `Unmarshal` of the first document into `interface{}`; undefined when it fails. */
export function decodeYaml(text: string): { value: unknown } | undefined {
  const decoded = decodeYamlOrFailure(text);
  return 'value' in decoded ? decoded : undefined;
}

function decodeYamlOrFailure(text: string): { value: unknown } | { failure: string } {
  const { doc, lineCounter } = parseYamlV2(text);
  if (doc === undefined) return { value: null };
  const syntax = doc.errors[0];
  if (syntax !== undefined) return { failure: syntax.message };
  try {
    const decoder = new YamlDecoder(doc, lineCounter, '', { matcherMode: 'fallback', warn: () => undefined });
    return { value: decoder.decodeRoot(any) ?? null };
  } catch (error) {
    return { failure: (error as Error).message };
  }
}

/** A line that starts with a plain key: the root is a block mapping when the text's first line is one. */
const ROOT_KEY_LINE = /^([A-Za-z_][\w .-]*):(?:[ \t]|$)/;

/**
 * Whether the text's root is a block mapping that repeats a key, which yaml.v2 refuses ("already
 * set in map"), so the text stays a string. A list of alerts as text (`__text_alert_list`, in
 * PagerDuty's default details) reads so: its "Labels:" line comes again with every alert, and
 * parsing all of it for 10,000 alerts took the YAML parser 1.4 s. Only the text up to the
 * repeated key's line is parsed: the lines after it cannot make the document valid, and that
 * line's own meaning is settled at its end, since it starts at the root's indentation.
 */
function repeatsRootKey(text: string): boolean {
  const keys = new Set<string>();
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end);
    // The first document ends here; yaml.v2 reads no further.
    if (line.startsWith('---') || line.startsWith('...')) return false;
    const key = ROOT_KEY_LINE.exec(line)?.[1];
    if (start === 0 && key === undefined) return false;
    if (key !== undefined) {
      if (keys.has(key)) {
        const prefix = decodeYamlOrFailure(text.slice(0, end));
        return 'failure' in prefix && prefix.failure.includes('already set in map');
      }
      keys.add(key);
    }
    start = end + 1;
  }
  return false;
}

// `-0` as a number: after a delimiter, not followed by a fraction or exponent.
const NEGATIVE_ZERO = /[:[,\s]-0(?![.\deE])/;

/**
 * The object or array a JSON text holds; undefined for anything else, which YAML then reads, and
 * for a text holding the number `-0` (or what looks like it in a string): yaml.v2 reads that
 * integer as 0, JSON.parse as -0.
 */
function parseJsonCollection(text: string): { value: unknown } | undefined {
  const first = text.trimStart()[0];
  if ((first !== '{' && first !== '[') || NEGATIVE_ZERO.test(text)) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
