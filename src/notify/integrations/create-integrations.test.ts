import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret } from '../../config/secret.ts';
import type { ReceiverConfig, WebhookConfig } from '../../config/types.ts';
import { HttpClientCache } from '../../http-client/http-client-cache.ts';
import { literalTemplates } from '../test-fixtures.ts';
import { createIntegrations } from './create-integrations.ts';

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

test('integration types not implemented yet are refused by name', () => {
  const receiver = { name: 'team', sns_configs: [{}] } as unknown as ReceiverConfig;
  assert.throws(() => createIntegrations(receiver, deps), /receiver "team": sns_configs are not supported yet/);
});
