import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotifyError, toNotifyError } from './notify-error.ts';

test('a NotifyError captures no stack frames, and other errors keep theirs', () => {
  const thrown = new Error('connect ECONNREFUSED');
  const error = toNotifyError(thrown);
  assert.ok(error instanceof NotifyError);
  assert.equal(error.cause, thrown);
  assert.doesNotMatch(error.stack ?? '', /\n\s+at /);
  assert.match(new Error('after').stack ?? '', /\n\s+at /, 'the stack trace limit is put back');
});
