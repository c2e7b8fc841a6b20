/**
 * Test support for the chat integrations: a local HTTP server that records requests and answers
 * from a queue, the fixture alerts and config of `scripts/capture-chat-fixtures.mjs`, and the
 * real default templates.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Alert } from '../../alerts/alert.ts';
import { parseConfig } from '../../config/load.ts';
import type { ReceiverConfig } from '../../config/types.ts';
import { HttpClientCache } from '../../http-client/http-client-cache.ts';
import { loadTemplates } from '../../template/alertmanager-templates.ts';
import type { NotifyLogger } from '../logger.ts';
import { ReceiverDataStore } from '../nflog/receiver-data.ts';
import type { NotificationContext } from '../notifier.ts';
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
}

/** A request as the capture script stores it. */
export interface Fixture {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Records every request; answers from `answers` (first in, first out), then with `fallback`. */
export class CaptureServer {
  readonly requests: CapturedRequest[] = [];
  readonly answers: Answer[] = [];
  fallback: Answer = { status: 200 };
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<CaptureServer> {
    const server = createServer();
    const capture = new CaptureServer(server);
    server.on('request', (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        capture.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
        const answer = capture.answers.shift() ?? capture.fallback;
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return capture;
  }

  get base(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.requests.length = 0;
    this.answers.length = 0;
    this.fallback = { status: 200 };
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

/** The receiver `chat` of a fixture directory's `am-0.25-config.yml`, or of `yaml`. */
export async function fixtureReceiver(name: string, base: string, yaml?: string): Promise<ReceiverConfig> {
  const text = yaml ?? (await readFile(new URL(`../../../test/fixtures/integrations/${name}/am-0.25-config.yml`, import.meta.url), 'utf8'));
  const config = parseConfig(text.replaceAll('@BASE@', base), { filename: 'alertmanager.yml' });
  const receiver = config.receivers?.find((r) => r.name === 'chat');
  if (receiver === undefined) throw new Error('no receiver chat');
  return receiver;
}

/** A receiver `chat` routed to by a minimal config around `receiverYaml` (indented 4 spaces). */
export function receiverYaml(receiverYaml: string): string {
  return `route:\n  receiver: chat\nreceivers:\n  - name: chat\n${receiverYaml}`;
}

export async function readFixture(name: string, scenario: string): Promise<Fixture> {
  const text = await readFile(new URL(`../../../test/fixtures/integrations/${name}/${scenario}.json`, import.meta.url), 'utf8');
  return JSON.parse(text) as Fixture;
}

/** Deps with the real default templates and the external URL of the captures. */
export function testDeps(): IntegrationDeps & { readonly http: HttpClientCache } {
  return {
    http: new HttpClientCache(),
    templates: alertmanagerTemplates(loadTemplates([])),
    externalURL: 'http://am.example:9093',
    userAgent: 'Tocsin/test',
  };
}

/** A logger keeping warnings, for truncation assertions. */
export function recordingLogger(): NotifyLogger & { readonly warnings: string[] } {
  const warnings: string[] = [];
  const none = (): void => undefined;
  return { warnings, debug: none, info: none, error: none, warn: (_f, message) => warnings.push(message) };
}

/** The flush of the captures: receiver `chat`, group `alertname=A1`, shortly after the alerts. */
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
