import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSwaggerDateTime } from './go-time.ts';

const at = (iso: string): number => Date.parse(iso);

test('UTC date-times with and without fractions keep whole milliseconds, dropping the rest', () => {
  const cases: Array<[string, number]> = [
    ['2024-01-02T03:04:05Z', at('2024-01-02T03:04:05.000Z')],
    ['2024-01-02T03:04:05.5Z', at('2024-01-02T03:04:05.500Z')],
    ['2024-01-02T03:04:05.12Z', at('2024-01-02T03:04:05.120Z')],
    ['2024-01-02T03:04:05.123Z', at('2024-01-02T03:04:05.123Z')],
    ['2024-01-02T03:04:05.123999999Z', at('2024-01-02T03:04:05.123Z')],
    ['2024-01-02T03:04:05.999999999999999999Z', at('2024-01-02T03:04:05.999Z')],
    ['2024-02-29T23:59:59.001Z', at('2024-02-29T23:59:59.001Z')],
    ['0001-01-01T00:00:00Z', -62135596800000],
  ];
  for (const [text, expected] of cases) assert.equal(parseSwaggerDateTime(text), expected, text);
});

test('offsets, spaces and minute precision take the general layouts', () => {
  assert.equal(parseSwaggerDateTime('2024-01-02T03:04:05.25+02:00'), at('2024-01-02T01:04:05.250Z'));
  assert.equal(parseSwaggerDateTime('2024-01-02T03:04:05.999999999999999999-00:30'), at('2024-01-02T03:34:05.999Z'));
  assert.equal(parseSwaggerDateTime('2024-01-02 03:04:05.5'), at('2024-01-02T03:04:05.500Z'));
  assert.equal(parseSwaggerDateTime('2024-01-02T03:04Z'), at('2024-01-02T03:04:00.000Z'));
});

// Values and messages printed by Go's time.Parse over strfmt's layouts for the same inputs.
test('the general layouts read hours of one digit, comma fractions and signed fractions as Go does', () => {
  assert.equal(parseSwaggerDateTime('2026-11-22T0:00:00Z'), 1795305600000);
  assert.equal(parseSwaggerDateTime('2026-11-22 7:05:00'), 1795331100000);
  assert.equal(parseSwaggerDateTime('2026-11-22T10:00:00,5Z'), 1795341600500);
  assert.equal(parseSwaggerDateTime('2026-11-22T10:00:00.+24-0130'), 1795347000024);
  const errors: Array<[string, string]> = [
    ['202.6-11-22T10:00:00', 'parsing time "202.6-11-22T10:00:00" as "2006-01-02 15:04:05": cannot parse "6-11-22T10:00:00" as "2006"'],
    ['2026-11-22T1\t0:00Z', 'parsing time "2026-11-22T1\\x090:00Z" as "2006-01-02 15:04:05": cannot parse "T1\\x090:00Z" as " "'],
    ['\u00e9026-11-22T10:00:00', 'parsing time "\\xc3\\xa9026-11-22T10:00:00" as "2006-01-02 15:04:05": cannot parse "\\xc3\\xa9026-11-22T10:00:00" as "2006"'],
  ];
  for (const [text, error] of errors) assert.deepEqual(parseSwaggerDateTime(text), { error }, text);
});

test('impossible or malformed UTC date-times are errors worded as Go words them', () => {
  for (const text of ['2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T00:60:00Z', '2024-01-01T00:00:60Z']) {
    assert.ok(typeof parseSwaggerDateTime(text) === 'object', text);
  }
  assert.deepEqual(parseSwaggerDateTime('2024-01-01T00:00:00.Z'), {
    error: 'parsing time "2024-01-01T00:00:00.Z" as "2006-01-02 15:04:05": cannot parse "T00:00:00.Z" as " "',
  });
  assert.deepEqual(parseSwaggerDateTime('2024-01-0aT00:00:00Z'), {
    error: 'parsing time "2024-01-0aT00:00:00Z" as "2006-01-02 15:04:05": cannot parse "0aT00:00:00Z" as "02"',
  });
});
