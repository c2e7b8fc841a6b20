/**
 * Pieces of Alertmanager's `notify/util.go` the ops integrations (pagerduty, opsgenie, victorops,
 * webex, jira, incidentio) share: the group-key hash, rune/byte truncation, `*_file` secrets,
 * monadic template rendering and one HTTP request with Alertmanager's headers.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Dispatcher } from 'undici';
import type { Alert } from '../../alerts/alert.ts';
import { VERSION } from '../../common/version.ts';
import type { HttpClientConfig } from '../../config/types.ts';
import type { HttpClient, HttpResponse } from '../../http-client/http-client.ts';
import type { NotifyLogger } from '../logger.ts';
import { silentNotifyLogger } from '../logger.ts';
import { NotifyError } from '../notify-error.ts';
import type { NotificationContext } from '../notifier.ts';
import type { NotificationTemplates, TemplateInput } from '../templates.ts';
import { goJsonString } from '../../template/go-json.ts';
import { compareGoStrings } from '../../labels/go-string.ts';
import type { IntegrationDeps } from './integration-deps.ts';

/** What the ops notifiers get besides their config: the lead's deps plus an optional logger. */
export interface OpsDeps extends IntegrationDeps {
  /** Receives Alertmanager's truncation warnings; silent by default. */
  readonly logger?: NotifyLogger;
}

/** The resolved dependencies one notifier keeps. */
export interface OpsRuntime {
  readonly http: HttpClient;
  readonly templates: NotificationTemplates;
  readonly externalURL: string;
  readonly userAgent: string;
  readonly logger: NotifyLogger;
}

/** Picks the HTTP client of `httpConfig` and fills the defaults of `deps`. */
export function opsRuntime(deps: OpsDeps, httpConfig: HttpClientConfig | undefined): OpsRuntime {
  return {
    http: deps.http.get(httpConfig),
    templates: deps.templates,
    externalURL: deps.externalURL,
    userAgent: deps.userAgent ?? `Tocsin/${VERSION}`,
    logger: deps.logger ?? silentNotifyLogger,
  };
}

/** `notify.Key.Hash`: the lower-case hex sha256 of the group key, the services' dedup key. */
export function groupKeyHash(groupKey: string): string {
  return createHash('sha256').update(groupKey, 'utf8').digest('hex');
}

const MARKER = '…';

/** `notify.TruncateInRunes`: at most `n` code points, the last one replaced by "…" when cut. */
export function truncateInRunes(s: string, n: number): [string, boolean] {
  const runes = [...s];
  if (runes.length <= n) return [s, false];
  if (n <= 3) return [runes.slice(0, n).join(''), true];
  return [runes.slice(0, n - 1).join('') + MARKER, true];
}

/** `notify.TruncateInBytes`: at most `n` UTF-8 bytes including the 3-byte "…", whole runes only. */
export function truncateInBytes(s: string, n: number): [string, boolean] {
  if (Buffer.byteLength(s, 'utf8') <= n) return [s, false];
  if (n <= 3) return [n === 3 ? MARKER : '.'.repeat(n), true];
  const target = n - 3;
  let out = '';
  let size = 0;
  for (const r of s) {
    const len = Buffer.byteLength(r, 'utf8');
    if (size + len > target) break;
    out += r;
    size += len;
  }
  return [out + MARKER, true];
}

/**
 * Reads a `*_file` secret at send time, trimmed unless `trim` is false. A failure is a
 * non-retryable `<errorPrefix>: <reason>`, never showing the content.
 */
export async function readSecretFile(path: string, errorPrefix: string, trim = true): Promise<string> {
  try {
    const content = await readFile(path, 'utf8');
    return trim ? content.trim() : content;
  } catch (error) {
    throw new NotifyError(`${errorPrefix}: ${(error as Error).message}`, { retryable: false, cause: error });
  }
}

/** The template input of one notification. */
export function templateInputOf(ctx: NotificationContext, alerts: readonly Alert[], externalURL: string): TemplateInput {
  const { flush } = ctx;
  return {
    receiver: flush.receiver,
    groupLabels: flush.groupLabels,
    routeLabels: flush.routeLabels,
    reason: ctx.reason,
    externalURL,
    now: flush.now,
    alerts,
  };
}

/**
 * `notify.TmplText`: renders strings until the first template error, then returns "" for the rest;
 * `error` holds that first error for the caller to check once, as Go's integrations do.
 */
export class TextRenderer {
  error: Error | undefined;
  readonly #templates: NotificationTemplates;
  readonly #input: TemplateInput;

  constructor(templates: NotificationTemplates, input: TemplateInput) {
    this.#templates = templates;
    this.#input = input;
  }

  readonly render = (text: string): string => {
    if (this.error !== undefined || text === '') return '';
    try {
      return this.#templates.executeText(text, this.#input);
    } catch (error) {
      this.error = error instanceof Error ? error : new Error(String(error));
      return '';
    }
  };

  /** Throws a non-retryable `NotifyError` `<prefix>: <template error>` if rendering failed. */
  check(prefix: string): void {
    if (this.error !== undefined) throw new NotifyError(`${prefix}: ${this.error.message}`, { retryable: false, cause: this.error });
  }
}

export interface SendOptions {
  readonly method: Dispatcher.HttpMethod;
  /** Lower-case names; `user-agent` is always set. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal: AbortSignal;
  /** Bounds this attempt alone (the integration's `timeout`); 0 means none. */
  readonly timeoutMs?: number;
  readonly timeoutMessage?: string;
  /** Prefix of the network error message, e.g. `failed to post message to PagerDuty`. */
  readonly errorPrefix?: string;
}

/**
 * One request with Alertmanager's User-Agent. A failure to get any answer is a retryable
 * `NotifyError` whose message hides the URL (`notify.RedactURL`): some carry API keys.
 */
export async function sendRequest(http: HttpClient, userAgent: string, url: string, options: SendOptions): Promise<HttpResponse> {
  const timeoutMs = options.timeoutMs ?? 0;
  const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
  const signal = timeout === undefined ? options.signal : AbortSignal.any([options.signal, timeout]);
  try {
    return await http.request(url, {
      method: options.method,
      headers: { 'user-agent': userAgent, ...options.headers },
      ...(options.body === undefined ? {} : { body: options.body }),
      signal,
    });
  } catch (error) {
    const verb = options.method.charAt(0) + options.method.slice(1).toLowerCase();
    let message = `${verb} "<redacted>": ${(error as Error).message}`;
    if (options.errorPrefix !== undefined) message = `${options.errorPrefix}: ${message}`;
    if (timeout?.aborted === true && !options.signal.aborted && options.timeoutMessage !== undefined) {
      message += `: ${options.timeoutMessage}`;
    }
    throw new NotifyError(message, { retryable: true, reason: 'other', cause: error });
  }
}

/** The JSON content type every ops integration sends. */
export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json' };

const METRIC_UNITS = ['E', 'P', 'T', 'G', 'M', 'K', ''];

/** `units.MetricBytes(n).String()` of alecthomas/units: `512KB`, `600KB123B`. */
export function metricBytes(n: number): string {
  let rest = n;
  let out = '';
  METRIC_UNITS.forEach((unit, i) => {
    const div = 1000 ** (METRIC_UNITS.length - i - 1);
    if (rest >= div) {
      out += `${Math.floor(rest / div)}${unit}B`;
      rest %= div;
    }
  });
  return out;
}

/**
 * A Go struct as JSON: `[name, encoded value]` pairs in field order; an undefined value is an
 * `omitempty` field left out.
 */
export function goStruct(fields: readonly (readonly [string, string | undefined])[]): string {
  const parts: string[] = [];
  for (const [name, value] of fields) if (value !== undefined) parts.push(`${goJsonString(name)}:${value}`);
  return `{${parts.join(',')}}`;
}

/** An `omitempty` string field: undefined when empty. */
export function omitEmpty(s: string): string | undefined {
  return s === '' ? undefined : goJsonString(s);
}

/** A `map[string]string` as Go encodes it: keys in byte order, HTML-safe escaping. */
export function goStringMap(m: Readonly<Record<string, string>>): string {
  const keys = Object.keys(m).sort(compareGoStrings);
  return `{${keys.map((k) => `${goJsonString(k)}:${goJsonString(m[k] as string)}`).join(',')}}`;
}

/**
 * Go's `u.Path += path` on a parsed URL, then `q.Set(k, v)` for `query` and `q.Encode()` (keys
 * sorted) when given. Base URLs without a query or fragment are extended as written.
 */
export function joinUrl(base: string, path: string, query?: Readonly<Record<string, string>>): string {
  const cut = base.search(/[?#]/);
  const head = cut < 0 ? base : base.slice(0, cut);
  const rest = cut < 0 ? '' : base.slice(cut);
  const fragment = rest.includes('#') ? rest.slice(rest.indexOf('#')) : '';
  const rawQuery = rest.startsWith('?') ? rest.slice(1, fragment === '' ? undefined : rest.indexOf('#')) : '';
  if (query === undefined) return `${head}${path}${rawQuery === '' ? '' : `?${rawQuery}`}${fragment}`;
  const params = new URLSearchParams(rawQuery);
  for (const [k, v] of Object.entries(query)) params.set(k, v);
  params.sort();
  return `${head}${path}?${params.toString()}${fragment}`;
}
