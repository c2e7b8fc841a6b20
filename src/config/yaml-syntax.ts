import type { LineCounter, YAMLError } from 'yaml';
import { ConfigError } from './errors.ts';
import { flowCollectionError, flowStartAround } from './yaml-v2-flow.ts';
import { FLOW_ENDED } from './yaml-v2-parse.ts';

/**
 * Turns a `yaml` package syntax error into yaml.v2's wording (`yaml: line N: …`). yaml.v2 numbers
 * scanner errors from 1 but parser errors from 0, and omits the line when that number is 0.
 */
export function yamlSyntaxError(err: YAMLError, source: string, file: string, lc: LineCounter): ConfigError {
  // Inside a flow collection yaml.v2 ignores indentation, so its first error there, and its
  // wording, come from reading the collection as it does.
  const flow = err.code === 'DUPLICATE_KEY' ? undefined : flowError(source, err.pos[0], file, lc);
  if (flow !== undefined) return flow;
  let offset = err.pos[0];
  if (err.code === 'BLOCK_AS_IMPLICIT_KEY' && err.message.startsWith('Nested mappings')) {
    // yaml.v2's scanner stops at the offending `:`, which may sit lines below the key it belongs to.
    const colon = /:(?=[ \t\r\n]|$)/g;
    colon.lastIndex = offset;
    offset = colon.exec(source)?.index ?? offset;
  }
  const { line, col } = lc.linePos(offset);
  const first = err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? err.message;
  let text = first;
  let parserError = false;
  switch (err.code) {
    case 'TAB_AS_INDENT':
    case 'BAD_SCALAR_START':
      text = 'found character that cannot start any token';
      break;
    case 'BLOCK_AS_IMPLICIT_KEY':
      if (first.startsWith('Nested mappings')) text = 'mapping values are not allowed in this context';
      else {
        text = 'did not find expected key';
        parserError = true;
      }
      break;
    case 'BAD_INDENT':
      if (FLOW_ENDED.test(first) && expectsNode(source, offset)) return nodeContentError(source, offset, file, lc);
      if (first.startsWith('Flow sequence')) text = "did not find expected ',' or ']'";
      else if (first.startsWith('Flow map')) text = "did not find expected ',' or '}'";
      else text = 'did not find expected key';
      parserError = true;
      break;
    case 'MULTILINE_IMPLICIT_KEY':
      if (/^["']/.test(source.slice(offset))) {
        // An unterminated quoted key: yaml.v2 reads on to the end of the stream.
        return syntaxError('found unexpected end of stream', lc.linePos(source.length).line, file, line, col);
      }
      text = 'did not find expected key';
      parserError = true;
      break;
    case 'BLOCK_IN_FLOW':
      if (expectsNode(source, offset)) return nodeContentError(source, offset, file, lc);
      break;
    case 'UNEXPECTED_TOKEN':
      if (/^Unexpected , in flow/.test(first)) return nodeContentError(source, offset, file, lc);
      if (first.startsWith('Unexpected block-seq-ind on same line with key')) {
        text = 'block sequence entries are not allowed in this context';
        break;
      }
      text = inSequence(source, line, col) ? "did not find expected '-' indicator" : 'did not find expected key';
      parserError = true;
      break;
    case 'MISSING_CHAR':
      if (/closing "?quote|quote/.test(first)) text = 'found unexpected end of stream';
      break;
  }
  // Scanner errors print the 1-based line, parser errors the 0-based one; line 0 is never printed.
  return syntaxError(text, parserError ? line - 1 : line > 1 ? line : 0, file, line, col);
}

/**
 * yaml.v2's parser error for a flow collection whose next entry or value is missing (after `[`,
 * `{`, `,` or `:`), reported at the token found in its place: the next one after `offset`, or
 * the end of the stream.
 */
function nodeContentError(source: string, offset: number, file: string, lc: LineCounter): ConfigError {
  const at = nextToken(source, offset);
  const { line, col } = lc.linePos(at);
  return syntaxError('did not find expected node content', line - 1, file, line, col);
}

/**
 * yaml.v2's error for the flow collection around `offset`, read as yaml.v2 reads it (on through
 * the block content after it, when it is left open); undefined where the reading meets what
 * `flowCollectionError` does not model.
 */
function flowError(source: string, offset: number, file: string, lc: LineCounter): ConfigError | undefined {
  const start = flowStartAround(source, offset);
  const found = start === undefined ? undefined : flowCollectionError(source, start);
  if (found === undefined) return undefined;
  const { line, col } = textPos(source, found.offset, lc);
  return syntaxError(found.message, found.scanner ? (line > 1 ? line : 0) : line - 1, file, line, col);
}

/**
 * Line and column of `offset`: the line counted in the text, since the `yaml` package's line
 * counter misses lines it read inside a token it could not finish; the column from the counter
 * (which maps re-indented lines back to the source) where it agrees on the line.
 */
function textPos(text: string, offset: number, lc: LineCounter): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const counted = lc.linePos(offset);
  return counted.line === line ? counted : { line, col: offset - before.lastIndexOf('\n') };
}

/** Whether the last character before `offset` that is neither space nor comment opens an entry or a value. */
function expectsNode(source: string, offset: number): boolean {
  const lines = source.slice(0, offset).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const code = withoutComment(lines[i] as string).trimEnd();
    if (code !== '') return /[[{,:]$/.test(code);
  }
  return false;
}

/** Where the first character from `offset` on that is neither space nor comment stands, or the text's end. */
function nextToken(source: string, offset: number): number {
  let start = offset;
  for (const line of source.slice(offset).split('\n')) {
    const code = withoutComment(line);
    const lead = code.length - code.trimStart().length;
    if (code.trim() !== '') return start + lead;
    start += line.length + 1;
  }
  return source.length;
}

/** A line up to its comment: a `#` at its start or after a space, outside quotes. */
function withoutComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote === '"' && ch === '\\') i++;
    else if (quote !== '' && ch === quote) quote = '';
    else if (quote === '' && (ch === '"' || ch === "'")) quote = ch;
    else if (quote === '' && ch === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) return line.slice(0, i);
  }
  return line;
}

function syntaxError(text: string, shownLine: number, file: string, line: number, column: number): ConfigError {
  const where = shownLine > 0 ? `line ${shownLine}: ` : '';
  return new ConfigError(`yaml: ${where}${text}`, { file, line, column, key: '' });
}

/** Whether the nearest earlier line starting at the same column is a block sequence entry. */
function inSequence(source: string, line: number, col: number): boolean {
  const lines = source.split('\n');
  for (let i = line - 2; i >= 0; i--) {
    const text = lines[i] ?? '';
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    const indent = text.length - text.trimStart().length;
    if (indent < col - 1) return false;
    if (indent === col - 1) return text.trimStart().startsWith('-');
  }
  return false;
}
