import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret } from '../../config/secret.ts';
import type { ReceiverConfig, WebhookConfig } from '../../config/types.ts';
import { HttpClientCache } from '../../http-client/http-client-cache.ts';
import { ReceiverDataStore } from '../nflog/receiver-data.ts';
import { LARGE_INPUT_ALERTS } from '../templates.ts';
import type { NotificationTemplates, TemplateInput } from '../templates.ts';
import { alert, flushContext, literalTemplates } from '../test-fixtures.ts';
import { createIntegrations } from './create-integrations.ts';
import { templateInput } from './text-renderer.ts';

const webhook = (url: string, sendResolved = true): WebhookConfig => ({
  send_resolved: sendResolved, url: new Secret(url), url_file: '', max_alerts: 0, timeout: 0,
});
const deps = { http: new HttpClientCache(), templates: literalTemplates, externalURL: 'http://am' };

test('one integration per webhook config, indexed within its list', () => {
  const receiver: ReceiverConfig = { name: 'team', webhook_configs: [webhook('http://a'), webhook('http://b', false)] };
  const got = createIntegrations(receiver, deps).map(({ name, index, receiver: r, sendResolved }) => ({ name, index, r, sendResolved }));
  assert.deepEqual(got, [
    { name: 'webhook', index: 0, r: 'team', sendResolved: true },
    { name: 'webhook', index: 1, r: 'team', sendResolved: false },
  ]);
});

test('a receiver without integrations is a blackhole', () => {
  assert.deepEqual(createIntegrations({ name: 'null' }, deps), []);
});

test('integrations are built in Alertmanager\'s order and named as in its metrics', () => {
  const receiver = {
    name: 'team',
    webhook_configs: [webhook('http://a')],
    discord_configs: [{ send_resolved: true, webhook_url_file: '/dev/null', title: '', message: '' }],
    msteams_configs: [{ send_resolved: false, webhook_url_file: '/dev/null', title: '', summary: '', text: '' }],
  } as unknown as ReceiverConfig;
  const got = createIntegrations(receiver, deps).map(({ name, index, sendResolved }) => ({ name, index, sendResolved }));
  assert.deepEqual(got, [
    { name: 'webhook', index: 0, sendResolved: true },
    { name: 'discord', index: 0, sendResolved: true },
    { name: 'msteams', index: 0, sendResolved: false },
  ]);
});

test('integrations that render over all alerts prepare the template input their attempts then use', () => {
  const prepared: TemplateInput[] = [];
  const templates: NotificationTemplates = { ...literalTemplates, prepare: (input) => void prepared.push(input) };
  const receiver = {
    name: 'team',
    webhook_configs: [webhook('http://a')],
    msteams_configs: [{ send_resolved: false, webhook_url_file: '/dev/null', title: '', summary: '', text: '' }],
  } as unknown as ReceiverConfig;
  const [hook, teams] = createIntegrations(receiver, { ...deps, templates });
  assert.equal(hook?.prepare, undefined, 'the webhook body is the data itself');
  const ctx = { flush: flushContext(), reason: 'first notification', receiverData: new ReceiverDataStore(), signal: new AbortController().signal } as const;
  const alerts = Array.from({ length: LARGE_INPUT_ALERTS + 1 }, (_, i) => alert({ alertname: 'A1', i: String(i) }));
  assert.equal(teams?.prepare?.(ctx, alerts), undefined);
  assert.equal(prepared.length, 1);
  // The same object the notifier's own call makes, so the prepared data is found.
  assert.equal(prepared[0], templateInput(ctx, 'http://am', alerts));
  assert.notEqual(prepared[0], templateInput(ctx, 'http://am', [...alerts]));
  // A small input is not kept: there is nothing prepared for it.
  const few = alerts.slice(0, LARGE_INPUT_ALERTS);
  assert.notEqual(templateInput(ctx, 'http://am', few), templateInput(ctx, 'http://am', few));
});
