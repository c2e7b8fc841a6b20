import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findProgram, freePort, skipUnless } from '../../../test/support/programs.ts';
import { TEST_CONFIG, createTestApi } from './fixtures.ts';
import type { TestApi } from './fixtures.ts';

// Identical requests go to Alertmanager 0.25 (Debian's binary) and to our handlers; status,
// content type and the normalised body must agree. Where 0.34 (our target) differs from 0.25,
// the case names the difference and states what we answer instead.

const BINARY = 'prometheus-alertmanager';
const skip = skipUnless(BINARY, 'prometheus-alertmanager');

interface Case {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'OPTIONS';
  /** `{sid}` is replaced by the last silence id the target returned. */
  readonly path: string;
  /** `{now+Nm}` / `{now-Nm}` become RFC 3339 times relative to the target's clock. */
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A known 0.25-vs-0.34 difference: only our answer is checked, against this. */
  readonly ours?: { readonly status: number; readonly body?: string };
  /** Compare only status and JSON shape (keys), not values. */
  readonly shapeOnly?: boolean;
}

const json = { 'content-type': 'application/json' };
const alerts = (body: string, name: string): Case => ({ name, method: 'POST', path: '/api/v2/alerts', body, headers: json });
const silence = (body: string, name: string): Case => ({ name, method: 'POST', path: '/api/v2/silences', body, headers: json });
const sil = (matchers: string, extra = ''): string =>
  `{"matchers":${matchers},"startsAt":"{now-60m}","endsAt":"{now+60m}","createdBy":"a","comment":"c"${extra}}`;

const CASES: readonly Case[] = [
  alerts('', 'empty body'),
  alerts('   ', 'whitespace body'),
  alerts('{', 'truncated JSON'),
  alerts('{}', 'object instead of array'),
  alerts('"x"', 'string instead of array'),
  alerts('5', 'number instead of array'),
  alerts('null', 'null batch'),
  alerts('[]', 'empty batch'),
  alerts('[{}]', 'missing labels'),
  alerts('[{"labels":null}]', 'null labels'),
  alerts('[{"labels":{}}]', 'empty labels'),
  alerts('[1]', 'number element'),
  alerts('["x"]', 'string element'),
  alerts('[[]]', 'array element'),
  alerts('[{"labels":{"a":1}}]', 'number label value'),
  alerts('[{"labels":{"a":true}}]', 'bool label value'),
  alerts('[{"labels":{"a":{}}}]', 'object label value'),
  alerts('[{"labels":"x"}]', 'string labels'),
  alerts('[{"labels":[]}]', 'array labels'),
  alerts('[{"labels":{"a":"b"},"startsAt":"nope"}]', 'unparsable startsAt'),
  alerts('[{"labels":{"a":"b"},"startsAt":5}]', 'number startsAt'),
  alerts('[{"labels":{"a":"b"},"endsAt":{}}]', 'object endsAt'),
  alerts('[{"labels":{"a":"b"},"startsAt":"2024-13-01 00:00:00"}]', 'month out of range'),
  alerts('[{"labels":{"a":"b"},"startsAt":"2024-01-02 03:04:05x"}]', 'extra text after time'),
  alerts('[{"labels":{"a":"b"},"startsAt":"2024-01-02T03:04:05+0200"}]', 'offset without colon'),
  alerts('[{"labels":{"a":"b"},"generatorURL":5}]', 'number generatorURL'),
  alerts('[{"labels":{"a":"b"},"generatorURL":"::not a url"}]', 'bad generatorURL'),
  alerts('[{"labels":{"a":"b"},"annotations":{"x":2}}]', 'number annotation'),
  alerts('[{"labels":{"a":"b"},"annotations":[]}]', 'array annotations'),
  alerts('[{"labels":{"0bad":"b"}}]', 'invalid label name'),
  alerts('[{"labels":{"a":""}}]', 'only empty label values'),
  alerts('[{"labels":{"a":"b"},"startsAt":"2030-01-01T00:00:00Z","endsAt":"2020-01-01T00:00:00Z"}]', 'start after end'),
  {
    ...alerts('[{"labels":{"x":"1"},"startsAt":"2030-01-01T00:00:00Z","endsAt":"2020-01-01T00:00:00Z"},{"labels":{"0bad":"b"}},{"labels":{"ok":"1"}}]', 'partly bad batch'),
    ours: { status: 400, body: '"start time must be before end time\\ninvalid label set: invalid name \\"0bad\\""\n' },
  },
  alerts('[{"labels":{"a":"b"}} x', 'garbage after element'),
  alerts('[{"labels":{"a":"b",}}]', 'trailing comma in object'),
  alerts('{"a" 1}', 'missing colon'),
  alerts('[tru]', 'bad literal'),
  alerts('[1.]', 'bad fraction'),
  alerts('[-]', 'bad minus'),
  alerts('[1e+]', 'bad exponent'),
  alerts('["\u0001"]', 'control character in string'),
  alerts('["\\q"]', 'bad escape'),
  alerts('["\\u12x4"]', 'bad unicode escape'),
  alerts('[{"labels":{"alertname":"html","v":"<a&b>"}}] trailing', 'garbage after the value is ignored'),
  alerts('[{"Labels":{"alertname":"case"}}]', 'field names match ignoring case'),
  alerts('[{"labels":{"alertname":"dup"},"labels":{"extra":"1"}}]', 'repeated labels field merges'),
  alerts('[{"labels":{"alertname":"bytes","v":"\xff\xfe ok"}}]', 'invalid UTF-8 in a value'),
  alerts('[{"labels":{"alertname":"bytes","\xffname":"v"}}]', 'invalid UTF-8 in a name'),
  alerts('[{"labels":{"alertname":"esc","v":"\\ud800 \\ud83d\\ude00"}}]', 'surrogate escapes'),
  { name: 'invalid UTF-8 came back replaced', method: 'GET', path: '/api/v2/alerts?filter=alertname%3D~%22bytes%7Cesc%22' },
  alerts('[{"labels":{"alertname":"x","severity":"warning"},"annotations":{"summary":"s"},"generatorURL":"http://prom/graph?g0.expr=up"}]', 'valid warning alert'),
  alerts('[{"labels":{"alertname":"x","severity":"critical","team":"a"}}]', 'valid critical alert (inhibits the warning)'),
  alerts('[{"labels":{"alertname":"y","team":"b","job":"j"},"status":"firing","endsAt":"0001-01-01T00:00:00Z"}]', 'Flux-style alert'),
  { ...alerts('[{"labels":{"alertname":"z","instance":"i1"}}]', 'trailing slash'), path: '/api/v2/alerts/' },
  alerts('[{"labels":{"alertname":"old"},"startsAt":"{now-60m}","endsAt":"{now-30m}"}]', 'already resolved alert'),
  { name: 'text/plain body', method: 'POST', path: '/api/v2/alerts', body: '[]', headers: { 'content-type': 'text/plain' } },
  { name: 'no content type', method: 'POST', path: '/api/v2/alerts', body: '[]', headers: { 'content-type': '' } },
  { name: 'json with charset', method: 'POST', path: '/api/v2/alerts', body: '[]', headers: { 'content-type': 'application/json; charset=utf-8' } },
  { name: 'PUT is not allowed', method: 'PUT', path: '/api/v2/alerts', shapeOnly: true },
  { name: 'unknown path', method: 'GET', path: '/api/v2/nope' },

  { name: 'list alerts', method: 'GET', path: '/api/v2/alerts' },
  { name: 'list alerts, trailing slash', method: 'GET', path: '/api/v2/alerts/' },
  { name: 'filter by name', method: 'GET', path: '/api/v2/alerts?filter=alertname%3D%22x%22' },
  { name: 'two filters', method: 'GET', path: '/api/v2/alerts?filter=alertname%3Dx&filter=severity%3Dwarning' },
  { name: 'regex filter', method: 'GET', path: '/api/v2/alerts?filter=severity%3D~%22crit.*%22' },
  { name: 'negative filter', method: 'GET', path: '/api/v2/alerts?filter=team!%3Da' },
  { name: 'bad filter', method: 'GET', path: '/api/v2/alerts?filter=foo' },
  { name: 'bad receiver regex', method: 'GET', path: '/api/v2/alerts?receiver=%28' },
  { name: 'receiver regex', method: 'GET', path: '/api/v2/alerts?receiver=team-.*' },
  { name: 'active=false', method: 'GET', path: '/api/v2/alerts?active=false' },
  { name: 'inhibited=false', method: 'GET', path: '/api/v2/alerts?inhibited=false' },
  { name: 'unprocessed=false is ignored', method: 'GET', path: '/api/v2/alerts?unprocessed=false' },
  { name: 'odd boolean is false', method: 'GET', path: '/api/v2/alerts?active=maybe' },
  // Go's url.ParseQuery and go-swagger's binding: the last value of a parameter that is not an
  // array counts, an empty one is absent, and a pair with ";" or a bad escape is dropped.
  { name: 'empty receiver is no filter', method: 'GET', path: '/api/v2/alerts?receiver=' },
  { name: 'last receiver counts', method: 'GET', path: '/api/v2/alerts?receiver=team-a&receiver=team-b' },
  { name: 'last receiver empty', method: 'GET', path: '/api/v2/alerts?receiver=team-a&receiver=' },
  { name: 'last active counts', method: 'GET', path: '/api/v2/alerts?active=false&active=true' },
  { name: 'filter pair with a semicolon is dropped', method: 'GET', path: '/api/v2/alerts?filter=team%3Da;x=y' },
  { name: 'filter pair with a bad escape is dropped', method: 'GET', path: '/api/v2/alerts?filter=team%3Da%zz' },
  { name: 'groups, empty receiver', method: 'GET', path: '/api/v2/alerts/groups?receiver=' },
  // go-openapi's negotiation: an Accept without JSON is 406 where there is no body, a Content-Type
  // Go cannot parse 400.
  { name: 'Accept without JSON', method: 'GET', path: '/api/v2/alerts', headers: { accept: 'text/html' } },
  { name: 'Accept with JSON at q=0', method: 'GET', path: '/api/v2/status', headers: { accept: 'application/json;q=0, application/xml' }, shapeOnly: true },
  { name: 'Accept of a browser', method: 'GET', path: '/api/v2/alerts', headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } },
  { name: 'Accept without JSON on a delete', method: 'DELETE', path: '/api/v2/silence/00000000-0000-0000-0000-000000000000', headers: { accept: 'text/html' } },
  { name: 'Accept without JSON on ingest', method: 'POST', path: '/api/v2/alerts', body: '[]', headers: { 'content-type': 'application/json', accept: 'application/xml' } },
  { name: 'Accept without JSON on an empty post', method: 'POST', path: '/api/v2/silences', headers: { 'content-type': 'application/json', accept: 'application/xml' } },
  { name: 'Content-Type Go cannot parse', method: 'POST', path: '/api/v2/alerts', body: '[]', headers: { 'content-type': 'application/json; charset' } },
  // 0.34's go-openapi (v0.33) finds no acceptable type in an empty Accept; 0.25's served JSON.
  { name: 'empty Accept (0.34)', method: 'GET', path: '/api/v2/alerts', headers: { accept: '' }, ours: { status: 406, body: '{"code":406,"message":"unsupported media type requested, only [application/json] are available"}' } },
  { name: 'groups', method: 'GET', path: '/api/v2/alerts/groups' },
  { name: 'groups by receiver', method: 'GET', path: '/api/v2/alerts/groups?receiver=team-a' },
  { name: 'groups, filter', method: 'GET', path: '/api/v2/alerts/groups?filter=team%3D~%22a%7Cb%22' },
  { name: 'groups, bad filter', method: 'GET', path: '/api/v2/alerts/groups?filter=%7Ba%3Db%7D' },

  silence('', 'empty silence body'),
  silence('{', 'truncated silence'),
  silence('[]', 'array silence'),
  silence('{}', 'empty silence object'),
  silence('null', 'null silence'),
  silence(sil('[]'), 'no matchers'),
  silence(sil('[{"name":"a","value":"b"}]'), 'matcher without isRegex'),
  silence(sil('[{"name":"a","isRegex":false}]'), 'matcher without value'),
  silence(sil('[{"name":"a","value":"b","isRegex":"x"}]'), 'string isRegex'),
  silence(sil('[{"name":"a","value":5,"isRegex":false}]'), 'number matcher value'),
  silence(sil('[5]'), 'number matcher'),
  silence(sil('{}'), 'object matchers'),
  // The store's validation messages follow 0.34 ("invalid silence: … in set 0: …"); 0.25 said "silence invalid: …".
  { ...silence(sil('[{"name":"a","value":"(","isRegex":true}]'), 'bad regex (0.34 wording)'), ours: { status: 400 } },
  { ...silence(sil('[{"name":"a","value":"","isRegex":false}]'), 'matches the empty string (0.34 wording)'), ours: { status: 400 } },
  { ...silence(sil('[{"name":"0a","value":"b","isRegex":false}]'), 'invalid matcher name (0.34 wording)'), ours: { status: 400 } },
  silence('{"matchers":[{"name":"a","value":"b","isRegex":false}],"startsAt":"{now+60m}","endsAt":"{now-60m}","createdBy":"a","comment":"c"}', 'start after end'),
  silence('{"matchers":[{"name":"a","value":"b","isRegex":false}],"startsAt":"{now-120m}","endsAt":"{now-60m}","createdBy":"a","comment":"c"}', 'ends in the past'),
  silence('{"matchers":[{"name":"a","value":"b","isRegex":false}],"endsAt":"{now+60m}","createdBy":"a","comment":"c"}', 'missing startsAt'),
  silence('{"matchers":[{"name":"a","value":"b","isRegex":false}],"startsAt":"x","endsAt":"{now+60m}","createdBy":"a","comment":"c"}', 'bad startsAt'),
  silence(sil('[{"name":"a","value":"b","isRegex":false}]', ',"id":"nope"'), 'unknown id'),
  silence(sil('[{"name":"severity","value":"warning","isRegex":false}]'), 'silence the warning'),
  { name: 'silenced alert shows at once', method: 'GET', path: '/api/v2/alerts?filter=severity%3Dwarning' },
  { name: 'silenced=false', method: 'GET', path: '/api/v2/alerts?silenced=false' },
  { name: 'get the silence', method: 'GET', path: '/api/v2/silence/{sid}' },
  silence(sil('[{"name":"severity","value":"warning","isRegex":false}]', ',"id":"{sid}","comment":"updated"'), 'update in place'),
  silence(sil('[{"name":"alertname","value":"x|y","isRegex":true,"isEqual":false}]'), 'negative regex silence'),
  silence('{"matchers":[{"name":"job","value":"j","isRegex":false}],"startsAt":"{now+60m}","endsAt":"{now+120m}","createdBy":"a","comment":"c"}', 'pending silence'),
  { name: 'list silences', method: 'GET', path: '/api/v2/silences' },
  { name: 'filter silences', method: 'GET', path: '/api/v2/silences?filter=severity%3Dwarning' },
  { name: 'filter silences by regex matcher', method: 'GET', path: '/api/v2/silences?filter=alertname!~x%7Cy' },
  { name: 'bad silence filter', method: 'GET', path: '/api/v2/silences?filter=foo' },
  { name: 'silence id not a uuid', method: 'GET', path: '/api/v2/silence/notauuid' },
  { name: 'unknown silence', method: 'GET', path: '/api/v2/silence/6a6e3a51-9e8f-4b8c-a1a8-000000000000' },
  { name: 'expire it', method: 'DELETE', path: '/api/v2/silence/{sid}' },
  { name: 'expire it again', method: 'DELETE', path: '/api/v2/silence/{sid}' },
  { name: 'expired silence is listed', method: 'GET', path: '/api/v2/silences' },
  { name: 'delete with a bad id', method: 'DELETE', path: '/api/v2/silence/xx' },
  {
    name: 'delete an unknown silence (0.25: 500 "silence not found"; 0.26+: 404)',
    method: 'DELETE',
    path: '/api/v2/silence/6a6e3a51-9e8f-4b8c-a1a8-000000000000',
    ours: { status: 404, body: '' },
  },
  { name: 'POST to a silence is not allowed', method: 'POST', path: '/api/v2/silence/{sid}', shapeOnly: true },
  { name: 'receivers', method: 'GET', path: '/api/v2/receivers' },
  { name: 'status', method: 'GET', path: '/api/v2/status', shapeOnly: true },
  { name: 'status, trailing slash', method: 'GET', path: '/api/v2/status/', shapeOnly: true },
  {
    name: 'API v1 (0.25 still served it; 0.27+ answers 410)',
    method: 'GET',
    path: '/api/v1/alerts',
    ours: { status: 410 },
  },
  {
    name: 'swagger.json (served since 0.27)',
    method: 'GET',
    path: '/api/v2/swagger.json',
    ours: { status: 200 },
  },
];

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

interface Target {
  readonly now: () => number;
  send(method: string, path: string, body: Buffer | undefined, headers: Readonly<Record<string, string>>): Promise<Answer>;
}

function expand(text: string, now: number, sid: string): string {
  return text
    .replaceAll('{sid}', sid)
    .replace(/\{now([+-])(\d+)m\}/g, (_m, sign: string, minutes: string) => new Date(now + (sign === '+' ? 1 : -1) * Number(minutes) * 60_000).toISOString());
}

const TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

// Fields added after 0.25 (mutedBy 0.28, routeLabels 0.34, receiver labels 0.33) are dropped from ours.
function dropNewFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNewFields);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'mutedBy' || k === 'routeLabels') continue;
    out[k] = dropNewFields(v);
  }
  return out;
}

function normalise(answer: Answer, path: string): string {
  let body = answer.body.replace(TIME, '<time>').replace(UUID, '<uuid>');
  if (answer.contentType.startsWith('application/json') && body.trim().startsWith('[') || body.trim().startsWith('{')) {
    try {
      let parsed = dropNewFields(JSON.parse(body));
      if (path.startsWith('/api/v2/receivers') && Array.isArray(parsed)) parsed = parsed.map((r: { name: string }) => ({ name: r.name }));
      body = JSON.stringify(parsed);
    } catch {
      // Not JSON: compared as text.
    }
  }
  return body;
}

function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value === null || typeof value !== 'object') return typeof value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, k === 'peers' ? 'peers' : shape((value as Record<string, unknown>)[k])]));
}

function httpTarget(port: number): Target {
  return {
    now: () => Date.now(),
    async send(method, path, body, headers) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, body, headers });
      return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
    },
  };
}

function injectTarget(api: TestApi): Target {
  return {
    now: () => api.clock.now(),
    async send(method, path, body, headers) {
      const res = await api.app.inject({ method: method as 'GET', url: path, payload: body, headers: { ...headers } });
      // Time passes between requests, as it does for the real server.
      await api.clock.advance(10);
      return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: res.body };
    },
  };
}

async function waitReady(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${BINARY} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/-/ready`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${BINARY} did not become ready`);
}

describe('API v2 compared with Alertmanager 0.25', { skip }, () => {
  let child: ChildProcess | undefined;
  let dir = '';
  let upstream: Target;
  let api: TestApi;
  let ours: Target;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tocsin-am-compare-'));
    await writeFile(join(dir, 'alertmanager.yml'), TEST_CONFIG);
    const port = await freePort();
    child = spawn(findProgram(BINARY) as string, [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      '--cluster.listen-address=',
      `--web.listen-address=127.0.0.1:${port}`,
    ], { stdio: 'ignore' });
    await waitReady(port, child);
    upstream = httpTarget(port);
    // 0.25 validates label names and parses filters the classic way.
    api = await createTestApi({ matcherMode: 'classic', now: Date.now() });
    ours = injectTarget(api);
  });

  after(async () => {
    // Alertmanager writes its snapshots as it exits: the directory goes once it has.
    const exited = child === undefined || child.exitCode !== null || child.signalCode !== null ? undefined : once(child, 'exit');
    child?.kill();
    await exited;
    await api?.close();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  test('answers every request of the table as Alertmanager does', async () => {
    let sidUp = '';
    let sidOurs = '';
    const mismatches: string[] = [];
    for (const c of CASES) {
      // Bodies are bytes: `\xff` in a case is the single byte 0xff.
      const bytes = (text: string | undefined, now: number, sid: string): Buffer | undefined =>
        text === undefined ? undefined : Buffer.from(expand(text, now, sid), 'latin1');
      const up = await upstream.send(c.method, expand(c.path, upstream.now(), sidUp), bytes(c.body, upstream.now(), sidUp), c.headers ?? {});
      const mine = await ours.send(c.method, expand(c.path, ours.now(), sidOurs), bytes(c.body, ours.now(), sidOurs), c.headers ?? {});
      const idOf = (a: Answer): string | undefined => (a.status === 200 && a.body.includes('silenceID') ? (JSON.parse(a.body) as { silenceID: string }).silenceID : undefined);
      sidUp = idOf(up) ?? sidUp;
      sidOurs = idOf(mine) ?? sidOurs;
      if (c.ours !== undefined) {
        if (mine.status !== c.ours.status || (c.ours.body !== undefined && mine.body !== c.ours.body)) {
          mismatches.push(`${c.name}: expected ${c.ours.status} ${JSON.stringify(c.ours.body)}, got ${mine.status} ${JSON.stringify(mine.body)}`);
        }
        continue;
      }
      const upType = up.contentType.split(';')[0] ?? '';
      const myType = mine.contentType.split(';')[0] ?? '';
      let same = up.status === mine.status && upType === myType;
      if (same && c.shapeOnly) {
        const parse = (s: string): unknown => (s.startsWith('{') || s.startsWith('[') ? JSON.parse(s) : s);
        same = JSON.stringify(shape(dropNewFields(parse(up.body)))) === JSON.stringify(shape(dropNewFields(parse(mine.body))));
      } else if (same) {
        same = normalise(up, c.path) === normalise(mine, c.path);
      }
      if (!same) {
        mismatches.push(`${c.name}:\n  0.25: ${up.status} ${upType} ${normalise(up, c.path)}\n  ours: ${mine.status} ${myType} ${normalise(mine, c.path)}`);
      }
    }
    assert.deepEqual(mismatches, []);
  });
});
