import { RE2JS } from 're2js';
import { formatDuration, parseDuration } from '../../common/duration.ts';
import { goQuote } from '../../labels/go-quote.ts';
import { formatGoDuration, parseGoDuration } from '../go-duration.ts';
import { formatGoUrl, parseGoUrl, parseHttpUrl } from '../go-url.ts';
import { SECRET_TOKEN, Secret } from '../secret.ts';
import type { Emit, Kind, TextKind } from './kinds.ts';

const str = (v: string): Emit => ({ e: 'str', v });

/** Go `commoncfg.Secret` (a string printed as `<secret>`); the empty string is unset. */
export const secret: TextKind = {
  t: 'text',
  inner: 'config.plain',
  parse: (text) => (text === '' ? undefined : new Secret(text)),
  marshal: (v) => (v instanceof Secret && v.reveal() !== '' ? str(SECRET_TOKEN) : { e: 'null' }),
  isZero: (v) => !(v instanceof Secret) || v.reveal() === '',
};

/**
 * Go `*commoncfg.Secret` (Rocket.Chat tokens): unlike `Secret`, an empty string still counts as set.
 * Absent is `undefined`; present-but-empty is an empty Secret.
 */
export const secretPtr: TextKind = {
  ...secret,
  parse: (text) => new Secret(text),
  marshal: (v) => (v instanceof Secret && v.reveal() !== '' ? str(SECRET_TOKEN) : str('')),
  isZero: (v) => v === undefined,
};

/** Alertmanager `config/common.URL`: http(s) with a host. */
export const url: TextKind = {
  t: 'text',
  inner: 'string',
  parse: (text) => formatGoUrl(parseHttpUrl(text)),
  marshal: (v) => (typeof v === 'string' ? str(v) : { e: 'null' }),
  isZero: (v) => v === undefined,
};

/** Alertmanager `SecretURL`: a URL printed as `<secret>`; `<secret>` itself reads back as set. */
export const secretUrl: TextKind = {
  t: 'text',
  inner: 'string',
  parse: (text) => (text === SECRET_TOKEN ? new Secret('') : new Secret(formatGoUrl(parseHttpUrl(text)))),
  marshal: (v) => (v instanceof Secret ? str(SECRET_TOKEN) : { e: 'null' }),
  isZero: (v) => v === undefined,
};

/** Alertmanager `SecretTemplateURL` (webhook url): templated values skip URL checks. */
export const secretTemplateUrl: TextKind = {
  t: 'text',
  inner: 'config.plain',
  parse: (text) => {
    if (text === '' || text === SECRET_TOKEN) return text === '' ? undefined : new Secret('');
    if (text.includes('{{')) {
      if (!balancedActions(text)) throw new Error('invalid template syntax: template: :1: unclosed action');
      return new Secret(text);
    }
    try {
      return new Secret(formatGoUrl(parseHttpUrl(text)));
    } catch (err) {
      throw new Error(`invalid URL: ${(err as Error).message}`, { cause: err });
    }
  },
  marshal: secret.marshal,
  isZero: (v) => v === undefined,
};

// The template engine is not consulted at load time; an unclosed `{{` is the common mistake.
function balancedActions(text: string): boolean {
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('{{', i)) {
      if (open > 0) return false;
      open++;
      i++;
    } else if (text.startsWith('}}', i) && open > 0) {
      open--;
      i++;
    }
  }
  return open === 0;
}

/** prometheus/common `config.URL` (proxy_url): any URL Go can parse; printed with the password hidden. */
export const anyUrl: TextKind = {
  t: 'text',
  inner: 'string',
  parse: (text) => formatGoUrl(parseGoUrl(text)),
  marshal: (v) => (typeof v === 'string' ? str(redactPassword(v)) : { e: 'null' }),
  isZero: (v) => v === undefined,
};

function redactPassword(u: string): string {
  return u.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*:)[^/@]*@/i, '$1xxxxx@');
}

/** Prometheus `model.Duration`. */
export const modelDuration: TextKind = {
  t: 'text',
  inner: 'string',
  parse: (text) => parseModelDuration(text),
  marshal: (v) => str(formatDuration(v as number)),
  isZero: (v) => v === 0,
  zero: 0,
};

/** `model.ParseDuration`'s messages (prometheus/common 0.70). */
function parseModelDuration(text: string): number {
  if (text === '') throw new Error('empty duration string');
  try {
    return parseDuration(text);
  } catch (err) {
    const reason = (err as Error).message;
    const unknownUnit = /unknown unit ("(?:[^"\\]|\\.)*")/.exec(reason);
    if (unknownUnit) throw new Error(`unknown unit ${unknownUnit[1]} in duration ${goQuote(text)}`, { cause: err });
    if (reason.endsWith('duration out of range')) throw new Error('duration out of range', { cause: err });
    throw new Error(`not a valid duration string: ${goQuote(text)}`, { cause: err });
  }
}

/** Pushover's `duration` (a Go TextUnmarshaler over `time.ParseDuration`). */
export const textGoDuration: TextKind = {
  t: 'text',
  inner: 'config.duration',
  parse: (text) => parseGoDuration(text),
  marshal: (v) => str(formatGoDuration(v as number)),
  isZero: (v) => v === 0,
  zero: 0,
};

/** Alertmanager `HostPort` (smarthost): `host:port` with a port, '' when unset. */
export const hostPort: TextKind = {
  t: 'text',
  inner: 'string',
  parse: (text) => {
    if (text === '') return '';
    const { host, port } = splitHostPort(text);
    if (port === '') throw new Error(`address ${goQuote(text)}: port cannot be empty`);
    return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  },
  marshal: (v) => str(v as string),
  isZero: (v) => v === '',
  zero: '',
};

/** Go's `net.SplitHostPort`, with its error texts. */
function splitHostPort(hostport: string): { host: string; port: string } {
  const fail = (why: string): never => {
    throw new Error(`address ${hostport}: ${why}`);
  };
  const i = hostport.lastIndexOf(':');
  if (i < 0) fail('missing port in address');
  let host: string;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0) fail("missing ']' in address");
    if (end + 1 === hostport.length) fail('missing port in address');
    if (end + 1 !== i) fail(hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address');
    host = hostport.slice(1, end);
    if (hostport.slice(end + 1).includes('[') || hostport.slice(end + 1).includes(']')) fail("unexpected ']' in address");
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) fail('too many colons in address');
    if (host.includes('[')) fail("unexpected '[' in address");
    if (host.includes(']')) fail("unexpected ']' in address");
  }
  if (hostport.slice(i + 1).includes('[') || hostport.slice(i + 1).includes(']')) fail("unexpected '[' in address");
  return { host, port: hostport.slice(i + 1) };
}

/** prometheus/common `TLSVersion`. */
export const tlsVersion: TextKind = {
  t: 'text',
  inner: 'string',
  parse: (text) => {
    if (!['TLS10', 'TLS11', 'TLS12', 'TLS13'].includes(text)) throw new Error(`unknown TLS version: ${text}`);
    return text;
  },
  marshal: (v) => str(v as string),
  isZero: (v) => v === undefined,
};

/** Alertmanager `config/common.Regexp`: RE2, anchored; kept as written. */
export const regexp: TextKind = {
  t: 'text',
  inner: 'string',
  parse: (text) => {
    compileAnchored(text);
    return text;
  },
  marshal: (v) => (v === '' ? { e: 'null' } : str(v as string)),
  isZero: (v) => v === undefined,
};

/** Compiles `^(?:re)$` as Alertmanager does; throws Go's `error parsing regexp: …`. */
export function compileAnchored(re: string): RE2JS {
  try {
    return RE2JS.compile(`^(?:${re})$`);
  } catch (err) {
    throw new Error(goRegexpMessage((err as Error).message), { cause: err });
  }
}

function goRegexpMessage(message: string): string {
  return message.startsWith('error parsing regexp: ') ? message : `error parsing regexp: ${message}`;
}

export const secretList: Kind = { t: 'list', elem: secret, go: '[]config.Secret' };
