/**
 * Test support for the ops integrations: a capturing HTTP server, the fixtures recorded from
 * Alertmanager 0.25 by `scripts/capture-ops-fixtures.mjs`, and notification contexts for them.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Alert } from '../../alerts/alert.ts';
import { GO_ZERO_TIME_MS } from '../../alerts/timestamps.ts';
import { parseConfig } from '../../config/load.ts';
import type { ReceiverConfig } from '../../config/types.ts';
import { HttpClientCache } from '../../http-client/http-client-cache.ts';
import { fingerprint } from '../../labels/label-set.ts';
import { loadTemplates } from '../../template/alertmanager-templates.ts';
import { ReceiverDataStore } from '../nflog/receiver-data.ts';
import type { NotificationContext } from '../notifier.ts';
import { alertmanagerTemplates } from '../template-adapter.ts';
import { flushContext } from '../test-fixtures.ts';
import type { OpsDeps } from './pagerduty-shared.ts';

export interface CapturedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** An answer of the capture server: status and body, optionally only for one path prefix. */
export interface Answer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly delayMs?: number;
}

/** A local server recording every request; answers come from `answer` (200 `{}` by default). */
export class CaptureServer {
  readonly requests: CapturedRequest[] = [];
  answer: (req: CapturedRequest) => Answer = () => ({ status: 200, body: '{}' });
  #server: Server | undefined;
  base = '';

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const headers: Record<string, string> = {};
        for (const h of ['authorization', 'content-type', 'user-agent', 'accept-language']) {
          const v = req.headers[h];
          if (typeof v === 'string') headers[h] = v;
        }
        const captured = { method: req.method ?? '', path: req.url ?? '', headers, body };
        this.requests.push(captured);
        const a = this.answer(captured);
        setTimeout(() => {
          res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
          res.end(a.body ?? '');
        }, a.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.#server?.close(resolve));
  }

  /** Takes (and clears) what was received so far. */
  take(): CapturedRequest[] {
    return this.requests.splice(0, this.requests.length);
  }
}

export interface Fixture {
  readonly externalURL: string;
  readonly groupKey: string;
  readonly receiver: string;
  readonly receiverYaml: string;
  readonly alerts: readonly { labels: Record<string, string>; annotations: Record<string, string>; generatorURL: string; startsAt: string }[];
  readonly resolvedAt: string;
  readonly firing: readonly CapturedRequest[];
  readonly resolved: readonly CapturedRequest[];
}

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'integrations');

/** Reads `test/fixtures/integrations/<dir>/<name>.json`. */
export function loadFixture(dir: string, name: string): Fixture {
  return JSON.parse(readFileSync(join(FIXTURES, dir, `${name}.json`), 'utf8')) as Fixture;
}

/** The fixture's receiver loaded through Tocsin's config loader, URLs pointing at `base`. */
export function fixtureReceiver(fixture: Fixture, base: string, extraYaml = ''): ReceiverConfig {
  const yaml = `${extraYaml}route:\n  receiver: rcv\nreceivers:\n  - name: rcv${fixture.receiverYaml.replaceAll('BASE', base)}\n`;
  const config = parseConfig(yaml, { filename: 'fixture.yml' });
  return config.receivers?.[0] as ReceiverConfig;
}

/** The fixture's alerts as the dispatcher hands them over: firing (endsAt unset) or resolved. */
export function fixtureAlerts(fixture: Fixture, resolved: boolean): Alert[] {
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

/** A context for the fixture's group, one minute after it resolved. */
export function fixtureContext(fixture: Fixture, signal = new AbortController().signal): NotificationContext {
  const now = Date.parse(fixture.resolvedAt) + 60_000;
  return {
    flush: flushContext({ groupKey: fixture.groupKey, receiver: fixture.receiver, groupLabels: { alertname: 'A1' }, now }),
    reason: 'first notification',
    receiverData: new ReceiverDataStore(),
    signal,
  };
}

/** Deps with Alertmanager's default templates and a fixed User-Agent. */
export function realDeps(externalURL = 'http://am.example:9093'): OpsDeps & { http: HttpClientCache } {
  return { http: new HttpClientCache(), templates: alertmanagerTemplates(loadTemplates([])), externalURL, userAgent: 'Tocsin/test' };
}

/** A fixture request with Alertmanager's User-Agent swapped for ours and the port filled in. */
export function expectedRequest(req: CapturedRequest, base: string): CapturedRequest {
  const port = base.replace('http://127.0.0.1:', '');
  return {
    ...req,
    headers: { ...req.headers, 'user-agent': 'Tocsin/test' },
    body: req.body.replaceAll('127.0.0.1:PORT', `127.0.0.1:${port}`),
  };
}
