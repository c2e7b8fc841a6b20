import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkHttpStatus } from './http-status.ts';

test('2xx is success', () => {
  for (const s of [200, 201, 202, 204, 299]) assert.equal(checkHttpStatus(s, 'ignored'), undefined);
});

test('retryable and reason per status, as Retrier.Check and GetFailureReasonFromStatusCode', () => {
  const cases: [number, boolean, string][] = [
    [500, true, 'serverError'],
    [502, true, 'serverError'],
    [599, true, 'serverError'],
    [400, false, 'clientError'],
    [404, false, 'clientError'],
    [401, false, 'authError'],
    [403, false, 'authError'],
    [429, false, 'rateLimited'],
    [302, false, 'other'],
    [100, false, 'other'],
  ];
  for (const [status, retryable, reason] of cases) {
    const e = checkHttpStatus(status, '');
    assert.ok(e, `${status}`);
    assert.equal(e.retryable, retryable, `${status}`);
    assert.equal(e.reason, reason, `${status}`);
    assert.equal(e.statusCode, status);
    assert.equal(e.message, `unexpected status code ${status}`);
  }
});

test('extra retry codes per integration, custom details, bounded message', () => {
  assert.equal(checkHttpStatus(429, '', { retryCodes: [429] })?.retryable, true);
  assert.equal(checkHttpStatus(403, '', { retryCodes: [429] })?.retryable, false);
  const custom = checkHttpStatus(400, '{"errors":["bad key"]}', { details: (s, b) => `${s} said ${JSON.parse(b).errors[0]}` });
  assert.equal(custom?.message, 'unexpected status code 400: 400 said bad key');
  const long = checkHttpStatus(500, 'x'.repeat(5000));
  assert.ok((long?.message.length ?? 0) < 1100);
});
