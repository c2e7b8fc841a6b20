/**
 * Test support for the integrations: a local HTTP server that records requests and answers them,
 * the fixtures recorded from Alertmanager 0.25 by `scripts/capture-*-fixtures.mjs` (single
 * requests of the chat captures, whole scenarios of the ops captures), the fixture alerts,
 * contexts and deps with the real default templates, and the shared status-classification check.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach } from 'node:test';
import type { Alert } from '../../alerts/alert.ts';
import { GO_ZERO_TIME_MS } from '../../alerts/timestamps.ts';
import { parseConfig } from '../../config/load.ts';
import type { ReceiverConfig } from '../../config/types.ts';
import { HttpClientCache } from '../../http-client/http-client-cache.ts';
import { fingerprint } from '../../labels/label-set.ts';
import { loadTemplates } from '../../template/alertmanager-templates.ts';
import type { NotifyLogger } from '../logger.ts';
import { ReceiverDataStore } from '../nflog/receiver-data.ts';
import { NotifyError } from '../notify-error.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { alertmanagerTemplates } from '../template-adapter.ts';
import { alert, flushContext } from '../test-fixtures.ts';
import type { IntegrationDeps } from './integration-deps.ts';

export interface CapturedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface Answer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly delayMs?: number;
}

export interface CaptureOptions {
  /** The answer once `answers` is empty; 200 with no body by default. */
  readonly fallback?: Answer;
  /** Records only these request headers (the ops fixtures hold four); all by default. */
  readonly recordHeaders?: readonly string[];
  /** Headers of every answer, under the answer's own. */
  readonly answerHeaders?: Readonly<Record<string, string>>;
}

/** The capture options of the ops fixtures: their recorded headers, JSON answers, `{}` by default. */
export const OPS_CAPTURE: CaptureOptions = {
  fallback: { status: 200, body: '{}' },
  recordHeaders: ['authorization', 'content-type', 'user-agent', 'accept-language'],
  answerHeaders: { 'content-type': 'application/json' },
};

/**
 * Records every request; answers with `answer`, by default from `answers` (first in, first out),
 * then with `fallback`.
 */
export class CaptureServer {
  readonly requests: CapturedRequest[] = [];
  readonly answers: Answer[] = [];
  fallback: Answer;
  answer: (req: CapturedRequest) => Answer;
  readonly #options: CaptureOptions;
  #server: Server | undefined;

  constructor(options: CaptureOptions = {}) {
    this.#options = options;
    this.fallback = options.fallback ?? { status: 200 };
    this.answer = this.#fromQueue;
  }

  /** A started server. */
  static async start(options: CaptureOptions = {}): Promise<CaptureServer> {
    const capture = new CaptureServer(options);
    await capture.start();
    return capture;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const captured = { method: req.method ?? '', path: req.url ?? '', headers: this.#recorded(req.headers), body };
        this.requests.push(captured);
        const a = this.answer(captured);
        setTimeout(() => {
          res.writeHead(a.status, { ...this.#options.answerHeaders, ...a.headers });
          res.end(a.body ?? '');
        }, a.delayMs ?? 0);
      });
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }

  get base(): string {
    const address = this.#server?.address() as AddressInfo | undefined;
    return address === undefined ? '' : `http://127.0.0.1:${address.port}`;
  }

  /** Forgets requests and queued answers; the fallback and answer function are the initial ones again. */
  reset(): void {
    this.requests.length = 0;
    this.answers.length = 0;
    this.fallback = this.#options.fallback ?? { status: 200 };
    this.answer = this.#fromQueue;
  }

  /** The last request received; fails the test when there is none. */
  last(): CapturedRequest {
    const r = this.requests.at(-1);
    assert.ok(r !== undefined, 'no request received');
    return r;
  }

  /** Takes (and clears) what was received so far. */
  take(): CapturedRequest[] {
    return this.requests.splice(0, this.requests.length);
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.#server?.close(resolve));
  }

  readonly #fromQueue = (): Answer => this.answers.shift() ?? this.fallback;

  #recorded(headers: IncomingHttpHeaders): IncomingHttpHeaders {
    const names = this.#options.recordHeaders;
    if (names === undefined) return headers;
    const out: Record<string, string> = {};
    for (const h of names) {
      const v = headers[h];
      if (typeof v === 'string') out[h] = v;
    }
    return out;
  }
}

/**
 * The capture server of a test file: started before its tests, reset before each, closed after
 * them together with the clients of `deps`.
 */
export function captureServerForTests(deps: { readonly http: HttpClientCache }, options: CaptureOptions = {}): CaptureServer {
  const server = new CaptureServer(options);
  before(() => server.start());
  beforeEach(() => server.reset());
  after(async () => {
    await deps.http.close();
    await server.close();
  });
  return server;
}

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'integrations');

function fixtureText(dir: string, file: string): string {
  return readFileSync(join(FIXTURES, dir, file), 'utf8');
}

/** A request as the chat capture script stores it. */
export interface RequestFixture {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Reads the captured request `test/fixtures/integrations/<name>/<scenario>.json`. */
export function readFixture(name: string, scenario: string): RequestFixture {
  return JSON.parse(fixtureText(name, `${scenario}.json`)) as RequestFixture;
}

/**
 * The receiver `chat` of a fixture directory's `am-0.25-config.yml`, or of `yaml`, with `@BASE@`
 * pointing at `base` and `@SMTP@` at `smtpPort`.
 */
export function fixtureReceiver(name: string, base: string, yaml?: string, smtpPort = '25'): ReceiverConfig {
  const text = (yaml ?? fixtureText(name, 'am-0.25-config.yml')).replaceAll('@BASE@', base).replaceAll('@SMTP@', smtpPort).replaceAll('@PROXY@', '1');
  const config = parseConfig(text, { filename: 'alertmanager.yml' });
  const receiver = config.receivers?.find((r) => r.name === 'chat');
  if (receiver === undefined) throw new Error('no receiver chat');
  return receiver;
}

/** A receiver `chat` routed to by a minimal config around `receiverYaml` (indented 4 spaces). */
export function receiverYaml(receiverYaml: string): string {
  return `route:\n  receiver: chat\nreceivers:\n  - name: chat\n${receiverYaml}`;
}

/** A request as the ops capture script stores it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** One ops scenario: the receiver, the alerts and the requests for them firing, then resolved. */
export interface ScenarioFixture {
  readonly externalURL: string;
  readonly groupKey: string;
  readonly receiver: string;
  readonly receiverYaml: string;
  readonly alerts: readonly { labels: Record<string, string>; annotations: Record<string, string>; generatorURL: string; startsAt: string }[];
  readonly resolvedAt: string;
  readonly firing: readonly RecordedRequest[];
  readonly resolved: readonly RecordedRequest[];
}

/** Reads the ops scenario `test/fixtures/integrations/<dir>/<name>.json`. */
export function loadFixture(dir: string, name: string): ScenarioFixture {
  return JSON.parse(fixtureText(dir, `${name}.json`)) as ScenarioFixture;
}

/** The scenario's receiver loaded through Tocsin's config loader, URLs pointing at `base`. */
export function scenarioReceiver(fixture: ScenarioFixture, base: string, extraYaml = ''): ReceiverConfig {
  const yaml = `${extraYaml}route:\n  receiver: rcv\nreceivers:\n  - name: rcv${fixture.receiverYaml.replaceAll('BASE', base)}\n`;
  const config = parseConfig(yaml, { filename: 'fixture.yml' });
  return config.receivers?.[0] as ReceiverConfig;
}

/** The scenario's alerts as the dispatcher hands them over: firing (endsAt unset) or resolved. */
export function fixtureAlerts(fixture: ScenarioFixture, resolved: boolean): Alert[] {
  return fixture.alerts.map((a) => ({
    fingerprint: fingerprint(a.labels),
    labels: a.labels,
    annotations: a.annotations,
    startsAt: Date.parse(a.startsAt),
    endsAt: resolved ? Date.parse(fixture.resolvedAt) : GO_ZERO_TIME_MS,
    generatorURL: a.generatorURL,
    updatedAt: Date.parse(a.startsAt),
    timeout: false,
  }));
}

/** A context for the scenario's group, one minute after it resolved. */
export function fixtureContext(fixture: ScenarioFixture, signal = new AbortController().signal): NotificationContext {
  const now = Date.parse(fixture.resolvedAt) + 60_000;
  return {
    flush: flushContext({ groupKey: fixture.groupKey, receiver: fixture.receiver, groupLabels: { alertname: 'A1' }, now }),
    reason: 'first notification',
    receiverData: new ReceiverDataStore(),
    signal,
  };
}

/** A scenario request with Alertmanager's User-Agent swapped for ours and the port filled in. */
export function expectedRequest(req: RecordedRequest, base: string): RecordedRequest {
  const port = base.replace('http://127.0.0.1:', '');
  return {
    ...req,
    headers: { ...req.headers, 'user-agent': 'Tocsin/test' },
    body: req.body.replaceAll('127.0.0.1:PORT', `127.0.0.1:${port}`),
  };
}

/** Deps with the real default templates, a fixed User-Agent and the external URL of the captures. */
export function testDeps(externalURL = 'http://am.example:9093'): IntegrationDeps & { readonly http: HttpClientCache } {
  return { http: new HttpClientCache(), templates: alertmanagerTemplates(loadTemplates([])), externalURL, userAgent: 'Tocsin/test' };
}

/** A logger keeping warnings, for truncation assertions. */
export function recordingLogger(): NotifyLogger & { readonly warnings: string[] } {
  const warnings: string[] = [];
  const none = (): void => undefined;
  return { warnings, debug: none, info: none, error: none, warn: (_f, message) => warnings.push(message) };
}

/** The flush of the chat captures: receiver `chat`, group `alertname=A1`, shortly after the alerts. */
export function chatContext(receiverData = new ReceiverDataStore()): NotificationContext {
  return {
    flush: flushContext({ receiver: 'chat', now: Date.parse('2026-11-21T00:30:30Z') }),
    reason: 'first notification',
    receiverData,
    signal: new AbortController().signal,
  };
}

/** The firing alert posted by the capture script. */
export const FIRING: Alert = alert(
  { alertname: 'A1', instance: 'i1', severity: 'warning' },
  {
    annotations: { summary: 's <b>&', description: 'line1\nline2 \u2028 é' },
    generatorURL: 'http://prom.example/graph?g0.expr=up&x=<1>',
    startsAt: Date.parse('2026-11-21T00:29:41.451Z'),
  },
);

/** The resolved alert posted by the capture script. */
export const RESOLVED: Alert = alert(
  { alertname: 'A1', instance: 'i2', severity: 'warning' },
  {
    annotations: { summary: 's <b>&' },
    startsAt: Date.parse('2026-11-21T00:29:40Z'),
    endsAt: Date.parse('2026-11-21T00:30:00.5Z'),
  },
);

// Alertmanager 0.34's `__text_alert_list_markdown` for one alert, derived by hand from default.tmpl.
const FIRING_MARKDOWN =
  '\nLabels:\n  - alertname = A1\n  - instance = i1\n  - severity = warning\n' +
  '\nAnnotations:\n  - description = line1\nline2 \u2028 é\n  - summary = s <b>&\n' +
  '\nSource: http://prom.example/graph?g0.expr=up&x=<1>\n';
const RESOLVED_MARKDOWN = '\nLabels:\n  - alertname = A1\n  - instance = i2\n  - severity = warning\n' + '\nAnnotations:\n  - summary = s <b>&\n' + '\nSource: \n';

/**
 * `msteams.default.text` (also msteamsv2's, mattermost's and jira's description) of
 * Alertmanager 0.34 for [FIRING, RESOLVED], derived by hand from default.tmpl.
 */
export const MARKDOWN_TEXT_BOTH = `\n\n# Alerts Firing:\n${FIRING_MARKDOWN}\n\n\n\n# Alerts Resolved:\n${RESOLVED_MARKDOWN}\n\n\n`;

/** `__subject` for [FIRING, RESOLVED] and for [RESOLVED] alone. */
export const SUBJECT_BOTH = '[FIRING:1] A1 (warning)';
export const SUBJECT_RESOLVED = '[RESOLVED] A1 (i2 warning)';

/** The `NotifyError` of sending [FIRING] in the chat context; fails the test when it succeeds. */
export async function notifyFailure(n: Notifier): Promise<NotifyError> {
  try {
    await n.notify(chatContext(), [FIRING]);
  } catch (error) {
    assert.ok(error instanceof NotifyError);
    return error;
  }
  assert.fail('expected a failure');
}

/** One answer and what sending [FIRING] must make of it: success, or a failure with these fields. */
export interface StatusCase {
  readonly answer: Answer;
  readonly failure?: Partial<Pick<NotifyError, 'retryable' | 'reason' | 'message' | 'statusCode'>>;
}

/** Queues every case's answer, sends once per case in order and checks each outcome. */
export async function assertStatusClassification(server: CaptureServer, n: Notifier, cases: readonly StatusCase[]): Promise<void> {
  server.answers.push(...cases.map((c) => c.answer));
  for (const c of cases) {
    if (c.failure === undefined) {
      await n.notify(chatContext(), [FIRING]);
      continue;
    }
    const e = await notifyFailure(n);
    const got = Object.fromEntries(Object.keys(c.failure).map((k) => [k, e[k as keyof typeof c.failure]]));
    assert.deepEqual(got, c.failure, `answer ${c.answer.status}`);
  }
}

/**
 * Builds a notifier on a URL file in a fresh directory and sends [FIRING] twice, rewriting the file
 * in between (`contents`, each pointing at `/one` then `/two` of the server): both sends must go
 * where the file said at the time.
 */
export async function assertUrlFileReadOnEverySend(
  server: CaptureServer,
  create: (file: string) => Promise<Notifier>,
  contents: readonly [string, string] = [`${server.base}/one\n`, `${server.base}/two`],
): Promise<{ readonly notifier: Notifier; readonly dir: string; readonly file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tocsin-url-file-'));
  const file = join(dir, 'url');
  await writeFile(file, contents[0]);
  const notifier = await create(file);
  await notifier.notify(chatContext(), [FIRING]);
  await writeFile(file, contents[1]);
  await notifier.notify(chatContext(), [FIRING]);
  assert.deepEqual(
    server.requests.map((r) => r.path),
    ['/one', '/two'],
  );
  return { notifier, dir, file };
}
