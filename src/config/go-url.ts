import { Buffer } from 'node:buffer';
import { goQuote } from '../labels/go-quote.ts';

/**
 * The parts of Go's `net/url.Parse` that decide whether Alertmanager accepts a URL, with Go's error
 * texts (`parse "…": …`), and `config/common.ParseURL` on top (http/https only, host required).
 */
export interface GoUrl {
  scheme: string;
  opaque: string;
  userinfo: string | undefined;
  host: string;
  path: string;
  rawQuery: string;
  forceQuery: boolean;
  fragment: string | undefined;
}

export class GoUrlError extends Error {}

const HOST_ALLOWED = /[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/;

function fail(raw: string, reason: string): never {
  throw new GoUrlError(`parse ${goQuote(raw)}: ${reason}`);
}

/** Go's `net/url.Parse`. Throws GoUrlError with Go's message. */
export function parseGoUrl(raw: string): GoUrl {
  const hash = raw.indexOf('#');
  if (hash < 0) return parse(raw, undefined, false);
  const url = parse(raw.slice(0, hash), raw.slice(hash + 1), false);
  checkEscapes(raw, url.fragment as string);
  return url;
}

/**
 * Go's `net/url.ParseRequestURI`, which the API's `uri` format checks with: only an absolute URL
 * or an absolute path, and a `#` is part of it rather than a fragment.
 */
export function parseGoRequestUri(raw: string): GoUrl {
  if (raw === '') fail(raw, 'empty url');
  return parse(raw, undefined, true);
}

function parse(main: string, fragment: string | undefined, viaRequest: boolean): GoUrl {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(main)) fail(main, 'net/url: invalid control character in URL');
  const url: GoUrl = {
    scheme: '',
    opaque: '',
    userinfo: undefined,
    host: '',
    path: '',
    rawQuery: '',
    forceQuery: false,
    fragment,
  };
  if (main === '*') {
    url.path = '*';
    return url;
  }
  let rest = main;
  for (let i = 0; i < main.length; i++) {
    const c = main[i] as string;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ':') {
      if (i === 0) fail(main, 'missing protocol scheme');
      url.scheme = main.slice(0, i).toLowerCase();
      rest = main.slice(i + 1);
    }
    break;
  }
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      url.opaque = rest;
      return url;
    }
    if (viaRequest) fail(main, 'invalid URI for request');
    const slash = rest.indexOf('/');
    if ((slash < 0 ? rest : rest.slice(0, slash)).includes(':')) {
      fail(main, 'first path segment in URL cannot contain colon');
    }
  }
  if ((url.scheme !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    const authorityEnd = rest.indexOf('/', 2);
    const authority = authorityEnd < 0 ? rest.slice(2) : rest.slice(2, authorityEnd);
    rest = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
    const at = authority.lastIndexOf('@');
    // Go checks the host before the userinfo, so a bad host is the error reported.
    url.host = parseHost(main, at < 0 ? authority : authority.slice(at + 1));
    if (at >= 0) {
      url.userinfo = authority.slice(0, at);
      if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(url.userinfo)) fail(main, 'net/url: invalid userinfo');
      // The user name and the password are unescaped apart.
      const colon = url.userinfo.indexOf(':');
      checkEscapes(main, colon < 0 ? url.userinfo : url.userinfo.slice(0, colon));
      if (colon >= 0) checkEscapes(main, url.userinfo.slice(colon + 1));
    }
  }
  checkEscapes(main, rest);
  url.path = rest;
  return url;
}

function parseHost(raw: string, host: string): string {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) fail(raw, "missing ']' in host");
    const port = host.slice(close + 1);
    if (!validOptionalPort(port)) fail(raw, `invalid port ${goQuote(port)} after host`);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) {
      const port = host.slice(colon);
      if (!validOptionalPort(port)) fail(raw, `invalid port ${goQuote(port)} after host`);
    }
  }
  for (let i = 0; i < host.length; i++) {
    const c = host[i] as string;
    if (c === '%') {
      const escape = host.slice(i, i + 3);
      // In a host an escape may only stand for a non-ASCII byte, or be `%25` (RFC 6874 zones).
      if (!/^%[0-9A-Fa-f]{2}$/.test(escape) || (/^%[0-7]/.test(escape) && escape !== '%25')) failEscape(raw, host.slice(i));
      i += 2;
      continue;
    }
    if (c.charCodeAt(0) < 0x80 && !HOST_ALLOWED.test(c)) {
      fail(raw, `invalid character ${goQuote(c)} in host name`);
    }
  }
  return host;
}

function checkEscapes(raw: string, text: string): void {
  for (let i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
    if (!/^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) failEscape(raw, text.slice(i));
  }
}

// Go names a bad escape by its first three bytes, which may cut a character short.
function failEscape(raw: string, from: string): never {
  const bytes = Buffer.from(from.slice(0, 3), 'utf8').subarray(0, 3);
  let text = '';
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i] as number;
    const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (i + length > bytes.length) {
      for (; i < bytes.length; i++) text += `\\x${(bytes[i] as number).toString(16)}`;
      break;
    }
    const char = bytes.subarray(i, i + length).toString('utf8');
    text += goQuote(char).slice(1, -1);
    i += length;
  }
  fail(raw, `invalid URL escape "${text}"`);
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

/** Go's `url.URL.String()` for a URL produced by parseGoUrl. */
export function formatGoUrl(u: GoUrl): string {
  let s = '';
  if (u.scheme !== '') s += `${u.scheme}:`;
  if (u.opaque !== '') {
    s += u.opaque;
  } else {
    if (u.scheme !== '' || u.host !== '' || u.userinfo !== undefined) {
      if (u.host !== '' || u.path !== '' || u.userinfo !== undefined) s += '//';
      if (u.userinfo !== undefined) s += `${u.userinfo}@`;
      s += u.host;
    }
    if (u.path !== '' && !u.path.startsWith('/') && u.host !== '') s += '/';
    s += u.path;
  }
  if (u.forceQuery || u.rawQuery !== '') s += `?${u.rawQuery}`;
  if (u.fragment !== undefined && u.fragment !== '') s += `#${u.fragment}`;
  return s;
}

/** Alertmanager's `config/common.ParseURL`: Go parsing plus http/https and a non-empty host. */
export function parseHttpUrl(raw: string): GoUrl {
  const u = parseGoUrl(raw);
  if (u.scheme !== 'http' && u.scheme !== 'https') {
    throw new GoUrlError(`unsupported scheme ${goQuote(u.scheme)} for URL`);
  }
  if (u.host === '') throw new GoUrlError('missing host for URL');
  return u;
}
