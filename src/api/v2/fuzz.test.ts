import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isValidLabelName } from '../../labels/parse.ts';
import { validateSilence } from '../../silences/validate.ts';
import { createTestApi } from './fixtures.ts';
import type { TestApi } from './fixtures.ts';
import { prng } from '../../common/prng.ts';

// Seeded, so a failure can be replayed.
const rnd = prng(20261121);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
const int = (n: number): number => Math.floor(rnd() * n);

const JUNK_VALUES = ['1', 'true', 'null', '[]', '{}', '"x"', '""', '-0.5e3', '"\\ud800"', '"0001-01-01T00:00:00Z"', '"2030-13-45T99:99:99Z"', '{"a":[1,{}]}'];
const NAMES = ['__proto__', 'alertname', 'a', '0bad', '', 'Σ', '__name__', 'with space', 'x'.repeat(300), '\u0000', 'le"quote'];
const FIELDS = ['labels', 'annotations', 'startsAt', 'endsAt', 'generatorURL', 'status', 'Labels', 'LABELS'];

function junkObject(): string {
  const members: string[] = [];
  for (let i = int(5); i > 0; i--) {
    const value = rnd() < 0.5 ? pick(JUNK_VALUES) : `{${JSON.stringify(pick(NAMES))}:${pick(JUNK_VALUES)}}`;
    members.push(`${JSON.stringify(pick(FIELDS))}:${value}`);
  }
  return `{${members.join(',')}}`;
}

function hugeLabels(): string {
  const labels: Record<string, string> = {};
  for (let i = 0; i < 500 + int(1500); i++) labels[`l${i}`] = 'v'.repeat(int(50));
  if (rnd() < 0.5) labels['0bad'] = 'x';
  return JSON.stringify([{ labels }]);
}

function mutate(valid: string): Buffer {
  const bytes = Buffer.from(valid);
  const out = [...bytes];
  for (let i = 1 + int(4); i > 0; i--) {
    const at = int(out.length + 1);
    switch (int(4)) {
      case 0:
        out.splice(at, 1);
        break;
      case 1:
        out.splice(at, 0, int(256));
        break;
      case 2:
        out[at] = pick([0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0xff, 0xc3, 0x00]);
        break;
      default:
        out.length = Math.min(out.length, at);
    }
  }
  return Buffer.from(out);
}

function alertBody(): Buffer {
  const valid = JSON.stringify([
    { labels: { alertname: 'Fuzz', job: String(int(10)) }, annotations: { s: 'x' }, startsAt: '2026-01-01T11:00:00Z', generatorURL: 'http://p/g' },
  ]);
  switch (int(5)) {
    case 0:
      return mutate(valid);
    case 1:
      return Buffer.from(`[${Array.from({ length: 1 + int(4) }, junkObject).join(',')}]`);
    case 2:
      return Buffer.from(pick(JUNK_VALUES));
    case 3:
      return Buffer.from(hugeLabels());
    default:
      return Buffer.concat([Buffer.from('[{"labels":{"alertname":"'), Buffer.from([0xff, 0xfe, int(256), int(256)]), Buffer.from('"}}]')]);
  }
}

const REGEX_BITS = ['(', ')', '[', ']', '*', '+', '?', '{2,1}', '\\', '\\8', '(?P<n>', '|', 'a', '.*', '\\pZ', '(?i)', '[[:alpha:]]', '\\z'];

function silenceBody(): Buffer {
  const value = Array.from({ length: 1 + int(5) }, () => pick(REGEX_BITS)).join('');
  const silence = {
    matchers: [{ name: pick(NAMES), value, isRegex: rnd() < 0.8, isEqual: rnd() < 0.8 }],
    startsAt: '2026-01-01T11:00:00Z',
    endsAt: pick(['2026-01-01T13:00:00Z', '2026-01-01T11:30:00Z', 'later', '']),
    createdBy: 'fuzz',
    comment: 'fuzz',
  };
  const text = JSON.stringify(silence);
  return rnd() < 0.3 ? mutate(text) : Buffer.from(text);
}

describe('fuzzing the write endpoints with malformed bodies', () => {
  let t: TestApi;
  before(async () => {
    t = await createTestApi();
  });
  after(async () => t.close());

  const send = async (url: string, payload: Buffer): Promise<void> => {
    const res = await t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });
    const input = payload.toString('latin1').slice(0, 200);
    assert.ok(res.statusCode < 500, `${res.statusCode} ${res.body} for ${input}`);
    if (res.statusCode >= 400) {
      assert.ok(res.statusCode < 500 && res.body.length > 2, `empty ${res.statusCode} answer for ${input}`);
      const parsed = JSON.parse(res.body) as unknown;
      assert.ok(typeof parsed === 'string' || (typeof parsed === 'object' && parsed !== null && 'message' in parsed), res.body);
    }
  };

  test('3000 alert bodies: every one answered below 500 with a message, only valid alerts stored', async () => {
    for (let i = 0; i < 3000; i++) await send('/api/v2/alerts', alertBody());
    for (const alert of t.alerts.values()) {
      const names = Object.keys(alert.labels);
      assert.ok(names.length > 0);
      for (const name of names) {
        assert.ok(isValidLabelName(name, 'fallback'), name);
        assert.notEqual(alert.labels[name], '');
      }
      assert.ok(alert.startsAt <= alert.endsAt);
    }
  });

  test('1000 silence bodies with bad regexes and types: below 500, only valid silences stored', async () => {
    for (let i = 0; i < 1000; i++) await send('/api/v2/silences', silenceBody());
    for (const silence of t.silences.query()) assert.equal(validateSilence(silence, 'fallback'), undefined, JSON.stringify(silence));
    const list = await t.app.inject({ method: 'GET', url: '/api/v2/silences' });
    assert.equal(list.statusCode, 200);
  });
});
