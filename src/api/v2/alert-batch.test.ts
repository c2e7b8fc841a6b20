import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ingestAlerts } from '../../alerts/ingest.ts';
import type { IngestOptions } from '../../alerts/ingest.ts';
import { decodeAlertBatch, encodeAlertBatch } from './alert-batch.ts';
import { decodePostableAlerts } from './decode-alerts.ts';

const body = new TextEncoder().encode(
  JSON.stringify([
    { labels: { alertname: 'A', instance: 'x' }, annotations: { summary: 'é' }, startsAt: '2026-01-01T00:00:00Z' },
    { labels: { '0bad': 'y' } },
    { labels: { alertname: 'B', empty: '' }, endsAt: '2026-01-01T00:10:00.5Z', generatorURL: 'http://prom/graph' },
  ]),
);

test('a journaled batch decodes to exactly the alerts ingest made of it when it arrived', () => {
  const options: IngestOptions = { now: Date.UTC(2026, 0, 1, 0, 5), resolveTimeoutMs: 120_000, labelNameMode: 'classic' };
  const posted = decodePostableAlerts(body);
  assert.ok(Array.isArray(posted));
  const live = ingestAlerts(posted, options);
  assert.equal(live.valid.length, 2);
  assert.equal(live.errors.length, 1);
  const replayed = decodeAlertBatch(Buffer.concat(encodeAlertBatch(body, options).parts));
  assert.deepEqual(replayed, live.valid);
  // The arrival time and resolve_timeout come from the batch, not from the time of the replay.
  assert.equal(replayed[0]?.endsAt, options.now + 120_000);
  assert.equal(replayed[0]?.updatedAt, options.now);
});

test('a payload that is not a batch throws', () => {
  const notAlerts = encodeAlertBatch(new TextEncoder().encode('{"not":"alerts"}'), { now: 0, resolveTimeoutMs: 0, labelNameMode: 'fallback' });
  assert.throws(() => decodeAlertBatch(Buffer.concat(notAlerts.parts)), /does not decode/u);
});
