import { LineCounter, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';

/** The first document of a YAML text as yaml.v2 would read it, and where its nodes stand. */
export interface ParsedYaml {
  /** Undefined for a text without a document (empty, or only comments). */
  readonly doc: Document.Parsed | undefined;
  /** Positions in `text`, with columns as they are in the source. */
  readonly lineCounter: LineCounter;
  /** What was parsed: the source, with lines of flow collections indented further where needed. */
  readonly text: string;
}

/** A parse, with the spaces added to each line (by its 1-based number) before it. */
interface Attempt extends ParsedYaml {
  readonly pads: ReadonlyMap<number, number>;
}

export interface YamlV2ParseOptions {
  /** A repeated mapping key is an error (yaml.v2's `UnmarshalStrict`). */
  readonly uniqueKeys?: boolean;
}

/** Lines re-indented at most, one flow collection's run at a time, before the error stands. */
const MAX_RETRIES = 50;

/**
 * Parses like yaml.v2, which Alertmanager and prometheus/common read their files with: the
 * failsafe schema (scalars stay strings for the decoder to type), no merge keys, repeated keys
 * left to the decoder unless asked otherwise. yaml.v2 also ignores indentation inside a flow
 * collection, so `group_by: [alertname,` continued on a line indented no deeper than `group_by`
 * loads, where the `yaml` package, following YAML 1.2, ends the collection there. Such a text is
 * parsed again with the collection's lines indented further; inside a flow collection that
 * changes no value, since line breaks and the spaces around them fold alike.
 */
export function parseYamlV2(source: string, options: YamlV2ParseOptions = {}): ParsedYaml {
  const original = parseOnce(source, new Map(), options);
  let parsed = original;
  for (let retry = 0; retry < MAX_RETRIES; retry++) {
    const broken = flowBreak(parsed);
    if (broken === undefined) return parsed;
    const run = indentFlowRun(parsed.text, broken, parsed.pads);
    if (run === undefined) break;
    const next = parseOnce(run.text, run.pads, options);
    const error = next.doc?.errors[0];
    // Still failing within the lines indented: the collection was left open, not continued.
    if (error !== undefined && next.lineCounter.linePos(error.pos[0]).line <= run.lastLine) break;
    parsed = next;
  }
  // A collection left open: the error where it first ended says so best.
  return flowBreak(parsed) === undefined ? parsed : original;
}

/** The `yaml` package's message when it ends a flow collection for want of indentation. */
export const FLOW_ENDED = /^Flow (sequence|map) in block collection/;

/** Where the `yaml` package ended a flow collection for want of indentation, if it did. */
function flowBreak(parsed: ParsedYaml): number | undefined {
  const error = parsed.doc?.errors.find((e) => e.code === 'BAD_INDENT' && FLOW_ENDED.test(e.message));
  return error?.pos[0];
}

function parseOnce(text: string, pads: ReadonlyMap<number, number>, options: YamlV2ParseOptions): Attempt {
  const lineCounter = sourceColumns(new LineCounter(), pads);
  const uniqueKeys = options.uniqueKeys ?? false;
  const docs = parseAllDocuments(text, { lineCounter, schema: 'failsafe', uniqueKeys, merge: false, strict: false });
  return { doc: Array.isArray(docs) ? docs[0] : undefined, lineCounter, text, pads };
}

/** Makes `counter` give columns of the source: a line's added spaces (by 1-based line) are taken off. */
function sourceColumns(counter: LineCounter, pads: ReadonlyMap<number, number>): LineCounter {
  if (pads.size === 0) return counter;
  const linePos = counter.linePos;
  counter.linePos = (offset) => {
    const pos = linePos(offset);
    const pad = pads.get(pos.line) ?? 0;
    return pad === 0 ? pos : { line: pos.line, col: Math.max(1, pos.col - pad) };
  };
  return counter;
}

/**
 * Indents the lines of a flow collection that the `yaml` package ended at `offset`: from the
 * first line with content from there on through the next one holding a `]` or `}` (its end, or
 * a nested collection's: a later retry goes on from there), to one column deeper than any line
 * before them, which is always deep enough. Lines past that bracket keep their place in the
 * block structure. Undefined when nothing follows to indent (the collection is left open), a
 * document marker follows, or the line was indented before (no progress). `pads` holds each
 * line's added spaces by its 1-based number; `lastLine` is the last line indented.
 */
function indentFlowRun(
  text: string,
  offset: number,
  pads: ReadonlyMap<number, number>,
): { text: string; pads: Map<number, number>; lastLine: number } | undefined {
  const lines = text.split('\n');
  let start = 0;
  let first = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (start + indentOf(line) >= offset && isContent(line)) {
      first = i;
      break;
    }
    start += line.length + 1;
  }
  if (first < 0 || pads.has(first + 1) || DOCUMENT_MARKER.test(lines[first] as string)) return undefined;
  let depth = 0;
  for (let i = 0; i < first; i++) if (isContent(lines[i] as string)) depth = Math.max(depth, indentOf(lines[i] as string));
  const target = depth + 1;
  const added = new Map(pads);
  let last = first;
  for (let i = first; i < lines.length && !(i > first && DOCUMENT_MARKER.test(lines[i] as string)); i++) {
    const line = lines[i] as string;
    const indent = indentOf(line);
    if (line.trim() !== '' && indent < target) {
      lines[i] = ' '.repeat(target - indent) + line;
      added.set(i + 1, (added.get(i + 1) ?? 0) + target - indent);
    }
    last = i;
    if (/[\]}]/.test(line)) break;
  }
  return { text: lines.join('\n'), pads: added, lastLine: last + 1 };
}

/** A line that starts with a document marker, `---` or `...`, followed by a blank or the end. */
export const DOCUMENT_MARKER = /^(---|\.\.\.)(\s|$)/;

function isContent(line: string): boolean {
  const trimmed = line.trim();
  return trimmed !== '' && !trimmed.startsWith('#');
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
