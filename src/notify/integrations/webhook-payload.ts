import { LineCounter, parseAllDocuments } from 'yaml';
import { any } from '../../config/schema/kinds.ts';
import { YamlDecoder } from '../../config/yaml-decode.ts';
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
 * A rendered value as yaml.v2 `Unmarshal` reads it; undefined when it fails. A JSON object or
 * array (what `toJson` renders) reads the same as YAML and through `JSON.parse` much faster: the
 * PagerDuty details of a group of 10,000 alerts took the YAML parser 1.4 s, holding the event
 * loop. Its strings are double-quoted, which YAML never types, and its numbers, booleans and
 * nulls are spelled alike in both.
 */
function decodeRendered(text: string): { value: unknown } | undefined {
  return parseJsonCollection(text) ?? decodeYaml(text);
}

const NEGATIVE_ZERO = /-0(?![.\deE])/;

/** yaml.v2 `Unmarshal` of the first document into `interface{}`; undefined when it fails. */
export function decodeYaml(text: string): { value: unknown } | undefined {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, schema: 'failsafe', uniqueKeys: false, merge: false, strict: false });
  if (!Array.isArray(docs)) return { value: null };
  const doc = docs[0];
  if (doc === undefined) return { value: null };
  if (doc.errors.length > 0) return undefined;
  try {
    const decoder = new YamlDecoder(doc, lineCounter, '', { matcherMode: 'fallback', warn: () => undefined });
    return { value: decoder.decodeRoot(any) ?? null };
  } catch {
    return undefined;
  }
}

/**
 * The object or array a JSON text holds; undefined for anything else, which YAML then reads, and
 * for a text holding `-0` (in a string, too): yaml.v2 reads that integer as 0, JSON.parse as -0.
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
