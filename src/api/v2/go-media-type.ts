/**
 * Media types as Alertmanager's API reads them: Go's `mime.ParseMediaType` for `Content-Type`
 * and for each `Accept` entry, and go-openapi's (v0.33) negotiation of the answer's type, which
 * answers 406 when no entry accepts `application/json`.
 */

import { parseGoFloatStrict } from '../../template/func-args.ts';

const TSPECIALS = new Set('()<>@,;:\\"/[]?=');
const SPACE = /^\s+/u;

export type GoMediaType = { readonly type: string; readonly params: ReadonlyMap<string, string> } | { readonly error: string };

function isTokenChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return code > 0x20 && code < 0x7f && !TSPECIALS.has(c);
}

function consumeToken(v: string): [string, string] {
  let i = 0;
  while (i < v.length && isTokenChar(v[i] as string)) i++;
  return [v.slice(0, i), v.slice(i)];
}

function trimLeft(v: string): string {
  return v.replace(SPACE, '');
}

/** A quoted string (`\` escaping a tspecial, as Go reads it) or a token; [value, rest], or ['', v]. */
function consumeValue(v: string): [string, string] {
  if (v === '') return ['', ''];
  if (v[0] !== '"') return consumeToken(v);
  let value = '';
  for (let i = 1; i < v.length; i++) {
    const c = v[i] as string;
    if (c === '"') return [value, v.slice(i + 1)];
    if (c === '\\' && i + 1 < v.length && TSPECIALS.has(v[i + 1] as string)) {
      value += v[++i];
      continue;
    }
    if (c === '\r' || c === '\n') return ['', v];
    value += c;
  }
  return ['', v];
}

/** One `; name=value`, the name lower-cased; ['', '', v] when there is none to read. */
function consumeParam(v: string): [string, string, string] {
  const start = trimLeft(v);
  if (!start.startsWith(';')) return ['', '', v];
  const [name, afterName] = consumeToken(trimLeft(start.slice(1)));
  if (name === '') return ['', '', v];
  let rest = trimLeft(afterName);
  if (!rest.startsWith('=')) return ['', '', v];
  rest = trimLeft(rest.slice(1));
  const [value, after] = consumeValue(rest);
  if (value === '' && after === rest) return ['', '', v];
  return [name.toLowerCase(), value, after];
}

function checkType(type: string): string | undefined {
  const [first, rest] = consumeToken(type);
  if (first === '') return 'mime: no media type';
  if (rest === '') return undefined;
  if (!rest.startsWith('/')) return 'mime: expected slash after first token';
  const [sub, after] = consumeToken(rest.slice(1));
  if (sub === '') return 'mime: expected token after slash';
  return after === '' ? undefined : 'mime: unexpected content after media subtype';
}

/**
 * Go's `mime.ParseMediaType`: the lower-cased type and the parameters, or Go's error. Parameters
 * of RFC 2231 (`name*`, `name*0`) are kept apart, as Go keeps them, and left undecoded: only their
 * syntax decides whether the value parses.
 */
export function parseGoMediaType(value: string): GoMediaType {
  const semicolon = value.indexOf(';');
  const base = semicolon < 0 ? value : value.slice(0, semicolon);
  const type = base.toLowerCase().trim();
  const typeError = checkType(type);
  if (typeError !== undefined) return { error: typeError };
  const params = new Map<string, string>();
  const extended = new Map<string, string>();
  let v = value.slice(base.length);
  while (v.length > 0) {
    v = trimLeft(v);
    if (v === '') break;
    const [name, paramValue, rest] = consumeParam(v);
    if (name === '') {
      if (rest.trim() === ';') break;
      return { error: 'mime: invalid media parameter' };
    }
    const into = name.includes('*') ? extended : params;
    const held = into.get(name);
    // Go releases after 1.19 accept a repeated parameter whose values agree, as Alertmanager 0.34 does.
    if (held !== undefined && held !== paramValue) return { error: 'mime: duplicate parameter name' };
    into.set(name, paramValue);
    v = rest;
  }
  return { type, params };
}

/** An entry's weight as go-openapi reads `q`: what `strconv.ParseFloat` reads, clamped to [0, 1]; else 1. */
function weightOf(params: ReadonlyMap<string, string>): number {
  const q = params.get('q');
  if (q === undefined) return 1;
  let value: number;
  try {
    value = parseGoFloatStrict(q);
  } catch {
    return 1;
  }
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

/** The `Accept` entries split on commas outside quotes, as go-openapi splits them. */
function acceptEntries(accept: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  let escaped = false;
  for (let i = 0; i < accept.length; i++) {
    const c = accept[i];
    if (escaped) escaped = false;
    else if (quoted && c === '\\') escaped = true;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(accept.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(accept.slice(start).trim());
  return out.filter((entry) => entry !== '');
}

/**
 * Whether a request with this `Accept` header (Node joins repeated ones with ", ") may be
 * answered in `application/json`: with no header, yes; otherwise some entry that parses, weighs
 * more than 0 and names `application/json`, `application/*` or a type of `*`. A present header
 * with no such entry, even an empty one, is answered 406 by Alertmanager 0.34.
 */
export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined) return true;
  for (const entry of acceptEntries(accept)) {
    const parsed = parseGoMediaType(entry);
    if ('error' in parsed) continue;
    const slash = parsed.type.indexOf('/');
    if (slash <= 0 || slash === parsed.type.length - 1) continue;
    const [type, subtype] = [parsed.type.slice(0, slash), parsed.type.slice(slash + 1)];
    // go-openapi matches any subtype once either type is `*`.
    const matches = type === '*' || (type === 'application' && (subtype === '*' || subtype === 'json'));
    if (matches && weightOf(parsed.params) !== 0) return true;
  }
  return false;
}
